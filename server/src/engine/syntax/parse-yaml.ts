/**
 * YAML text to the format-neutral tree, read as Cursus reads it (PyYAML, YAML 1.1: merge keys followed, plain
 * scalars resolved by PyYAML's rules), with syntax problems as data: never throws, and bounded for any input
 * (nesting deeper than MAX_NESTING is cut, aliases may bring in at most MAX_ALIAS_NODES nodes).
 */
import { Composer, Parser, isMap, isSeq, isScalar, isAlias, isPair, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { CST } from 'yaml';
import type { MapEntry, ScalarNode, YNode } from './ast.js';
import { MAX_ALIAS_NODES, MAX_NESTING, tooDeepMessage } from './limits.js';
import type { ParseResult, SyntaxProblem } from './parse.js';
import { pyyamlPlain } from './yaml11.js';
import { repairYaml, type RawParse } from './yaml-repair.js';
import { cstTree } from './cst-tree.js';
import { compactNodes, plainNodes } from './compact-tree.js';
import { bareEquals, visibleSpan } from './yaml-problems.js';
import { aroundYamlParse } from './parse-host.js';

/**
 * A reading of a text that vouches for it parsing without any problem, or undefined (then it is parsed whole):
 * an open document's chunks (incremental-yaml.ts), most of them parsed already, so that the repairs tried on a
 * big file with a syntax error do not each cost a parse of the whole file.
 */
export type CleanReading = (text: string) => RawParse['result'] | undefined;

export function parseYaml(text: string, clean?: CleanReading): ParseResult {
  return { ...parseYamlTree(text, clean), comments: collectComments(text) };
}

/**
 * The tree and syntax problems of one YAML text (a whole file, or one chunk of it), read by the yaml package. A
 * syntax error is looked into (yaml-repair.ts): when a small edit at it makes the text parse, the problem is that
 * edit's one finding and the tree is read as repaired. `clean` reads the repaired texts tried where it can: the
 * search takes the first repair after which the text parses without error, and such a text's reading is the
 * same either way; a text it does not vouch for is parsed whole, as without it.
 */
export function parseYamlTree(text: string, clean?: CleanReading): RawParse['result'] {
  const first = parseOnce(text);
  if (!first.errors.length) return first.result;
  const tried = clean
    ? (next: string): RawParse => {
        const result = clean(next);
        return result && !result.problems.length ? { result, errors: [], unclosed: [] } : parseOnce(next);
      }
    : parseOnce;
  return repairYaml(text, first, tried) ?? first.result;
}

/**
 * The tree and problems of one parse, without looking for a repair: the same as parseYamlTree for a text that
 * parses; for one that does not, only good for knowing that it does not (cheap on a big chunk, where each repair
 * tried is one more parse of it).
 */
export function parseYamlTreeUnrepaired(text: string): RawParse['result'] {
  return parseOnce(text).result;
}

/** Our tree from the yaml package's syntax tokens where cst-tree.ts vouches for them, else through its Composer. */
function parseOnce(text: string): RawParse {
  return readTokens(text, (tokens, problems, unclosed) => byCst(text, tokens, problems, unclosed) ?? compose(text, tokens, problems, unclosed));
}

function byCst(text: string, tokens: CST.Token[], problems: SyntaxProblem[], unclosed: RawParse['unclosed']): RawParse | undefined {
  const fast = cstTree(tokens, text, problems);
  return fast ? { result: { root: fast.root, problems }, errors: [], unclosed } : undefined;
}

/**
 * parseYamlTree(text) with `base` added to every offset, built that way (for a chunk of a bigger text, without
 * a moved copy of its tree); only for a text the CST reader vouches for with no problem at all, else undefined.
 * `compact`: the nodes are compact-tree.ts's (for a reading nothing copies or moves, the CLI's).
 */
export function parseYamlTreeAt(text: string, base: number, compact = false): RawParse['result'] | undefined {
  return readTokens(text, (tokens, problems) => {
    if (problems.length) return undefined;
    const fast = cstTree(tokens, text, problems, base, compact ? compactNodes : plainNodes);
    return fast && !problems.length ? { root: fast.root, problems } : undefined;
  });
}

/** The two readers apart, for the test that proves them equal: the CST reader (undefined when it declines) and the Composer. */
export const yamlReaders = {
  cst: (text: string): RawParse | undefined => readTokens(text, (tokens, problems, unclosed) => byCst(text, tokens, problems, unclosed)),
  composer: (text: string): RawParse => readTokens(text, (tokens, problems, unclosed) => compose(text, tokens, problems, unclosed)),
};

/** The Parser's tokens of a text, nesting cut to MAX_NESTING, handed to `read`. */
function readTokens<T>(text: string, read: (tokens: CST.Token[], problems: SyntaxProblem[], unclosed: RawParse['unclosed']) => T): T {
  const problems: SyntaxProblem[] = [];
  const unclosed: RawParse['unclosed'] = [];
  // The yaml package builds an Error (with a stack trace) per syntax problem; a half-typed file can have
  // thousands, and capturing their stacks was most of the time spent on such a file.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // The host's wrapper, if any (the CLI's and the server's make the package's reads of its environment cheap).
    return aroundYamlParse(() => {
      const tokens = [...new Parser().parse(text)];
      for (const t of tokens) if (t.type === 'document') cutDeepNesting(t, text, problems, unclosed);
      return read(tokens, problems, unclosed);
    });
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The Composer's Document of the tokens, converted by the Reader below. */
function compose(text: string, tokens: CST.Token[], problems: SyntaxProblem[], unclosed: RawParse['unclosed']): RawParse {
  let doc: Document | null = null;
  const composer = new Composer({ uniqueKeys: false, prettyErrors: false, strict: false, intAsBigInt: false });
  for (const d of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = d as Document;
    else {
      problems.push({ message: yamlMessage('Source contains multiple documents', 'MULTIPLE_DOCS'), span: visibleSpan(text, d.range[0], d.range[1]) });
      break;
    }
  }
  if (!doc) return { result: { root: null, problems }, errors: [], unclosed };
  const errors = doc.errors.map((e) => ({ code: e.code, pos: e.pos[0], message: e.message }));
  problems.unshift(
    ...doc.errors.map((e) => ({
      message: yamlMessage(e.message, e.code),
      span: visibleSpan(text, e.pos[0], Math.max(e.pos[1], e.pos[0])),
      structural: true as const,
    })),
  );
  const contents = doc.contents as YamlNode | null;
  const read = (): RawParse['result'] => {
    const reader = new Reader(text, problems);
    const root = contents ? reader.convert(contents, 0) : null;
    return reader.aliased.length ? { root, problems, aliased: reader.aliased } : { root, problems };
  };
  if (!errors.length) return { result: read(), errors, unclosed };
  // A text with a syntax error is read into our tree only if no repair is found (yaml-repair.ts): the repair
  // search needs its errors alone, and a repaired reading replaces it (a big file's tree for nothing).
  let result: RawParse['result'] | undefined;
  return {
    get result() {
      return (result ??= aroundYamlParse(read));
    },
    errors,
    unclosed,
  };
}

type Collection = Extract<CST.Token, { type: 'block-map' | 'block-seq' | 'flow-collection' }>;

/**
 * Replaces every collection nested deeper than MAX_NESTING with an empty scalar, walking the syntax tokens
 * with a stack (the composer recurses once per level and would overflow on a few thousand `[`).
 */
function cutDeepNesting(doc: Extract<CST.Token, { type: 'document' }>, text: string, problems: SyntaxProblem[], unclosed: RawParse['unclosed']): void {
  const stack: { holder: { key?: CST.Token | null; value?: CST.Token }; field: 'key' | 'value'; depth: number }[] = [];
  if (doc.value) stack.push({ holder: doc, field: 'value', depth: 0 });
  let reported = false;
  while (stack.length) {
    const { holder, field, depth } = stack.pop()!;
    const tok = holder[field];
    if (tok) noteUnclosed(tok, unclosed);
    if (!tok || (tok.type !== 'block-map' && tok.type !== 'block-seq' && tok.type !== 'flow-collection')) continue;
    if (depth >= MAX_NESTING) {
      if (!reported) {
        problems.push({ message: tooDeepMessage('YAML', "PyYAML (Cursus's loader) fails with RecursionError near 490"), span: visibleSpan(text, tok.offset, tok.offset + 1) });
        reported = true;
      }
      holder[field] = { type: 'scalar', offset: tok.offset, indent: tok.indent, source: '' } as CST.Token;
      continue;
    }
    for (const item of (tok as Collection).items) {
      if (item.key) stack.push({ holder: item, field: 'key', depth: depth + 1 });
      if (item.value) stack.push({ holder: item, field: 'value', depth: depth + 1 });
    }
  }
}

/** Flow collections without their closing bracket and quoted strings without their closing quote, by where they open. */
function noteUnclosed(tok: CST.Token, into: RawParse['unclosed']): void {
  if (tok.type === 'flow-collection') {
    const open = tok.start.source === '{' ? '{' : '[';
    if (!tok.end.some((t) => t.source === (open === '{' ? '}' : ']'))) into.push({ at: tok.start.offset, kind: open });
  } else if (tok.type === 'double-quoted-scalar' || tok.type === 'single-quoted-scalar') {
    if (!closedQuote(tok.source)) into.push({ at: tok.offset, kind: tok.type === 'double-quoted-scalar' ? '"' : "'" });
  }
}

function closedQuote(source: string): boolean {
  const q = source[0];
  for (let i = 1; i < source.length; i++) {
    const c = source[i];
    if (q === '"' && c === '\\') i++;
    else if (c === q) {
      if (q === "'" && source[i + 1] === "'") i++;
      else return i === source.length - 1;
    }
  }
  return false;
}

/** Converts the composed document; anchors are read once and shared, merge keys are applied as PyYAML does. */
class Reader {
  private readonly anchors = new Map<string, { node: YNode | null; size: number } | 'open'>();
  private aliasNodes = 0;
  private budgetSpent = false;
  private readonly sizes = new WeakMap<YNode, number>();
  /** The spans of the anchored values some alias refers to (a fix must not change them for one alias's sake). */
  readonly aliased: { start: number; end: number }[] = [];
  private readonly aliasedSeen = new Set<number>();

  constructor(
    private readonly text: string,
    private readonly problems: SyntaxProblem[],
  ) {}

  /** Depth is bounded by cutDeepNesting, so this recursion is too. */
  convert(node: YamlNode | null | undefined, depth: number): YNode | null {
    if (!node) return null;
    if (isAlias(node)) return this.alias(node.source, node.range ?? [0, 0, 0]);
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, 'open');
    const out = this.convertNode(node, depth);
    if (anchor) this.anchors.set(anchor, { node: out, size: out ? this.size(out) : 1 });
    return out;
  }

  private alias(name: string, range: [number, number, number]): YNode | null {
    const found = this.anchors.get(name);
    const span = { start: range[0], end: range[1] };
    if (found === undefined) {
      this.problems.push({ message: `YAML syntax error: the alias *${name} names no anchor defined before it (PyYAML: "found undefined alias"). Define &${name} earlier or fix the name.`, span: visibleSpan(this.text, span.start, span.end) });
      return null;
    }
    if (found === 'open') {
      this.problems.push({ message: `YAML syntax error: the alias *${name} is inside the value its anchor names, making a value that contains itself. Cursus cannot use such a value; refer to another anchor.`, span: visibleSpan(this.text, span.start, span.end) });
      return null;
    }
    if (this.budgetSpent) return null;
    if (this.aliasNodes + found.size > MAX_ALIAS_NODES) {
      this.budgetSpent = true;
      this.problems.push({
        message: `YAML aliases expand to more than ${MAX_ALIAS_NODES.toLocaleString('en-US')} values here (an alias bomb?): cursus-lsp stops following aliases from this one on, and Cursus would build the whole expansion in memory. Use fewer nested aliases.`,
        span: visibleSpan(this.text, span.start, span.end),
      });
      return null;
    }
    this.aliasNodes += found.size;
    if (found.node && !this.aliasedSeen.has(found.node.span.start)) {
      this.aliasedSeen.add(found.node.span.start);
      this.aliased.push({ ...found.node.span });
    }
    return found.node;
  }

  private size(n: YNode): number {
    if (n.kind === 'scalar') return 1;
    const known = this.sizes.get(n);
    if (known !== undefined) return known;
    let total = 1;
    if (n.kind === 'map') for (const e of n.entries) total += 1 + (e.value ? this.size(e.value) : 0);
    else for (const i of n.items) total += this.size(i);
    this.sizes.set(n, total);
    return total;
  }

  private convertNode(node: YamlNode, depth: number): YNode | null {
    const range = node.range ?? [0, 0, 0];
    const span = { start: range[0], end: range[1] };
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      const merged: MapEntry[] = [];
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const keyNode = item.key as YamlNode | null;
        if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && !keyNode.tag && keyNode.source === '<<') {
          this.merge(item.value as YamlNode | null, keyNode, depth, merged);
          continue;
        }
        const key = scalarKey(keyNode, span.start);
        const value = this.convert(item.value as YamlNode | null, depth + 1);
        entries.push({ key, value, span: { start: key.span.start, end: value ? Math.max(value.span.end, key.span.end) : key.span.end } });
      }
      return { kind: 'map', span, flow: Boolean(node.flow), entries: merged.length ? [...merged, ...entries] : entries };
    }
    if (isSeq(node)) {
      const items: YNode[] = [];
      for (const item of node.items) {
        const converted = this.convert(item as YamlNode, depth + 1);
        items.push(converted ?? { kind: 'scalar', value: null, quoted: false, span: seqItemSpan(item as YamlNode, span) });
      }
      return { kind: 'seq', span, flow: Boolean(node.flow), items };
    }
    if (isScalar(node)) {
      if (node.type === Scalar.PLAIN && !node.tag && node.source === '=') {
        this.problems.push(bareEquals(this.text, span));
      }
      return scalar(node, span);
    }
    return null;
  }

  /** `<<: *base` or `<<: [*a, *b]`: the maps' entries go first, earlier maps of a list winning over later ones (PyYAML's flatten_mapping). */
  private merge(valueNode: YamlNode | null, keyNode: Scalar, depth: number, into: MapEntry[]): void {
    const value = this.convert(valueNode, depth + 1);
    const maps = value?.kind === 'map' ? [value] : value?.kind === 'seq' && value.items.every((i) => i.kind === 'map') ? [...value.items].reverse() : undefined;
    if (!maps) {
      if (this.budgetSpent && value === null) return;
      const r = valueNode?.range ?? keyNode.range ?? [0, 0, 0];
      this.problems.push({
        message: 'YAML merge key: `<<` needs a map or a list of maps (PyYAML: "expected a mapping or list of mappings for merging"). Write `<<: *anchor` or `<<: [*a, *b]`.',
        span: visibleSpan(this.text, r[0], r[1]),
      });
      return;
    }
    for (const m of maps) for (const e of m.entries) into.push(e.merged ? e : { ...e, merged: true });
  }
}

