/** Graph facts of a DAG: cycles (one per strongly connected component) and a topological order. */
import type { DagModel } from '../model/types.js';

export interface Edge {
  src: string;
  dst: string;
}

/** Adjacency lists over the given nodes; edges naming unknown nodes are left out. */
export function adjacency(nodes: Iterable<string>, edges: Iterable<Edge>): Map<string, string[]> {
  const adj = new Map<string, string[]>();
  for (const n of nodes) adj.set(n, []);
  for (const e of edges) {
    const out = adj.get(e.src);
    if (out && adj.has(e.dst) && !out.includes(e.dst)) out.push(e.dst);
  }
  return adj;
}

/**
 * One cycle for each strongly connected component that has one, as a node path whose last node
 * leads back to the first (`[a, b, c]` means a -> b -> c -> a; `[a]` is a self-loop).
 */
export function findCycles(adj: Map<string, string[]>): string[][] {
  const names = [...adj.keys()];
  const ids = new Map(names.map((n, i) => [n, i]));
  const lists = names.map((n) => adj.get(n)!.flatMap((d) => (ids.has(d) ? [ids.get(d)!] : [])));
  const starts = new Int32Array(names.length + 1);
  for (let i = 0; i < lists.length; i++) starts[i + 1] = starts[i] + lists[i].length;
  return cyclesOf({ names, starts, targets: Int32Array.from(lists.flat()) });
}

/**
 * A DAG's nodes and edges as numbers, made once per DAG model (models are never changed) and shared by the rules:
 * a 40,000-node pipeline's DAG rules each made their own sets, maps and lists of every node and edge.
 */
export interface DagIndex {
  /** Each distinct node name, in the order first declared. */
  names: string[];
  /**
   * The positions in `names` in the order of the names (by code unit), for idOf's binary search: the index is kept
   * as long as its model, and a map of 40,000 names is ten times the size.
   */
  byName: Int32Array;
  /** Per edge, in the DAG's order: the positions of its ends, -1 for an end the DAG does not declare. */
  src: Int32Array;
  dst: Int32Array;
}

const indexes = new WeakMap<DagModel, DagIndex>();

export function dagIndex(dag: DagModel): DagIndex {
  let index = indexes.get(dag);
  if (index) return index;
  const listed = dag.nodes;
  // The nodes' places sorted by name, then place: the first of each run of one name is where it was first declared.
  const order = new Int32Array(listed.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (listed[a].name < listed[b].name ? -1 : listed[a].name > listed[b].name ? 1 : a - b));
  const first = new Uint8Array(listed.length);
  for (let k = 0; k < order.length; k++) if (k === 0 || listed[order[k]].name !== listed[order[k - 1]].name) first[order[k]] = 1;
  const names: string[] = [];
  const idAt = new Int32Array(listed.length);
  for (let i = 0; i < listed.length; i++) if (first[i]) idAt[i] = names.push(listed[i].name) - 1;
  const byName = new Int32Array(names.length);
  for (let k = 0, j = 0; k < order.length; k++) if (first[order[k]]) byName[j++] = idAt[order[k]];
  index = { names, byName, src: new Int32Array(dag.edges.length), dst: new Int32Array(dag.edges.length) };
  for (let i = 0; i < dag.edges.length; i++) {
    index.src[i] = idOf(index, dag.edges[i].src.name);
    index.dst[i] = idOf(index, dag.edges[i].dst.name);
  }
  indexes.set(dag, index);
  return index;
}

