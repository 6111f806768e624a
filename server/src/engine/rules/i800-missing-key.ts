/** I800: A required key of a step interface is missing: `step_type`, `contract`, `registry.sagemaker_step_type`, a `job_arguments` entry's `flag`. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceMissingKey: Rule = {
  meta: {
    code: 'I800',
    name: 'interface-missing-key',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A required key of a step interface is missing: `step_type`, `contract`, `registry.sagemaker_step_type`, a `job_arguments` entry\'s `flag`.',
      why: 'Cursus\'s Pydantic model rejects the file (and without `registry.sagemaker_step_type` its registry loader fails for every step, not just this one).',
      bad: 'step_type: TabularPreprocessing\ncontract:\n  entry_point: tabular_preprocessing.py\n',
      good: 'step_type: TabularPreprocessing\nregistry:\n  sagemaker_step_type: Processing\ncontract:\n  entry_point: tabular_preprocessing.py\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I800');
  },
};
