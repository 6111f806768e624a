/** C208: an argument the contract expects is not in `job_args`. */
import { argSection, checkMissing } from './contract-names.js';
import type { Rule } from './rule.js';

export const missingExpectedArgument: Rule = {
  meta: {
    code: 'C208',
    name: 'missing-expected-argument',
    severity: 'warning',
    fixable: true,
    reads: ['script', 'jobArgs'],
    scope: 'spec',
    docs: {
      summary: "An argument in the contract's `expected_arguments` is missing from `job_args` (`-` and `_` are the same).",
      why: 'The script reads `job_args.<name>` and fails with AttributeError when the Namespace lacks it. The fix adds it with the contract\'s value.',
      bad: '# contract: expected_arguments={"job-type": "training"}\njob_args: {}\n',
      good: 'job_args:\n  job_type: training\n',
    },
  },
  check(ctx) {
    checkMissing(ctx, argSection, (_spec, e) => (e.value === undefined || e.value === null ? '' : String(e.value)));
  },
};
