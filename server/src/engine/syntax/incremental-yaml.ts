/**
 * Parsing a large block-style YAML spec in chunks, so that an edit re-parses only the chunk it touches.
 * The document is cut at sibling boundaries (top-level keys, entries of big maps such as `script_specs`,
 * items of big lists such as `dag.edges`); each chunk is a complete YAML text on its own and is parsed once
 * per distinct content. The assembled tree has the same shape and offsets as a whole-file parse; files the
 * cutting cannot handle safely (anchors, merge keys, several documents, flow style at the top, tabs) are parsed whole.
 */
import type { MapEntry, MapNode, ScalarNode, SeqNode, YNode } from './ast.js';
import type { ParseResult, SyntaxProblem } from './parse.js';
import { collectComments, parseYaml, parseYamlTree, parseYamlTreeAt, parseYamlTreeUnrepaired } from './parse-yaml.js';
import { detached, movableChange, textChange, type TextChange } from '../text-change.js';

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
  /** `changeFrom` finds where two texts differ (shared with the other stages of one analysis). */
  constructor(private readonly changeFrom: (before: string, after: string) => TextChange = textChange) {}

  private readonly byText = new Map<string, { relative: Parsed; offset: number; absolute: Parsed }>();

  /**
   * False while reading a text that is parsed whole if any chunk has a problem (see parseYamlChunked): a chunk
   * with a syntax error is then not repaired (a repair costs a parse of the chunk per edit tried), nor kept.
   */
  repair = true;

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
    // Parsed from a copy: the values cut from it then keep only it alive, not this version of the document.
    const copy = detached(chunk);
    let relative: Parsed;
    if (this.repair) relative = parseYamlTree(copy);
    else {
      // Without a syntax error both parses are the same; with one, the whole text is parsed instead, and this
      // unrepaired parse must not serve a later reading.
      relative = parseYamlTreeUnrepaired(copy);
      if (relative.problems.length) return start === 0 ? relative : shiftParsed(relative, start);
    }
    const absolute = start === 0 ? relative : shiftParsed(relative, start);
    if (this.byText.size >= MAX_CACHE_ENTRIES) this.byText.clear();
    this.byText.set(copy, { relative, offset: start, absolute });
    return absolute;
  }

  get size(): number {
    return this.byText.size;
  }

  /** The last text read in chunks, and what it gave: the next edit may only need its own block parsed again. */
  last?: { text: string; result: ParseResult };
  /** How many reads were an edit spliced into the last tree (for tests). */
  spliced = 0;
  /** How many repairs tried on a text with a syntax error were read in chunks, not parsed whole (for tests). */
  repairsRead = 0;

  changeBetween(before: string, after: string): TextChange {
    return this.changeFrom(before, after);
  }
}

/**
 * The lines of a text: where each starts and ends (after its line break), its indentation, and whether it is
 * empty (blank or comment-only). Kept in typed arrays: an object per line was 30 MB for the 520,000 lines of a
 * 40,000-node pipeline, held for the whole reading.
 */
class Lines {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly indent: Int32Array;
  readonly empty: Uint8Array;

  constructor(readonly length: number) {
    this.start = new Int32Array(length);
    this.end = new Int32Array(length);
    this.indent = new Int32Array(length);
    this.empty = new Uint8Array(length);
  }
}

/** What the cutting parses chunks with: a ChunkCache (an open document) or, for one reading, OneShotChunks. */
type ChunkParser = Pick<ChunkCache, 'parse'>;

/**
 * Chunk parses kept for nothing: one reading of a big file (the CLI), where each chunk's yaml Document and tree
 * become garbage as soon as its part of the assembled tree is built, instead of one Document for the whole file.
 */
class OneShotChunks implements ChunkParser {
  /** `ready`: chunk readings made elsewhere (another thread), each the reading this class makes of that chunk. */
  constructor(private readonly ready?: ReadyChunks) {}

