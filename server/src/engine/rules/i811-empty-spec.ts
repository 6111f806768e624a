/** I811: A spec with no dependencies and no outputs, on a step that is not `node_type: singular`. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceEmptySpec: Rule = {
  meta: {
    code: 'I811',
    name: 'interface-empty-spec',
    severity: 'warning',
    fixable: false,
    docs: {
      summary: 'A spec with no dependencies and no outputs, on a step that is not `node_type: singular`.',
      why: 'Cursus\'s specification registry rejects such a step when it registers it, so the step cannot be used in a pipeline.',
      bad: 'node_type: internal\nspec:\n  dependencies: {}\n  outputs: {}\n',
      good: 'node_type: internal\nspec:\n  outputs:\n    processed_data: {type: processing_output}\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I811');
  },
};
