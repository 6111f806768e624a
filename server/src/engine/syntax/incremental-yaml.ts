/**
 * Parsing a large block-style YAML spec in chunks, so that an edit re-parses only the chunk it touches.
 * The document is cut at sibling boundaries (top-level keys, entries of big maps such as `script_specs`,
 * items of big lists such as `dag.edges`); each chunk is a complete YAML text on its own and is parsed once
 * per distinct content. The assembled tree has the same shape and offsets as a whole-file parse; files the
 * cutting cannot handle safely (anchors, merge keys, several documents, flow style at the top, tabs) are parsed whole.
 */
import type { MapEntry, MapNode, ScalarNode, SeqNode, YNode } from './ast.js';
import type { ParseResult, SyntaxProblem } from './parse.js';
import { collectComments, parseYaml, parseYamlTree } from './parse-yaml.js';

/** Blocks shorter than this are parsed whole; longer ones are cut into their children. */
const SPLIT_MIN_LINES = 48;
/** Children parsed together in one chunk. */
const CHILDREN_PER_CHUNK = 4;
const MAX_CACHE_ENTRIES = 20_000;
/** Lines indented further than this are unusual enough to parse the file whole. */
const MAX_CHUNKED_INDENT = 100;

interface Parsed {
  root: YNode | null;
  problems: SyntaxProblem[];
}

/** Parses of chunk texts, by content; one per open document keeps edits cheap. */
export class ChunkCache {
  private readonly byText = new Map<string, { relative: Parsed; offset: number; absolute: Parsed }>();

  parse(text: string, start: number, end: number): Parsed {
    const chunk = text.slice(start, end);
    const hit = this.byText.get(chunk);
    if (hit) {
      if (hit.offset !== start) {
        hit.absolute = shiftParsed(hit.relative, start);
        hit.offset = start;
      }
      return hit.absolute;
    }
    const relative = parseYamlTree(chunk);
    const absolute = start === 0 ? relative : shiftParsed(relative, start);
    if (this.byText.size >= MAX_CACHE_ENTRIES) this.byText.clear();
    this.byText.set(chunk, { relative, offset: start, absolute });
    return absolute;
  }

  get size(): number {
    return this.byText.size;
  }
}

/**
 * Chunk parses kept for nothing: one reading of a big file (the CLI), where each chunk's yaml Document and tree
 * become garbage as soon as its part of the assembled tree is built, instead of one Document for the whole file.
 */
export class OneShotChunks {
  parse(text: string, start: number, end: number): Parsed {
    const relative = parseYamlTree(text.slice(start, end));
    return start === 0 ? relative : shiftParsed(relative, start);
  }
}

/** What parseYamlChunked parses chunks with: a ChunkCache (an open document) or OneShotChunks. */
export type ChunkParser = Pick<ChunkCache, 'parse'>;

interface Line {
  start: number;
  end: number;
  indent: number;
  /** Blank or comment-only. */
  empty: boolean;
}

export function parseYamlChunked(text: string, cache: ChunkParser): ParseResult {
  const lines = scanLines(text);
  if (!cuttable(text, lines)) return parseYaml(text);
  const problems: SyntaxProblem[] = [];
  const tops = childStarts(text, lines, 0, lines.length, 0);
  if (tops === undefined || tops.length === 0) return parseYaml(text);
  const entries: MapEntry[] = [];
  let end = 0;
  for (const part of segments(lines, 0, lines.length, tops)) {
    const value = assemble(text, lines, part.from, part.to, 0, cache, problems);
    if (value === undefined) return parseYaml(text);
    if (value.kind !== 'entries') return parseYaml(text);
    entries.push(...value.entries);
    if (value.entries.length) end = value.end;
  }
  const root: MapNode | null = entries.length ? { kind: 'map', span: { start: entries[0].span.start, end }, flow: false, entries } : null;
  return { root, problems, comments: collectComments(text) };
}

