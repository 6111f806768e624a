/**
 * What a run will do, decided before anything runs: the nodes in topological order, each node's script and
 * resolved paths, which upstream outputs feed which inputs (logical-name matching), and what is refused.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { leavesRoot, resolveLinks } from '../workspace/links.js';
import { adjacency, topologicalOrder } from '../engine/dag/graph.js';
import { matchEdges } from '../engine/matching/edges.js';
import type { PathMatch } from '../engine/matching/path-matcher.js';
import { dagOf, pipelineOf } from '../engine/model/build.js';
import { resolveSpec } from '../engine/resolve.js';
// Each from its own module, not the engine's index: a run does not load every rule and schema.
import { missingModules } from '../engine/rules/deps-helpers.js';
import { describeInterpreter, normalizeDistribution, pipInstall } from '../engine/python/environment.js';
import { viewOf, type ProjectIndex } from '../engine/project.js';
import type { AnalysedFile } from '../engine/file.js';
import type { ContractInfo } from '../engine/contracts/model.js';
import type { ScriptSpecModel } from '../engine/model/types.js';
import type { Span } from '../engine/span.js';
import { didYouMean, suggest } from '../engine/suggest.js';

export interface Feed {
  from: string;
  output: string;
  input: string;
  match: PathMatch;
}

export interface PlannedNode {
  name: string;
  spec: ScriptSpecModel;
  scriptName: string;
  /** Absolute path of the script, when found. */
  script?: string;
  contract?: ContractInfo;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  environ: Record<string, string>;
  jobArgs: Record<string, unknown>;
  upstream: string[];
  feeds: Feed[];
  /** Why this node cannot run at all (no script, a path outside the project). */
  refused?: string;
  /** `run: false`: a step with no local script; never run, its outputs are data the user provides. */
  provided?: boolean;
  /**
   * How `main` is called: `runtime-testing` (Cursus's 2025 RuntimeTester: keywords, `job_type="testing"` when
   * job_args is empty) or `cursus-2.9` for step interfaces (`cursus validate run-scripts`: positionally, and
   * `job_type` is always set, `"training"` unless given).
   */
  convention: 'runtime-testing' | 'cursus-2.9';
  /** Where findings about this node go in the spec file. */
  anchor: Span;
}

export interface PlannedEdge {
  src: string;
  dst: string;
  matches: PathMatch[];
  span: Span;
}

export interface Plan {
  root: string;
  nodes: PlannedNode[];
  edges: PlannedEdge[];
  /** Problems that stop the whole run (a cycle, an unknown node asked for). */
  errors: string[];
  /** The `--node` or `--edge` asked for names nothing in the file (a usage error, with did-you-mean). */
  selectionError?: string;
}

export type Selection = { kind: 'all' } | { kind: 'node'; node: string } | { kind: 'edge'; src: string; dst: string };

