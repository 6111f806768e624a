/** D402: a DAG node of a pipeline spec has no script spec. */
import { pipelineOf } from '../model/build.js';
import { scriptNameForNode } from '../dag/node-script.js';
import { addSpecEntry, draftSpec } from '../edit/scaffold.js';
import { isMap } from '../syntax/ast.js';
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
    const holder = pipeline.specsEntry.value;
    for (const node of pipeline.dag.nodes) {
      if (specified.has(node.name)) continue;
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
