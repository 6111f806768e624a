/** R703: the last run could not start this script because input data was missing. */
import { runsOfSpecs } from './run-helpers.js';
import type { Rule } from './rule.js';

export const runMissingInputData: Rule = {
  meta: {
    code: 'R703',
    name: 'run-missing-input-data',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'The last run did not start the script because an input path held no data.',
      why: 'Cursus requires every input to exist and never generates sample data. Put test data at the path, or feed the input from an upstream step.',
      bad: 'input_paths:\n  DATA: data/not-there\n',
      good: 'input_paths:\n  DATA: data/raw\n',
    },
  },
  check(ctx) {
    for (const { spec, run } of runsOfSpecs(ctx)) {
      if (run.status !== 'missing-input') continue;
      for (const name of run.missing_inputs) {
        const input = spec.inputs.find((p) => p.key.name === name);
        ctx.report({ span: input?.path?.span ?? input?.key.span ?? spec.anchor, message: `Last run: input '${name}' had no data at ${input?.path?.value ?? 'its path'}, so the script did not run. Add test data there or feed it from an upstream step.` });
      }
    }
  },
};
