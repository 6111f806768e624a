/** I812: A `compatible_sources` entry that names no step type the project knows (not a registry name, its `...Step` form or a legacy alias). Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceUnknownCompatibleSource: Rule = {
  meta: {
    code: 'I812',
    name: 'interface-unknown-compatible-source',
    severity: 'info',
    fixable: false,
    docs: {
      summary: 'A `compatible_sources` entry that names no step type the project knows (not a registry name, its `...Step` form or a legacy alias).',
      why: 'It never matches any provider. Real Cursus interfaces list such generic tokens (`DataLoad`), and a project may hold only some of the steps, so this is information, with the nearest known names offered as (unsafe) fixes.',
      bad: 'compatible_sources:\n- DataLoad\n',
      good: 'compatible_sources:\n- CradleDataLoading\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I812');
  },
};
