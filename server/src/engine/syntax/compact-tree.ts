/**
 * Tree nodes for a big file read once (the CLI's chunked reading, see OneShotChunks in incremental-yaml.ts), with
 * each span kept as two numbers on the node instead of an object of its own. They are the YNode interface (ast.ts)
 * to every reader: `span` is a getter that makes the Span when read (nothing compares spans by identity or changes
 * them), `kind` and `quoted` come from the class. A 40,000-node pipeline has about 1.8 million nodes and entries; their span
 * objects (40 bytes each) and the entries' own spans were 1.8 KiB of each node's 4.5 KiB of tree.
 * Not plain objects: a spread (`{ ...node }`) would lose `kind` and `span`, so only one-shot readings use them
 * (the editor's trees, which incremental-yaml.ts copies and moves, stay plain), and tests compare them through
 * plainTree().
 */
import type { MapEntry, MapNode, ScalarNode, ScalarValue, SeqNode, YNode } from './ast.js';
import type { Span } from '../span.js';

/** What every compact node and entry is (one `instanceof` tells them from plain ones). */
export abstract class Compact {
  abstract readonly span: Span;
}

class CompactScalar extends Compact {
  declare readonly kind: 'scalar';
  /** On the prototype: false here, true for QuotedScalar (a field of its own on every scalar was 8 bytes more). */
  declare readonly quoted: boolean;
  declare python?: ScalarNode['python'];
  constructor(
    public value: ScalarValue,
    public s: number,
    public e: number,
  ) {
    super();
  }

  get span(): Span {
    return { start: this.s, end: this.e };
  }

  /**
   * The scalar read as a name of the model (model/build.ts: a NameRef is `{ name, span }`): a name written here is
   * this scalar itself rather than an object of its own that points at it (about 12 names a node of a big pipeline,
   * 48 bytes each). Only a string scalar is used so (build.ts checks that its value is the name).
   */
  get name(): string {
    return this.value as string;
  }
}

/** A scalar written in quotes (or a block scalar: `quoted` as ast.ts has it). */
class QuotedScalar extends CompactScalar {}

class CompactMap extends Compact {
  declare readonly kind: 'map';
  constructor(
    public flow: boolean,
    public entries: MapEntry[],
    public s: number,
    public e: number,
  ) {
    super();
  }

  get span(): Span {
    return { start: this.s, end: this.e };
  }
}

class CompactSeq extends Compact {
  declare readonly kind: 'seq';
  constructor(
    public flow: boolean,
    public items: YNode[],
    public s: number,
    public e: number,
  ) {
    super();
  }

  get span(): Span {
    return { start: this.s, end: this.e };
  }
}

/** An entry of a compact map: its span runs from its key's start to the end of its value (or key), as ast.ts says. */
class CompactEntry extends Compact {
  constructor(
    public key: CompactScalar,
    public value: CompactNode,
  ) {
    super();
  }

  get span(): Span {
    return { start: this.key.s, end: Math.max(this.value.e, this.key.e) };
  }
}

type CompactNode = CompactScalar | CompactMap | CompactSeq;

for (const [cls, kind] of [
  [CompactScalar, 'scalar'],
  [CompactMap, 'map'],
  [CompactSeq, 'seq'],
] as const) {
  Object.defineProperty(cls.prototype, 'kind', { value: kind, enumerable: false });
}
Object.defineProperty(CompactScalar.prototype, 'quoted', { value: false, enumerable: false });
Object.defineProperty(QuotedScalar.prototype, 'quoted', { value: true, enumerable: false });

/** How a tree's nodes are made: as plain objects, or compact (the same reading, less memory). */
export interface NodeMaker {
  scalar(value: ScalarValue, quoted: boolean, start: number, end: number, python?: ScalarNode['python']): ScalarNode;
  map(flow: boolean, entries: MapEntry[], start: number, end: number): MapNode;
  seq(flow: boolean, items: YNode[], start: number, end: number): SeqNode;
  /** The entry of a key and its value, spanning both (nodes this maker made). */
  entry(key: ScalarNode, value: YNode): MapEntry;
}

export const plainNodes: NodeMaker = {
  scalar: (value, quoted, start, end, python) => (python ? { kind: 'scalar', span: { start, end }, value, quoted, python } : { kind: 'scalar', span: { start, end }, value, quoted }),
  map: (flow, entries, start, end) => ({ kind: 'map', span: { start, end }, flow, entries }),
  seq: (flow, items, start, end) => ({ kind: 'seq', span: { start, end }, flow, items }),
  entry: (key, value) => ({ key, value, span: { start: key.span.start, end: Math.max(value.span.end, key.span.end) } }),
};

export const compactNodes: NodeMaker = {
  scalar: (value, quoted, start, end, python) => {
    const n = quoted ? new QuotedScalar(value, start, end) : new CompactScalar(value, start, end);
    if (python) n.python = python;
    return n;
  },
  map: (flow, entries, start, end) => new CompactMap(flow, entries, start, end),
  seq: (flow, items, start, end) => new CompactSeq(flow, items, start, end),
  entry: (key, value) => new CompactEntry(key as unknown as CompactScalar, value as unknown as CompactNode) as unknown as MapEntry,
};

/** Whether a node (or entry) is one of this module's. */
export function isCompact(node: object): node is Compact {
  return node instanceof Compact;
}

/** The same tree made of plain objects (for comparing a compact tree with another reading). */
export function plainTree(node: YNode | null): YNode | null {
  if (node === null) return null;
  const span = { start: node.span.start, end: node.span.end };
  switch (node.kind) {
    case 'scalar':
      return node.python !== undefined ? { kind: 'scalar', span, value: node.value, quoted: node.quoted, python: node.python } : { kind: 'scalar', span, value: node.value, quoted: node.quoted };
    case 'seq':
      return { kind: 'seq', span, flow: node.flow, items: node.items.map((i) => plainTree(i)!) };
    case 'map':
      return {
        kind: 'map',
        span,
        flow: node.flow,
        entries: node.entries.map((e) => {
          const out: MapEntry = { key: plainTree(e.key) as ScalarNode, value: plainTree(e.value), span: { start: e.span.start, end: e.span.end } };
          if (e.merged) out.merged = true;
          return out;
        }),
      };
  }
}