/** The place of a node name in the index's `names`; -1 when the DAG does not declare it. */
export function idOf(index: DagIndex, name: string): number {
  const { names, byName } = index;
  let lo = 0;
  let hi = byName.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = names[byName[mid]];
    if (at === name) return byName[mid];
    if (at < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * For each edge between declared nodes, the position of the first edge with the same two ends (its own when it is
 * the first); -1 for an edge with an undeclared end. An open-addressed table of positions, not a map of keys.
 */
export function firstWithSameEnds(index: DagIndex): Int32Array {
  const { src, dst } = index;
  let size = 16;
  while (size < 2 * src.length) size *= 2;
  const mask = size - 1;
  // Slot -> 1 + the position of the first edge hashed there (0: empty).
  const table = new Int32Array(size);
  const first = new Int32Array(src.length);
  for (let e = 0; e < src.length; e++) {
    const s = src[e];
    const d = dst[e];
    if (s < 0 || d < 0) {
      first[e] = -1;
      continue;
    }
    let slot = (Math.imul(s, 0x9e3779b1) ^ Math.imul(d, 0x85ebca6b)) & mask;
    for (;;) {
      const at = table[slot] - 1;
      if (at < 0) {
        table[slot] = e + 1;
        first[e] = e;
        break;
      }
      if (src[at] === s && dst[at] === d) {
        first[e] = at;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return first;
}

/**
 * The adjacency of a DAG's declared nodes as one list: node i leads to `targets[starts[i]..starts[i + 1])`, each
 * once, in the order of the edges (what `adjacency` gives, without an array per node).
 */
export interface Adjacency {
  names: readonly string[];
  starts: Int32Array;
  targets: Int32Array;
}

export function adjacencyOf(index: DagIndex): Adjacency {
  const n = index.names.length;
  const { src, dst } = index;
  // An edge repeated (or with an undeclared end) is left out by the first edge with its ends: one pass, where a
  // look through the node's list so far took a second for a node with 40,000 edges out.
  const first = firstWithSameEnds(index);
  const starts = new Int32Array(n + 1);
  for (let e = 0; e < src.length; e++) if (first[e] === e) starts[src[e] + 1]++;
  for (let i = 0; i < n; i++) starts[i + 1] += starts[i];
  const fill = starts.slice(0, n);
  const targets = new Int32Array(starts[n]);
  for (let e = 0; e < src.length; e++) if (first[e] === e) targets[fill[src[e]]++] = dst[e];
  return { names: index.names, starts, targets };
}

/** findCycles over an Adjacency (Tarjan's algorithm, iterative, on typed arrays). */
export function cyclesOf(adj: Adjacency): string[][] {
  const { names, starts, targets } = adj;
  const n = names.length;
  const cycles: string[][] = [];
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const workNode = new Int32Array(n);
  const workNext = new Int32Array(n);
  // Per node, the component it was found in (for the breadth-first search of a cycle inside it).
  const component = new Int32Array(n).fill(-1);
  let counter = 0;
  let top = 0;
  let components = 0;
  for (let start = 0; start < n; start++) {
    if (index[start] >= 0) continue;
    let work = 0;
    workNode[work] = start;
    workNext[work++] = starts[start];
    index[start] = low[start] = counter++;
    stack[top++] = start;
    onStack[start] = 1;
    while (work) {
      const f = work - 1;
      const node = workNode[f];
      if (workNext[f] < starts[node + 1]) {
        const w = targets[workNext[f]++];
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack[top++] = w;
          onStack[w] = 1;
          workNode[work] = w;
          workNext[work++] = starts[w];
        } else if (onStack[w]) {
          low[node] = Math.min(low[node], index[w]);
        }
        continue;
      }
      work--;
      if (work) {
        const parent = workNode[work - 1];
        low[parent] = Math.min(low[parent], low[node]);
      }
      if (low[node] !== index[node]) continue;
      // The component is stack[from..top), popped; its first node (as Tarjan's reversed pops list it) is stack[from].
      let from = top;
      do from--;
      while (stack[from] !== node);
      const size = top - from;
      const first = stack[from];
      for (let k = from; k < top; k++) {
        onStack[stack[k]] = 0;
        component[stack[k]] = components;
      }
      top = from;
      if (size > 1) cycles.push(cycleThrough(first, adj, component, components));
      else if (leadsTo(adj, first, first)) cycles.push([names[first]]);
      components++;
    }
  }
  return cycles;
}

function leadsTo(adj: Adjacency, from: number, to: number): boolean {
  for (let k = adj.starts[from]; k < adj.starts[from + 1]; k++) if (adj.targets[k] === to) return true;
  return false;
}

/** The shortest path from `start` back to itself inside its component (breadth first). */
function cycleThrough(start: number, adj: Adjacency, component: Int32Array, members: number): string[] {
  const { names, starts, targets } = adj;
  const prev = new Map<number, number>();
  const queue = [start];
  const seen = new Set([start]);
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q];
    for (let k = starts[n]; k < starts[n + 1]; k++) {
      const d = targets[k];
      if (component[d] !== members) continue;
      if (d === start) {
        const path = [n];
        while (path[0] !== start) path.unshift(prev.get(path[0])!);
        return path.map((i) => names[i]);
      }
      if (!seen.has(d)) {
        seen.add(d);
        prev.set(d, n);
        queue.push(d);
      }
    }
  }
  return [names[start]];
}

/** Kahn's algorithm, keeping the order nodes were declared in among ready nodes (as Cursus lists them). */
export function topologicalOrder(adj: Map<string, string[]>): { order: string[]; cyclic: boolean } {
  const indegree = new Map<string, number>();
  for (const n of adj.keys()) indegree.set(n, 0);
  for (const outs of adj.values()) for (const d of outs) indegree.set(d, (indegree.get(d) ?? 0) + 1);
  const order: string[] = [];
  const ready = [...adj.keys()].filter((n) => indegree.get(n) === 0);
  while (ready.length) {
    const n = ready.shift() as string;
    order.push(n);
    for (const d of adj.get(n) ?? []) {
      const left = (indegree.get(d) ?? 0) - 1;
      indegree.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  return { order, cyclic: order.length < adj.size };
}
