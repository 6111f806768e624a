/** S104: a required field is absent. */
import type { Rule } from './rule.js';

export const missingField: Rule = {
  meta: {
    code: 'S104',
    name: 'missing-field',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A field the format requires is missing.',
      why: 'Cursus cannot build the spec without it (for example `script_name` says which script to run).',
      bad: 'step_name: preprocessing\ninput_paths:\n  DATA: data/in\n',
      good: 'script_name: tabular_preprocessing\nstep_name: preprocessing\ninput_paths:\n  DATA: data/in\n',
    },
  },
  check(ctx) {
    for (const i of ctx.schemaIssues()) if (i.code === 'S104') ctx.report(i);
  },
};
