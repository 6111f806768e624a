/** I806: `entry_point` that does not end with `.py`. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceEntryPointNotPy: Rule = {
  meta: {
    code: 'I806',
    name: 'interface-entry-point-not-py',
    severity: 'error',
    fixable: true,
    docs: {
      summary: '`entry_point` that does not end with `.py`.',
      why: 'Cursus accepts only a Python file or null (for steps with no script, such as CreateModel and Transform).',
      bad: 'contract:\n  entry_point: tabular_preprocessing\n',
      good: 'contract:\n  entry_point: tabular_preprocessing.py\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I806');
  },
};
