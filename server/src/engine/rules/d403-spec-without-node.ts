/** D403: a script spec for a node that the DAG does not declare. */
import { pipelineOf } from '../model/build.js';
import { dagIndex, idOf } from '../dag/graph.js';
import { misspeltSpecKeys, unclaimedNodes } from './d402-node-without-spec.js';
import { didYouMean, renameFixes, suggest } from '../suggest.js';
import { requote } from '../syntax/quote.js';
import type { Rule } from './rule.js';

export const specWithoutNode: Rule = {
  meta: {
    code: 'D403',
    name: 'spec-without-node',
    severity: 'warning',
    fixable: true,
    reads: ['dag', 'specs'],
    scope: 'shape',
    docs: {
      summary: 'A `script_specs` entry whose name is not a node of the DAG (one misspelling a node left without a spec is D402).',
      why: 'Cursus looks specs up by node name; a spec under another name is never used, usually because of a typo.',
      bad: 'dag:\n  nodes: [training]\n  edges: []\nscript_specs:\n  trainig: {script_name: xgboost_training, step_name: training}\n',
      good: 'dag:\n  nodes: [training]\n  edges: []\nscript_specs:\n  training: {script_name: xgboost_training, step_name: training}\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    const dag = pipeline?.dag;
    if (!pipeline || !dag?.nodesEntry) return;
    const index = dagIndex(dag);
    // Made only when a spec key is no node (a big pipeline's spec keys usually all are).
    let unclaimed: string[] | undefined;
    let misspelt: Set<number> | undefined;
    for (const { node } of pipeline.specs) {
      if (idOf(index, node.name) >= 0) continue;
      misspelt ??= new Set([...misspeltSpecKeys(pipeline).values()].map((k) => k.span.start));
      if (misspelt.has(node.span.start)) continue;
      unclaimed ??= unclaimedNodes(pipeline);
      const suggestions = suggest(node.name, unclaimed);
      const original = ctx.file.text.slice(node.span.start, node.span.end);
      ctx.report({
        span: node.span,
        message: `Script spec '${node.name}' is not a node of the DAG, so it is never used.${didYouMean(suggestions)}${suggestions.length ? '' : ' Add it to dag.nodes or remove the spec.'}`,
        fixes: renameFixes(node.span, suggestions, (n) => requote(original, n)),
      });
    }
  },
};