  parse(text: string, start: number, end: number): { root: YNode | null; problems: SyntaxProblem[] } {
    const done = this.ready?.(start, end);
    if (done) return done;
    const chunk = text.slice(start, end);
    // Built at its offsets where the CST reader vouches for the chunk (no moved copy of the tree to make), of
    // compact nodes (nothing copies or moves a one-shot reading's tree).
    const at = parseYamlTreeAt(chunk, start, true);
    if (at) return at;
    const relative = parseYamlTree(chunk);
    return start === 0 ? relative : shiftParsed(relative, start);
  }
}

/**
 * Readings of chunks made ahead (another thread): text[start, end)'s reading as OneShotChunks makes it, with no
 * syntax problem, or undefined (then it is parsed here).
 */
export type ReadyChunks = (start: number, end: number) => { root: YNode | null; problems: SyntaxProblem[] } | undefined;

/** One reading of a text in chunks, nothing kept (the same tree as a whole-file parse). */
export function parseYamlInChunks(text: string, ready?: ReadyChunks): ParseResult {
  const result: ParseResult & { chunked?: true } = parseCut(text, new OneShotChunks(ready));
  delete result.chunked;
  return result;
}

/**
 * The chunks parseYamlInChunks will most likely parse, as [start, end) offset pairs in the order it asks for
 * them, found without parsing (each chunk is taken to read as the map or list its first line starts); undefined
 * when the text is not read in chunks. A guess only: what is read ahead by it is used where it is asked for.
 */
export function chunkPlan(text: string): number[] | undefined {
  const plan: number[] = [];
  const guess: ChunkParser = {
    parse(whole, start, end) {
      plan.push(start, end);
      // A single line (a key line: splitEntry reads its key from it) is read for real.
      const lineEnd = whole.indexOf('\n', start);
      if (lineEnd < 0 || lineEnd >= end - 1) return parseYamlTreeUnrepaired(whole.slice(start, end));
      let at = start;
      while (at < end && /\s/.test(whole[at])) at++;
      const item: ScalarNode = { kind: 'scalar', span: { start: at, end }, value: null, quoted: false };
      const root: YNode = whole.startsWith('-', at) ? { kind: 'seq', span: { start: at, end }, flow: false, items: [item] } : { kind: 'map', span: { start: at, end }, flow: false, entries: [{ key: item, value: null, span: { start: at, end } }] };
      return { root, problems: [] };
    },
  };
  return cutInChunks(text, guess, false) ? plan : undefined;
}

/**
 * An open document's reading: the last tree with an edit spliced in, or the text cut into chunks (each parsed
 * once per content). It equals the CLI's reading of the same text (readSpecFile without a cache): on text that
 * parses, the chunks give the whole-file tree; on text with a syntax error they do not (a chunk parsed alone
 * recovers from an error differently, and a broken line can move the cuts: an `x` typed at column 0 inside a
 * block made 8 findings where the whole file gives one), so text below `wholeBelow` characters with any problem
 * is parsed whole, as the CLI parses it.
 */
export function parseYamlChunked(text: string, cache: ChunkCache, wholeBelow = Infinity): ParseResult {
  const last = cache.last;
  const spliced = last ? spliceEdit(last.text, last.result, text, cache.changeBetween(last.text, text)) : undefined;
  if (spliced) cache.spliced++;
  const whole = text.length < wholeBelow;
  cache.repair = !whole;
  let result: ParseResult & { chunked?: true };
  try {
    result = spliced ?? parseCut(text, cache);
  } finally {
    cache.repair = true;
  }
  if (whole && result.chunked && result.problems.length) {
    // The whole file is parsed, as the CLI parses it; the repairs tried on it are read in chunks where they
    // parse (each one changes a line or two: one chunk parsed, the others found by their text).
    cache.repair = false;
    try {
      result = parseYaml(text, (tried) => {
        const cut = cutInChunks(tried, cache, false);
        if (cut?.problems.length === 0) cache.repairsRead++;
        return cut;
      });
    } finally {
      cache.repair = true;
    }
  }
  cache.last = result.chunked ? { text, result } : undefined;
  return result;
}

