/** X603: the script does not parse as Python. */
import { inScript, resolvedScripts } from './script-helpers.js';
import type { Rule } from './rule.js';

export const scriptSyntaxError: Rule = {
  meta: {
    code: 'X603',
    name: 'script-syntax-error',
    severity: 'error',
    fixable: false,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: 'The script the spec runs has a Python syntax error.',
      why: "Importing the script fails, so no test of it can run. The finding points at the first error in the script. The verdict is the project interpreter's own (`ast.parse`, the same rules as on import: its Python version, coding cookies, undecodable bytes); only when no interpreter can be run does cursus-lsp's own parser decide.",
      bad: 'def main(input_paths, output_paths, environ_vars, job_args)\n    pass\n',
      good: 'def main(input_paths, output_paths, environ_vars, job_args):\n    pass\n',
    },
  },
  check(ctx) {
    for (const { spec, file, info } of resolvedScripts(ctx)) {
      // The parser's verdict while the interpreter's is on its way may be wrong: nothing is said until it arrives.
      if (!info.syntaxError || info.syntaxError.pending) continue;
      const at = info.syntaxError.at;
      ctx.report({
        span: spec.scriptName!.span,
        message: `Script ${file.path} has a syntax error at line ${at.line + 1}, column ${at.character + 1}${info.syntaxError.message ? ` (${info.syntaxError.by ?? 'Python'}: ${info.syntaxError.message})` : ''}; it cannot be imported until that is fixed.`,
        related: [inScript(file, at, 1, 'syntax error here')],
      });
    }
  },
};
