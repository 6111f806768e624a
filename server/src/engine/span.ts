/** Offsets into a file's text, and the one place that turns them into lines and columns. */

/** A half-open range of UTF-16 offsets: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A zero-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

export function contains(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset <= outer.end;
}

/** Maps offsets to positions and back for one text (like yaml's LineCounter). */
export class LineIndex {
  /** Where each line starts: a typed array of the exact size (a pushed array kept up to half as much again unused). */
  private readonly lineStarts: Int32Array;

  constructor(private readonly text: string, lineStarts?: Int32Array) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    if (text.indexOf('\r') < 0) {
      // No carriage return (nearly every file): the line breaks are found by indexOf, much faster than a loop.
      let count = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
      const starts = new Int32Array(count);
      let n = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
      this.lineStarts = starts;
      return;
    }
    let count = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) count++;
    }
    const starts = new Int32Array(count);
    let n = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts[n++] = i + 1;
    }
    this.lineStarts = starts;
  }

  /** The index of `text`, made from this one's when `text` is this text with `[start, oldEnd)` replaced by `newLength` characters holding no line break. */
  edited(text: string, change: { start: number; oldEnd: number; newLength: number }): LineIndex {
    const delta = change.newLength - (change.oldEnd - change.start);
    const starts = this.lineStarts.slice();
    for (let i = starts.length - 1; i >= 0 && starts[i] > change.start; i--) starts[i] += delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOfClamped(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  /** Whether `offset` is at `pos`, as position() would place it (without making a Position: this runs per finding per keystroke). */
  isAt(offset: number, pos: Position): boolean {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOfClamped(clamped);
    return pos.line === line && pos.character === clamped - this.lineStarts[line];
  }

  private lineOfClamped(clamped: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  offset(pos: Position): number {
    if (pos.line >= this.lineStarts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.lineStarts[pos.line];
    const end = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, pos.character), end);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}

/** Drops findings that repeat an earlier one's code at the same span (several checks may reach one fault). */
export function dedupeByCodeAndSpan<T extends { code: string; span: Span }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = `${i.code}:${i.span.start}:${i.span.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
