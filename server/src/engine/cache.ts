/**
 * What an open document's analyses can reuse from the previous keystroke: chunk parses, and per-spec results
 * (findings, schema issues, edge matches) keyed by the text of the spec and everything else they depend on.
 * A result found at another offset is shifted, since an edit above a spec moves it without changing it.
 */
import type { Diagnostic, Fix } from './diagnostics.js';
import type { AnalysedFile } from './file.js';
import type { Language } from './syntax/parse.js';
import type { LineIndex, Span } from './span.js';
import { detached, textChange, type TextChange } from './text-change.js';

/** A text change, and whether it adds or removes a line break. */
export type LineChange = TextChange & { lines: boolean };
import { ChunkCache, treeMoves } from './syntax/incremental-yaml.js';
import { movedFrom } from './shape.js';

const MAX_ENTRIES = 100_000;

export class AnalysisCache {
  readonly chunks = new ChunkCache((before, after) => this.changeFrom(before, after));
  /** By content (a spec's text, say), then by what was computed from it; one hash of the long key per group. */
  private readonly entries = new Map<string, Group>();
  private count = 0;
  /** Values by the tree part they were computed from (see forPart): usually one per part, a short list otherwise. */
  private readonly byPart = new WeakMap<object, PartValue>();

  /**
   * A value computed from a part of the tree (a spec's map, an entry) at `offset`: the same part gives it back
   * at once; a part the last edit moved (treeMoves) gives the old part's value, shifted; else it is looked up
   * by the part's text (`content`) as `get` does. Without `content` (a part whose tree is not what its text
   * alone says, see repaired.ts) it is computed, and kept for the part alone.
   */
  forPart<T>(part: object, content: (() => string) | undefined, what: string, offset: number, compute: () => T, shift: (value: T, by: number) => T): T {
    const value = this.reuse(part, what, offset, shift);
    if (value !== undefined) return value;
    const found = content ? this.get(content(), what, offset, compute, shift) : compute();
    this.keep(part, what, offset, found);
    return found;
  }

  /**
   * What forPart gives without computing anything: the value of this part at this offset, or of the part the
   * last edit moved it from, shifted (and then kept for this part). Undefined when neither is known (call
   * forPart then); lets a caller over a thousand specs skip making the closures forPart takes.
   */
  reuse<T>(part: object, what: string, offset: number, shift: (value: T, by: number) => T): T | undefined {
    const hit = valueFor(this.byPart.get(part), what);
    if (hit && hit.offset === offset) {
      this.hits++;
      return hit.value as T;
    }
    const moved = treeMoves.get(part);
    const old = moved && valueFor(this.byPart.get(moved.from), what);
    if (!old || !moved || old.offset + moved.by !== offset) return undefined;
    this.hits++;
    const value = shift(old.value as T, moved.by);
    this.keep(part, what, offset, value);
    return value;
  }

  private keep(part: object, what: string, offset: number, value: unknown): void {
    const first = this.byPart.get(part);
    this.byPart.set(part, { what, offset, value, next: first && first.what !== what ? { ...first, next: undefined } : undefined });
  }

  /** Whether the last text was free of faults (see faultsOf in file.ts). */
  lastFaults?: { text: string; language: Language; clean: boolean };
  /** The last text's line index (the next one is made from it when no line was added or removed). */
  lastLines?: { text: string; lines: LineIndex };
  private lastChange?: { before: string; after: string; change: LineChange };

  /** Where `after` differs from `before`, and whether the change adds or removes a line break (remembered for the pair). */
  changeFrom(before: string, after: string): LineChange {
    const last = this.lastChange;
    if (last && last.before === before && last.after === after) return last.change;
    const c = textChange(before, after);
    const change = { ...c, lines: /[\r\n]/.test(before.slice(c.start, c.oldEnd)) || /[\r\n]/.test(after.slice(c.start, c.start + c.newLength)) };
    this.lastChange = { before, after, change };
    return change;
  }

  /** The last analysis's findings of the `scope: 'shape'` rules, with the file they were found in. */
  shaped?: { file: AnalysedFile; env: string; byRule: Map<string, ShapedFindings> };
  hits = 0;
  misses = 0;
  /** Shape rules whose findings were moved with an edit instead of computed again (for tests). */
  shapeReuses = 0;

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
    if (!group) this.entries.set(detached(content), (group = { values: new Map() }));
    group.values.set(what, { offset, value });
    this.count++;
    return value;
  }
}

/** One shape rule's findings, and the existence of each path it asked about (with the answer). */
export interface ShapedFindings {
  found: Diagnostic[];
  asked: Map<string, boolean>;
}

interface PartValue {
  what: string;
  offset: number;
  value: unknown;
  next?: PartValue;
}

function valueFor(v: PartValue | undefined, what: string): PartValue | undefined {
  for (let x = v; x; x = x.next) if (x.what === what) return x;
  return undefined;
}

interface Group {
  values: Map<string, { offset: number; value: unknown }>;
}

export function shiftSpan(s: Span, by: number): Span {
  return { start: s.start + by, end: s.end + by };
}

export function shiftFixes(fixes: Fix[], by: number): Fix[] {
  if (fixes.length === 0) return fixes;
  return fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, span: shiftSpan(e.span, by) })) }));
}

export function shiftDiagnostics(list: Diagnostic[], by: number): Diagnostic[] {
  if (by === 0 || list.length === 0) return list;
  return list.map((d) => {
    const moved = {
      ...d,
      span: shiftSpan(d.span, by),
      fixes: shiftFixes(d.fixes, by),
      ...(d.related ? { related: d.related.map((r) => (r.file === '' ? { ...r, span: shiftSpan(r.span, by) } : r)) } : {}),
    };
    movedFrom.set(moved, d);
    return moved;
  });
}
