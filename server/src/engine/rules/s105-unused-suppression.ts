/** S105: a suppression comment that silences nothing. */
import type { Rule } from './rule.js';

export const unusedSuppression: Rule = {
  meta: {
    code: 'S105',
    name: 'unused-suppression',
    severity: 'hint',
    fixable: true,
    docs: {
      summary: 'A `# cursus-lsp: ignore[...]` comment that no finding on its line (or, for `ignore-file`, in the file) needs.',
      why: 'Stale suppressions hide the next real problem on that line. Only comments at the end of a line suppress; one on a line of its own does nothing.',
      bad: 'environ_vars:\n  LABEL_FIELD: label  # cursus-lsp: ignore[C210]\n',
      good: 'environ_vars:\n  LABEL_FIELD: label\n',
    },
  },
  // Reported by the suppression pass in check.ts, which needs every other rule's findings first.
  check() {},
};
