/** C202: a logical input name that the script's contract does not declare. */
import { checkUnknown, inputSection } from './contract-names.js';
import type { Rule } from './rule.js';

export const unknownInputName: Rule = {
  meta: {
    code: 'C202',
    name: 'unknown-input-name',
    severity: 'error',
    fixable: true,
    reads: ['script', 'inputs'],
    scope: 'spec',
    docs: {
      summary: "A key of `input_paths` that is not a logical input of the script's contract.",
      why: "The script reads its inputs by the contract's logical names; a path under any other name is never used, and the name the script reads is missing. Not reported when the contract's paths could not be read statically.",
      bad: '# contract: expected_input_paths={"DATA": "/opt/ml/processing/input/data"}\ninput_paths:\n  data_input: test/data\n',
      good: 'input_paths:\n  DATA: test/data\n',
    },
  },
  check(ctx) {
    checkUnknown(ctx, inputSection);
  },
};
