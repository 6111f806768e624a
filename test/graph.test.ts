/** Cycle finding and ordering on DAG shapes that trip naive implementations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjacency, findCycles, topologicalOrder } from '../server/src/engine/dag/graph.js';

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
