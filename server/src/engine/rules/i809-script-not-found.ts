/** I809: The `entry_point` names a script the project does not have (steps with a null entry point or built by the SAIS SDK are skipped). Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceScriptNotFound: Rule = {
  meta: {
    code: 'I809',
    name: 'interface-script-not-found',
    severity: 'warning',
    fixable: false,
    docs: {
      summary: 'The `entry_point` names a script the project does not have (steps with a null entry point or built by the SAIS SDK are skipped).',
      why: 'The step cannot run locally and its script cannot be checked against the interface. Some Cursus interfaces name scripts that really are absent (TSA, SOPA): this finding is then true.',
      bad: 'contract:\n  entry_point: tabular_preprocesing.py\n',
      good: 'contract:\n  entry_point: tabular_preprocessing.py\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I809');
  },
};
