/** I813: a `step_type` that does not lead back to its own file by Cursus's name -> file rule. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceStepTypeNotFileName: Rule = {
  meta: {
    code: 'I813',
    name: 'interface-step-type-not-file-name',
    severity: 'error',
    fixable: true,
    docs: {
      summary: "A step interface whose `step_type` does not lead back to its own file by Cursus's name -> file rule (`CsvDataLoading` -> `csv_data_loading.step.yaml`).",
      why: "Cursus builds its step registry from `step_type` (config class `<step_type>Config`, builder `<step_type>StepBuilder`) and then finds each step's interface by its name, so a step_type that names another file (a typo, or a copied interface) is never loaded and the step's nodes fail to build. One fault, one finding: the DAG nodes and compatible_sources that use either name are checked as if it were fixed. The fix sets step_type to the step the file's name stands for; renaming the file is the other way.",
      bad: '# csv_data_loading.step.yaml\nstep_type: CsvDataLoadin\n',
      good: '# csv_data_loading.step.yaml\nstep_type: CsvDataLoading\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I813');
  },
};
