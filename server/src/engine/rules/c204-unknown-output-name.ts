/** C204: a logical output name that the script's contract does not declare. */
import { checkUnknown, outputSection } from './contract-names.js';
import type { Rule } from './rule.js';

export const unknownOutputName: Rule = {
  meta: {
    code: 'C204',
    name: 'unknown-output-name',
    severity: 'error',
    fixable: true,
    reads: ['script', 'outputs'],
    scope: 'spec',
    docs: {
      summary: "A key of `output_paths` that is not a logical output of the script's contract.",
      why: "The script writes its outputs by the contract's logical names; a path under any other name is never written, and downstream steps find nothing. Not reported when the contract's paths could not be read statically.",
      bad: '# contract: expected_output_paths={"processed_data": "/opt/ml/processing/output"}\noutput_paths:\n  data_output: test/out\n',
      good: 'output_paths:\n  processed_data: test/out\n',
    },
  },
  check(ctx) {
    checkUnknown(ctx, outputSection);
  },
};
