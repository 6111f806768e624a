/** C210: an env var whose value is a number or boolean, not a string. */
import { specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const nonStringEnvValue: Rule = {
  meta: {
    code: 'C210',
    name: 'non-string-env-value',
    severity: 'warning',
    fixable: true,
    scope: 'spec',
    docs: {
      summary: 'An `environ_vars` value written as a number or boolean.',
      why: "Environment variables are strings: Cursus's model rejects `TRAIN_RATIO: 0.7`, and YAML turns `0.70` into `0.7` and `yes` into `true` before anyone sees it. Quote the value.",
      bad: 'environ_vars:\n  TRAIN_RATIO: 0.7\n',
      good: 'environ_vars:\n  TRAIN_RATIO: "0.7"\n',
    },
  },
  check(ctx) {
    for (const { spec } of specsOf(ctx)) {
      for (const v of spec.env) {
        const node = v.value;
        if (node?.kind !== 'scalar' || node.value === null || typeof node.value === 'string') continue;
        const written = ctx.file.text.slice(node.span.start, node.span.end);
        const quoted = JSON.stringify(written);
        ctx.report({
          span: node.span,
          message: `Env var '${v.key.name}' has the ${typeof node.value} ${written}; env values are strings. Write it as ${quoted}.`,
          fixes: [{ title: `Quote as ${quoted}`, safe: true, edits: [{ span: node.span, newText: quoted }] }],
        });
      }
    }
  },
};
