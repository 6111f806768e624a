/**
 * `cursus-lint contracts [root] [--json] [--execute]`: the discovered contract index, as DESIGN section 7 shapes it,
 * both dialects: Python contracts and Cursus 2.9 step interfaces (with their dialect, step type and variants).
 */
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
    const scriptName = c.scriptless ? undefined : c.entryPoint?.value.replace(/^.*\//, '').replace(/\.py$/, '');
    const script = scriptName ? view.scriptNamed(scriptName) : undefined;
    const iface = c.dialect === 'step-interface';
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
      dialect: c.dialect,
      step_type: c.stepType ?? null,
      node_type: iface ? (c.nodeType ?? null) : null,
      variants: c.variants ?? [],
      scriptless: c.scriptless ?? false,
      optional_inputs: c.inputs.filter((e) => e.required === false).map((e) => e.name),
      job_arguments: (c.jobArguments ?? []).map((a) => ({ flag: a.flag, source: a.source })),
      framework_requirements: Object.fromEntries((c.frameworkRequirements ?? []).map((e) => [e.name, e.value ?? null])),
      spec: c.specification
        ? {
            dependencies: Object.fromEntries(c.specification.dependencies.map((d) => [d.name, { type: d.type, required: d.required, compatible_sources: d.compatibleSources, semantic_keywords: d.semanticKeywords, data_type: d.dataType }])),
            outputs: Object.fromEntries(c.specification.outputs.map((o) => [o.name, { type: o.type, aliases: o.aliases, semantic_keywords: o.semanticKeywords, data_type: o.dataType, property_path: o.propertyPath ?? null }])),
          }
        : null,
      problems: [] as string[],
    };
  });
  // Interfaces that could not be read at all (not YAML, not a map, too large) are listed with why.
  for (const i of index.interfaces) {
    if (i.contract || relative(folder, resolve(config.root, i.file)).startsWith('..')) continue;
    records.push({ ...unreadable(display(i.file), i.problems.map((p) => `${p.message} (line ${i.lines.position(p.span.start).line + 1})`)), unresolved: [], unresolved_details: [] });
  }
  if (values.json) {
    io.stdout(JSON.stringify(records, null, 2) + '\n');
  } else {
    for (const r of records) {
      if (r.problems.length) {
        io.stdout(`${r.file}  (step interface, not read)\n${r.problems.map((p) => `    ${p}\n`).join('')}`);
        continue;
      }
      const where = r.scriptless ? '(no local script)' : r.script ? `(${r.script})` : '(script not found)';
      const dialect = r.dialect === 'step-interface' ? `  [step interface${r.variants.length ? `; variants: ${r.variants.join(', ')}` : ''}]` : '';
      io.stdout(`${r.file}:${r.line}  ${r.name}  -> ${r.entry_point ?? '(no entry_point)'}  ${where}${r.source === 'executed' ? '  [executed]' : ''}${dialect}\n`);
      io.stdout(`    inputs:  ${Object.keys(r.inputs).join(', ') || '-'}\n    outputs: ${Object.keys(r.outputs).join(', ') || '-'}\n`);
      io.stdout(`    env:     ${[...r.required_env_vars, ...Object.keys(r.optional_env_vars).map((k) => `${k}?`)].join(', ') || '-'}\n    args:    ${Object.keys(r.expected_arguments).join(', ') || '-'}\n`);
      for (const u of r.unresolved_details) io.stdout(`    unresolved ${u.field}: ${u.reason}\n`);
    }
    io.stdout(`${records.length} contract${records.length === 1 ? '' : 's'}${records.some((r) => r.unresolved.length) && !values.execute ? "; some values are unresolved: run with --execute to load them with Python" : ''}\n`);
  }
  return failed ? 1 : 0;
}

function unreadable(file: string, problems: string[]) {
  return {
    file, line: 1, name: file.replace(/^.*\//, '').replace(/\.step\.ya?ml$/i, ''), entry_point: null, script: null, inputs: {}, outputs: {}, required_env_vars: [] as string[],
    optional_env_vars: {}, expected_arguments: {}, source: 'static' as const,
    dialect: 'step-interface' as const, step_type: null, node_type: null, variants: [] as string[], scriptless: false, optional_inputs: [] as string[],
    job_arguments: [] as { flag: string; source: string }[], framework_requirements: {}, spec: null, problems,
  };
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
