/** S100: the file does not parse. */
import type { Rule } from './rule.js';

export const yamlSyntax: Rule = {
  meta: {
    code: 'S100',
    name: 'yaml-syntax',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'The file is not valid YAML (or, for .json files, not valid JSON).',
      why: 'Cursus loads spec files with a strict parser and stops at the first syntax error; nothing in the file takes effect until it parses.',
      bad: 'script_name: tabular_preprocessing\ninput_paths:\n  DATA: [data/in\n',
      good: 'script_name: tabular_preprocessing\ninput_paths:\n  DATA: data/in\n',
    },
  },
  check(ctx) {
    for (const p of ctx.file.parsed.problems) ctx.report({ span: p.span, message: p.message });
  },
};
