/** I825: A `job_arguments` flag of a Processing step that the script's argparse never defines (or the script has no parser at all). Found by the script checks of step interfaces (interface-script-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceUnparsedJobArgument: Rule = {
  meta: {
    code: 'I825',
    name: 'interface-unparsed-job-argument',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A `job_arguments` flag of a Processing step that the script\'s argparse never defines (or the script has no parser at all). Flags compare with leading dashes stripped and `-` as `_`; `dest=` counts.',
      why: 'SageMaker passes the declared flags on the script\'s command line, and argparse exits with "unrecognized arguments" (check_script\'s `unparsed_declared_arg`). When a flag is built at run time the check stands down.',
      bad: 'job_arguments:\n- flag: --job_type\n# script: parser.add_argument("--jobtype")\n',
      good: 'job_arguments:\n- flag: --job_type\n# script: parser.add_argument("--job_type")\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I825');
  },
};
