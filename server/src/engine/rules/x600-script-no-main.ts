/** X600: the script has no module-level `main` function. */
import { resolvedScripts } from './script-helpers.js';
import type { Rule } from './rule.js';

export const scriptNoMain: Rule = {
  meta: {
    code: 'X600',
    name: 'script-no-main',
    severity: 'error',
    fixable: false,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: 'The script defines no `main` function at module level.',
      why: "Cursus imports the script and calls `main(input_paths, output_paths, environ_vars, job_args)`; without it the test fails with has_main_function=False.",
      bad: 'def run(paths):\n    ...\n',
      good: 'def main(input_paths, output_paths, environ_vars, job_args):\n    ...\n',
    },
  },
  check(ctx) {
    for (const { spec, file, info } of resolvedScripts(ctx)) {
      if (info.main || info.syntaxError) continue;
      ctx.report({
        span: spec.scriptName!.span,
        message: `Script ${file.path} has no module-level 'def main(input_paths, output_paths, environ_vars, job_args)'. Add one; Cursus calls it to run the step.`,
      });
    }
  },
};
