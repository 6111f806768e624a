/** M503: two upstream outputs tie for the same input. */
import { incomingByNode, matchEdges, type EdgeMatch } from '../matching/edges.js';
import { pipelineOf } from '../model/build.js';
import type { Rule } from './rule.js';

export const ambiguousMatch: Rule = {
  meta: {
    code: 'M503',
    name: 'ambiguous-match',
    severity: 'warning',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: 'One input that two upstream outputs match with the same, highest confidence.',
      why: 'Which file the step receives then depends on order, not on intent. Rename one output or give the input an alias that picks one.',
      bad: 'edges: [[train_a, evaluate], [train_b, evaluate]]\n# both write model_output; evaluate reads model_output\n',
      good: '# train_a writes model_output, train_b writes baseline_model; evaluate reads both by name\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    if (!pipeline) return;
    // Ties between step interfaces are the resolver's (M506).
    const edges = matchEdges(pipeline, ctx.options.semanticThreshold, ctx.cache, ctx.project).filter((e) => e.strategy === 'path');
    const byTarget = incomingByNode(edges);
    for (const { node, spec } of pipeline.specs) {
      if (!spec) continue;
      const incoming = byTarget.get(node.name) ?? [];
      if (!incoming.length) continue;
      for (const input of spec.inputs) {
        // Lists are made only where two matches may tie (most inputs have one match or none).
        if (matchesOf(incoming, input.key.name) < 2) continue;
        const candidates = incoming.flatMap((e) => e.matches.filter((m) => m.dest === input.key.name).map((m) => ({ edge: e.edge, m })));
        if (candidates.length < 2) continue;
        const top = Math.max(...candidates.map((c) => c.m.confidence));
        const tied = candidates.filter((c) => Math.abs(c.m.confidence - top) < 1e-12);
        if (tied.length < 2) continue;
        ctx.report({
          span: input.key.span,
          message: `Input '${input.key.name}' of '${node.name}' is matched equally well (${top.toFixed(3)}) by ${tied.map((c) => `'${c.edge.src.name}'.${c.m.source}`).join(' and ')}. Rename one output or use an alias so one of them is meant.`,
          related: tied.map((c) => ({ file: '', span: c.edge.span, message: `${c.edge.src.name} -> ${c.edge.dst.name}` })),
        });
      }
    }
  },
};

/** How many matches of the incoming edges feed `input`. */
function matchesOf(incoming: readonly EdgeMatch[], input: string): number {
  let n = 0;
  for (const e of incoming) for (let i = 0; i < e.matches.length; i++) if (e.matches[i].dest === input) n++;
  return n;
}
