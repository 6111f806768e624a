/** S103: the same key twice in one map. */
import type { MapNode, YNode } from '../syntax/ast.js';
import type { Rule, RuleContext } from './rule.js';

export const duplicateKey: Rule = {
  meta: {
    code: 'S103',
    name: 'duplicate-key',
    severity: 'error',
    fixable: false,
    docs: {
      summary: 'A key appears twice in the same map.',
      why: "Python's json.load keeps only the last value of a repeated key, so the first one is silently lost.",
      bad: 'environ_vars:\n  LABEL_FIELD: label\n  LABEL_FIELD: target\n',
      good: 'environ_vars:\n  LABEL_FIELD: target\n',
    },
  },
  check(ctx) {
    walk(ctx, ctx.file.parsed.root);
  },
};

function walk(ctx: RuleContext, node: YNode | null): void {
  if (!node || node.kind === 'scalar') return;
  if (node.kind === 'seq') {
    for (const item of node.items) walk(ctx, item);
    return;
  }
  reportDuplicates(ctx, node);
  // Entries a merge key brought in are checked where they are written.
  for (const e of node.entries) if (!e.merged) walk(ctx, e.value);
}

function reportDuplicates(ctx: RuleContext, map: MapNode): void {
  const first = new Map<string, MapNode['entries'][number]>();
  for (const e of map.entries) {
    // A map's own key overriding a merged one (`<<: *base` then `x: 2`) is what merge keys are for.
    if (e.merged) continue;
    const key = String(e.key.value);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, e);
      continue;
    }
    const line = ctx.file.lines.position(earlier.key.span.start).line + 1;
    ctx.report({
      span: e.key.span,
      message: `Duplicate key '${key}': only this last value is used and the one on line ${line} is silently lost. Remove one or rename it.`,
      related: [{ file: '', span: earlier.key.span, message: `'${key}' first defined here` }],
    });
  }
}
