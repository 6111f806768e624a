/** D400: an edge names a node the DAG does not declare. */
import { dagIndex } from '../dag/graph.js';
import { dagOf } from '../model/build.js';
import { didYouMean, renameFixes, suggest } from '../suggest.js';
import { requote } from '../syntax/quote.js';
import type { Rule } from './rule.js';

export const edgeUnknownNode: Rule = {
  meta: {
    code: 'D400',
    name: 'edge-unknown-node',
    severity: 'error',
    fixable: true,
    reads: ['dag'],
    scope: 'shape',
    docs: {
      summary: 'An edge refers to a node that is not in `dag.nodes`.',
      why: "Cursus's PipelineDAG raises on an edge to an undeclared node, or the step silently never runs.",
      bad: 'dag:\n  nodes: [preprocessing, training]\n  edges:\n    - [preprocessing, trainng]\n',
      good: 'dag:\n  nodes: [preprocessing, training]\n  edges:\n    - [preprocessing, training]\n',
    },
  },
  check(ctx) {
    const dag = dagOf(ctx.file.model);
    if (!dag || !dag.nodesEntry) return;
    const { names, src, dst } = dagIndex(dag);
    dag.edges.forEach((edge, i) => {
      if (src[i] >= 0 && dst[i] >= 0) return;
      for (const [end, role] of [[edge.src, 'source'], [edge.dst, 'target']] as const) {
        if ((role === 'source' ? src[i] : dst[i]) >= 0) continue;
        const suggestions = suggest(end.name, names);
        const original = ctx.file.text.slice(end.span.start, end.span.end);
        const arrow = !/^["'[]/.test(original) && original !== end.name;
        ctx.report({
          span: end.span,
          message: `Edge ${role} '${end.name}' is not a node of this DAG.${didYouMean(suggestions)} Otherwise add '${end.name}' to dag.nodes.`,
          fixes: renameFixes(end.span, suggestions, (n) => (arrow ? n : requote(original, n))),
        });
      }
    });
  },
};
