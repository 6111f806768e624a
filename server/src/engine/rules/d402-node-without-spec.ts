/** D402: a DAG node of a pipeline spec has no script spec. */
import { pipelineOf } from '../model/build.js';
import type { Rule } from './rule.js';

export const nodeWithoutSpec: Rule = {
  meta: {
    code: 'D402',
    name: 'node-without-spec',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A node in `dag.nodes` has no entry in `script_specs`.',
      why: 'Cursus needs a script spec for every node it runs; the pipeline flow test fails on the first node without one.',
      bad: 'dag:\n  nodes: [preprocessing, training]\n  edges: [[preprocessing, training]]\nscript_specs:\n  preprocessing: {script_name: tabular_preprocessing, step_name: preprocessing}\n',
      good: 'dag:\n  nodes: [preprocessing, training]\n  edges: [[preprocessing, training]]\nscript_specs:\n  preprocessing: {script_name: tabular_preprocessing, step_name: preprocessing}\n  training: {script_name: xgboost_training, step_name: training}\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    if (!pipeline?.dag || !pipeline.specsEntry) return;
    const specified = new Set(pipeline.specs.map((s) => s.node.name));
    for (const node of pipeline.dag.nodes) {
      if (specified.has(node.name)) continue;
      ctx.report({ span: node.span, message: `Node '${node.name}' has no script spec. Add '${node.name}:' under script_specs with its script_name and paths.` });
    }
  },
};
