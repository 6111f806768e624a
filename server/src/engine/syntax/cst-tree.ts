/**
 * Our tree built straight from the yaml package's CST (its Parser's tokens), without its Composer and Document:
 * the same tree as composing a Document and converting it (parse-yaml.ts), at a fraction of the allocations.
 * It vouches only for what it can read exactly as the Composer would: one document of block maps, block
 * sequences, flow sequences and maps of scalars, and scalars, with no anchor, alias, tag, directive, explicit key
 * or merge key, and none of the conditions the Composer reports as errors. For anything else it declines
 * (returns undefined) and the Composer reads the text. Each check below mirrors the place in yaml's compose/*.js
 * where the Composer would report an error; test/cst-tree.test.ts proves both paths equal on many inputs.
 */
import { CST } from 'yaml';
import type { MapEntry, MapNode, ScalarNode, SeqNode, YNode } from './ast.js';
import type { SyntaxProblem } from './parse.js';
import { pyyamlPlain } from './yaml11.js';
import { bareEquals } from './yaml-problems.js';
import { detached } from '../text-change.js';
import { plainNodes, type NodeMaker } from './compact-tree.js';

type Token = CST.Token;
type SourceToken = CST.SourceToken;

/** Thrown (and caught in cstTree) where the Composer would see a problem or a feature this reader leaves to it. */
const DECLINE = Symbol('decline');

/**
 * The tree of the parsed top-level tokens, or undefined when the Composer must read them. `problems` receives
 * what the Reader would add (a bare `=`), after the problems already in it.
 */
export function cstTree(tokens: readonly Token[], text: string, problems: SyntaxProblem[], base = 0, make: NodeMaker = plainNodes): { root: YNode | null } | undefined {
  let doc: Extract<Token, { type: 'document' }> | undefined;
  for (const t of tokens) {
    switch (t.type) {
      case 'document':
        if (doc) return undefined; // several documents: the Composer reports them
        doc = t;
        break;
      case 'comment':
      case 'newline':
      case 'space':
      case 'byte-order-mark':
        break;
      default:
        return undefined; // directives, `...`, error tokens
    }
  }
  if (!doc) return { root: null };
  const builder = new Builder(text, base, make);
  try {
    const root = builder.document(doc);
    if (builder.problems.length) problems.push(...builder.problems);
    return { root };
  } catch {
    // DECLINE, or a token shape this reader did not expect: the Composer reads the text (parsing never throws).
    return undefined;
  }
}

/** Strings read recently, each kept once: see shared(). */
let seen = new Map<string, string>();
const SHARED_MAX_LENGTH = 64;
const SHARED_MAX_ENTRIES = 8192;

/**
 * One string for each short text read again and again (keys such as `script_name`, values such as `training`):
 * a big pipeline's tree held a copy of each per spec, a tenth of its size, and the garbage collector copied each
 * of them twice on their way to the old generation. The same text either way; only identity is shared. What is
 * kept here is a copy (detached): a slice of 13 characters or more would keep the document it was cut from alive
 * after its trees are gone.
 */
export function shared(text: string): string {
  if (text.length > SHARED_MAX_LENGTH) return text;
  const known = seen.get(text);
  if (known !== undefined) return known;
  if (seen.size >= SHARED_MAX_ENTRIES) seen = new Map();
  const own = text.length >= 13 ? detached(text) : text;
  seen.set(own, own);
  return own;
}

function decline(): never {
  throw DECLINE;
}

/** What resolve-props.js finds in the tokens before a node (the subset without anchors and tags). */
interface Props {
  found: SourceToken | null;
  /** The `,` before an item of a flow collection. */
  comma: SourceToken | null;
  hasNewline: boolean;
  comment: boolean;
  end: number;
}

/**
 * resolve-props.js without its errors: any of them declines. Tabs in white space decline too (the Composer
 * reports some as TAB_AS_INDENT), and so does a comma, which only flowProps accepts.
 */
function props(tokens: readonly SourceToken[], indicator: string, offset: number, startOnNewline: boolean): Props {
  const p = flowProps(tokens, indicator, offset, startOnNewline);
  if (p.comma) decline();
  return p;
}