function parseCut(text: string, cache: ChunkParser): ParseResult & { chunked?: true } {
  return cutInChunks(text, cache) ?? parseYaml(text);
}

/** The text read in chunks, or undefined where the cutting cannot handle it (the caller parses it whole). */
function cutInChunks(text: string, cache: ChunkParser, comments = true): (ParseResult & { chunked: true }) | undefined {
  const lines = scanLines(text);
  if (!cuttable(text, lines)) return undefined;
  const problems: SyntaxProblem[] = [];
  const tops = childStarts(text, lines, 0, lines.length, 0);
  if (tops === undefined || tops.length === 0) return undefined;
  const entries: MapEntry[] = [];
  let end = 0;
  for (const part of segments(lines, 0, lines.length, tops)) {
    const value = assemble(text, lines, part.from, part.to, 0, cache, problems);
    if (value === undefined) return undefined;
    if (value.kind !== 'entries') return undefined;
    entries.push(...value.entries);
    if (value.entries.length) end = value.end;
  }
  const root: MapNode | null = entries.length ? { kind: 'map', span: { start: entries[0].span.start, end }, flow: false, entries } : null;
  return { root, problems, comments: comments ? collectComments(text) : [], chunked: true };
}

/**
 * An edit within one line, inside a block entry (or list item) of fewer than SPLIT_MIN_LINES lines and after its
 * first line, changes nothing of how the file is cut into chunks, and no chunk but the one holding that entry:
 * the entry alone is parsed again and put in place of the old one; what follows it moves by the edit's length.
 * Undefined (parse as usual) for any other edit, or when the last reading had syntax problems.
 */
function spliceEdit(before: string, prev: ParseResult, after: string, change: TextChange): (ParseResult & { chunked: true }) | undefined {
  if (prev.problems.length || !prev.root || prev.root.kind !== 'map' || prev.root.flow) return undefined;
  const c = movableChange(before, after, change);
  if (!c) return undefined;
  const delta = c.newLength - (c.oldEnd - c.start);
  if (delta === 0 && c.newLength === 0) return { ...prev, chunked: true, spliced: undefined };
  const lineStart = before.lastIndexOf('\n', c.start - 1) + 1;
  let lineEnd = after.indexOf('\n', c.start + c.newLength);
  if (lineEnd < 0) lineEnd = after.length;
  // The edited line must keep the file cuttable (no anchor, alias, tag, merge key, tab or document marker).
  if (!cuttable(after.slice(lineStart, lineEnd), oneLine(lineEnd - lineStart))) return undefined;
  const path = blockPath(before, prev.root, c);
  if (!path) return undefined;
  const target = path[path.length - 1];
  const from = before.lastIndexOf('\n', target.span.start - 1) + 1;
  const fresh = parseYamlTree(detached(after.slice(from, target.span.end + delta)));
  if (fresh.problems.length || fresh.aliased?.length || !fresh.root) return undefined;
  let replacement: Located | undefined;
  if (target.kind === 'entry' && fresh.root.kind === 'map' && !fresh.root.flow && fresh.root.entries.length === 1) {
    const e = shiftEntry(fresh.root.entries[0], from);
    if (e.key.value !== target.entry.key.value || e.key.span.start !== target.entry.key.span.start) return undefined;
    replacement = { kind: 'entry', entry: e, span: e.span };
  } else if (target.kind === 'item' && fresh.root.kind === 'seq' && !fresh.root.flow && fresh.root.items.length === 1) {
    const item = shiftNode(fresh.root.items[0], from);
    replacement = { kind: 'item', item, span: item.span };
  }
  if (!replacement || replacement.span.start !== target.span.start || replacement.span.end !== target.span.end + delta) return undefined;
  const at = (p: number) => (p >= c.oldEnd ? p + delta : p);
  moves = new WeakMap();
  const root = rebuild(prev.root, path, 0, replacement, c.oldEnd, delta, at) as MapNode;
  const comments = prev.comments.filter((m) => m.span.end < lineStart || m.span.start > lineEnd - delta).map((m) => (m.span.start > lineEnd - delta ? { ...m, span: { start: m.span.start + delta, end: m.span.end + delta } } : m));
  for (const m of collectComments(after.slice(lineStart, lineEnd))) comments.push({ ...m, span: { start: m.span.start + lineStart, end: m.span.end + lineStart } });
  comments.sort((a, b) => a.span.start - b.span.start);
  return { root, problems: [], comments, chunked: true, spliced: { base: before, block: target.span } };
}

