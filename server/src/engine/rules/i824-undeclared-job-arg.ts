/** I824: The script reads `job_args.x` and neither `contract.arguments` nor `contract.job_arguments` declares `x`. Found by the script checks of step interfaces (interface-script-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceUndeclaredJobArg: Rule = {
  meta: {
    code: 'I824',
    name: 'interface-undeclared-job-arg',
    severity: 'warning',
    fixable: false,
    docs: {
      summary: 'The script reads `job_args.x` and neither `contract.arguments` nor `contract.job_arguments` declares `x`.',
      why: 'Cursus\'s own check compares with `arguments` only, which most interfaces leave empty, so it warns on nearly every script; this rule also accepts flags declared by `job_arguments` (`--job_type` declares `job_args.job_type`), leaving the reads nobody declares.',
      bad: '# script: job_args.job_type\ncontract:\n  arguments: {}\n',
      good: 'contract:\n  job_arguments:\n  - flag: --job_type\n    source: job_type\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I824');
  },
};
