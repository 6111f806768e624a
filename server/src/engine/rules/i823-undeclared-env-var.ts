/** I823: The script reads an `environ_vars` key that `contract.env_vars` does not declare. Found by the script checks of step interfaces (interface-script-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceUndeclaredEnvVar: Rule = {
  meta: {
    code: 'I823',
    name: 'interface-undeclared-env-var',
    severity: 'warning',
    fixable: false,
    docs: {
      summary: 'The script reads an `environ_vars` key that `contract.env_vars` does not declare.',
      why: 'Nobody sets an undeclared variable: the script sees its fallback or raises (check_script\'s `undeclared_env_var`).',
      bad: '# script: environ_vars["LABEL_FIELD"]\nenv_vars:\n  required: []\n',
      good: 'env_vars:\n  optional:\n    LABEL_FIELD: \'\'\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I823');
  },
};