type Located = ({ kind: 'entry'; entry: MapEntry } | { kind: 'item'; item: YNode }) & { span: { start: number; end: number } };

/**
 * The entries and items from the root down to the outermost block entry (or item) that holds the change after
 * its first line and spans fewer than SPLIT_MIN_LINES lines; undefined if there is none.
 */
function blockPath(text: string, root: MapNode, c: { start: number; oldEnd: number }): Located[] | undefined {
  const path: Located[] = [];
  let node: YNode | null = root;
  while (node && (node.kind === 'map' || node.kind === 'seq') && !node.flow) {
    const children: Located[] = node.kind === 'map' ? node.entries.map((entry) => ({ kind: 'entry' as const, entry, span: entry.span })) : node.items.map((item) => ({ kind: 'item' as const, item, span: item.span }));
    const holder = children.find((ch) => ch.span.start < c.start && c.oldEnd <= ch.span.end);
    if (!holder || (holder.kind === 'entry' && holder.entry.merged)) return undefined;
    const firstLineEnd = text.indexOf('\n', holder.span.start);
    if (firstLineEnd < 0 || c.start <= firstLineEnd) return undefined;
    path.push(holder);
    if (linesUpTo(text, holder.span.start, holder.span.end, SPLIT_MIN_LINES) < SPLIT_MIN_LINES) return path;
    node = holder.kind === 'entry' ? holder.entry.value : holder.item;
  }
  return undefined;
}

