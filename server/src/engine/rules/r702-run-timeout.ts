/** R702: the script ran out of time in the last run. */
import { runsOfSpecs } from './run-helpers.js';
import type { Rule } from './rule.js';

export const runTimeout: Rule = {
  meta: {
    code: 'R702',
    name: 'run-timeout',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'The last run stopped this script at the timeout (the script and every process it started were killed).',
      why: 'A script that hangs locally will hang in the pipeline too; if it is only slow, raise `timeout` in the configuration or with --timeout.',
      bad: '# main() waits forever on a lock\nscript_name: xgboost_training\n',
      good: '# main() returns within the timeout\nscript_name: xgboost_training\n',
    },
  },
  check(ctx) {
    for (const { spec, run } of runsOfSpecs(ctx)) {
      if (run.status !== 'timeout') continue;
      ctx.report({ span: spec.scriptName?.span ?? spec.anchor, message: `Last run: ${run.error_message ?? 'timed out'} Raise the timeout if the script is only slow.` });
    }
  },
};
