/** C210: an env var whose value is a number or boolean, not a string. */
import { specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const nonStringEnvValue: Rule = {
  meta: {
    code: 'C210',
    name: 'non-string-env-value',
    severity: 'warning',
    fixable: true,
    reads: ['env'],
    scope: 'spec',
    docs: {
      summary: 'An `environ_vars` value that YAML reads as a number, boolean or date, not a string.',
      why: "Environment variables are strings: Cursus's model rejects `TRAIN_RATIO: 0.7`, and Cursus's YAML loader (PyYAML, YAML 1.1) turns `0.70` into `0.7`, `yes` and `off` into booleans, `017` into 15, `12:30` into 750 and `2024-01-01` into a date before anyone sees it. Quote the value.",
      bad: 'environ_vars:\n  TRAIN_RATIO: 0.7\n',
      good: 'environ_vars:\n  TRAIN_RATIO: "0.7"\n',
    },
  },
  check(ctx) {
    for (const { spec } of specsOf(ctx)) {
      for (const v of spec.env) {
        const node = v.value;
        if (node?.kind !== 'scalar' || node.value === null || (typeof node.value === 'string' && !node.python)) continue;
        const written = ctx.file.text.slice(node.span.start, node.span.end);
        const quoted = JSON.stringify(written);
        ctx.report({
          span: node.span,
          message: `Env var '${v.key.name}' has the ${node.python ?? typeof node.value} ${written}; env values are strings. Write it as ${quoted}.`,
          fixes: [{ title: `Quote as ${quoted}`, safe: true, edits: [{ span: node.span, newText: quoted }] }],
        });
      }
    }
  },
};