/** Line breaks in text[from, to), counted up to `max`. */
function linesUpTo(text: string, from: number, to: number, max: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to && n < max; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A copy of `node` with the child on `path` replaced: spans after the change moved, everything before it shared. */
function rebuild(node: YNode, path: Located[], depth: number, replacement: Located, oldEnd: number, delta: number, at: (p: number) => number): YNode {
  const span = { start: node.span.start, end: at(node.span.end) };
  const step = path[depth];
  const last = depth === path.length - 1;
  if (node.kind === 'map') {
    const entries = node.entries.map((e) => {
      if (step.kind !== 'entry' || e !== step.entry) return e.span.start >= oldEnd ? movedEntry(e, delta) : e;
      if (last) return (replacement as { entry: MapEntry }).entry;
      return { ...e, value: e.value && rebuild(e.value, path, depth + 1, replacement, oldEnd, delta, at), span: { start: e.span.start, end: at(e.span.end) } };
    });
    return { ...node, span, entries };
  }
  if (node.kind === 'seq') {
    const items = node.items.map((i) => {
      if (step.kind !== 'item' || i !== step.item) return i.span.start >= oldEnd ? movedNode(i, delta) : i;
      return last ? (replacement as { item: YNode }).item : rebuild(i, path, depth + 1, replacement, oldEnd, delta, at);
    });
    return { ...node, span, items };
  }
  return node;
}

/** Children read from some lines, and where their block ends (after the last line's break, as yaml counts it). */
type Assembled = ({ kind: 'entries'; entries: MapEntry[] } | { kind: 'items'; items: YNode[] }) & { end: number };

/**
 * Lines [from, to) hold sibling entries (or list items) at `indent`. Short runs are parsed as one chunk;
 * a long single entry whose value is a block is cut into its own children.
 */
function assemble(text: string, lines: Lines, from: number, to: number, indent: number, cache: ChunkParser, problems: SyntaxProblem[]): Assembled | undefined {
  const first = firstContent(lines, from, to);
  const single = first !== undefined && childStarts(text, lines, first + 1, to, indent)?.length === 0;
  if (to - from >= SPLIT_MIN_LINES && single && isBareKeyLine(text, lines, first!)) {
    const split = splitEntry(text, lines, first!, to, cache, problems);
    if (split) return { kind: 'entries', entries: [split], end: split.span.end };
  }
  const parsed = cache.parse(text, lines.start[from], lines.end[to - 1]);
  problems.push(...parsed.problems);
  const root = parsed.root;
  if (root === null) return { kind: 'entries', entries: [], end: lines.start[from] };
  if (root.kind === 'map' && !root.flow) return { kind: 'entries', entries: root.entries, end: root.span.end };
  if (root.kind === 'seq' && !root.flow) return { kind: 'items', items: root.items, end: root.span.end };
  return undefined;
}

/** `key:` (nothing but a comment after the colon) followed by a block value: cut the value into its children. */
function splitEntry(text: string, lines: Lines, keyIndex: number, to: number, cache: ChunkParser, problems: SyntaxProblem[]): MapEntry | undefined {
  const keyParse = cache.parse(text, lines.start[keyIndex], lines.end[keyIndex]);
  if (keyParse.problems.length || keyParse.root?.kind !== 'map' || keyParse.root.entries.length !== 1) return undefined;
  const key: ScalarNode = keyParse.root.entries[0].key;
  const bodyFirst = firstContent(lines, keyIndex + 1, to);
  if (bodyFirst === undefined) return undefined;
  const childIndent = lines.indent[bodyFirst];
  const keyIndent = lines.indent[keyIndex];
  const isSeqBody = text.startsWith('-', lines.start[bodyFirst] + childIndent);
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
    const dash = lines.start[bodyFirst] + childIndent;
    value = { kind: 'seq', flow: false, span: { start: dash, end }, items };
  } else {
    return undefined;
  }
  return { key, value, span: { start: key.span.start, end: value.span.end } };
}

/** Groups of children: a long child stands alone (so it can be cut further), short ones go CHILDREN_PER_CHUNK at a time. */
function segments(lines: Lines, from: number, to: number, starts: number[]): { from: number; to: number }[] {
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
function childStarts(text: string, lines: Lines, from: number, to: number, indent: number): number[] | undefined {
  const out: number[] = [];
  for (let i = from; i < to; i++) {
    if (lines.empty[i]) continue;
    const at = lines.indent[i];
    if (at < indent) return undefined;
    if (at === indent && startsChild(text.slice(lines.start[i] + at, lines.end[i]))) out.push(i);
  }
  return out;
}

function startsChild(s: string): boolean {
  return /^-(\s|$)/.test(s) || /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`-][^#]*?)\s*:(\s|$)/.test(s);
}

function firstContent(lines: Lines, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (!lines.empty[i]) return i;
  return undefined;
}

function isBareKeyLine(text: string, lines: Lines, i: number): boolean {
  const s = text.slice(lines.start[i] + lines.indent[i], lines.end[i]);
  return /^(?:"[^"\\]*"|'[^']*'|[^\s#'"{[\]}&*!|>%@`-][^:#]*?)\s*:\s*(#.*)?$/.test(s);
}

function scanLines(text: string): Lines {
  // One line more than there are line breaks (after a last break, an empty line).
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const lines = new Lines(count);
  let start = 0;
  let n = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 32) indent++;
    const c = text[start + indent];
    lines.start[n] = start;
    lines.end[n] = end < text.length ? end + 1 : end;
    lines.indent[n] = indent;
    lines.empty[n++] = start + indent >= end || c === '#' || c === '\r' ? 1 : 0;
    if (end >= text.length) break;
    start = end + 1;
  }
  return lines;
}

