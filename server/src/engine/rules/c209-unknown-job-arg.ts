/** C209: a job argument the contract does not expect and the script does not read. */
import { argSection, checkUnknown } from './contract-names.js';
import { argKey } from './helpers.js';
import type { Rule } from './rule.js';

export const unknownJobArg: Rule = {
  meta: {
    code: 'C209',
    name: 'unknown-job-arg',
    severity: 'info',
    fixable: true,
    reads: ['script', 'jobArgs'],
    scope: 'spec',
    docs: {
      summary: "A `job_args` entry that the contract does not expect and the script does not read.",
      why: 'Often a misspelling of an expected argument, which the script then never receives. Arguments the script reads as `job_args.<name>`, and the `job_arguments` flags of a step interface, are not reported.',
      bad: '# contract: expected_arguments={"job-type": "training"}\njob_args:\n  jobtype: training\n',
      good: 'job_args:\n  job_type: training\n',
    },
  },
  check(ctx) {
    checkUnknown(ctx, argSection, (spec, name) => {
      // A step interface's `job_arguments` flags (`--job_type`) are arguments the script takes too.
      const flags = ctx.resolve(spec).contract?.jobArguments ?? [];
      if (flags.some((j) => argKey(j.flag.replace(/^-+/, '')) === argKey(name))) return true;
      const info = ctx.resolve(spec).script?.read();
      return Boolean(info?.reads.some((r) => r.target === 'job_args' && argKey(r.key) === argKey(name)));
    });
  },
};
