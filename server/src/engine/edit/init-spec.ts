/**
 * `cursus-lint init`: a runnable pipeline spec written from a DAG (and a Cursus 2.9 pipeline configuration), as
 * YAML with comments. One script spec per node: input paths keyed by the contract's logical names and wired to the
 * upstream output paths its bindings name (so data flows without renaming), outputs under the test workspace, env
 * vars and job args from the interface and the configuration. Steps without a script are written `run: false`:
 * their outputs are data the user provides. Works for both dialects (for Python contracts, DESIGN section 5's
 * matching wires the inputs: the tutorial's Step 7).
 */
import { wireDag, type NodeStep } from '../dag/wiring.js';
import { findPathMatches } from '../matching/path-matcher.js';
import { configString, type PipelineConfigModel } from '../model/pipeline-config.js';
import type { DagModel } from '../model/types.js';
import type { ProjectView } from '../project.js';
import { argKey, DEFAULT_WORKSPACE_ROOT } from '../rules/helpers.js';
import { plainOrQuoted } from '../syntax/quote.js';

export interface InitOptions {
  /** The DAG file, as the spec's header names it. */
  dagPath: string;
  /** The pipeline configuration (project-relative), written as `pipeline_config` so `check` uses it. */
  configPath?: string;
  config?: PipelineConfigModel;
  workspaceRoot?: string;
  /** Semantic threshold for the path matching of Python-contract steps. */
  threshold: number;
}

export interface InitNode {
  node: string;
  /** Script name written, for nodes that run. */
  script?: string;
  run: boolean;
  /** Input and output paths written for this node. */
  inputs: number;
  outputs: number;
  /** What the user still has to fill in or provide for this node. */
  todo: string[];
}

export interface InitResult {
  text: string;
  nodes: InitNode[];
}

interface Draft {
  node: string;
  step: NodeStep;
  comment: string[];
  scriptName: string;
  run: boolean;
  inputs: { key: string; path: string; note?: string }[];
  omitted: string[];
  outputs: { key: string; path: string }[];
  env: { key: string; value: string; note?: string }[];
  jobArgs: { key: string; value: string; note?: string }[];
  todo: string[];
}

