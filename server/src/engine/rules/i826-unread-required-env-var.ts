/** I826: A required env var the script never reads: neither `environ_vars[...]`/`.get` nor `os.environ`/`os.getenv` outside an `environ_vars = {...}` harvesting dict. Found by the script checks of step interfaces (interface-script-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceUnreadRequiredEnvVar: Rule = {
  meta: {
    code: 'I826',
    name: 'interface-unread-required-env-var',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A required env var the script never reads: neither `environ_vars[...]`/`.get` nor `os.environ`/`os.getenv` outside an `environ_vars = {...}` harvesting dict.',
      why: 'Every caller must set a required variable, for nothing (check_script\'s `unread_required_env_var`). Read it or make it optional.',
      bad: 'env_vars:\n  required: [LABEL_FIELD]\n# the script never reads LABEL_FIELD\n',
      good: 'env_vars:\n  optional:\n    LABEL_FIELD: \'\'\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I826');
  },
};