/** Children read from some lines, and where their block ends (after the last line's break, as yaml counts it). */
type Assembled = ({ kind: 'entries'; entries: MapEntry[] } | { kind: 'items'; items: YNode[] }) & { end: number };

/**
 * Lines [from, to) hold sibling entries (or list items) at `indent`. Short runs are parsed as one chunk;
 * a long single entry whose value is a block is cut into its own children.
 */
function assemble(text: string, lines: Line[], from: number, to: number, indent: number, cache: ChunkParser, problems: SyntaxProblem[]): Assembled | undefined {
  const first = firstContent(lines, from, to);
  const keyLine = first === undefined ? undefined : lines[first];
  const single = first !== undefined && childStarts(text, lines, first + 1, to, indent)?.length === 0;
  if (to - from >= SPLIT_MIN_LINES && single && keyLine && isBareKeyLine(text, keyLine)) {
    const split = splitEntry(text, lines, first!, to, cache, problems);
    if (split) return { kind: 'entries', entries: [split], end: split.span.end };
  }
  const parsed = cache.parse(text, lines[from].start, lines[to - 1].end);
  problems.push(...parsed.problems);
  const root = parsed.root;
  if (root === null) return { kind: 'entries', entries: [], end: lines[from].start };
  if (root.kind === 'map' && !root.flow) return { kind: 'entries', entries: root.entries, end: root.span.end };
  if (root.kind === 'seq' && !root.flow) return { kind: 'items', items: root.items, end: root.span.end };
  return undefined;
}

/** `key:` (nothing but a comment after the colon) followed by a block value: cut the value into its children. */
function splitEntry(text: string, lines: Line[], keyIndex: number, to: number, cache: ChunkParser, problems: SyntaxProblem[]): MapEntry | undefined {
  const keyParse = cache.parse(text, lines[keyIndex].start, lines[keyIndex].end);
  if (keyParse.problems.length || keyParse.root?.kind !== 'map' || keyParse.root.entries.length !== 1) return undefined;
  const key: ScalarNode = keyParse.root.entries[0].key;
  const bodyFirst = firstContent(lines, keyIndex + 1, to);
  if (bodyFirst === undefined) return undefined;
  const childIndent = lines[bodyFirst].indent;
  const keyIndent = lines[keyIndex].indent;
  const isSeqBody = text.startsWith('-', lines[bodyFirst].start + childIndent);
  if (childIndent < keyIndent || (childIndent === keyIndent && !isSeqBody)) return undefined;
  const starts = childStarts(text, lines, keyIndex + 1, to, childIndent);
  if (!starts || starts.length === 0) return undefined;
  const collected: Assembled[] = [];
  for (const part of segments(lines, keyIndex + 1, to, starts)) {
    const a = assemble(text, lines, part.from, part.to, childIndent, cache, problems);
    if (!a) return undefined;
    collected.push(a);
  }
  let value: MapNode | SeqNode;
  const end = collected[collected.length - 1].end;
  if (collected.every((c) => c.kind === 'entries')) {
    const entries = collected.flatMap((c) => (c.kind === 'entries' ? c.entries : []));
    if (!entries.length) return undefined;
    value = { kind: 'map', flow: false, span: { start: entries[0].span.start, end }, entries };
  } else if (collected.every((c) => c.kind === 'items')) {
    const items = collected.flatMap((c) => (c.kind === 'items' ? c.items : []));
    if (!items.length) return undefined;
    const dash = lines[bodyFirst].start + childIndent;
    value = { kind: 'seq', flow: false, span: { start: dash, end }, items };
  } else {
    return undefined;
  }
  return { key, value, span: { start: key.span.start, end: value.span.end } };
}

