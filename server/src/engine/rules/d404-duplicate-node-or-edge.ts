/** D404: a node or an edge listed twice. */
import { removalFix } from '../edit/sequence.js';
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
    const seenNodes = new Map<string, number>();
    if (isSeq(nodesSeq)) {
      nodesSeq.items.forEach((item, index) => {
        if (item.kind !== 'scalar' || typeof item.value !== 'string') return;
        const first = seenNodes.get(item.value);
        if (first === undefined) {
          seenNodes.set(item.value, index);
          return;
        }
        ctx.report({
          span: item.span,
          message: `Node '${item.value}' is listed twice in dag.nodes. Remove this copy.`,
          related: [{ file: '', span: nodesSeq.items[first].span, message: 'first listed here' }],
          fixes: removal(nodesSeq, index, 'node'),
        });
      });
    }
    const seenEdges = new Map<string, number>();
    for (const edge of dag.edges) {
      const key = `${edge.src.name}\u0000${edge.dst.name}`;
      const first = seenEdges.get(key);
      if (first === undefined) {
        seenEdges.set(key, edge.index);
        continue;
      }
      const firstEdge = dag.edges.find((e) => e.index === first);
      ctx.report({
        span: edge.span,
        message: `Edge ${edge.src.name} -> ${edge.dst.name} is listed twice. Remove this copy.`,
        related: firstEdge ? [{ file: '', span: firstEdge.span, message: 'first listed here' }] : [],
        fixes: removal(dag.edgesEntry?.value, edge.index, 'edge'),
      });
    }
  },
};
