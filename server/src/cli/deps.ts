/**
 * `cursus-lint deps [SPEC|DAG] [--python PATH] [--json]`: the pip requirements of a pipeline's scripts (or of
 * every script of the project), merged from their imports and their contracts' `framework_requirements`.
 */
import { parseArgs } from 'node:util';
import { validRange } from '@renovatebot/pep440';
import { dagOf, scriptSpecsOf } from '../engine/model/build.js';
import { wireDag, type NodeStep } from '../engine/dag/wiring.js';
import { resolveSpec } from '../engine/resolve.js';
import { asSpecifier, normalizeDistribution, scriptDependencies, viewOf, type ContractInfo, type PythonFacts, type ScriptFile } from '../engine/index.js';
import type { CliIO } from './check.js';
import { UsageError } from './errors.js';
import { Projects, readSpecArg } from './project.js';

interface Requirement {
  name: string;
  specifiers: string[];
  /** Why: `script (import sklearn)`, `script (contract)`. */
  from: string[];
  optional: boolean;
}

export async function runDeps(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { python: { type: 'string' }, config: { type: 'string', short: 'c' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 1) throw new UsageError('Usage: cursus-lint deps [SPEC|DAG] [--python PATH] [--json]');
  const projects = new Projects(io.cwd, values.config, 'if-present');
  const arg = positionals[0];
  const config = arg ? readSpecArg(projects, io.cwd, arg).config : projects.forPath(io.cwd);
  const index = projects.indexerFor(config).index();
  const view = viewOf(index);
  const scripts: { node: string; file: ScriptFile; contract?: ContractInfo }[] = [];
  const unresolved: string[] = [];
  /** Steps with no local script by design (null entry point, delegated to the SAIS SDK): nothing to install. */
  const scriptless: string[] = [];
  if (arg) {
    const { file } = readSpecArg(projects, io.cwd, arg);
    if (!file) throw new UsageError(`${arg} is not a script spec, pipeline spec or DAG file.`);
    if (file.kind === 'dag-file') {
      // Node names resolve as the checks resolve them: Cursus 2.9's registry and entry points, else the script name.
      const dag = dagOf(file.model);
      const steps = dag ? wireDag(dag, view).steps : new Map<string, NodeStep>();
      for (const n of dag?.nodes ?? []) {
        const step = steps.get(n.name);
        if (step?.script) scripts.push({ node: n.name, file: step.script, contract: step.contract ?? view.contractFor(step.script.name) });
        else if (step?.scriptless) scriptless.push(n.name);
        else unresolved.push(n.name);
      }
    } else {
      for (const { node, spec } of scriptSpecsOf(file.model)) {
        const r = resolveSpec(spec, view);
        const name = node?.name ?? spec.scriptName?.name ?? '?';
        if (r.script) scripts.push({ node: name, file: r.script, contract: r.contract });
        else unresolved.push(name);
      }
    }
  } else {
    for (const s of index.scripts) scripts.push({ node: s.name, file: s, contract: view.contractFor(s.name) });
  }
  // With no script to read there is nothing to tell apart, and no interpreter is needed.
  const facts = scripts.length ? await projects.loadPython(config, values.python, () => undefined) : undefined;
  if (!facts && scripts.length) throw new UsageError(`cursus-lint deps needs a Python interpreter to tell the standard library from distributions, and none could be asked. Set --python, the python setting or CURSUS_PYTHON.`);

  const reqs = facts ? collect(scripts, index, facts) : [];
  if (values.json) {
    io.stdout(`${JSON.stringify({ python: facts ? { command: facts.command, version: facts.version } : null, requirements: reqs.map((r) => ({ name: r.name, specifier: r.specifiers.join(','), optional: r.optional, from: r.from, installed: facts?.distributions.get(normalizeDistribution(r.name))?.version ?? null })), unresolved, scriptless }, null, 2)}\n`);
    return 0;
  }
  const lines = [`# Requirements of ${arg ?? 'every script of the project'} (${scripts.length} script(s)): imports and contract framework_requirements.`, `# Written by cursus-lint deps; standard library and project modules left out${facts ? ` (Python ${facts.version})` : ''}.`];
  for (const s of scriptless) lines.push(`# ${s}: no local script by design, nothing to install`);
  for (const u of unresolved) lines.push(`# ${u}: no script found, its requirements are not listed`);
  const width = Math.max(0, ...reqs.map((r) => line(r).length));
  for (const r of reqs) lines.push(`${r.optional ? '# ' : ''}${line(r).padEnd(width)}  # ${r.optional ? 'optional: ' : ''}${r.from.join(', ')}`);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function line(r: Requirement): string {
  return `${r.name}${r.specifiers.join(',')}`;
}

function collect(scripts: { node: string; file: ScriptFile; contract?: ContractInfo }[], index: Parameters<typeof scriptDependencies>[2], facts: PythonFacts): Requirement[] {
  const byName = new Map<string, Requirement>();
  const add = (dist: string, specifier: string, from: string, optional: boolean) => {
    const key = normalizeDistribution(dist);
    let r = byName.get(key);
    if (!r) byName.set(key, (r = { name: dist, specifiers: [], from: [], optional }));
    r.optional &&= optional;
    for (const s of specifier.split(',').map((x) => x.trim()).filter(Boolean)) if (!r.specifiers.includes(s)) r.specifiers.push(s);
    if (!r.from.includes(from)) r.from.push(from);
  };
  for (const s of scripts) {
    const info = s.file.read();
    for (const d of info ? scriptDependencies(s.file, info, index, facts) : []) {
      if ((d.kind === 'installed' || d.kind === 'missing') && d.distribution) add(d.distribution, '', `${s.file.name} (import ${d.ref.top})`, d.ref.optional);
    }
    for (const f of s.contract?.frameworkRequirements ?? []) {
      // `python` is the interpreter's own version (X605 checks it), not something pip can install.
      if (normalizeDistribution(f.name) === 'python') continue;
      const spec = asSpecifier(f.value);
      if (spec && !validRange(spec)) add(f.name, '', `${s.file.name} (contract; its specifier '${spec}' is not PEP 440 and is left out)`, false);
      else add(f.name, spec, `${s.file.name} (contract)`, false);
    }
  }
  return [...byName.values()].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}
