/** I805: A contract input or output `path` that does not start with a SageMaker container prefix (inputs: `/opt/ml/processing/`, `/opt/ml/input/data`, `/opt/ml/input/config`, `/opt/ml/code`; outputs: `/opt/ml/processing/`, `/opt/ml/model`, `/opt/ml/output/data`, `/opt/ml/checkpoints`). Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceContainerPath: Rule = {
  meta: {
    code: 'I805',
    name: 'interface-container-path',
    severity: 'error',
    fixable: true,
    docs: {
      summary: 'A contract input or output `path` that does not start with a SageMaker container prefix (inputs: `/opt/ml/processing/`, `/opt/ml/input/data`, `/opt/ml/input/config`, `/opt/ml/code`; outputs: `/opt/ml/processing/`, `/opt/ml/model`, `/opt/ml/output/data`, `/opt/ml/checkpoints`).',
      why: 'Cursus checks the prefix and rejects the interface; null is allowed (steps with no script).',
      bad: 'outputs:\n  processed_data:\n    path: /opt/ml/processing\n',
      good: 'outputs:\n  processed_data:\n    path: /opt/ml/processing/output\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I805');
  },
};
