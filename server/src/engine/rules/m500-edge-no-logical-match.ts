/** M500: nothing the upstream step writes matches anything the downstream step reads. */
import { matchEdges, pathEnds } from '../matching/edges.js';
import { pipelineOf } from '../model/build.js';
import type { Rule } from './rule.js';

export const edgeNoLogicalMatch: Rule = {
  meta: {
    code: 'M500',
    name: 'edge-no-logical-match',
    severity: 'error',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: "An edge whose upstream outputs match none of the downstream inputs (exactly, by alias, or semantically above the threshold).",
      why: "Cursus's data-compatibility test finds no file to hand over, so the downstream step runs without its upstream data. The message names both sides and the closest pair.",
      bad: 'preprocessing: {output_paths: {processed_data: out/p}}\ntraining: {input_paths: {hyperparams: cfg/h.json}}\nedges: [[preprocessing, training]]\n',
      good: 'preprocessing: {output_paths: {processed_data: out/p}}\ntraining: {input_paths: {processed_data: out/p}}\nedges: [[preprocessing, training]]\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    if (!pipeline) return;
    const threshold = ctx.options.semanticThreshold;
    // Edges between step interfaces are the resolver's (M504-M507).
    for (const e of matchEdges(pipeline, threshold, ctx.cache, ctx.project)) {
      if (!e.source || !e.target || e.matches.length > 0 || e.strategy === 'resolver') continue;
      const outs = pathEnds(e.source, 'outputs').map((p) => p.key);
      const ins = pathEnds(e.target, 'inputs').map((p) => p.key);
      if (outs.length === 0 || ins.length === 0) continue;
      const near = e.nearMiss ? ` Closest: '${e.nearMiss.source}' -> '${e.nearMiss.dest}' scores ${e.nearMiss.score.toFixed(3)} (threshold ${threshold}).` : '';
      ctx.report({
        span: e.edge.span,
        message: `No output of '${e.edge.src.name}' (${outs.join(', ')}) matches an input of '${e.edge.dst.name}' (${ins.join(', ')}).${near} Use the same logical name on both sides or add an alias.`,
      });
    }
  },
};
