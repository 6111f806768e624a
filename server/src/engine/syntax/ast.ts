/** The small, format-neutral tree every spec file is read into: maps, sequences and scalars with offsets. */
import type { Span } from '../span.js';

export type YNode = MapNode | SeqNode | ScalarNode;

export interface MapNode {
  kind: 'map';
  span: Span;
  flow: boolean;
  entries: MapEntry[];
}

export interface MapEntry {
  key: ScalarNode;
  /** `null` when the key has no value at all (`key:` with nothing after it). */
  value: YNode | null;
  /** Brought in by a YAML merge key (`<<: *base`): written elsewhere, overridden by the map's own keys. */
  merged?: true;
  /** From the start of the key to the end of the value (or of the key). */
  span: Span;
}

export interface SeqNode {
  kind: 'seq';
  span: Span;
  flow: boolean;
  items: YNode[];
}

export type ScalarValue = string | number | boolean | null;

export interface ScalarNode {
  kind: 'scalar';
  span: Span;
  value: ScalarValue;
  /** True when written in quotes (so `"3"` is a string and `3` a number). */
  quoted: boolean;
  /** Python's type when PyYAML makes it something other than str/int/float/bool/None (the value is then the text). */
  python?: 'datetime.date' | 'datetime.datetime';
}

/** The entry for a key; with duplicate keys the last one, as Python's json.load keeps the last. */
export function entry(map: MapNode, key: string): MapEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i].key.value === key) return map.entries[i];
  return undefined;
}

export function valueAt(map: MapNode, key: string): YNode | null | undefined {
  return entry(map, key)?.value;
}

export function keyText(e: MapEntry): string {
  return String(e.key.value);
}

export function isMap(n: YNode | null | undefined): n is MapNode {
  return n?.kind === 'map';
}

export function isSeq(n: YNode | null | undefined): n is SeqNode {
  return n?.kind === 'seq';
}

export function isScalar(n: YNode | null | undefined): n is ScalarNode {
  return n?.kind === 'scalar';
}

export function isString(n: YNode | null | undefined): n is ScalarNode & { value: string } {
  return n?.kind === 'scalar' && typeof n.value === 'string';
}

/** The plain JavaScript value of a node; for duplicate keys the last one wins, as in Python's json.load. */
export function toPlain(node: YNode | null): unknown {
  if (node === null) return null;
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        out[keyText(e)] = toPlain(e.value);
      }
      return out;
    }
  }
}

/** Walks a path of keys and indices to the node there, if any. */
export function nodeAtPath(root: YNode | null, path: ReadonlyArray<PropertyKey>): YNode | null | undefined {
  let cur: YNode | null | undefined = root;
  for (const seg of path) {
    if (cur === null || cur === undefined) return cur;
    if (cur.kind === 'map') cur = valueAt(cur, String(seg));
    else if (cur.kind === 'seq' && typeof seg === 'number') cur = cur.items[seg];
    else return undefined;
  }
  return cur;
}

/** The map entry a path ends in (for keys), if the last segment names a key. */
export function entryAtPath(root: YNode | null, path: ReadonlyArray<PropertyKey>): MapEntry | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAtPath(root, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  return entry(parent, String(path[path.length - 1]));
}

/** What lies under an offset: the path of keys and indices to it, and whether the offset is on a key. */
export interface NodeHit {
  path: (string | number)[];
  node: YNode;
  onKey: boolean;
  /** The map entry whose key or value holds the offset, when there is one. */
  entry?: MapEntry;
}

export function hitAt(root: YNode | null, offset: number): NodeHit | undefined {
  let hit: NodeHit | undefined;
  const inside = (s: { start: number; end: number }) => offset >= s.start && offset <= s.end;
  const walk = (node: YNode, path: (string | number)[]) => {
    if (!inside(node.span)) return;
    hit = { path, node, onKey: false };
    if (node.kind === 'map') {
      for (const e of node.entries) {
        if (inside(e.key.span)) {
          hit = { path: [...path, keyText(e)], node: e.key, onKey: true, entry: e };
          return;
        }
        if (e.value && inside(e.value.span)) {
          walk(e.value, [...path, keyText(e)]);
          if (hit && hit.path.length === path.length + 1 && !hit.entry) hit.entry = e;
          return;
        }
      }
    } else if (node.kind === 'seq') {
      node.items.forEach((item, i) => {
        if (inside(item.span)) walk(item, [...path, i]);
      });
    }
  };
  if (root) walk(root, []);
  return hit;
}
