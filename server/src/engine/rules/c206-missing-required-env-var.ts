/** C206: an env var the contract requires is not set in the spec. */
import { checkMissing, requiredEnvSection } from './contract-names.js';
import type { Rule } from './rule.js';

export const missingRequiredEnvVar: Rule = {
  meta: {
    code: 'C206',
    name: 'missing-required-env-var',
    severity: 'error',
    fixable: true,
    reads: ['script', 'env'],
    scope: 'spec',
    docs: {
      summary: "An env var in the contract's `required_env_vars` is missing from `environ_vars`.",
      why: 'Scripts read required env vars with `environ_vars["NAME"]` and raise KeyError without them. The fix adds the name with an empty value for you to fill in.',
      bad: '# contract: required_env_vars=["LABEL_FIELD", "TRAIN_RATIO"]\nenviron_vars:\n  LABEL_FIELD: label\n',
      good: 'environ_vars:\n  LABEL_FIELD: label\n  TRAIN_RATIO: "0.7"\n',
    },
  },
  check(ctx) {
    checkMissing(ctx, requiredEnvSection, () => '');
  },
};
