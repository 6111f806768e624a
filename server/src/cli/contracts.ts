/** `cursus-lint contracts [root] [--json] [--execute]`: the discovered contract index, as DESIGN section 7 shapes it. */
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { viewOf, type ContractInfo } from '../engine/index.js';
import { loadUnresolvedContracts } from '../runner/contract-exec.js';
import { checkPython, choosePython } from '../runner/python.js';
import { toPosix } from '../workspace/discover.js';
import type { ProjectIndexer } from '../workspace/project-index.js';
import type { CliIO } from './check.js';
import { UsageError } from './errors.js';
import { Projects, isDirectory } from './project.js';

export async function runContracts(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      execute: { type: 'boolean', default: false },
      python: { type: 'string' },
      config: { type: 'string', short: 'c' },
    },
  });
  if (positionals.length > 1) throw new UsageError('contracts takes one folder: cursus-lint contracts [root] [--json] [--execute]');
  const folder = resolve(io.cwd, positionals[0] ?? '.');
  if (!isDirectory(folder)) throw new UsageError(`No such folder: ${positionals[0]}`);
  const projects = new Projects(io.cwd, values.config);
  const config = projects.forPath(folder);
  const indexer = projects.indexerFor(config);
  let failed = false;
  if (values.execute) failed = await execute(indexer, values.python, config.python, config.timeout, io);
  const index = indexer.index();
  const view = viewOf(index);
  const inFolder = (c: ContractInfo) => !relative(folder, resolve(config.root, c.file)).startsWith('..');
  const display = (projectRel: string) => toPosix(relative(io.cwd, resolve(config.root, projectRel)) || '.');
  const records = index.contracts.filter(inFolder).map((c) => {
    const scriptName = c.entryPoint?.value.replace(/^.*\//, '').replace(/\.py$/, '');
    const script = scriptName ? view.scriptNamed(scriptName) : undefined;
    return {
      file: display(c.file),
      line: c.line,
      name: c.name,
      entry_point: c.entryPoint?.value ?? null,
      script: script ? display(script.path) : null,
      inputs: Object.fromEntries(c.inputs.map((e) => [e.name, e.value ?? null])),
      outputs: Object.fromEntries(c.outputs.map((e) => [e.name, e.value ?? null])),
      required_env_vars: c.requiredEnv.map((e) => e.name),
      optional_env_vars: Object.fromEntries(c.optionalEnv.map((e) => [e.name, e.value ?? null])),
      expected_arguments: Object.fromEntries(c.args.map((e) => [e.name, e.value ?? null])),
      unresolved: [...new Set(c.unresolved.map((u) => u.field))],
      unresolved_details: c.unresolved.map((u) => ({ field: u.field, reason: u.reason })),
      source: c.source,
    };
  });
  if (values.json) {
    io.stdout(JSON.stringify(records, null, 2) + '\n');
  } else {
    for (const r of records) {
      io.stdout(`${r.file}:${r.line}  ${r.name}  -> ${r.entry_point ?? '(no entry_point)'}  ${r.script ? `(${r.script})` : '(script not found)'}${r.source === 'executed' ? '  [executed]' : ''}\n`);
      io.stdout(`    inputs:  ${Object.keys(r.inputs).join(', ') || '-'}\n    outputs: ${Object.keys(r.outputs).join(', ') || '-'}\n`);
      io.stdout(`    env:     ${[...r.required_env_vars, ...Object.keys(r.optional_env_vars).map((k) => `${k}?`)].join(', ') || '-'}\n    args:    ${Object.keys(r.expected_arguments).join(', ') || '-'}\n`);
      for (const u of r.unresolved_details) io.stdout(`    unresolved ${u.field}: ${u.reason}\n`);
    }
    io.stdout(`${records.length} contract${records.length === 1 ? '' : 's'}${records.some((r) => r.unresolved.length) && !values.execute ? "; some values are unresolved: run with --execute to load them with Python" : ''}\n`);
  }
  return failed ? 1 : 0;
}

/** Loads every contract file that has unresolved values by executing it; reports each failure on stderr. */
async function execute(indexer: ProjectIndexer, explicit: string | undefined, setting: string | undefined, timeoutS: number, io: CliIO): Promise<boolean> {
  const root = indexer.config.root;
  const python = choosePython({ explicit, setting, root });
  const problem = await checkPython(python, root);
  if (problem) throw new UsageError(problem);
  const { result } = await loadUnresolvedContracts(indexer, python, timeoutS * 1000);
  for (const e of result.errors) io.stderr(`${toPosix(relative(io.cwd, e.file))}${e.line ? `:${e.line}` : ''}: error: loading the contract failed: ${e.message}\n`);
  return result.errors.length > 0;
}
