/**
 * What an open document's analyses can reuse from the previous keystroke: chunk parses, and per-spec results
 * (findings, schema issues, edge matches) keyed by the text of the spec and everything else they depend on.
 * A result found at another offset is shifted, since an edit above a spec moves it without changing it.
 */
import type { Diagnostic, Fix } from './diagnostics.js';
import type { Span } from './span.js';
import { ChunkCache } from './syntax/incremental-yaml.js';

const MAX_ENTRIES = 100_000;

export class AnalysisCache {
  readonly chunks = new ChunkCache();
  /** By content (a spec's text, say), then by what was computed from it; one hash of the long key per group. */
  private readonly entries = new Map<string, Group>();
  private count = 0;
  hits = 0;
  misses = 0;

  /** A value computed from `content` at `offset` (shifted by `shift` when found at another offset). */
  get<T>(content: string, what: string, offset: number, compute: () => T, shift: (value: T, by: number) => T): T {
    let group = this.entries.get(content);
    const hit = group?.values.get(what);
    if (hit) {
      this.hits++;
      if (hit.offset === offset) return hit.value as T;
      const moved = shift(hit.value as T, offset - hit.offset);
      hit.offset = offset;
      hit.value = moved;
      return moved;
    }
    this.misses++;
    const value = compute();
    if (this.count >= MAX_ENTRIES) {
      this.entries.clear();
      this.count = 0;
      group = undefined;
    }
    if (!group) this.entries.set(content, (group = { values: new Map() }));
    group.values.set(what, { offset, value });
    this.count++;
    return value;
  }
}

interface Group {
  values: Map<string, { offset: number; value: unknown }>;
}

export function shiftSpan(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

export function shiftFixes(fixes: Fix[], by: number): Fix[] {
  return fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: shiftSpan(e.span, by) })) }));
}

export function shiftDiagnostics(list: Diagnostic[], by: number): Diagnostic[] {
  if (by === 0 || list.length === 0) return list;
  return list.map((d) => ({
    ...d,
    span: shiftSpan(d.span, by),
    fixes: shiftFixes(d.fixes, by),
    ...(d.related ? { related: d.related.map((r) => (r.file === '' ? { ...r, span: shiftSpan(r.span, by) } : r)) } : {}),
  }));
}
