/** M506: a dependency that two upstream outputs satisfy with the very same score; Cursus keeps the first by order. */
import { dagOf } from '../model/build.js';
import { wireDag } from '../dag/wiring.js';
import { fmt } from '../matching/resolver.js';
import type { Rule } from './rule.js';

export const bindingTie: Rule = {
  meta: {
    code: 'M506',
    name: 'binding-tie',
    severity: 'warning',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: 'A dependency for which two upstream outputs have the same compatibility score, so only the order of edges and outputs decides.',
      why:
        "Cursus's compiler sorts candidates stably and binds the first: reordering the DAG's edges silently changes which data a step reads. The message names both candidates and which one wins.",
      bad: 'edges:\n  - [TabularPreprocessing_training, XGBoostTraining]\n  - [TabularPreprocessing_validation, XGBoostTraining]\n',
      good: 'edges:\n  - [TabularPreprocessing_training, XGBoostTraining]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag || !ctx.project.hasInterfaces) return;
    const wiring = wireDag(dag, ctx.project);
    for (const [name, consumer] of wiring.consumers) {
      for (const b of consumer.bindings) {
        if (b.tiedWith.length === 0) continue;
        const edge = dag.edges.find((e) => e.index === b.edgeIndex);
        const others = b.tiedWith.map((t) => `${t.provider}.${t.output}`).join(', ');
        ctx.report({
          span: edge?.span ?? wiring.declared.get(name)!.span,
          message: `'${name}.${b.dep}' ties at ${fmt(b.parts.score)} between ${b.provider}.${b.output} and ${others}; Cursus binds ${b.provider}.${b.output} only because its edge or output comes first. Remove the edge that should not feed it, or make the names tell them apart.`,
        });
      }
    }
  },
};
