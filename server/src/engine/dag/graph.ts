/** Graph facts of a DAG: cycles (one per strongly connected component) and a topological order. */

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
  const cycles: string[][] = [];
  for (const component of stronglyConnected(adj)) {
    if (component.length === 1) {
      const only = component[0];
      if (adj.get(only)?.includes(only)) cycles.push([only]);
      continue;
    }
    const members = new Set(component);
    cycles.push(cycleThrough(component[0], adj, members));
  }
  return cycles;
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

/** Tarjan's algorithm, iterative so that deep pipelines cannot overflow the stack. */
function stronglyConnected(adj: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const start of adj.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const succ = adj.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const w = succ[frame.next++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        out.push(component.reverse());
      }
    }
  }
  return out;
}

/** The shortest path from `start` back to itself inside one component (breadth first). */
function cycleThrough(start: string, adj: Map<string, string[]>, members: Set<string>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length) {
    const n = queue.shift() as string;
    for (const d of adj.get(n) ?? []) {
      if (!members.has(d)) continue;
      if (d === start) {
        const path = [n];
        while (path[0] !== start) path.unshift(prev.get(path[0]) as string);
        return path;
      }
      if (!seen.has(d)) {
        seen.add(d);
        prev.set(d, n);
        queue.push(d);
      }
    }
  }
  return [start];
}