function seqItemSpan(item: YamlNode | null, parent: { start: number; end: number }) {
  const r = item?.range;
  return r ? { start: r[0], end: r[1] } : { start: parent.start, end: parent.start };
}

function scalar(node: Scalar, span: { start: number; end: number }): ScalarNode {
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  if (node.type === Scalar.PLAIN && !node.tag) {
    const py = pyyamlPlain(String(node.source ?? node.value ?? ''));
    return py.python ? { kind: 'scalar', span, value: py.value, quoted, python: py.python } : { kind: 'scalar', span, value: py.value, quoted };
  }
  const raw = node.value;
  const value = raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
  return { kind: 'scalar', span, value, quoted };
}

/** A key as text: strings as they are, other plain scalars as written (`yes:` stays "yes", `1.0:` "1.0"). */
function scalarKey(key: YamlNode | null, fallback: number): ScalarNode {
  if (key && isScalar(key)) {
    const r = key.range ?? [fallback, fallback, fallback];
    const s = scalar(key, { start: r[0], end: r[1] });
    const text = typeof s.value === 'string' ? s.value : key.type === Scalar.PLAIN && typeof key.source === 'string' ? key.source : s.value === null ? '' : String(s.value);
    return { kind: 'scalar', span: s.span, value: text, quoted: s.quoted };
  }
  const r = key?.range ?? [fallback, fallback, fallback];
  return { kind: 'scalar', span: { start: r[0], end: r[1] }, value: key ? String(key.toJSON?.() ?? '') : '', quoted: false };
}

function yamlMessage(message: string, code: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const hint = code === 'MULTIPLE_DOCS' ? ' Keep one spec per file.' : ' Fix the YAML syntax here.';
  return `YAML syntax error: ${first.replace(/\.$/, '')}.${hint}`;
}

/** Comments with their offsets, for suppression comments; a `#` inside quotes is not a comment. */
export function collectComments(text: string): { span: { start: number; end: number }; text: string }[] {
  const out: { span: { start: number; end: number }; text: string }[] = [];
  let lineStart = 0;
  // Only lines holding a `#` are scanned (an 18 MB pipeline has 600,000 lines and a handful of comments).
  let nextHash = text.indexOf('#');
  while (lineStart <= text.length) {
    if (nextHash < 0) break;
    if (nextHash > lineStart) lineStart = text.lastIndexOf('\n', nextHash - 1) + 1;
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    nextHash = text.indexOf('#', lineEnd);
    const hash = commentStart(text, lineStart, lineEnd);
    if (hash >= 0) {
      const end = text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      out.push({ span: { start: hash, end }, text: text.slice(hash + 1, end) });
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

function commentStart(text: string, start: number, end: number): number {
  let quote = '';
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === start || /\s/.test(text[i - 1]))) return i;
  }
  return -1;
}
