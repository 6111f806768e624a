/**
 * A fast reader for the plain block YAML that specs are mostly written in: block maps and sequences, plain and
 * simply quoted scalars, one-line flow sequences of scalars, `{}` and comments. It builds exactly the tree
 * parse-yaml.ts builds from the yaml package (same shape, spans, values; test/fast-yaml.test.ts compares them
 * on every fixture and on generated and mutated documents) at a small fraction of the time and garbage, and
 * gives up (undefined) on anything else: anchors, aliases, tags, merge keys, block scalars, multi-line or
 * escaped scalars, flow maps, complex keys, tabs, CR, byte order marks, document markers, any syntax error. The caller then
 * parses with the yaml package, so results never depend on which reader ran.
 */
import type { MapEntry, MapNode, ScalarNode, SeqNode, YNode } from './ast.js';
import { pyyamlPlain } from './yaml11.js';

/** Deeper nesting is left to the full parser (which bounds it and reports it). */
const MAX_DEPTH = 64;

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const NEWLINE = 10;

/** The tree of `text`, or undefined when the text is outside what this reader handles. */
export function fastYamlTree(text: string): { root: YNode | null; problems: [] } | undefined {
  if (text.includes('\t') || text.includes('\r') || text.includes('\uFEFF') || /^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  try {
    return new FastReader(text).document();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

const GIVE_UP = Symbol('outside the fast subset');

/** One line: where its content starts (after the indentation) and ends (before a comment and trailing spaces). */
interface Line {
  start: number;
  /** After the line's newline (or the text's end): where a block ending on this line ends. */
  next: number;
  indent: number;
  /** Offset of the first content character; -1 for blank and comment-only lines. */
  content: number;
}

class FastReader {
  private readonly lines: Line[] = [];
  private i = 0;

  constructor(private readonly text: string) {
    let start = 0;
    const n = text.length;
    let indentedComment = false;
    while (start < n) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = n;
      let p = start;
      while (p < end && text.charCodeAt(p) === SPACE) p++;
      const c = p < end ? text.charCodeAt(p) : -1;
      this.lines.push({ start, next: end < n ? end + 1 : n, indent: p - start, content: c === -1 || c === HASH ? -1 : p });
      if (c === HASH && p > start) indentedComment = true;
      start = end + 1;
    }
    // yaml extends a collection over a comment indented further than the line after it (or than the end of
    // the text) in ways of its own: such texts are the full parser's.
    if (indentedComment) {
      let nextIndent = -1;
      for (let k = this.lines.length - 1; k >= 0; k--) {
        const l = this.lines[k];
        if (l.content >= 0) nextIndent = l.indent;
        else if (l.indent > 0 && l.indent > nextIndent && text.charCodeAt(l.start + l.indent) === HASH) throw GIVE_UP;
      }
    }
  }

  document(): { root: YNode | null; problems: [] } {
    this.skipEmpty();
    if (this.i >= this.lines.length) return { root: null, problems: [] };
    const first = this.lines[this.i];
    if (first.indent !== 0) throw GIVE_UP;
    const root = this.block(0, 0);
    this.skipEmpty();
    if (this.i < this.lines.length) throw GIVE_UP;
    return { root, problems: [] };
  }

  private skipEmpty(): void {
    while (this.i < this.lines.length && this.lines[this.i].content < 0) this.i++;
  }

  /** The block (map or sequence) whose first line is the current one, at `indent`. */
  private block(indent: number, depth: number): MapNode | SeqNode {
    if (depth > MAX_DEPTH) throw GIVE_UP;
    const line = this.lines[this.i];
    return this.isItem(line) ? this.seq(indent) : this.map(indent, depth);
  }

  private isItem(line: Line): boolean {
    if (this.text.charCodeAt(line.content) !== DASH) return false;
    const after = line.content + 1;
    return after >= line.next || this.text.charCodeAt(after) === SPACE || this.text.charCodeAt(after) === NEWLINE;
  }

  /** The index of the last content line consumed, and where it ends (a block ends there). */
  private lastIndex = -1;
  private lastEnd = 0;

  private consume(): Line {
    const line = this.lines[this.i];
    this.lastIndex = this.i++;
    this.lastEnd = line.next;
    return line;
  }

  /** The next content line (blank and comment lines skipped). */
  private peek(): Line | undefined {
    this.skipEmpty();
    return this.lines[this.i];
  }

  /** After a value written on its line: more indented lines would continue it (a multi-line scalar): not ours. */
  private noContinuation(indent: number): void {
    const next = this.peek();
    if (next && next.indent > indent) throw GIVE_UP;
  }

  private map(indent: number, depth: number): MapNode {
    const entries: MapEntry[] = [];
    for (let line = this.peek(); line && line.indent === indent && !this.isItem(line); line = this.peek()) {
      const { key, rest } = this.keyOf(line);
      this.consume();
      let value: YNode;
      if (rest >= 0) {
        value = this.inline(line, rest);
        this.noContinuation(indent);
      } else {
        const next = this.peek();
        if (next && (next.indent > indent || (next.indent === indent && this.isItem(next)))) {
          value = this.block(next.indent, depth + 1);
          // yaml lets a comment after a sequence written at its key's indent extend the enclosing map: not ours.
          if (next.indent === indent && this.lastIndex + 1 < this.lines.length && this.lines[this.lastIndex + 1].content < 0) throw GIVE_UP;
        } else {
          const at = this.afterColon(line, key);
          value = { kind: 'scalar', span: { start: at, end: at }, value: null, quoted: false };
        }
      }
      entries.push({ key, value, span: { start: key.span.start, end: Math.max(value.span.end, key.span.end) } });
    }
    // Where yaml ends a map whose last value is empty depends on what follows it: not ours.
    const last = entries[entries.length - 1].value;
    if (last?.kind === 'scalar' && last.value === null && last.span.start === last.span.end) throw GIVE_UP;
    return { kind: 'map', span: { start: entries[0].key.span.start, end: this.lastEnd }, flow: false, entries };
  }

  private seq(indent: number): SeqNode {
    const items: YNode[] = [];
    const start = this.lines[this.i].content;
    for (let line = this.peek(); line && line.indent === indent && this.isItem(line); line = this.peek()) {
      let p = line.content + 1;
      while (p < line.next && this.text.charCodeAt(p) === SPACE) p++;
      const c = p < line.next ? this.text.charCodeAt(p) : NEWLINE;
      // An empty item, a nested block on the next lines, or a compact map (`- key: value`) are the full parser's.
      if (c === NEWLINE || c === HASH || this.looksLikeKey(p, line.next)) throw GIVE_UP;
      this.consume();
      items.push(this.inline(line, p));
      this.noContinuation(indent);
    }
    return { kind: 'seq', span: { start, end: this.lastEnd }, flow: false, items };
  }

  /** Where an empty value sits: the first character after the colon that is not a space. */
  private afterColon(line: Line, key: ScalarNode): number {
    let p = key.span.end + 1;
    while (p < line.next && this.text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  /** A `key:` at the line's content: the key and where its value starts (-1: nothing but a comment after it). */
  private keyOf(line: Line): { key: ScalarNode; rest: number } {
    const t = this.text;
    const s = line.content;
    let key: ScalarNode;
    let colon: number;
    const c = t.charCodeAt(s);
    if (c === 34 || c === 39) {
      const q = this.quoted(s, line.next);
      key = q.node;
      colon = q.end;
      if (t.charCodeAt(colon) !== COLON) throw GIVE_UP;
    } else {
      if (isIndicator(c)) throw GIVE_UP;
      colon = s;
      // The first `:` followed by a space or the line's end; no ` #` before it.
      for (;;) {
        colon = t.indexOf(':', colon + 1);
        if (colon < 0 || colon >= line.next) throw GIVE_UP;
        const after = t.charCodeAt(colon + 1);
        if (colon + 1 >= t.length || after === SPACE || after === NEWLINE) break;
      }
      const raw = t.slice(s, colon);
      if (raw.includes(' #') || raw.endsWith(' ') || raw === '<<' || raw.length > 1000) throw GIVE_UP;
      key = { kind: 'scalar', span: { start: s, end: colon }, value: raw, quoted: false };
    }
    let p = colon + 1;
    if (p < t.length && t.charCodeAt(p) !== SPACE && t.charCodeAt(p) !== NEWLINE) throw GIVE_UP;
    while (p < line.next && t.charCodeAt(p) === SPACE) p++;
    const v = p < t.length ? t.charCodeAt(p) : NEWLINE;
    return { key, rest: v === NEWLINE || v === HASH || p >= line.next ? -1 : p };
  }

  private looksLikeKey(p: number, lineNext: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (c === 91 || c === 123) return false;
    if (c === 34 || c === 39) {
      const close = t.indexOf(String.fromCharCode(c), p + 1);
      return close > 0 && close < lineNext && t.charCodeAt(close + 1) === COLON;
    }
    for (let q = p; q < lineNext; q++) {
      if (t.charCodeAt(q) !== COLON) continue;
      const after = q + 1 < t.length ? t.charCodeAt(q + 1) : NEWLINE;
      if (after === SPACE || after === NEWLINE) return true;
    }
    return false;
  }

  /** A value written on the line from `p`: a scalar, `[...]` or `{}`; nothing but a comment may follow it. */
  private inline(line: Line, p: number): YNode {
    const t = this.text;
    const c = t.charCodeAt(p);
    let node: YNode;
    let end: number;
    if (c === 91) ({ node, end } = this.flowSeq(p, line.next));
    else if (c === 123) {
      if (t.charCodeAt(p + 1) !== 125) throw GIVE_UP;
      node = { kind: 'map', span: { start: p, end: p + 2 }, flow: true, entries: [] };
      end = p + 2;
    } else if (c === 34 || c === 39) ({ node, end } = this.quoted(p, line.next));
    else {
      const plainEnd = this.plainEnd(p, line.next, false);
      node = plain(t, p, plainEnd);
      end = plainEnd;
    }
    this.onlyComment(end, line.next);
    return node;
  }

  /** Spaces, then a comment or the line's end. */
  private onlyComment(p: number, lineNext: number): void {
    const t = this.text;
    let q = p;
    while (q < lineNext && t.charCodeAt(q) === SPACE) q++;
    if (q >= lineNext || t.charCodeAt(q) === NEWLINE) return;
    if (t.charCodeAt(q) === HASH && q > p) return;
    throw GIVE_UP;
  }

  /** Where a plain scalar starting at `p` ends (trailing spaces and a comment excluded). */
  private plainEnd(p: number, lineNext: number, flow: boolean): number {
    const t = this.text;
    const c = t.charCodeAt(p);
    if (isIndicator(c) && !(c === DASH && p + 1 < lineNext && t.charCodeAt(p + 1) !== SPACE && t.charCodeAt(p + 1) !== NEWLINE)) throw GIVE_UP;
    let q = p;
    let last = p;
    while (q < lineNext) {
      const ch = t.charCodeAt(q);
      if (ch === NEWLINE) break;
      if (ch === HASH && t.charCodeAt(q - 1) === SPACE) break;
      if (ch === COLON) {
        const after = q + 1 < t.length ? t.charCodeAt(q + 1) : NEWLINE;
        if (after === SPACE || after === NEWLINE || flow) throw GIVE_UP;
      }
      if (flow && (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125)) break;
      if (ch !== SPACE) last = q + 1;
      q++;
    }
    if (last === p) throw GIVE_UP;
    return last;
  }

  /** A one-line quoted scalar without escapes (`''` in single quotes is one quote). */
  private quoted(p: number, lineNext: number): { node: ScalarNode; end: number } {
    const t = this.text;
    const quote = t[p];
    let q = p + 1;
    let value = '';
    let from = q;
    for (;;) {
      const close = t.indexOf(quote, q);
      if (close < 0 || close >= lineNext) throw GIVE_UP;
      if (quote === "'" && t[close + 1] === "'") {
        value += t.slice(from, close + 1);
        q = close + 2;
        from = q;
        continue;
      }
      value += t.slice(from, close);
      q = close + 1;
      break;
    }
    if (quote === '"' && value.includes('\\')) throw GIVE_UP;
    return { node: { kind: 'scalar', span: { start: p, end: q }, value, quoted: true }, end: q };
  }

  /** `[a, "b", c]` on one line: scalars only. */
  private flowSeq(p: number, lineNext: number): { node: SeqNode; end: number } {
    const t = this.text;
    const items: YNode[] = [];
    let q = p + 1;
    const skip = () => {
      while (q < lineNext && t.charCodeAt(q) === SPACE) q++;
    };
    skip();
    if (t.charCodeAt(q) === 93) return { node: { kind: 'seq', span: { start: p, end: q + 1 }, flow: true, items }, end: q + 1 };
    for (;;) {
      skip();
      const c = t.charCodeAt(q);
      if (q >= lineNext || c === NEWLINE || c === 44 || c === 93 || c === 91 || c === 123 || c === HASH) throw GIVE_UP;
      if (c === 34 || c === 39) {
        const r = this.quoted(q, lineNext);
        items.push(r.node);
        q = r.end;
      } else {
        const e = this.plainEnd(q, lineNext, true);
        items.push(plain(t, q, e));
        q = e;
      }
      skip();
      const d = t.charCodeAt(q);
      if (d === 44) {
        q++;
        skip();
        // A trailing comma before `]` is valid YAML; leave it to the full parser.
        if (t.charCodeAt(q) === 93) throw GIVE_UP;
        continue;
      }
      if (d === 93) return { node: { kind: 'seq', span: { start: p, end: q + 1 }, flow: true, items }, end: q + 1 };
      throw GIVE_UP;
    }
  }
}

/** Characters a plain scalar or key cannot start with (YAML's indicators); `-` is checked by the caller. */
function isIndicator(c: number): boolean {
  // - ? : , [ ] { } # & * ! | > ' " % @ `
  return c === 45 || c === 63 || c === 58 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === 35 || c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96;
}

function plain(text: string, start: number, end: number): ScalarNode {
  const source = text.slice(start, end);
  if (source === '=') throw GIVE_UP;
  const py = pyyamlPlain(source);
  const span = { start, end };
  return py.python ? { kind: 'scalar', span, value: py.value, quoted: false, python: py.python } : { kind: 'scalar', span, value: py.value, quoted: false };
}