/** One line of `length` characters, indented by none and not empty (the edited line, for cuttable()). */
function oneLine(length: number): Lines {
  const lines = new Lines(1);
  lines.end[0] = length;
  return lines;
}

/** Anchors, aliases, tags, directives, several documents, tabs or flow style at the top: parse whole. */
function cuttable(text: string, lines: Lines): boolean {
  if (/(^|[\s[{,])[&*!][^\s,\]}]/m.test(text) || /^(---|\.\.\.|%)/m.test(text) || /^ *\t/m.test(text)) return false;
  // A merge key's entries go before the map's own, which chunks cannot see across.
  if (/(^|[\s{,])<<\s*:/m.test(text)) return false;
  // Deep indentation could nest the assembled tree past MAX_NESTING; a whole parse bounds it.
  if (lines.indent.some((indent) => indent > MAX_CHUNKED_INDENT)) return false;
  const first = firstContent(lines, 0, lines.length);
  return first !== undefined && lines.indent[first] === 0 && !/^[[{"'?-]/.test(text[lines.start[first]]);
}

function shiftParsed(p: Parsed, by: number): Parsed {
  return { root: p.root && shiftNode(p.root, by), problems: p.problems.map((x) => ({ ...x, span: { start: x.span.start + by, end: x.span.end + by } })) };
}

/**
 * Entries and nodes of a spliced tree that are copies of the last tree's, moved by the edit: what was computed
 * from the old one can be moved too (see AnalysisCache.forPart). Recorded for the siblings after the edit on
 * the path to it (a spec after the edited one, say), not for every node below them.
 */
export const treeMoves = {
  /** The part `part` is a moved copy of, and by how much. */
  get(part: object): { from: object; by: number } | undefined {
    return moves.get(part);
  },
};
/**
 * The moves of the last splice only: what was computed from the tree before it is found through them by the
 * analysis that follows, and nothing older is kept alive.
 */
let moves = new WeakMap<object, { from: object; by: number }>();

function recordMove(moved: object, from: object, by: number): void {
  moves.set(moved, { from, by });
}

function movedEntry(e: MapEntry, by: number): MapEntry {
  const moved = lazyEntry(e, by);
  recordMove(moved, e, by);
  if (moved.value && e.value) recordMove(moved.value, e.value, by);
  return moved;
}

function movedNode(n: YNode, by: number): YNode {
  const moved = lazyCopy(n, by);
  recordMove(moved, n, by);
  return moved;
}

/**
 * Moved copies whose children are made only when read. After a keystroke every spec after the edit moves by the
 * edit's length; a full copy of each one's tree was half of what a keystroke's analysis kept alive (about 2 MB on
 * a 1,000-node pipeline), and what is kept until the next keystroke is what V8 promotes and grows its heap from.
 * A lazy copy of a map or sequence has its span at once and its entries or items the first time they are read
 * (then moved the same way, themselves lazy). It holds the node it copies, never a lazy one (a copy of a lazy copy
 * goes back to that one's origin with the two moves added), so no chain of versions is kept alive.
 */
type Origin = { node: MapNode | SeqNode; by: number };
/**
 * Where a lazy copy's children come from, kept on the copy itself (a non-enumerable symbol: no spread, key list,
 * JSON or deep comparison sees it): in a WeakMap, hundreds of entries a keystroke grew the table between two
 * full collections.
 */
const ORIGIN = Symbol('lazy copy origin');
const originOf = (node: object): Origin | undefined => (node as { [ORIGIN]?: Origin })[ORIGIN];
const setOrigin = (node: object, origin: Origin | undefined) => Object.defineProperty(node, ORIGIN, { value: origin, writable: true, enumerable: false, configurable: true });
/** Whether `node` is a moved copy whose children have not been read yet. */
export function isLazyCopy(node: YNode): boolean {
  return originOf(node) !== undefined;
}

/** How many lazy copies had their children made (for tests). */
export const lazyCopies = { made: 0, materialized: 0 };

const LAZY_ENTRIES: PropertyDescriptor = {
  get(this: MapNode) {
    return materialize(this, 'entries');
  },
  enumerable: true,
  configurable: true,
};
const LAZY_ITEMS: PropertyDescriptor = {
  get(this: SeqNode) {
    return materialize(this, 'items');
  },
  enumerable: true,
  configurable: true,
};

function lazyEntry(e: MapEntry, by: number): MapEntry {
  const moved: MapEntry = { key: shiftScalar(e.key, by), value: e.value === null ? null : lazyCopy(e.value, by), span: { start: e.span.start + by, end: e.span.end + by } };
  if (e.merged) moved.merged = true;
  return moved;
}

function lazyCopy(n: YNode, by: number): YNode {
  if (n.kind === 'scalar') return shiftScalar(n, by);
  const from = originOf(n);
  const span = { start: n.span.start + by, end: n.span.end + by };
  let copy: MapNode | SeqNode;
  if (n.kind === 'map') {
    copy = { kind: 'map', span, flow: n.flow, entries: [] };
    Object.defineProperty(copy, 'entries', LAZY_ENTRIES);
  } else {
    copy = { kind: 'seq', span, flow: n.flow, items: [] };
    Object.defineProperty(copy, 'items', LAZY_ITEMS);
  }
  // The origin is held through a stand-in of the node (its children, not its identity): what was computed for the
  // node itself (its model, its findings, kept by node) is not kept alive by the copies.
  setOrigin(copy, from ? { node: from.node, by: from.by + by } : { node: n.kind === 'map' ? { kind: 'map', span: n.span, flow: n.flow, entries: n.entries } : { kind: 'seq', span: n.span, flow: n.flow, items: n.items }, by });
  lazyCopies.made++;
  return copy;
}

function materialize(copy: MapNode | SeqNode, key: 'entries' | 'items'): unknown[] {
  const origin = originOf(copy)!;
  let value: unknown[];
  if (key === 'entries') {
    const source = (origin.node as MapNode).entries;
    value = new Array<MapEntry>(source.length);
    for (let i = 0; i < source.length; i++) value[i] = lazyEntry(source[i], origin.by);
  } else {
    const source = (origin.node as SeqNode).items;
    value = new Array<YNode>(source.length);
    for (let i = 0; i < source.length; i++) value[i] = lazyCopy(source[i], origin.by);
  }
  Object.defineProperty(copy, key, { value, writable: true, enumerable: true, configurable: true });
  (copy as { [ORIGIN]?: Origin })[ORIGIN] = undefined;
  lazyCopies.materialized++;
  return value;
}

function shiftEntry(e: MapEntry, by: number): MapEntry {
  const moved: MapEntry = { key: shiftScalar(e.key, by), value: e.value === null ? null : shiftNode(e.value, by), span: { start: e.span.start + by, end: e.span.end + by } };
  if (e.merged) moved.merged = true;
  return moved;
}

function shiftScalar(n: ScalarNode, by: number): ScalarNode {
  const moved: ScalarNode = { kind: 'scalar', span: { start: n.span.start + by, end: n.span.end + by }, value: n.value, quoted: n.quoted };
  if (n.python !== undefined) moved.python = n.python;
  return moved;
}

/** A copy of a tree moved by `by` (written out per kind: this runs over every node after an edit). */
function shiftNode(n: YNode, by: number): YNode {
  const span = { start: n.span.start + by, end: n.span.end + by };
  if (n.kind === 'scalar') return shiftScalar(n, by);
  if (n.kind === 'seq') {
    const items = new Array<YNode>(n.items.length);
    for (let i = 0; i < items.length; i++) items[i] = shiftNode(n.items[i], by);
    return { kind: 'seq', span, flow: n.flow, items };
  }
  const entries = new Array<MapEntry>(n.entries.length);
  for (let i = 0; i < entries.length; i++) entries[i] = shiftEntry(n.entries[i], by);
  return { kind: 'map', span, flow: n.flow, entries };
}
