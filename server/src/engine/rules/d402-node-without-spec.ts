/** D402: a DAG node of a pipeline spec has no script spec. */
import { pipelineOf } from '../model/build.js';
import { scriptNameForNode } from '../dag/node-script.js';
import { dagIndex, idOf } from '../dag/graph.js';
import { addSpecEntry, draftSpec } from '../edit/scaffold.js';
import { renameFixes, suggest, type Suggestion } from '../suggest.js';
import { isMap } from '../syntax/ast.js';
import { requote } from '../syntax/quote.js';
import type { NameRef, PipelineModel } from '../model/types.js';
import type { Rule } from './rule.js';

export const nodeWithoutSpec: Rule = {
  meta: {
    code: 'D402',
    name: 'node-without-spec',
    severity: 'error',
    fixable: true,
    reads: ['dag', 'specs'],
    scope: 'shape',
    docs: {
      summary: 'A node in `dag.nodes` has no entry in `script_specs`; reported on the spec key when one misspells the node.',
      why: 'Cursus needs a script spec for every node it runs; the pipeline flow test fails on the first node without one.',
      bad: 'dag:\n  nodes: [preprocessing, training]\n  edges: [[preprocessing, training]]\nscript_specs:\n  preprocessing: {script_name: tabular_preprocessing, step_name: preprocessing}\n',
      good: 'dag:\n  nodes: [preprocessing, training]\n  edges: [[preprocessing, training]]\nscript_specs:\n  preprocessing: {script_name: tabular_preprocessing, step_name: preprocessing}\n  training: {script_name: xgboost_training, step_name: training}\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    if (!pipeline?.dag || !pipeline.specsEntry) return;
    // Per node (its place in the DAG's index): 1 when a spec has its name.
    const index = dagIndex(pipeline.dag);
    const specified = new Uint8Array(index.names.length);
    for (const s of pipeline.specs) {
      const id = idOf(index, s.node.name);
      if (id >= 0) specified[id] = 1;
    }
    const holder = pipeline.specsEntry.value;
    // A spec under a misspelling of the node's name (`XGBoostTrainning:`) is this node's spec: the one finding goes
    // on that key, with the rename (D403 stays quiet for it), and is still an error, as the node has no spec.
    const misspelt = misspeltSpecKeys(pipeline);
    for (const [node, spec] of misspelt) {
      const original = ctx.file.text.slice(spec.span.start, spec.span.end);
      ctx.report({
        span: spec.span,
        message: `Node '${node}' has no script spec: this spec's key '${spec.name}' misspells it, so the spec is never used. Rename the key to '${node}'.`,
        fixes: renameFixes(spec.span, [spec.suggestion], (n) => requote(original, n)),
      });
    }
    for (const node of pipeline.dag.nodes) {
      if (specified[idOf(index, node.name)] || misspelt.has(node.name)) continue;
      const script = scriptNameForNode(node.name);
      const edit = isMap(holder) ? addSpecEntry(ctx.file.text, ctx.file.language, holder, node.name, draftSpec(node.name, script, ctx.project.contractFor(script), ctx.workspaceRoot)) : undefined;
      ctx.report({
        span: node.span,
        message: `Node '${node.name}' has no script spec. Add '${node.name}:' under script_specs with its script_name and paths.`,
        fixes: edit ? [{ title: `Add a script spec for '${node.name}' (script ${script}${ctx.project.contractFor(script) ? ', from its contract' : ''})`, safe: false, edits: [edit] }] : [],
      });
    }
  },
};

/**
 * Spec keys that are no node of the DAG but whose best did-you-mean is a node left without a spec: node name ->
 * the key. D402 reports these on the key and D403 leaves them alone, so one typo is one finding.
 */
export function misspeltSpecKeys(pipeline: PipelineModel): Map<string, NameRef & { suggestion: Suggestion }> {
  let out = misspelt.get(pipeline);
  if (out) return out;
  out = new Map<string, NameRef & { suggestion: Suggestion }>();
  misspelt.set(pipeline, out);
  const dag = pipeline.dag;
  if (!dag) return out;
  const index = dagIndex(dag);
  let unclaimed: string[] | undefined;
  for (const { node } of pipeline.specs) {
    if (idOf(index, node.name) >= 0) continue;
    unclaimed ??= unclaimedNodes(pipeline);
    const best = suggest(node.name, unclaimed, 1)[0];
    if (best && !out.has(best.name)) out.set(best.name, { name: node.name, span: node.span, suggestion: best });
  }
  return out;
}

const misspelt = new WeakMap<PipelineModel, Map<string, NameRef & { suggestion: Suggestion }>>();

/** The DAG's nodes that have no script spec (did-you-mean's candidates for a spec key that is no node). */
export function unclaimedNodes(pipeline: PipelineModel): string[] {
  const specified = new Set(pipeline.specs.map((s) => s.node.name));
  return pipeline.dag ? dagIndex(pipeline.dag).names.filter((n) => !specified.has(n)) : [];
}
