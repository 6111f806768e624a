/** S103: the same key twice in one map. */
import type { MapNode, YNode } from '../syntax/ast.js';
import type { Report, Rule, RuleContext } from './rule.js';
import { treeMoves } from '../syntax/incremental-yaml.js';
import { shiftSpan } from '../cache.js';

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
    walk(ctx, ctx.file.parsed.root, false);
  },
};

/** A collection with more children than this has each child's findings remembered (a spec among many, say). */
const BIG = 16;

/**
 * Findings under a child of a big collection, by tree node. Trees are never changed, and the tree after an edit
 * shares the parts the edit did not touch: those are not walked again. The line of the node is kept too, since
 * messages quote line numbers.
 */
const remembered = new WeakMap<object, { line: number; reports: Report[] }>();
/** What a node without findings remembers (shared: most of a file's specs have none). */
const NOTHING: { line: number; reports: Report[] } = Object.freeze({ line: -1, reports: Object.freeze([]) as unknown as Report[] });

function lineOf(ctx: RuleContext, n: YNode): number {
  return ctx.file.lines.position(n.span.start).line;
}

function walk(ctx: RuleContext, node: YNode | null, memo: boolean): void {
  if (!node || node.kind === 'scalar') return;
  if (memo) {
    const hit = remembered.get(node);
    if (hit && (hit.reports.length === 0 || hit.line === lineOf(ctx, node))) {
      for (const r of hit.reports) ctx.report(r);
      return;
    }
    // A copy of an old node moved by an edit that added no line: the old findings, moved.
    const moved = treeMoves.get(node);
    const old = moved && remembered.get(moved.from);
    if (moved && old && (old.reports.length === 0 || old.line === lineOf(ctx, node))) {
      if (old.reports.length === 0) {
        remembered.set(node, old);
        return;
      }
      const reports = old.reports.map((r) => ({ ...r, span: shiftSpan(r.span, moved.by), related: r.related?.map((x) => (x.file === '' ? { ...x, span: shiftSpan(x.span, moved.by) } : x)) }));
      remembered.set(node, { line: old.line, reports });
      for (const r of reports) ctx.report(r);
      return;
    }
    const reports: Report[] = [];
    walk({ ...ctx, report: (r) => (reports.push(r), ctx.report(r)) }, node, false);
    remembered.set(node, reports.length ? { line: lineOf(ctx, node), reports } : NOTHING);
    return;
  }
  if (node.kind === 'seq') {
    const big = remembers(ctx) && node.items.length > BIG;
    for (const item of node.items) walk(ctx, item, big);
    return;
  }
  reportDuplicates(ctx, node);
  // Entries a merge key brought in are checked where they are written.
  const big = remembers(ctx) && node.entries.length > BIG;
  for (const e of node.entries) if (!e.merged) walk(ctx, e.value, big);
}

/** Findings are remembered for the next analysis of an open document (a cache); a file checked once (the CLI) is just walked. */
function remembers(ctx: RuleContext): boolean {
  return ctx.cache !== undefined;
}

/** Maps this small are compared pairwise (no Map built for each of the file's many small maps). */
const SMALL_MAP = 12;

function reportDuplicates(ctx: RuleContext, map: MapNode): void {
  const entries = map.entries;
  if (entries.length < SMALL_MAP) {
    let repeated = false;
    for (let i = 1; i < entries.length && !repeated; i++) {
      const key = String(entries[i].key.value);
      for (let j = 0; j < i; j++) if (String(entries[j].key.value) === key) repeated = true;
    }
    if (!repeated) return;
  }
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
