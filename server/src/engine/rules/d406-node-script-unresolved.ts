/** D406: a node of a DAG file whose script cannot be found by Cursus's naming rule. */
import { scriptNameForNode } from '../dag/node-script.js';
import { didYouMean, suggest } from '../suggest.js';
import type { Rule } from './rule.js';

export const nodeScriptUnresolved: Rule = {
  meta: {
    code: 'D406',
    name: 'node-script-unresolved',
    severity: 'warning',
    fixable: false,
    docs: {
      summary: 'A node of a DAG file for which no script is found (job-type suffix stripped, PascalCase to snake_case).',
      why: "Cursus's spec builder resolves each node to a script this way; an unresolved node gets no script spec. DAG files only; not reported when the project has no scripts at all.",
      bad: '# scripts: tabular_preprocessing.py\ndag:\n  nodes: [TabularPreprocess_training]\n  edges: []\n',
      good: 'dag:\n  nodes: [TabularPreprocessing_training]\n  edges: []\n',
    },
  },
  check(ctx) {
    const model = ctx.file.model;
    if (model.kind !== 'dag-file' || !model.dag || !ctx.project.hasScripts) return;
    const seen = new Set<string>();
    for (const node of model.dag.nodes) {
      if (seen.has(node.name)) continue;
      seen.add(node.name);
      const script = scriptNameForNode(node.name);
      if (ctx.project.scriptNamed(script)) continue;
      const suggestions = suggest(script, ctx.project.scriptNames());
      ctx.report({
        span: node.span,
        message: `No script '${script}.py' for node '${node.name}' (Cursus derives the script name from the node name).${didYouMean(suggestions)} Add the script or rename the node.`,
      });
    }
  },
};
