/** D405: a node with no edge at all in a DAG of several nodes. */
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
    const connected = new Set<string>();
    for (const e of dag.edges) {
      connected.add(e.src.name);
      connected.add(e.dst.name);
    }
    // A node that a misspelt edge end was meant to name already has its D400; do not report it twice.
    const meant = new Set(undeclaredEnds(dag).meant.values());
    const reported = new Set<string>();
    for (const node of dag.nodes) {
      if (connected.has(node.name) || meant.has(node.name) || reported.has(node.name)) continue;
      reported.add(node.name);
      ctx.report({ span: node.span, message: `Node '${node.name}' has no edges: it gets no upstream data and feeds no step. Add an edge if it belongs to the flow.` });
    }
  },
};
