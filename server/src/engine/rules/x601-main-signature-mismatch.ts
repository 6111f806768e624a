/** X601: `main` does not take the four parameters Cursus passes. */
import { MAIN_PARAMS } from '../python/scripts.js';
import { inScript, resolvedScripts } from './script-helpers.js';
import type { Rule } from './rule.js';

export const mainSignatureMismatch: Rule = {
  meta: {
    code: 'X601',
    name: 'main-signature-mismatch',
    severity: 'error',
    fixable: false,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: '`main` lacks one of `input_paths`, `output_paths`, `environ_vars`, `job_args`.',
      why: 'Cursus calls main with these four keyword arguments; a different signature raises TypeError before the script does anything.',
      bad: 'def main(inputs, outputs):\n    ...\n',
      good: 'def main(input_paths, output_paths, environ_vars, job_args):\n    ...\n',
    },
  },
  check(ctx) {
    for (const { spec, file, info } of resolvedScripts(ctx)) {
      if (!info.main) continue;
      const missing = MAIN_PARAMS.filter((p) => !info.main!.params.includes(p));
      if (missing.length === 0) continue;
      ctx.report({
        span: spec.scriptName!.span,
        message: `main in ${file.path}:${info.main.at.line + 1} takes (${info.main.params.join(', ')}) but Cursus passes input_paths, output_paths, environ_vars, job_args; missing: ${missing.join(', ')}. Rename its parameters.`,
        related: [inScript(file, info.main.at, 4, 'main is defined here')],
      });
    }
  },
};
