/** R700: the script failed in the last run. */
import { runsOfSpecs } from './run-helpers.js';
import type { Rule } from './rule.js';

export const runScriptFailed: Rule = {
  meta: {
    code: 'R700',
    name: 'run-script-failed',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'The last run of this script (Run script / Run pipeline, or `cursus-lint run`) raised or exited with an error.',
      why: 'The message carries the exception and the script line that raised; the script itself gets the same finding on that line. It disappears when the spec, script or contract changes (the result is then stale) or the next run passes.',
      bad: '# main() raised KeyError: \'feature_names\' at xgboost_training.py:16\nscript_name: xgboost_training\n',
      good: '# the run passed\nscript_name: xgboost_training\n',
    },
  },
  check(ctx) {
    for (const { spec, run } of runsOfSpecs(ctx)) {
      if (run.status !== 'failed' && run.status !== 'refused') continue;
      const frame = run.traceback[run.traceback.length - 1];
      ctx.report({
        span: spec.scriptName?.span ?? spec.anchor,
        message: `Last run failed: ${run.error_message ?? 'unknown error'}${frame ? ` (${frame.file}:${frame.line} in ${frame.name})` : ''}. Fix the script or its inputs and run it again.`,
        related: frame && frame.line ? [{ file: frame.file, span: { start: 0, end: 0 }, range: { start: { line: frame.line - 1, character: 0 }, end: { line: frame.line - 1, character: 200 } }, message: `raised here (${frame.name})` }] : undefined,
      });
    }
  },
};
