/**
 * Chunk readings as flat arrays, so that chunks of a big file can be parsed on another thread (the CLI's
 * cli/parallel-chunks.ts) and sent back without structured-cloning a tree of objects: one Int32Array of node
 * records in preorder, one Float64Array of numbers, one array of strings. Decoding gives the tree the chunk's
 * own parse gives (compact-tree.ts's nodes, the same classes, values and offsets): test/parallel-chunks.test.ts
 * compares both on real and random files.
 *
 * A record: tag, start, end, then for a scalar the index of its value (strings or numbers; none for true, false,
 * null), for a map its entry count followed by each entry (a merged flag, the key, the value or NO_VALUE), for a
 * sequence its item count followed by the items.
 */
import type { MapEntry, ScalarNode, ScalarValue, YNode } from './ast.js';
import { compactNodes } from './compact-tree.js';
import { shared } from './cst-tree.js';

const STRING = 0;
const NUMBER = 1;
const TRUE = 2;
const FALSE = 3;
const NULL = 4;
const MAP = 5;
const SEQ = 6;
/** An entry whose value is null (`key:` with nothing after it, where a reader gives null). */
const NO_VALUE = 7;
const KIND_MASK = 0xf;
const QUOTED = 0x10;
const FLOW = 0x20;
const DATE = 0x40;
const DATETIME = 0x80;

/** Chunk readings as sent between threads. */
export interface EncodedChunks {
  ints: Int32Array;
  numbers: Float64Array;
  strings: string[];
}

/** Collects the readings of several chunks (each its offsets and its root, or null for an empty chunk). */
export class ChunkEncoder {
  private ints = new Int32Array(1 << 14);
  private n = 0;
  private numbers = new Float64Array(256);
  private m = 0;
  private strings: string[] = [];
  /** Each string once per part (keys such as `script_name` come back as one string, not one per spec). */
  private stringIds = new Map<string, number>();

  /** Adds one chunk's reading: text[start, end) read as `root`. */
  add(start: number, end: number, root: YNode | null): void {
    this.push(start);
    this.push(end);
    if (root === null) this.push(NO_VALUE);
    else this.node(root);
  }

  get count(): number {
    return this.n;
  }

  /** What was added, ready to send (the arrays' buffers can be transferred); the encoder starts empty again. */
  take(): EncodedChunks {
    const out = { ints: this.ints.slice(0, this.n), numbers: this.numbers.slice(0, this.m), strings: this.strings };
    this.n = 0;
    this.m = 0;
    this.strings = [];
    this.stringIds = new Map();
    return out;
  }

  private push(v: number): void {
    if (this.n === this.ints.length) {
      const bigger = new Int32Array(this.ints.length * 2);
      bigger.set(this.ints);
      this.ints = bigger;
    }
    this.ints[this.n++] = v;
  }

  private node(node: YNode): void {
    const span = node.span;
    if (node.kind === 'scalar') {
      const python = node.python === 'datetime.date' ? DATE : node.python === 'datetime.datetime' ? DATETIME : 0;
      const quoted = node.quoted ? QUOTED : 0;
      const v = node.value;
      if (typeof v === 'string') {
        this.push(STRING | quoted | python);
        this.push(span.start);
        this.push(span.end);
        let id = this.stringIds.get(v);
        if (id === undefined) {
          id = this.strings.length;
          this.strings.push(v);
          this.stringIds.set(v, id);
        }
        this.push(id);
      } else if (typeof v === 'number') {
        this.push(NUMBER | quoted | python);
        this.push(span.start);
        this.push(span.end);
        if (this.m === this.numbers.length) {
          const bigger = new Float64Array(this.numbers.length * 2);
          bigger.set(this.numbers);
          this.numbers = bigger;
        }
        this.push(this.m);
        this.numbers[this.m++] = v;
      } else {
        this.push((v === true ? TRUE : v === false ? FALSE : NULL) | quoted | python);
        this.push(span.start);
        this.push(span.end);
      }
      return;
    }
    const flow = node.flow ? FLOW : 0;
    if (node.kind === 'map') {
      this.push(MAP | flow);
      this.push(span.start);
      this.push(span.end);
      this.push(node.entries.length);
      for (const e of node.entries) {
        this.push(e.merged ? 1 : 0);
        this.node(e.key);
        if (e.value === null) this.push(NO_VALUE);
        else this.node(e.value);
      }
      return;
    }
    this.push(SEQ | flow);
    this.push(span.start);
    this.push(span.end);
    this.push(node.items.length);
    for (const item of node.items) this.node(item);
  }
}

/** Each chunk of an encoding: its offsets and its reading, decoded into compact nodes. */
export function decodeChunks(chunks: EncodedChunks, each: (start: number, end: number, root: YNode | null) => void): void {
  const { ints, numbers } = chunks;
  // Short strings are shared with this thread's own readings, as the reader shares them (cst-tree.ts).
  const strings = chunks.strings.map(shared);
  let i = 0;
  const node = (): YNode | null => {
    const tag = ints[i++];
    const kind = tag & KIND_MASK;
    if (kind === NO_VALUE) return null;
    const start = ints[i++];
    const end = ints[i++];
    if (kind === MAP) {
      const count = ints[i++];
      const entries: MapEntry[] = new Array<MapEntry>(count);
      for (let k = 0; k < count; k++) {
        const merged = ints[i++] === 1;
        const key = node() as ScalarNode;
        const entry = compactNodes.entry(key, node() as YNode);
        if (merged) entry.merged = true;
        entries[k] = entry;
      }
      return compactNodes.map((tag & FLOW) !== 0, entries, start, end);
    }
    if (kind === SEQ) {
      const count = ints[i++];
      const items: YNode[] = new Array<YNode>(count);
      for (let k = 0; k < count; k++) items[k] = node() as YNode;
      return compactNodes.seq((tag & FLOW) !== 0, items, start, end);
    }
    let value: ScalarValue;
    if (kind === STRING) value = strings[ints[i++]];
    else if (kind === NUMBER) value = numbers[ints[i++]];
    else value = kind === TRUE ? true : kind === FALSE ? false : null;
    const python = tag & DATE ? 'datetime.date' : tag & DATETIME ? 'datetime.datetime' : undefined;
    return compactNodes.scalar(value, (tag & QUOTED) !== 0, start, end, python);
  };
  while (i < ints.length) {
    const start = ints[i++];
    const end = ints[i++];
    each(start, end, node());
  }
}
