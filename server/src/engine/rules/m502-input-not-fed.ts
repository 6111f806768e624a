/** M502: an input of a downstream step that no upstream output feeds and that has no data on disk. */
import { incomingByNode, matchEdges, type EdgeMatch } from '../matching/edges.js';
import { undeclaredEnds } from '../dag/undeclared.js';
import { pipelineOf } from '../model/build.js';
import { isContainerPath } from './helpers.js';
import type { Rule } from './rule.js';

export const inputNotFed: Rule = {
  meta: {
    code: 'M502',
    name: 'input-not-fed',
    severity: 'warning',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: 'An input of a step with upstream steps that none of their outputs match, and whose path holds no data on disk.',
      why: 'When the pipeline runs, nothing provides this input, so the step fails for lack of data. Not reported for a step fed by an edge whose other end is not a declared node (D400): that predecessor may provide it.',
      bad: 'edges: [[preprocessing, training]]\ntraining: {input_paths: {processed_data: out/p, calibration: out/missing}}\n',
      good: 'edges: [[preprocessing, calibration], [preprocessing, training], [calibration, training]]\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    const exists = ctx.project.index.exists;
    if (!pipeline || !exists) return;
    const edges = matchEdges(pipeline, ctx.options.semanticThreshold, ctx.cache, ctx.project);
    const byTarget = incomingByNode(edges);
    // A step fed through an edge whose other end is not a declared node (D400) may get any input from it.
    const unknowable = pipeline.dag ? undeclaredEnds(pipeline.dag).fed : new Map<string, string[]>();
    for (const { node, spec } of pipeline.specs) {
      if (!spec) continue;
      const into = byTarget.get(node.name);
      if (!into || !into.some(withSource) || unknowable.has(node.name)) continue;
      for (const input of spec.inputs) {
        if (!input.path || isContainerPath(input.path.value) || fed(into, input.key.name)) continue;
        if (exists.call(ctx.project.index, input.path.value)) continue;
        const incoming = into.filter(withSource);
        ctx.report({
          span: input.key.span,
          message: `Input '${input.key.name}' of '${node.name}' is fed by no upstream output (${incoming.map((e) => e.edge.src.name).join(', ')}) and '${input.path.value}' does not exist. Match an upstream output's name or provide the data.`,
        });
      }
    }
  },
};

const withSource = (e: EdgeMatch) => e.source !== undefined;

/** Whether an edge with a spec at its source matches `input` (the lists are made only for a finding). */
function fed(into: readonly EdgeMatch[], input: string): boolean {
  for (const e of into) {
    if (!e.source) continue;
    for (let i = 0; i < e.matches.length; i++) if (e.matches[i].dest === input) return true;
  }
  return false;
}
