/** M505: an edge along which Cursus 2.9's resolver binds no output to any dependency. */
import { dagOf } from '../model/build.js';
import { wireDag } from '../dag/wiring.js';
import { describeScore, fmt } from '../matching/resolver.js';
import type { Rule } from './rule.js';

export const edgeBindsNothing: Rule = {
  meta: {
    code: 'M505',
    name: 'edge-binds-nothing',
    severity: 'warning',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: 'An edge between two steps with specifications along which no output of the upstream step is bound to a dependency of the downstream one.',
      why:
        "Cursus's compiler wires only what its resolver binds (a score above 0.5, each dependency once); an edge that binds nothing orders the steps but passes no data, which is rarely what was meant. The message gives the closest pair with the parts of its score, or says which edges already feed the downstream step's dependencies.",
      bad: 'dag:\n  nodes: [XGBoostTraining, TabularPreprocessing_training]\n  edges:\n    - [XGBoostTraining, TabularPreprocessing_training]\n',
      good: 'dag:\n  nodes: [TabularPreprocessing_training, XGBoostTraining]\n  edges:\n    - [TabularPreprocessing_training, XGBoostTraining]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag || !ctx.project.hasInterfaces) return;
    const wiring = wireDag(dag, ctx.project);
    const reported = new Set<string>();
    for (const e of wiring.edges) {
      if (!e.scored || e.bindings.length > 0) continue;
      const src = e.edge.src.name;
      const dst = e.edge.dst.name;
      if (reported.has(`${src}\u0000${dst}`)) continue;
      reported.add(`${src}\u0000${dst}`);
      const consumer = wiring.consumers.get(dst)!;
      // The downstream step misses a required dependency: M504 says so, with this edge's best candidate.
      if (consumer.unbound.length > 0 && consumer.unknownPredecessors.length === 0) continue;
      const deps = wiring.steps.get(dst)?.contract?.specification?.dependencies ?? [];
      const outs = wiring.steps.get(src)?.contract?.specification?.outputs ?? [];
      let why: string;
      if (deps.length === 0) why = `'${dst}' declares no dependencies`;
      else if (outs.length === 0) why = `'${src}' declares no outputs`;
      else {
        const mine = consumer.scored.filter((c) => c.provider === src).sort((a, b) => b.parts.score - a.parts.score)[0];
        if (mine && mine.parts.score > 0.5) {
          const taken = consumer.bindings.filter((b) => b.dep === mine.dep)[0];
          why = taken
            ? `its best pair ${src}.${mine.output} -> '${mine.dep}' (${fmt(mine.parts.score)}) loses to ${taken.provider}.${taken.output} (${fmt(taken.parts.score)})`
            : `its candidates feed other dependencies already`;
        } else if (mine) why = `the closest pair ${src}.${mine.output} -> '${mine.dep}' scores ${fmt(mine.parts.score)}, not above 0.5 (${describeScore(mine.parts)})`;
        else why = `no output of '${src}' has a type any dependency of '${dst}' accepts`;
      }
      ctx.report({
        span: e.edge.span,
        message: `Edge ${src} -> ${dst} binds nothing: ${why}. It orders the steps but passes no data; remove it, or align the output's name, aliases or type with the dependency.`,
      });
    }
  },
};
