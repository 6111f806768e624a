/** S102: a key the format does not know, with the closest known keys. */
import type { Rule } from './rule.js';

export const unknownKey: Rule = {
  meta: {
    code: 'S102',
    name: 'unknown-key',
    severity: 'warning',
    fixable: true,
    docs: {
      summary: 'A key that the spec format does not define.',
      why: 'A misspelt key is silently ignored: `input_path:` instead of `input_paths:` leaves the script with no inputs at all.',
      bad: 'script_name: tabular_preprocessing\nstep_name: preprocessing\ninput_path:\n  DATA: data/in\n',
      good: 'script_name: tabular_preprocessing\nstep_name: preprocessing\ninput_paths:\n  DATA: data/in\n',
    },
  },
  check(ctx) {
    for (const i of ctx.schemaIssues()) if (i.code === 'S102') ctx.report(i);
  },
};
