/** C207: an env var the contract does not declare (required or optional) and the script does not read. */
import { checkUnknown, envSection } from './contract-names.js';
import type { Rule } from './rule.js';

export const unknownEnvVar: Rule = {
  meta: {
    code: 'C207',
    name: 'unknown-env-var',
    severity: 'info',
    fixable: true,
    reads: ['script', 'env'],
    scope: 'spec',
    docs: {
      summary: "An `environ_vars` entry that neither the contract declares nor the script reads.",
      why: 'Usually a misspelling: the script goes on reading the real name and gets its default or raises. Names the script itself reads are not reported.',
      bad: '# contract: required_env_vars=["LABEL_FIELD"]\nenviron_vars:\n  LABEL_FEILD: label\n',
      good: 'environ_vars:\n  LABEL_FIELD: label\n',
    },
  },
  check(ctx) {
    checkUnknown(ctx, envSection, (spec, name) => {
      const info = ctx.resolve(spec).script?.read();
      return Boolean(info?.reads.some((r) => r.target === 'environ_vars' && r.key === name));
    });
  },
};