export function buildPlan(file: AnalysedFile, index: ProjectIndex, root: string, threshold: number, selection: Selection = { kind: 'all' }): Plan {
  const project = viewOf(index);
  const errors: string[] = [];
  const workspaceRoot = pipelineOf(file.model)?.workspaceRoot?.name;
  const specs = new Map<string, ScriptSpecModel>();
  const pipeline = pipelineOf(file.model);
  if (file.model.kind === 'script-spec' || file.model.kind === 'enhanced-script-spec') {
    specs.set(file.model.script.stepName?.name ?? file.model.script.scriptName?.name ?? 'script', file.model.script);
  } else {
    for (const s of pipeline?.specs ?? []) if (s.spec) specs.set(s.node.name, s.spec);
  }
  const dag = dagOf(file.model);
  let names = dag ? dag.nodes.map((n) => n.name) : [...specs.keys()];
  const dagEdges = (dag?.edges ?? []).filter((e) => names.includes(e.src.name) && names.includes(e.dst.name));
  const { order, cyclic } = topologicalOrder(adjacency(names, dagEdges.map((e) => ({ src: e.src.name, dst: e.dst.name }))));
  if (cyclic) errors.push('The DAG has a cycle (D401); nothing can run until it is removed.');
  names = order;
  const matched = pipeline ? matchEdges(pipeline, threshold, undefined, project) : [];
  let edges: PlannedEdge[] = matched.map((m) => ({ src: m.edge.src.name, dst: m.edge.dst.name, matches: m.matches, span: m.edge.span }));

  let selectionError: string | undefined;
  if (selection.kind === 'node') {
    if (!specs.has(selection.node)) selectionError = `No node '${selection.node}' with a script spec in this file.${didYouMean(suggest(selection.node, specs.keys())) || ` Nodes: ${[...specs.keys()].join(', ') || 'none'}.`}`;
    names = names.filter((n) => n === selection.node);
    edges = [];
  } else if (selection.kind === 'edge') {
    const e = edges.find((x) => x.src === selection.src && x.dst === selection.dst);
    if (!e) selectionError = noEdge(selection.src, selection.dst, names, edges);
    names = names.filter((n) => n === selection.src || n === selection.dst);
    edges = e ? [e] : [];
  }

  const nodes: PlannedNode[] = [];
  for (const name of names) {
    const spec = specs.get(name);
    if (!spec) {
      errors.push(`Node '${name}' has no script spec (D402).`);
      continue;
    }
    const r = resolveSpec(spec, project, workspaceRoot);
    const abs = (p: string) => (isAbsolute(p) ? p : resolve(root, p));
    const node: PlannedNode = {
      name,
      spec,
      scriptName: spec.scriptName?.name ?? '',
      script: r.script ? resolve(root, r.script.path) : undefined,
      contract: r.contract,
      inputs: Object.fromEntries(spec.inputs.filter((p) => p.path).map((p) => [p.key.name, abs(p.path!.value)])),
      outputs: Object.fromEntries(spec.outputs.filter((p) => p.path).map((p) => [p.key.name, abs(p.path!.value)])),
      environ: Object.fromEntries(spec.env.map((v) => [v.key.name, v.value?.kind === 'scalar' && v.value.value !== null ? String(v.value.value) : ''])),
      jobArgs: Object.fromEntries(spec.jobArgs.map((v) => [v.key.name, v.value?.kind === 'scalar' ? v.value.value : null])),
      upstream: edges.filter((e) => e.dst === name).map((e) => e.src),
      feeds: [],
      anchor: spec.scriptName?.span ?? spec.anchor,
      convention: r.contract?.dialect === 'step-interface' ? 'cursus-2.9' : 'runtime-testing',
    };
    if (spec.provided) node.provided = true;
    else if (!node.script) node.refused = r.missingScriptPath !== undefined ? `script_path '${r.missingScriptPath}' does not exist` : `no script '${node.scriptName}.py' found in the project`;
    const outside = Object.entries(node.outputs).find(([, p]) => relative(root, p).startsWith('..') || isAbsolute(relative(root, p)));
    const linked = Object.entries(node.outputs).find(([, p]) => leavesRoot(p, root));
    if (outside) node.refused = `output '${outside[0]}' (${outside[1]}) is outside the project root; the runner writes only inside ${root}`;
    else if (linked) node.refused = `output '${linked[0]}' (${linked[1]}) leads outside the project root through a symbolic link (to ${resolveLinks(linked[1])}); the runner writes only inside ${root}`;
    if (!node.refused && r.script && index.python) {
      const info = r.script.read();
      const missing = info ? missingModules(r.script, info, index, r.contract, index.python) : [];
      if (missing.length) {
        const names = missing.map((m) => `'${m.dependency.ref.top}'`).join(', ');
        const specs = new Map(missing.filter((m) => m.specifier).map((m) => [normalizeDistribution(m.distribution), m.specifier!]));
        node.refused = `${r.script.path} imports ${names}, which ${describeInterpreter(index.python)} cannot import (X604); install ${missing.length > 1 ? 'them' : 'it'} first: ${pipInstall(missing.map((m) => m.distribution), specs)}`;
      }
    }
    nodes.push(node);
  }
  // Feed each downstream input from the best upstream match: the run hands over the upstream's actual output.
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const e of edges) {
    const src = byName.get(e.src);
    const dst = byName.get(e.dst);
    if (!src || !dst) continue;
    for (const m of e.matches) {
      if (dst.feeds.some((f) => f.input === m.dest)) continue;
      // A dependency the script's contract does not take (specification-only) is not passed to main.
      if (m.type === 'resolver' && !(m.dest in dst.inputs) && !dst.contract?.inputs.some((i) => i.name === m.dest)) continue;
      const out = src.outputs[m.source];
      if (!out) continue;
      dst.feeds.push({ from: e.src, output: m.source, input: m.dest, match: m });
      dst.inputs[m.dest] = out;
    }
  }
  if (selectionError) errors.push(selectionError);
  return { root, nodes, edges, errors, selectionError };
}

function noEdge(src: string, dst: string, names: string[], edges: PlannedEdge[]): string {
  const unknown = [src, dst].filter((n) => !names.includes(n));
  const nodeHints = unknown.map((n) => `No node '${n}'.${didYouMean(suggest(n, names))}`).join(' ');
  const all = edges.map((x) => `${x.src}->${x.dst}`);
  const hint = didYouMean(suggest(`${src}->${dst}`, all)) || (all.length ? ` Edges: ${all.slice(0, 12).join(', ')}${all.length > 12 ? ', ...' : ''}.` : ' This file has no edges.');
  return `No edge ${src} -> ${dst} in this file.${nodeHints ? ` ${nodeHints}` : ''}${hint}`;
}
