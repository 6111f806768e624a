/** M504: a required dependency of a step that no output of its direct predecessors binds (Cursus 2.9's resolver). */
import { dagOf, pipelineOf } from '../model/build.js';
import { bestCandidate, providersElsewhere, wireDag } from '../dag/wiring.js';
import { describeScore, fmt } from '../matching/resolver.js';
import type { Rule } from './rule.js';

export const requiredDependencyUnbound: Rule = {
  meta: {
    code: 'M504',
    name: 'required-dependency-unbound',
    severity: 'error',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: "A required dependency of a step (from its `.step.yaml` spec) that no output of the step's direct predecessors binds.",
      why:
        "Cursus's compiler binds each dependency to an output of a direct predecessor in the DAG whose compatibility score is above 0.5; an unbound required dependency makes the step's build fail (\"Required input 'X' not provided\"). In a pipeline spec, a dependency whose script spec gives an input path is read from disk instead (P300 and M502 check it). Not reported while a predecessor has no interface (D406) or is an edge end the DAG does not declare (D400), since its outputs are unknown. Dependencies named in the contract's `input_source_overrides` (fed from configuration) or `skip_inputs` need no provider. The message gives the best candidate among the predecessors with the parts of its score, and any other node whose output would bind it if an edge came from it.",
      bad: 'dag:\n  nodes: [CradleDataLoading_training, XGBoostTraining]\n  edges: []\n',
      good: 'dag:\n  nodes: [CradleDataLoading_training, TabularPreprocessing_training, XGBoostTraining]\n  edges:\n    - [CradleDataLoading_training, TabularPreprocessing_training]\n    - [TabularPreprocessing_training, XGBoostTraining]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag || !ctx.project.hasInterfaces) return;
    const wiring = wireDag(dag, ctx.project);
    // In a pipeline spec, a dependency the node's script spec gives a path for is read from disk (P300, M502).
    const given = new Map((pipelineOf(ctx.file.model)?.specs ?? []).map((s) => [s.node.name, new Set(s.spec?.inputs.filter((i) => i.path?.value).map((i) => i.key.name) ?? [])]));
    for (const [name, consumer] of wiring.consumers) {
      const at = wiring.declared.get(name);
      // A predecessor without an interface (D406 says so) may well provide it: claim nothing.
      if (!at || consumer.unknownPredecessors.length) continue;
      const preds = wiring.edges.filter((e) => e.edge.dst.name === name).map((e) => e.edge.src.name);
      for (const dep of consumer.unbound) {
        if (given.get(name)?.has(dep.name)) continue;
        const best = bestCandidate(consumer, dep.name);
        let why: string;
        if (preds.length === 0) why = 'it has no incoming edge';
        else if (!best || best.parts.type === 0) why = `no output of its predecessors (${[...new Set(preds)].join(', ')}) has a type it accepts`;
        else if (best.parts.score > 0.5) {
          const taker = consumer.bindings.find((b) => b.provider === best.provider && b.output === best.output);
          why = `its best candidate ${best.provider}.${best.output} (${fmt(best.parts.score)}) already feeds '${taker?.dep ?? '?'}', and each output feeds one dependency of a step`;
        } else why = `the best candidate among its predecessors, ${best.provider}.${best.output}, scores ${fmt(best.parts.score)}, not above 0.5 (${describeScore(best.parts)})`;
        const elsewhere = providersElsewhere(wiring, name, dep)[0];
        const hint = elsewhere
          ? ` ${elsewhere.node}.${elsewhere.output} would bind it (${fmt(elsewhere.parts.score)}): add the edge [${elsewhere.node}, ${name}].`
          : ' Add an edge from a step that produces it, or mark it required: false in the interface if the step runs without it.';
        ctx.report({
          span: at.span,
          message: `Required dependency '${dep.name}' (${dep.type}) of '${name}' is bound to no upstream output: ${why}. Cursus's build of this step fails ("Required input '${dep.name}' not provided").${hint}`,
        });
      }
    }
  },
};
