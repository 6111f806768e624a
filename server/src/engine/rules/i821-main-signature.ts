/** I821: The script's `main` does not take `input_paths, output_paths, environ_vars, job_args` as its first four parameters. Found by the script checks of step interfaces (interface-script-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceMainSignature: Rule = {
  meta: {
    code: 'I821',
    name: 'interface-main-signature',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'The script\'s `main` does not take `input_paths, output_paths, environ_vars, job_args` as its first four parameters.',
      why: 'Cursus passes the four arguments positionally, so a renamed or reordered parameter receives the wrong value (check_script\'s `invalid_main_signature`). Extra parameters after the four are fine.',
      bad: 'def main(inputs, outputs, env, args): ...\n',
      good: 'def main(input_paths, output_paths, environ_vars, job_args): ...\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I821');
  },
};
