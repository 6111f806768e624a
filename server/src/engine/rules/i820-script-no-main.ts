/** I820: The interface's script has no `def main`. Found by the script checks of step interfaces (interface-script-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceScriptNoMain: Rule = {
  meta: {
    code: 'I820',
    name: 'interface-script-no-main',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'The interface\'s script has no `def main`.',
      why: 'Cursus calls `main(input_paths, output_paths, environ_vars, job_args)`; without it the step fails at once (check_script\'s CRITICAL `missing_main_function`).',
      bad: '# tabular_preprocessing.py\ndef run(input_paths, output_paths, environ_vars, job_args): ...\n',
      good: '# tabular_preprocessing.py\ndef main(input_paths, output_paths, environ_vars, job_args): ...\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I820');
  },
};
