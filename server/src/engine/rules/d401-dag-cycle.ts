/** D401: the DAG has a cycle; the message names it. */
import { adjacencyOf, cyclesOf, dagIndex } from '../dag/graph.js';
import { dagOf } from '../model/build.js';
import type { Rule } from './rule.js';

export const dagCycle: Rule = {
  meta: {
    code: 'D401',
    name: 'dag-cycle',
    severity: 'error',
    fixable: false,
    reads: ['dag'],
    scope: 'shape',
    docs: {
      summary: 'The edges form a cycle, so there is no order in which the steps can run.',
      why: "Cursus's topological sort fails on a cycle and the pipeline test stops before running anything.",
      bad: 'edges:\n  - [preprocessing, training]\n  - [training, preprocessing]\n',
      good: 'edges:\n  - [preprocessing, training]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag) return;
    for (const cycle of cyclesOf(adjacencyOf(dagIndex(dag)))) {
      const path = [...cycle, cycle[0]];
      const steps = path.slice(0, -1).map((src, i) => ({ src, dst: path[i + 1] }));
      const edgeOf = (s: { src: string; dst: string }) => dag.edges.find((e) => e.src.name === s.src && e.dst.name === s.dst);
      const closing = edgeOf(steps[steps.length - 1]);
      if (!closing) continue;
      ctx.report({
        span: closing.span,
        message: `This edge closes a cycle: ${path.join(' -> ')}. Remove or reverse one of these edges so the steps can run in order.`,
        related: steps.slice(0, -1).flatMap((s) => {
          const e = edgeOf(s);
          return e ? [{ file: '', span: e.span, message: `${s.src} -> ${s.dst} is part of the cycle` }] : [];
        }),
      });
    }
  },
};
