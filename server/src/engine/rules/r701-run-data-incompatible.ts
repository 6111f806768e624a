/** R701: the last run found that data does not flow over an edge. */
import { dagOf } from '../model/build.js';
import type { Rule } from './rule.js';

export const runDataIncompatible: Rule = {
  meta: {
    code: 'R701',
    name: 'run-data-incompatible',
    severity: 'error',
    fixable: false,
    docs: {
      summary: "In the last run, the downstream step could not use the upstream step's output (no match, no files written, or the downstream step failed on them).",
      why: "This is Cursus's data-compatibility test, done on the real outputs: it catches what names alone cannot, such as an empty output folder or a format the next script cannot read.",
      bad: '# preprocessing wrote nothing to processed_data, which feeds training\nedges: [[preprocessing, training]]\n',
      good: '# preprocessing wrote train/train.csv; training read it\nedges: [[preprocessing, training]]\n',
    },
  },
  check(ctx) {
    const runs = ctx.runs;
    const dag = dagOf(ctx.file.model);
    if (!runs || !dag) return;
    for (const edge of dag.edges) {
      const r = runs.edges[`${edge.src.name}->${edge.dst.name}`];
      if (!r || r.stale || r.compatible) continue;
      const src = runs.nodes[edge.src.name];
      const dst = runs.nodes[edge.dst.name];
      // A failed or skipped end has its own finding (R700, R702, R703); this one is for two steps that both passed.
      if ((src?.status !== 'passed' && src?.status !== 'provided') || dst?.status !== 'passed') continue;
      ctx.report({ span: edge.span, message: `Last run: data did not flow ${edge.src.name} -> ${edge.dst.name}: ${r.issues.join(' ')}` });
    }
  },
};
