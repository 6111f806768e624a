/** I810: A key Cursus does not know in a step interface, usually a typo (`entry_pont`, `dependancies`). Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceUnknownKey: Rule = {
  meta: {
    code: 'I810',
    name: 'interface-unknown-key',
    severity: 'warning',
    fixable: true,
    docs: {
      summary: 'A key Cursus does not know in a step interface, usually a typo (`entry_pont`, `dependancies`).',
      why: 'Cursus ignores unknown keys silently, so a misspelt key loses its value without a word: `requried: false` leaves the input required.',
      bad: 'spec:\n  dependencies:\n    DATA:\n      requried: false\n',
      good: 'spec:\n  dependencies:\n    DATA:\n      required: false\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I810');
  },
};