/** resolve-props.js in a flow collection, where one `,` may come before an item. */
function flowProps(tokens: readonly SourceToken[], indicator: string, offset: number, startOnNewline: boolean): Props {
  let hasSpace = startOnNewline;
  let hasNewline = false;
  let comment = false;
  let found: SourceToken | null = null;
  let comma: SourceToken | null = null;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        if (token.source.includes('\t')) decline();
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) decline(); // a comment not separated by white space
        comment = true;
        break;
      case 'newline':
        hasNewline = true;
        hasSpace = true;
        break;
      case 'comma':
        if (comma) decline();
        comma = token;
        hasSpace = false;
        break;
      default:
        if (token.type !== indicator || found) decline(); // anchors, tags, stray tokens, a second indicator
        found = token;
        hasSpace = false;
    }
  }
  const last = tokens[tokens.length - 1];
  return { found, comma, hasNewline, comment, end: last ? last.offset + last.source.length : offset };
}

/** util-empty-scalar-position.js: where the Composer puts an empty value. */
function emptyScalarPosition(offset: number, before: readonly SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    let st: SourceToken | undefined = before[i];
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    st = before[++i];
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i];
    }
    break;
  }
  return offset;
}

/** resolve-end.js (not strict): only white space and comments may follow a node. Returns the offset after them. */
function resolveEnd(end: readonly SourceToken[] | undefined, offset: number): number {
  if (end)
    for (const token of end) {
      if (token.type !== 'space' && token.type !== 'comment' && token.type !== 'newline') decline();
      offset += token.source.length;
    }
  return offset;
}

/** util-contains-newline.js for the keys this reader takes (scalars). */
function keyHasNewline(key: Token): boolean {
  if (key.type !== 'scalar' && key.type !== 'single-quoted-scalar' && key.type !== 'double-quoted-scalar') return true;
  if (key.source.includes('\n')) return true;
  if (key.end) for (const st of key.end) if (st.type === 'newline') return true;
  return false;
}

class Builder {
  readonly problems: SyntaxProblem[] = [];
  /** The end of the last node built, comments and white space after it included (the Composer's `range[2]`). */
  private after = 0;
  private onError = () => decline();

