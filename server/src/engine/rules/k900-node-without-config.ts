/** K900: a DAG node with no entry in the pipeline configuration it is checked against. */
import { dagOf } from '../model/build.js';
import { didYouMean, suggest } from '../suggest.js';
import { associatedConfig } from './pipeline-config.js';
import type { Rule } from './rule.js';

export const nodeWithoutConfig: Rule = {
  meta: {
    code: 'K900',
    name: 'node-without-config',
    severity: 'error',
    fixable: false,
    reads: ['dag'],
    docs: {
      summary: 'A DAG node with no `configuration.specific` entry in the pipeline configuration (`--config`, the `pipeline-config` setting, or the spec\'s `pipeline_config`); also a configuration that cannot be read.',
      why: "Cursus finds a node's configuration only by exact name and stops compiling with \"Missing configs for nodes\"; `cursus validate run-scripts` skips the node's script. Names follow `step_name_override` or step type + `_<job_type>`, so `XGBoostTraining_training` and `XGBoostTraining` differ.",
      bad: '# config: specific: {TabularPreprocessing_training: {...}}\ndag:\n  nodes: [TabularPreprocessing_calibration]\n',
      good: '# config: specific: {TabularPreprocessing_calibration: {...}}\ndag:\n  nodes: [TabularPreprocessing_calibration]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag) return;
    const config = associatedConfig(ctx);
    if (!config) return;
    if (!config.model) {
      ctx.report({ span: config.span ?? dag.key?.span ?? dag.node.span, message: `The pipeline configuration cannot be used: ${config.problem}. Fix the path, or give the configuration JSON Cursus wrote (pipeline_config/config*.json).` });
      return;
    }
    const names = [...config.model.byName.keys()];
    const seen = new Set<string>();
    for (const node of dag.nodes) {
      if (seen.has(node.name) || config.model.byName.has(node.name)) continue;
      seen.add(node.name);
      const s = suggest(node.name, names);
      ctx.report({
        span: node.span,
        message: `Node '${node.name}' has no configuration in ${config.path} (configuration.specific has ${names.length} entries).${didYouMean(s)} Cursus matches nodes to configurations by exact name: rename the node or add its configuration.`,
      });
    }
  },
};
