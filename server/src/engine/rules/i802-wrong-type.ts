/** I802: A key holds the wrong kind of value: a list where a map is expected, a number where a string is, `compute: null`, a top level that is not a map. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceWrongType: Rule = {
  meta: {
    code: 'I802',
    name: 'interface-wrong-type',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A key holds the wrong kind of value: a list where a map is expected, a number where a string is, `compute: null`, a top level that is not a map.',
      why: 'Cursus validates every section with Pydantic and refuses the whole interface on the first wrong type; rules that read the section cannot trust it either.',
      bad: 'contract:\n  inputs:\n  - DATA\n',
      good: 'contract:\n  inputs:\n    DATA:\n      path: /opt/ml/processing/input/data\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I802');
  },
};
