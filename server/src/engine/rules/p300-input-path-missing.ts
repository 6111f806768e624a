/** P300: an input path that does not exist on disk and that no step of the pipeline produces. */
import { pipelineOf } from '../model/build.js';
import { isContainerPath, overlaps, specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const inputPathMissing: Rule = {
  meta: {
    code: 'P300',
    name: 'input-path-missing',
    severity: 'warning',
    fixable: false,
    docs: {
      summary: 'An input path that is not on disk (relative paths resolve against the project root).',
      why: 'Cursus requires every input to exist before it runs a script and never generates sample data. Inputs that another step of the same pipeline writes are not reported.',
      bad: 'input_paths:\n  DATA: data/raw-typo\n',
      good: 'input_paths:\n  DATA: data/raw\n',
    },
  },
  check(ctx) {
    const exists = ctx.project.index.exists;
    if (!exists) return;
    const produced = (pipelineOf(ctx.file.model)?.specs ?? []).flatMap((s) => s.spec?.outputs.flatMap((o) => (o.path ? [o.path.value] : [])) ?? []);
    for (const { spec } of specsOf(ctx)) {
      for (const input of spec.inputs) {
        const p = input.path;
        if (!p || p.value.trim() === '' || isContainerPath(p.value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p.value)) continue;
        if (produced.some((o) => overlaps(o, p.value))) continue;
        if (exists.call(ctx.project.index, p.value)) continue;
        ctx.report({ span: p.span, message: `Input '${input.key.name}' path '${p.value}' does not exist (relative to the project root). Create it with test data or fix the path; Cursus runs no script whose inputs are missing.` });
      }
    }
  },
};
