/** Cycle finding and ordering on DAG shapes that trip naive implementations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjacency, adjacencyOf, cyclesOf, dagIndex, findCycles, firstWithSameEnds, idOf, topologicalOrder } from '../server/src/engine/dag/graph.js';
import type { DagModel } from '../server/src/engine/model/types.js';

const graph = (nodes: string[], edges: [string, string][]) => adjacency(nodes, edges.map(([src, dst]) => ({ src, dst })));

test('an acyclic diamond has no cycle and a full order keeping declaration order among ready nodes', () => {
  const g = graph(['a', 'b', 'c', 'd'], [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']]);
  assert.deepEqual(findCycles(g), []);
  assert.deepEqual(topologicalOrder(g), { order: ['a', 'b', 'c', 'd'], cyclic: false });
});

test('two separate cycles are reported once each, and a self-loop is a cycle', () => {
  const g = graph(['a', 'b', 'c', 'x', 'y', 's'], [['a', 'b'], ['b', 'c'], ['c', 'a'], ['x', 'y'], ['y', 'x'], ['s', 's']]);
  const cycles = findCycles(g).map((c) => c.join(' '));
  assert.equal(cycles.length, 3);
  assert.ok(cycles.includes('a b c'));
  assert.ok(cycles.includes('x y'));
  assert.ok(cycles.includes('s'));
  assert.equal(topologicalOrder(g).cyclic, true);
});

test('a chain of 20,000 nodes does not overflow the stack', () => {
  const nodes = Array.from({ length: 20000 }, (_, i) => `n${i}`);
  const edges = nodes.slice(1).map((n, i) => [nodes[i], n] as [string, string]);
  edges.push([nodes[nodes.length - 1], nodes[0]]);
  const cycles = findCycles(graph(nodes, edges));
  assert.equal(cycles.length, 1);
  assert.equal(cycles[0].length, 20000);
});

/** The string-keyed Tarjan D401 used before the DAG index (the oracle of the property test below). */
function referenceCycles(adj: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const start of adj.keys()) {
    if (index.has(start)) continue;
    const work = [{ node: start, next: 0 }];
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
        } else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
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
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        components.push(component.reverse());
      }
    }
  }
  const cycles: string[][] = [];
  for (const component of components) {
    if (component.length === 1) {
      if (adj.get(component[0])?.includes(component[0])) cycles.push([component[0]]);
      continue;
    }
    const members = new Set(component);
    const start = component[0];
    const prev = new Map<string, string>();
    const queue = [start];
    const seen = new Set([start]);
    let found: string[] | undefined;
    while (queue.length && !found) {
      const n = queue.shift()!;
      for (const d of adj.get(n) ?? []) {
        if (!members.has(d)) continue;
        if (d === start) {
          found = [n];
          while (found[0] !== start) found.unshift(prev.get(found[0])!);
          break;
        }
        if (!seen.has(d)) {
          seen.add(d);
          prev.set(d, n);
          queue.push(d);
        }
      }
    }
    cycles.push(found ?? [start]);
  }
  return cycles;
}

/** A DAG model as the rules read it: nodes (with repeats) and edges (some to undeclared names). */
function randomDag(seed: number) {
  let s = seed;
  const rand = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const count = 1 + rand(30);
  const nodes = Array.from({ length: count + rand(3) }, () => `n${rand(count)}`);
  const name = () => (rand(12) === 0 ? `ghost${rand(3)}` : `n${rand(count)}`);
  const edges = Array.from({ length: rand(3 * count) }, (_, index) => ({ src: { name: name(), span: { start: 0, end: 0 } }, dst: { name: name(), span: { start: 0, end: 0 } }, span: { start: index, end: index }, index }));
  return { node: undefined, nodes: nodes.map((n) => ({ name: n, span: { start: 0, end: 0 } })), edges } as unknown as DagModel;
}

test('the DAG index finds the cycles the string-keyed Tarjan finds, the same and in the same order (random DAGs with repeats, self-loops and undeclared ends)', () => {
  let withCycles = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const dag = randomDag(seed);
    const adj = adjacency(dag.nodes.map((n) => n.name), dag.edges.map((e) => ({ src: e.src.name, dst: e.dst.name })));
    const expected = referenceCycles(adj);
    if (expected.length) withCycles++;
    const index = dagIndex(dag);
    const distinct = [...new Set(dag.nodes.map((n) => n.name))];
    assert.deepEqual(index.names, distinct, `seed ${seed} (names)`);
    for (const e of dag.edges) for (const end of [e.src.name, e.dst.name]) assert.equal(idOf(index, end), distinct.indexOf(end), `seed ${seed} (${end})`);
    const compact = adjacencyOf(index);
    const lists = new Map(compact.names.map((n, i) => [n, [...compact.targets.subarray(compact.starts[i], compact.starts[i + 1])].map((t) => compact.names[t])]));
    assert.deepEqual(lists, adj, `seed ${seed} (adjacency)`);
    assert.deepEqual(cyclesOf(compact), expected, `seed ${seed}`);
    assert.deepEqual(findCycles(adj), expected, `seed ${seed} (findCycles)`);
  }
  assert.ok(withCycles > 100, `the random DAGs had cycles (${withCycles} of 400)`);
});

test('firstWithSameEnds gives each edge between declared nodes the first edge with its two ends', () => {
  let repeats = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const dag = randomDag(seed);
    const index = dagIndex(dag);
    const first = firstWithSameEnds(index);
    const seen = new Map<string, number>();
    dag.edges.forEach((e, i) => {
      if (!index.names.includes(e.src.name) || !index.names.includes(e.dst.name)) {
        assert.equal(first[i], -1, `seed ${seed}, edge ${i}`);
        return;
      }
      const key = `${e.src.name}\u0000${e.dst.name}`;
      if (!seen.has(key)) seen.set(key, i);
      else repeats++;
      assert.equal(first[i], seen.get(key), `seed ${seed}, edge ${i}`);
    });
  }
  assert.ok(repeats > 100, `the random DAGs repeated edges (${repeats})`);
});
