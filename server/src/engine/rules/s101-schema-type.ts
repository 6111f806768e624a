/** S101: a value of the wrong type (a list where a map belongs, a number where a name belongs). */
import type { Rule } from './rule.js';

export const schemaType: Rule = {
  meta: {
    code: 'S101',
    name: 'schema-type',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A field holds a value of the wrong type.',
      why: "Cursus's pydantic models reject the whole spec when one field has the wrong type, so the run never starts.",
      bad: 'script_name: xgboost_training\nstep_name: training\ninput_paths:\n  - data/train\n',
      good: 'script_name: xgboost_training\nstep_name: training\ninput_paths:\n  input_path: data/train\n',
    },
  },
  check(ctx) {
    for (const i of ctx.schemaIssues()) if (i.code === 'S101') ctx.report(i);
  },
};
