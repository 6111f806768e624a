/** I803: A value in a string-valued map (`arguments`, `env_vars.optional`, `framework_requirements`, `input_source_overrides`) written as a number, boolean or null. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceNonStringValue: Rule = {
  meta: {
    code: 'I803',
    name: 'interface-non-string-value',
    severity: 'error',
    fixable: true,
    docs: {
      summary: 'A value in a string-valued map (`arguments`, `env_vars.optional`, `framework_requirements`, `input_source_overrides`) written as a number, boolean or null.',
      why: 'Every value of these maps must be a string: Cursus rejects an unquoted `true` or `5` (verified), and YAML turns `0.70` into `0.7` before anyone sees it. Quote the value.',
      bad: 'env_vars:\n  optional:\n    MAX_WORKERS: 0\n',
      good: 'env_vars:\n  optional:\n    MAX_WORKERS: \'0\'\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I803');
  },
};
