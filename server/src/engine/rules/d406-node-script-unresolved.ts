/** D406: a DAG node whose step should have a script and none is found, by the resolution its dialect uses. */
import { dagOf } from '../model/build.js';
import { wireDag } from '../dag/wiring.js';
import { didYouMean, suggest } from '../suggest.js';
import type { Rule } from './rule.js';

export const nodeScriptUnresolved: Rule = {
  meta: {
    code: 'D406',
    name: 'node-script-unresolved',
    severity: 'warning',
    fixable: false,
    reads: ['dag'],
    docs: {
      summary: 'A DAG node for which no step interface or script is found, as Cursus resolves node names.',
      why:
        "With step interfaces (Cursus 2.9), a node name resolves to a step type (the exact registry name, else its longest registry prefix, the rest being the job type), the step type to its `.step.yaml`, and that to the script of its `entry_point`; steps without a script by design (null `entry_point`, or delegated to the SAIS SDK) are fine. With Python contracts, the job-type suffix is stripped and the name turned to snake_case. A node that resolves to nothing gets no script spec and cannot run. DAG files only; not reported when the project has neither scripts nor interfaces. The message says how the name was resolved.",
      bad: '# scripts: tabular_preprocessing.py\ndag:\n  nodes: [TabularPreprocess_training]\n  edges: []\n',
      good: 'dag:\n  nodes: [TabularPreprocessing_training]\n  edges: []\n',
    },
  },
  check(ctx) {
    const model = ctx.file.model;
    const dag = dagOf(model);
    if (model.kind !== 'dag-file' || !dag) return;
    const project = ctx.project;
    if (!project.hasScripts && !project.hasInterfaces) return;
    const wiring = wireDag(dag, project);
    const seen = new Set<string>();
    for (const node of dag.nodes) {
      if (seen.has(node.name)) continue;
      seen.add(node.name);
      const step = wiring.steps.get(node.name);
      if (!step || step.script || step.scriptless) continue;
      if (step.ambiguous) {
        ctx.report({ span: node.span, message: `Node '${node.name}': ${step.how}, but several interface files fit it (${step.ambiguous.join(', ')}); Cursus stops with "Ambiguous". Rename all but one so that only one file's name matches the step type.` });
        continue;
      }
      if (step.strategy === 'step-interface' && step.contract) {
        if (!project.hasScripts) continue;
        const wanted = step.scriptName ? `${step.scriptName}.py` : undefined;
        ctx.report({
          span: node.span,
          message: wanted
            ? `No script '${wanted}' for node '${node.name}': ${step.how} names entry point ${wanted}, which is not in the project.${didYouMean(suggest(step.scriptName!, project.scriptNames()))} Add the script, or fix the interface's entry_point.`
            : `Node '${node.name}': ${step.how} has no entry_point, yet is not a script-less step. Give the contract an entry_point, or set it to null if the step runs no script.`,
        });
        continue;
      }
      // No interface: the Python-contract rule (DESIGN section 4) found no script either.
      const types = wiring.registry.names();
      const script = step.scriptName ?? node.name;
      if (project.hasInterfaces && !project.hasScripts) {
        ctx.report({ span: node.span, message: `No step interface for node '${node.name}': no registry step type is its name or a '_'-prefix of it.${didYouMean(suggest(node.name.split('_')[0], types))} Add its .step.yaml, or rename the node.` });
        continue;
      }
      const interfacePart = project.hasInterfaces ? ` No step interface fits it either (no registry step type is its name or a '_'-prefix of it).${didYouMean(suggest(node.name.split('_')[0], types))}` : didYouMean(suggest(script, project.scriptNames()));
      ctx.report({
        span: node.span,
        message: `No script '${script}.py' for node '${node.name}': ${step.how}.${interfacePart} Add the script${project.hasInterfaces ? ' or its step interface' : ''}, or rename the node.`,
      });
    }
  },
};