/** Groups of children: a long child stands alone (so it can be cut further), short ones go CHILDREN_PER_CHUNK at a time. */
function segments(lines: Line[], from: number, to: number, starts: number[]): { from: number; to: number }[] {
  const bounds = [...starts, to];
  const out: { from: number; to: number }[] = [];
  let groupFrom = from;
  let count = 0;
  for (let i = 0; i < starts.length; i++) {
    const childTo = bounds[i + 1];
    const long = childTo - starts[i] >= SPLIT_MIN_LINES;
    if (long) {
      if (count > 0) out.push({ from: groupFrom, to: starts[i] });
      out.push({ from: count > 0 ? starts[i] : groupFrom, to: childTo });
      groupFrom = childTo;
      count = 0;
      continue;
    }
    count++;
    if (count === CHILDREN_PER_CHUNK) {
      out.push({ from: groupFrom, to: childTo });
      groupFrom = childTo;
      count = 0;
    }
  }
  if (groupFrom < to) out.push({ from: groupFrom, to });
  return out;
}

/**
 * Lines in [from, to) that start a child at `indent` (a `key:` or a `- ` item); other lines at that indent
 * continue the previous child (a wrapped flow list, say). Undefined when a content line sits left of it.
 */
function childStarts(text: string, lines: Line[], from: number, to: number, indent: number): number[] | undefined {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (l.empty) continue;
    if (l.indent < indent) return undefined;
    if (l.indent === indent && startsChild(text.slice(l.start + l.indent, l.end))) out.push(i);
  }
  return out;
}

function startsChild(s: string): boolean {
  return /^-(\s|$)/.test(s) || /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`-][^#]*?)\s*:(\s|$)/.test(s);
}

function firstContent(lines: Line[], from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (!lines[i].empty) return i;
  return undefined;
}

function isBareKeyLine(text: string, l: Line): boolean {
  const s = text.slice(l.start + l.indent, l.end);
  return /^(?:"[^"\\]*"|'[^']*'|[^\s#'"{[\]}&*!|>%@`-][^:#]*?)\s*:\s*(#.*)?$/.test(s);
}

function scanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 32) indent++;
    const c = text[start + indent];
    lines.push({ start, end: end < text.length ? end + 1 : end, indent, empty: start + indent >= end || c === '#' || c === '\r' });
    if (end >= text.length) break;
    start = end + 1;
  }
  return lines;
}

/** Anchors, aliases, tags, directives, several documents, tabs or flow style at the top: parse whole. */
function cuttable(text: string, lines: Line[]): boolean {
  if (/(^|[\s[{,])[&*!][^\s,\]}]/m.test(text) || /^(---|\.\.\.|%)/m.test(text) || /^ *\t/m.test(text)) return false;
  // A merge key's entries go before the map's own, which chunks cannot see across.
  if (/(^|[\s{,])<<\s*:/m.test(text)) return false;
  // Deep indentation could nest the assembled tree past MAX_NESTING; a whole parse bounds it.
  if (lines.some((l) => l.indent > MAX_CHUNKED_INDENT)) return false;
  const first = lines.find((l) => !l.empty);
  return first !== undefined && first.indent === 0 && !/^[[{"'?-]/.test(text[first.start]);
}

function shiftParsed(p: Parsed, by: number): Parsed {
  return { root: p.root && shiftNode(p.root, by), problems: p.problems.map((x) => ({ ...x, span: { start: x.span.start + by, end: x.span.end + by } })) };
}

function shiftNode(n: YNode, by: number): YNode {
  const span = { start: n.span.start + by, end: n.span.end + by };
  switch (n.kind) {
    case 'scalar':
      return { ...n, span };
    case 'seq':
      return { ...n, span, items: n.items.map((i) => shiftNode(i, by)) };
    case 'map':
      return {
        ...n,
        span,
        entries: n.entries.map((e) => ({ key: shiftNode(e.key, by) as ScalarNode, value: e.value && shiftNode(e.value, by), span: { start: e.span.start + by, end: e.span.end + by } })),
      };
  }
}
