/** P303: two steps of one pipeline write to the same folder (or one inside the other). */
import { pipelineOf } from '../model/build.js';
import type { Span } from '../span.js';
import { isContainerPath, normalisePath } from './helpers.js';
import type { Rule } from './rule.js';

export const outputSharedByNodes: Rule = {
  meta: {
    code: 'P303',
    name: 'output-shared-by-nodes',
    severity: 'error',
    fixable: false,
    reads: ['specs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: 'Two nodes of a pipeline have output paths that are the same folder or nested in each other.',
      why: 'Later steps overwrite earlier outputs, and downstream steps read whichever ran last.',
      bad: 'script_specs:\n  train: {..., output_paths: {model_output: test/out}}\n  eval: {..., output_paths: {eval_output: test/out}}\n',
      good: 'script_specs:\n  train: {..., output_paths: {model_output: test/out/train}}\n  eval: {..., output_paths: {eval_output: test/out/eval}}\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    if (!pipeline) return;
    const owners = new Map<string, { node: string; span: Span; value: string }>();
    /** Every proper ancestor folder of an owned path, with one owner below it (for "holds another's output"). */
    const below = new Map<string, { node: string; span: Span; value: string }>();
    for (const { node, spec } of pipeline.specs) {
      if (!spec) continue;
      const mine = new Set<string>();
      for (const out of spec.outputs) {
        if (!out.path || isContainerPath(out.path.value) || out.path.value.trim() === '') continue;
        const n = normalisePath(out.path.value);
        const other = (o: { node: string } | undefined) => o !== undefined && o.node !== node.name;
        const clash = ancestorsAndSelf(n).map((a) => owners.get(a)).find(other) ?? (other(below.get(n)) ? below.get(n) : undefined);
        if (clash) {
          ctx.report({
            span: out.path.span,
            message: `Output '${out.key.name}' of '${node.name}' ('${out.path.value}') is also written by '${clash.node}' ('${clash.value}'). Give each node its own output folder.`,
            related: [{ file: '', span: clash.span, message: `written by '${clash.node}'` }],
          });
          continue;
        }
        mine.add(n);
      }
      for (const n of mine) {
        if (owners.has(n)) continue;
        const owner = { node: node.name, span: spec.outputs.find((o) => o.path && normalisePath(o.path.value) === n)!.path!.span, value: n };
        owners.set(n, owner);
        for (const a of ancestorsAndSelf(n).slice(0, -1)) if (!below.has(a)) below.set(a, owner);
      }
    }
  },
};

function ancestorsAndSelf(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}
