/** C205: a logical output of the contract that the spec gives no path for. */
import { checkMissing, outputSection } from './contract-names.js';
import { localPathFor, workspaceRootOf } from './helpers.js';
import type { Rule } from './rule.js';

export const missingContractOutput: Rule = {
  meta: {
    code: 'C205',
    name: 'missing-contract-output',
    severity: 'warning',
    fixable: true,
    reads: ['script', 'outputs'],
    scope: 'spec',
    docs: {
      summary: "A logical output the contract declares has no entry in `output_paths`.",
      why: 'A script that writes `output_paths["model_output"]` raises KeyError when the spec does not provide it. The fix adds the output with a local test path.',
      bad: '# contract: expected_output_paths={"model_output": ..., "evaluation_output": ...}\noutput_paths:\n  model_output: test/model\n',
      good: 'output_paths:\n  model_output: test/model\n  evaluation_output: test/integration/runtime/xgboost_training/output/data\n',
    },
  },
  check(ctx) {
    const root = workspaceRootOf(ctx);
    checkMissing(ctx, outputSection, (spec, e) => localPathFor(typeof e.value === 'string' ? e.value : undefined, spec.scriptName?.name ?? '', root, e.name, 'output'));
  },
};
