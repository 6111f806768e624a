/** I808: A `compatible_sources` entry that differs from a step type the project knows only in case, or carries a job-type suffix (`X_Training`, `X-Testing`) the resolver strips from providers. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceCompatibleSourceTypo: Rule = {
  meta: {
    code: 'I808',
    name: 'interface-compatible-source-typo',
    severity: 'warning',
    fixable: true,
    docs: {
      summary: 'A `compatible_sources` entry that differs from a step type the project knows only in case, or carries a job-type suffix (`X_Training`, `X-Testing`) the resolver strips from providers.',
      why: 'The dependency resolver compares step types exactly: a misspelt source never earns its +0.1, and every real provider then scores -0.1 for not being listed. Cursus\'s validator warns on the case-only form.',
      bad: 'compatible_sources:\n- tabularpreprocessing\n',
      good: 'compatible_sources:\n- TabularPreprocessing\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I808');
  },
};