export function writePipelineSpec(dag: DagModel, project: ProjectView, opts: InitOptions): InitResult {
  const ws = opts.workspaceRoot ?? DEFAULT_WORKSPACE_ROOT;
  const wiring = wireDag(dag, project);
  const nodes = [...new Set(dag.nodes.map((n) => n.name))];
  const outPath = (node: string, key: string) => `${ws}/${node}/output/${key}`;
  const drafts = new Map<string, Draft>();
  const exists = (p: string) => project.index.exists?.call(project.index, p) ?? false;
  for (const node of nodes) drafts.set(node, draftNode(node, wiring.steps.get(node)!, opts, outPath, exists));

  // Inputs: from the resolver's bindings (step interfaces) or the path matcher (Python contracts).
  for (const node of nodes) {
    const d = drafts.get(node)!;
    if (!d.run) continue;
    const contract = d.step.contract;
    if (!contract) continue;
    const fed = new Map<string, { from: string; output: string; how: string }>();
    const consumer = wiring.consumers.get(node);
    if (d.step.strategy === 'step-interface' && consumer) {
      for (const b of consumer.bindings) fed.set(b.dep, { from: b.provider, output: b.output, how: `bound by the resolver, score ${b.parts.score.toFixed(3)}` });
    } else {
      for (const e of dag.edges) {
        if (e.dst.name !== node) continue;
        const up = drafts.get(e.src.name);
        const upContract = up?.step.contract;
        if (!up || !upContract) continue;
        const outs = upContract.outputs.map((o) => ({ key: o.name, logicalName: o.name, aliases: [] }));
        const ins = contract.inputs.map((i) => ({ key: i.name, logicalName: i.name, aliases: [] }));
        for (const m of findPathMatches(outs, ins, opts.threshold)) {
          if (!fed.has(m.dest)) fed.set(m.dest, { from: e.src.name, output: m.source, how: `${m.type.replace(/_/g, ' ')} match, ${m.confidence.toFixed(3)}` });
        }
      }
    }
    const skipped = new Set(contract.skipInputs ?? []);
    const overridden = new Set(contract.inputSourceOverrides ?? []);
    for (const input of contract.inputs) {
      const f = fed.get(input.name);
      if (f) {
        d.inputs.push({ key: input.name, path: outPath(f.from, f.output), note: `from ${f.from}.${f.output} (${f.how})` });
      } else if (skipped.has(input.name)) {
        d.omitted.push(`${input.name}: in skip_inputs (the script loads it itself)`);
      } else if (input.required === false) {
        d.omitted.push(`${input.name}: optional and fed by no upstream step; add a path to give it data`);
      } else {
        const path = `${ws}/${node}/input/${input.name}`;
        const why = overridden.has(input.name) ? 'fed from the configuration in Cursus' : 'fed by no upstream step';
        d.inputs.push({ key: input.name, path, note: `${why}: put the data here` });
        if (!exists(path)) d.todo.push(`provide data at ${path}`);
      }
    }
  }

  const lines: string[] = [];
  lines.push(`# Runnable pipeline spec written by \`cursus-lint init\` from ${opts.dagPath}${opts.configPath ? ` and ${opts.configPath}` : ''}.`);
  lines.push('# Check it with `cursus-lint check`, run it with `cursus-lint run`. Steps marked `run: false` have no local');
  lines.push('# script: they are never run, and their output paths are data you provide.');
  if (opts.configPath) lines.push(`pipeline_config: ${plainOrQuoted(opts.configPath)}`);
  lines.push(`test_workspace_root: ${plainOrQuoted(ws)}`);
  lines.push('dag:');
  lines.push(nodes.length ? '  nodes:' : '  nodes: []');
  for (const n of nodes) lines.push(`    - ${plainOrQuoted(n)}`);
  const edges = dag.edges.filter((e) => nodes.includes(e.src.name) && nodes.includes(e.dst.name));
  lines.push(edges.length ? '  edges:' : '  edges: []');
  for (const e of edges) lines.push(`    - [${plainOrQuoted(e.src.name)}, ${plainOrQuoted(e.dst.name)}]`);
  lines.push(nodes.length ? 'script_specs:' : 'script_specs: {}');
  for (const node of nodes) {
    const d = drafts.get(node)!;
    lines.push(`  ${plainOrQuoted(node)}:`);
    for (const c of d.comment) lines.push(`    # ${c}`);
    lines.push(`    script_name: ${plainOrQuoted(d.scriptName)}`);
    lines.push(`    step_name: ${plainOrQuoted(node)}`);
    if (!d.run) lines.push('    run: false');
    if (d.run) {
      lines.push(d.inputs.length ? '    input_paths:' : '    input_paths: {}');
      for (const i of d.inputs) lines.push(`      ${plainOrQuoted(i.key)}: ${plainOrQuoted(i.path)}${i.note ? `  # ${i.note}` : ''}`);
      for (const o of d.omitted) lines.push(`      # ${o}`);
    }
    lines.push(d.outputs.length ? '    output_paths:' : '    output_paths: {}');
    for (const o of d.outputs) lines.push(`      ${plainOrQuoted(o.key)}: ${plainOrQuoted(o.path)}`);
    if (!d.run) continue;
    lines.push(d.env.length ? '    environ_vars:' : '    environ_vars: {}');
    for (const e of d.env) lines.push(`      ${plainOrQuoted(e.key)}: ${JSON.stringify(e.value)}${e.note ? `  # ${e.note}` : ''}`);
    lines.push(d.jobArgs.length ? '    job_args:' : '    job_args: {}');
    for (const a of d.jobArgs) lines.push(`      ${plainOrQuoted(a.key)}: ${JSON.stringify(a.value)}${a.note ? `  # ${a.note}` : ''}`);
  }
  return {
    text: lines.join('\n') + '\n',
    nodes: nodes.map((n) => {
      const d = drafts.get(n)!;
      return { node: n, script: d.run ? d.scriptName : undefined, run: d.run, inputs: d.inputs.length, outputs: d.outputs.length, todo: d.todo };
    }),
  };
}

function draftNode(node: string, step: NodeStep, opts: InitOptions, outPath: (node: string, key: string) => string, exists: (p: string) => boolean): Draft {
  const contract = step.contract;
  const config = opts.config?.byName.get(node);
  const d: Draft = { node, step, comment: [], scriptName: step.script?.name ?? step.scriptName ?? node, run: !step.scriptless, inputs: [], omitted: [], outputs: [], env: [], jobArgs: [], todo: [] };
  if (step.strategy === 'step-interface' && contract) {
    d.comment.push(`${step.how}.`);
    if (step.scriptless) d.comment.push(`${contract.stepType ?? node} has no local script${contract.entryPoint ? ' (delegated to the SAIS SDK)' : ' (no entry_point)'}: never run; put the data of its outputs at the paths below.`);
  } else if (contract) {
    d.comment.push(`${step.how}; contract ${contract.name} in ${contract.file}.`);
  } else {
    d.comment.push(`${step.how}; no contract or step interface found: fill in its paths by hand.`);
  }
  if (!step.scriptless && !step.script) {
    d.comment.push(`No script '${d.scriptName}.py' was found in the project: add it before running.`);
    d.todo.push(`add the script ${d.scriptName}.py`);
  }
  if (opts.config && !config) {
    d.comment.push(`No configuration named '${node}' in ${opts.configPath}: env vars and job args are the interface's defaults.`);
  }
  if (!contract) return d;
  for (const o of contract.outputs) d.outputs.push({ key: o.name, path: outPath(node, o.name) });
  if (step.scriptless) {
    for (const o of d.outputs) if (!exists(o.path)) d.todo.push(`provide the data of ${node}.${o.key} at ${o.path}`);
    return d;
  }
  const field = (name: string) => (config ? configString(config, name.toLowerCase()) : undefined);
  for (const e of contract.requiredEnv) {
    const v = field(e.name);
    if (v !== undefined) d.env.push({ key: e.name, value: v, note: `required; from the configuration's ${e.name.toLowerCase()}` });
    else {
      d.env.push({ key: e.name, value: '', note: 'required: fill in' });
      d.todo.push(`fill in env var ${e.name}`);
    }
  }
  for (const e of contract.optionalEnv) {
    const v = field(e.name);
    const def = e.value === undefined || e.value === null ? '' : String(e.value);
    d.env.push(v !== undefined ? { key: e.name, value: v, note: `from the configuration's ${e.name.toLowerCase()} (default ${JSON.stringify(def)})` } : { key: e.name, value: def, note: 'optional; the interface default' });
  }
  const seen = new Set<string>();
  for (const a of contract.jobArguments ?? []) {
    const key = argKey(a.flag.replace(/^-+/, ''));
    if (seen.has(key)) continue;
    seen.add(key);
    const source = a.source || key;
    const v = field(source);
    if (v !== undefined) d.jobArgs.push({ key, value: v, note: `${a.flag} from the configuration's ${source}` });
    else if (key === 'job_type') {
      const jt = step.step?.jobType ?? 'training';
      d.jobArgs.push({ key, value: jt, note: step.step?.jobType ? `${a.flag}: the node name's job type` : `${a.flag}: Cursus's default when the configuration has none` });
    } else {
      d.jobArgs.push({ key, value: '', note: `${a.flag} (source: ${source}): fill in` });
      d.todo.push(`fill in job arg ${key}`);
    }
  }
  for (const a of contract.args) {
    const key = argKey(a.name);
    if (seen.has(key)) continue;
    seen.add(key);
    d.jobArgs.push({ key, value: a.value === undefined || a.value === null ? '' : String(a.value), note: 'the contract\'s argument' });
  }
  return d;
}

