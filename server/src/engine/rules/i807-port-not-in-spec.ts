/** I807: A contract input with no spec dependency of the same name, or a contract output with no spec output (checked for the base and with each variant applied). Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfacePortNotInSpec: Rule = {
  meta: {
    code: 'I807',
    name: 'interface-port-not-in-spec',
    severity: 'error',
    fixable: true,
    docs: {
      summary: 'A contract input with no spec dependency of the same name, or a contract output with no spec output (checked for the base and with each variant applied).',
      why: 'Contract ports must be a subset of the spec\'s: Cursus raises "Contract inputs missing from spec dependencies" when it loads the interface. A close spec name is offered as a rename.',
      bad: 'contract:\n  inputs:\n    DATA: {path: /opt/ml/processing/input/data}\nspec:\n  dependencies:\n    DATA_IN: {type: processing_output}\n',
      good: 'contract:\n  inputs:\n    DATA: {path: /opt/ml/processing/input/data}\nspec:\n  dependencies:\n    DATA: {type: processing_output}\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I807');
  },
};
