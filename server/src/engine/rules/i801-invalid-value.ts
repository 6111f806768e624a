/** I801: A value outside its allowed set: `node_type`, `registry.sagemaker_step_type`, `registry.requires`, `patterns.step_assembly`, `compute.kind`, `compute.sdk_class`, `compute.network_mode`, a dependency or output `type`. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceInvalidValue: Rule = {
  meta: {
    code: 'I801',
    name: 'interface-invalid-value',
    severity: 'error',
    fixable: true,
    docs: {
      summary: 'A value outside its allowed set: `node_type`, `registry.sagemaker_step_type`, `registry.requires`, `patterns.step_assembly`, `compute.kind`, `compute.sdk_class`, `compute.network_mode`, a dependency or output `type`.',
      why: 'Cursus rejects the interface when it loads it; the did-you-mean fix names the closest allowed value.',
      bad: 'spec:\n  dependencies:\n    DATA:\n      type: processing_outputs\n',
      good: 'spec:\n  dependencies:\n    DATA:\n      type: processing_output\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I801');
  },
};
