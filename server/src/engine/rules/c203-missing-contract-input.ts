/** C203: a logical input of the contract that the spec gives no path for. */
import { checkMissing, inputSection } from './contract-names.js';
import { localPathFor, workspaceRootOf } from './helpers.js';
import type { Rule } from './rule.js';

export const missingContractInput: Rule = {
  meta: {
    code: 'C203',
    name: 'missing-contract-input',
    severity: 'warning',
    fixable: true,
    reads: ['script', 'inputs'],
    scope: 'spec',
    docs: {
      summary: "A logical input the contract declares has no entry in `input_paths`.",
      why: 'A script that reads `input_paths["DATA"]` raises KeyError when the spec does not provide it. The fix adds the input with a local test path. An input a step interface marks `required: false` (or lists in `skip_inputs`) may be left out.',
      bad: '# contract: expected_input_paths={"DATA": ..., "METADATA": ...}\ninput_paths:\n  DATA: test/data\n',
      good: 'input_paths:\n  DATA: test/data\n  METADATA: test/integration/runtime/tabular_preprocessing/input/metadata\n',
    },
  },
  check(ctx) {
    const root = workspaceRootOf(ctx);
    checkMissing(ctx, inputSection, (spec, e) => localPathFor(typeof e.value === 'string' ? e.value : undefined, spec.scriptName?.name ?? '', root, e.name, 'input'));
  },
};
