/** D404: a node or an edge listed twice. */
import { removalFix } from '../edit/sequence.js';
import { dagIndex, firstWithSameEnds, idOf } from '../dag/graph.js';
import { dagOf } from '../model/build.js';
import { isSeq } from '../syntax/ast.js';
import type { Fix } from '../diagnostics.js';
import type { Rule } from './rule.js';

export const duplicateNodeOrEdge: Rule = {
  meta: {
    code: 'D404',
    name: 'duplicate-node-or-edge',
    severity: 'warning',
    fixable: true,
    reads: ['dag'],
    scope: 'shape',
    docs: {
      summary: 'The same node or the same edge is listed twice.',
      why: 'A repeated entry is redundant at best; at worst it hides the name that was meant (a copy-paste that was never edited).',
      bad: 'nodes: [preprocessing, training, training]\n',
      good: 'nodes: [preprocessing, training]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag) return;
    const text = ctx.file.text;
    const removal = (seq: unknown, index: number, what: string): Fix[] => (isSeq(seq as never) ? removalFix(text, seq as never, index, `Remove the duplicate ${what}`) : []);
    const nodesSeq = dag.nodesEntry?.value;
    // Where each name was first listed, by the name's place in the DAG's index (names the index lacks, in a map).
    const dagNodes = dagIndex(dag);
    const firstAt = new Int32Array(dagNodes.names.length).fill(-1);
    const others = new Map<string, number>();
    const firstOf = (name: string, index: number): number | undefined => {
      const id = idOf(dagNodes, name);
      if (id < 0) {
        const first = others.get(name);
        if (first === undefined) others.set(name, index);
        return first;
      }
      if (firstAt[id] < 0) {
        firstAt[id] = index;
        return undefined;
      }
      return firstAt[id];
    };
    if (isSeq(nodesSeq)) {
      nodesSeq.items.forEach((item, index) => {
        if (item.kind !== 'scalar' || typeof item.value !== 'string') return;
        const first = firstOf(item.value, index);
        if (first === undefined) return;
        ctx.report({
          span: item.span,
          message: `Node '${item.value}' is listed twice in dag.nodes. Remove this copy.`,
          related: [{ file: '', span: nodesSeq.items[first].span, message: 'first listed here' }],
          fixes: removal(nodesSeq, index, 'node'),
        });
      });
    }
    // Edges between declared nodes are looked up by their ends' places in the index, others by their names.
    const sameEnds = firstWithSameEnds(dagNodes);
    const seenEdges = new Map<string, number>();
    dag.edges.forEach((edge, i) => {
      let first: number | undefined;
      if (sameEnds[i] >= 0) first = sameEnds[i] === i ? undefined : dag.edges[sameEnds[i]].index;
      else {
        const key = `${edge.src.name}\u0000${edge.dst.name}`;
        first = seenEdges.get(key);
        if (first === undefined) seenEdges.set(key, edge.index);
      }
      if (first === undefined) return;
      const firstEdge = dag.edges.find((e) => e.index === first);
      ctx.report({
        span: edge.span,
        message: `Edge ${edge.src.name} -> ${edge.dst.name} is listed twice. Remove this copy.`,
        related: firstEdge ? [{ file: '', span: firstEdge.span, message: 'first listed here' }] : [],
        fixes: removal(dag.edgesEntry?.value, edge.index, 'edge'),
      });
    });
  },
};
