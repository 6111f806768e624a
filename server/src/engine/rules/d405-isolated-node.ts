/** D405: a node with no edge at all in a DAG of several nodes. */
import { dagIndex, idOf } from '../dag/graph.js';
import { dagOf } from '../model/build.js';
import { undeclaredEnds } from '../dag/undeclared.js';
import type { Rule } from './rule.js';

export const isolatedNode: Rule = {
  meta: {
    code: 'D405',
    name: 'isolated-node',
    severity: 'info',
    fixable: false,
    reads: ['dag'],
    scope: 'shape',
    docs: {
      summary: 'A node that no edge connects to the rest of the pipeline.',
      why: 'An unconnected step receives no upstream data and feeds nothing; usually an edge is missing. A DAG of a single node is not reported.',
      bad: 'nodes: [preprocessing, training, evaluation]\nedges:\n  - [preprocessing, training]\n',
      good: 'nodes: [preprocessing, training, evaluation]\nedges:\n  - [preprocessing, training]\n  - [training, evaluation]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag || dag.nodes.length < 2) return;
    // Per declared node (its place in the DAG's index): 1 when an edge touches it or it was reported.
    const index = dagIndex(dag);
    const { src, dst } = index;
    const done = new Uint8Array(index.names.length);
    for (let e = 0; e < src.length; e++) {
      if (src[e] >= 0) done[src[e]] = 1;
      if (dst[e] >= 0) done[dst[e]] = 1;
    }
    // A node that a misspelt edge end was meant to name already has its D400; do not report it twice.
    const meant = new Set(undeclaredEnds(dag).meant.values());
    for (const node of dag.nodes) {
      const id = idOf(index, node.name);
      if (done[id] || meant.has(node.name)) continue;
      done[id] = 1;
      ctx.report({ span: node.span, message: `Node '${node.name}' has no edges: it gets no upstream data and feeds no step. Add an edge if it belongs to the flow.` });
    }
  },
};