  /**
   * `base` is added to every offset of the tree (the text is a chunk of a bigger one); problems keep the text's.
   * `make` makes the nodes (plain objects, or compact ones for a one-shot reading: compact-tree.ts).
   */
  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly make: NodeMaker,
  ) {}

  /** compose-doc.js */
  document(doc: Extract<Token, { type: 'document' }>): YNode {
    const p = props(doc.start, 'doc-start', doc.offset, true);
    const value = doc.value;
    if (p.found && value && (value.type === 'block-map' || value.type === 'block-seq') && !p.hasNewline) decline();
    const root = value ? this.node(value) : this.empty(p.end, doc.start, p);
    resolveEnd(doc.end, this.after);
    return root;
  }

  /** compose-node.js for the tokens this reader takes. */
  private node(token: Token): YNode {
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token);
      case 'block-map':
        return this.blockMap(token);
      case 'block-seq':
        return this.blockSeq(token);
      case 'flow-collection':
        return this.flow(token);
      default:
        return decline(); // aliases, error tokens
    }
  }

  /** compose-scalar.js, then the Reader's scalar(): plain scalars typed as PyYAML types them. */
  private scalar(token: CST.FlowScalar | CST.BlockScalar): ScalarNode {
    const r = CST.resolveAsScalar(token, false, this.onError);
    if (!r) return decline();
    this.after = r.range[2];
    const [start, end] = [r.range[0] + this.base, r.range[1] + this.base];
    if (token.type === 'scalar') {
      if (r.value === '=') this.problems.push(bareEquals(this.text, { start: r.range[0], end: r.range[1] }));
      const py = pyyamlPlain(r.value);
      const value = typeof py.value === 'string' ? shared(py.value) : py.value;
      return this.make.scalar(value, false, start, end, py.python);
    }
    return this.make.scalar(shared(r.value), token.type !== 'block-scalar', start, end);
  }

  /** composeEmptyNode: an absent value is an empty plain scalar (None). */
  private empty(offset: number, before: readonly SourceToken[] | undefined, p: Props): ScalarNode {
    const at = emptyScalarPosition(offset, before);
    this.after = p.comment ? p.end : at;
    return this.make.scalar(null, false, at + this.base, at + this.base);
  }

  /** A key as the Reader's scalarKey() makes it: the text as written for plain keys (`yes:` stays "yes"). */
  private key(token: Token): ScalarNode {
    if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar') return decline();
    const r = CST.resolveAsScalar(token, false, this.onError);
    if (!r) return decline();
    if (token.type === 'scalar' && r.value === '<<') decline(); // merge keys: the Reader follows them
    this.after = r.range[2];
    return this.make.scalar(shared(r.value), token.type !== 'scalar', r.range[0] + this.base, r.range[1] + this.base);
  }

  /** resolve-block-map.js, with the Reader's conversion of each pair. */
  private blockMap(bm: Extract<Token, { type: 'block-map' }>): MapNode {
    // Sized up front: arrays grown by push keep spare room, and a big tree has a million of them.
    const entries = new Array<MapEntry>(bm.items.length);
    let count = 0;
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const { start, key, sep, value } of bm.items) {
      const kp = props(start, 'explicit-key-ind', offset, true);
      if (kp.found) decline(); // explicit keys (`? key`)
      if (key && (key.type === 'block-seq' || ('indent' in key && key.indent !== bm.indent))) decline();
      if (!sep) {
        if (key) decline();
        commentEnd = kp.end;
        continue;
      }
      if (!key || keyHasNewline(key)) decline(); // empty keys are left to the Composer; multi-line implicit keys
      const keyNode = this.key(key);
      const vp = props(sep, 'map-value-ind', this.after, false);
      offset = vp.end;
      if (!vp.found) decline(); // an implicit key without `:`
      if (value?.type === 'block-map' && !vp.hasNewline) decline(); // a nested map on the key's line
      const valueNode = value ? this.node(value) : this.empty(offset, sep, vp);
      offset = this.after;
      entries[count++] = this.make.entry(keyNode, valueNode);
    }
    entries.length = count;
    if (commentEnd && commentEnd < offset) decline();
    this.after = commentEnd ?? offset;
    return this.make.map(false, entries, bm.offset + this.base, offset + this.base);
  }

  /** resolve-block-seq.js */
  private blockSeq(bs: Extract<Token, { type: 'block-seq' }>): SeqNode {
    const items = new Array<YNode>(bs.items.length);
    let count = 0;
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      const p = props(start, 'seq-item-ind', offset, true);
      if (!p.found) {
        if (value) decline();
        commentEnd = p.end;
        continue;
      }
      items[count++] = value ? this.node(value) : this.empty(p.end, start, p);
      offset = this.after;
    }
    items.length = count;
    this.after = commentEnd ?? offset;
    return this.make.seq(false, items, bs.offset + this.base, offset + this.base);
  }

  /**
   * resolve-flow-collection.js for flow sequences of values and flow maps of `key: value` pairs (not the
   * single-pair maps of `[a: b]`, not keys without a value).
   */
  private flow(fc: Extract<Token, { type: 'flow-collection' }>): YNode {
    const isMap = fc.start.source === '{';
    const entries = new Array<MapEntry>(isMap ? fc.items.length : 0);
    const items = new Array<YNode>(isMap ? 0 : fc.items.length);
    let count = 0;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
      const { start, key, sep, value } = fc.items[i];
      const p = flowProps(start, 'explicit-key-ind', offset, false);
      if (p.found) decline(); // explicit keys
      if (!sep && !value) {
        // An empty item: only after a trailing comma (`[a, b,]`) or in an empty collection.
        if ((i === 0 && p.comma) || i < fc.items.length - 1) decline();
        offset = p.end;
        continue;
      }
      if (i === 0 ? p.comma : !p.comma) decline(); // a comma first, or a missing comma between items
      if (!isMap) {
        if (sep || key) decline(); // `[a: b]`: a single-pair map
        items[count++] = this.flowValue(value!);
        offset = this.after;
        continue;
      }
      if (!key) decline();
      const keyNode = this.key(key);
      const vp = flowProps(sep ?? [], 'map-value-ind', this.after, false);
      if (!vp.found || vp.comma) decline(); // `{a}`, `{a b}`: keys without values, missing `:` or `,`
      const valueNode = value ? this.flowValue(value) : this.empty(vp.end, sep, vp);
      offset = this.after;
      entries[count++] = this.make.entry(keyNode, valueNode);
    }
    if (isMap) entries.length = count;
    else items.length = count;
    const [ce, ...rest] = fc.end;
    if (ce?.source !== (isMap ? '}' : ']')) decline(); // unclosed, or not indented enough to close
    const closed = ce.offset + ce.source.length;
    this.after = resolveEnd(rest, closed);
    const [start, end] = [fc.offset + this.base, closed + this.base];
    return isMap ? this.make.map(true, entries, start, end) : this.make.seq(true, items, start, end);
  }

  /** A value inside a flow collection: no block collections there (BLOCK_IN_FLOW). */
  private flowValue(token: Token): YNode {
    if (token.type === 'block-map' || token.type === 'block-seq') decline();
    return this.node(token);
  }
}
