/** M507: an upstream output that would bind a dependency but for the dependency's `compatible_sources`. */
import { dagOf } from '../model/build.js';
import { wireDag } from '../dag/wiring.js';
import { fmt } from '../matching/resolver.js';
import type { Rule } from './rule.js';

export const providerExcludedBySources: Rule = {
  meta: {
    code: 'M507',
    name: 'provider-excluded-by-sources',
    severity: 'info',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: "A predecessor's output that would bind a required dependency if the dependency's `compatible_sources` listed the predecessor's step type.",
      why:
        "A non-empty `compatible_sources` adds 0.1 to a listed provider and takes 0.1 from any other, so an unlisted step loses 0.2 and may fall to 0.5 or below, or lose to a weaker listed output. Either the DAG wires an unintended step, or the interface should list it.",
      bad: '# MyLoader is not in TabularPreprocessing.DATA compatible_sources\nedges:\n  - [MyLoader, TabularPreprocessing_training]\n',
      good: 'edges:\n  - [CradleDataLoading_training, TabularPreprocessing_training]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag || !ctx.project.hasInterfaces) return;
    const wiring = wireDag(dag, ctx.project);
    for (const [name, consumer] of wiring.consumers) {
      const file = wiring.steps.get(name)?.contract?.file;
      const done = new Set<string>();
      const required = new Set(consumer.unbound.map((d) => d.name));
      for (const d of wiring.steps.get(name)?.contract?.specification?.dependencies ?? []) if (d.required) required.add(d.name);
      for (const c of consumer.scored) {
        // Optional dependencies are left out on purpose by their lists (pretrained artifacts, say); only required ones matter.
        if (c.parts.source >= 0 || done.has(c.dep) || !required.has(c.dep)) continue;
        const listed = c.parts.score - c.parts.source + 0.1;
        const bound = consumer.bindings.find((b) => b.dep === c.dep);
        if (listed <= 0.5 || (bound && (bound.parts.score >= listed || (bound.provider === c.provider && bound.output === c.output)))) continue;
        done.add(c.dep);
        const edge = dag.edges.find((e) => e.index === c.edgeIndex);
        const stepType = wiring.steps.get(c.provider)?.contract?.stepType ?? c.provider;
        const now = bound ? `it is bound to ${bound.provider}.${bound.output} (${fmt(bound.parts.score)}) instead` : 'it is left unbound';
        ctx.report({
          span: edge?.span ?? wiring.declared.get(name)!.span,
          message: `${c.provider}.${c.output} would bind '${name}.${c.dep}' (${fmt(listed)} if listed) but ${stepType} is not in its compatible_sources (−0.1 instead of +0.1: ${fmt(c.parts.score)}), so ${now}. Add ${stepType} to compatible_sources${file ? ` in ${file}` : ''}, or wire the step it lists.`,
        });
      }
    }
  },
};
