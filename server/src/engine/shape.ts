/**
 * What the file-level rules of a pipeline read, and how their findings move with an edit that leaves it alone.
 * After a keystroke inside one script spec (an env value, say), the DAG, the node names and every path are as
 * they were: the `scope: 'shape'` rules would find the same things, only further down the text. Their earlier
 * findings are then moved with the edit instead of computed again over every node.
 */
import type { Diagnostic } from './diagnostics.js';
import type { AnalysedFile } from './file.js';
import { pipelineOf } from './model/build.js';
import type { NodeSpec, PathRef } from './model/types.js';
import type { Span } from './span.js';
import type { TextChange } from './text-change.js';

/**
 * Everything a `scope: 'shape'` rule may read, as written (raw text, so quoting counts): the file outside the
 * `script_specs` map (the DAG, the workspace root, the configuration), each spec's key, and of each spec its
 * script and step names, script path, `run`, and input and output keys, logical names, paths and aliases.
 * Undefined for files that are not pipelines (their rules always run).
 */
export function shapeOf(file: AnalysedFile): string | undefined {
  const pipeline = pipelineOf(file.model);
  if (!pipeline) return undefined;
  const text = file.text;
  const holder = pipeline.specsEntry?.value;
  const parts: string[] = [file.kind, file.language];
  if (!holder || holder.kind !== 'map') {
    parts.push(text);
    return parts.join('\u0000');
  }
  parts.push(text.slice(0, holder.span.start), text.slice(holder.span.end), holder.flow ? 'flow' : 'block');
  for (const s of pipeline.specs) parts.push(specShape(s, text));
  return parts.join('\u0000');
}

/**
 * Whether `file` has the shape `earlier` had, `change` apart. When the tree was made from the earlier one by
 * parsing again a block inside one script spec (after its key's line), everything else is the earlier tree
 * moved, so that spec alone is compared; otherwise the whole shapes are.
 */
export function sameShape(earlier: AnalysedFile, file: AnalysedFile, change: TextChange): boolean {
  const a = pipelineOf(earlier.model);
  const b = pipelineOf(file.model);
  if (!a || !b) return false;
  const spliced = file.parsed.spliced;
  if (spliced && spliced.base === earlier.text && a.specs.length === b.specs.length && a.specsEntry && b.specsEntry) {
    const block = spliced.block;
    const i = a.specs.findIndex((s) => s.entry.span.start <= block.start && block.end <= s.entry.span.end);
    const keyLineEnd = i >= 0 ? earlier.text.indexOf('\n', a.specs[i].entry.span.start) : -1;
    if (i >= 0 && keyLineEnd >= 0 && keyLineEnd < change.start && change.oldEnd <= block.end) {
      return b.specs[i].entry.span.start === a.specs[i].entry.span.start && specShape(a.specs[i], earlier.text) === specShape(b.specs[i], file.text);
    }
  }
  return shapeOf(earlier) === shapeOf(file);
}

/** One spec's part of the shape. */
function specShape({ node, entry, spec }: NodeSpec, text: string): string {
  const raw = (s: Span | undefined) => (s ? text.slice(s.start, s.end) : '\u0002');
  if (!spec) return `!${raw(entry.span)}`;
  const paths = (list: PathRef[]) => list.map((p) => `${raw(p.key.span)}\u0003${p.logicalName}\u0003${raw(p.path?.span)}\u0003${p.aliases.map((x) => raw(x.span)).join('\u0004')}`).join('\u0005');
  return [
    raw(node.span),
    raw(spec.scriptName?.span),
    raw(spec.stepName?.span),
    raw(spec.scriptPath?.span),
    raw(spec.provided),
    spec.enhanced ? 'E' : '-',
    raw(spec.inputsEntry?.key.span),
    paths(spec.inputs),
    raw(spec.outputsEntry?.key.span),
    paths(spec.outputs),
  ].join('\u0001');
}

/** A finding placed anew by an analysis, to the one it was moved from (so its encoding can be reused when its line and column stayed). */
export const movedFrom = {
  get(d: Diagnostic): Diagnostic | undefined {
    return moves.get(d);
  },
  set(moved: Diagnostic, from: Diagnostic): void {
    moves.set(moved, from);
  },
  /** Forgets the moves of the last analysis (its findings have been encoded by now): nothing older is kept alive. */
  clear(): void {
    moves = new WeakMap();
  },
};
let moves = new WeakMap<Diagnostic, Diagnostic>();

/**
 * Findings of the old text, placed in the new one; undefined when one of them touches the change (a position
 * inside it, or at an insertion point, or a fix that edits next to it), so that only computing again is right.
 * Findings before the change are kept as they are.
 */
export function moveFindings(list: Diagnostic[], c: TextChange): Diagnostic[] | undefined {
  const delta = c.newLength - (c.oldEnd - c.start);
  if (delta === 0 && c.oldEnd === c.start && c.newLength === 0) return list;
  let ok = true;
  const at = (p: number): number => {
    if (p < c.start || (p === c.start && c.oldEnd > c.start)) return p;
    if (p >= c.oldEnd && p !== c.start) return p + delta;
    ok = false;
    return p;
  };
  const move = (s: Span): Span => {
    const start = at(s.start);
    const end = at(s.end);
    return start === s.start && end === s.end ? s : { start, end };
  };
  const out: Diagnostic[] = [];
  for (const d of list) {
    for (const f of d.fixes) {
      // A fix's replacement was written for the text around it: it must not border on the change.
      for (const e of f.edits) if (!(e.span.end < c.start || e.span.start > c.oldEnd)) return undefined;
    }
    let last = d.span.end;
    if (d.related) for (const r of d.related) if (r.file === '' && r.span.end > last) last = r.span.end;
    for (const f of d.fixes) for (const e of f.edits) if (e.span.end > last) last = e.span.end;
    if (last < c.start) {
      out.push(d);
      continue;
    }
    const moved: Diagnostic = {
      ...d,
      span: move(d.span),
      fixes: d.fixes.length === 0 ? d.fixes : d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: move(e.span) })) })),
      ...(d.related ? { related: d.related.map((r) => (r.file === '' ? { ...r, span: move(r.span) } : r)) } : {}),
    };
    if (!ok) return undefined;
    movedFrom.set(moved, d);
    out.push(moved);
  }
  return out;
}
