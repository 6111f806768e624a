/** P303: two steps of one pipeline write to the same folder (or one inside the other). */
import { pipelineOf } from '../model/build.js';
import type { PathRef } from '../model/types.js';
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
    // Where an owner's path is written is found only for a finding: a 40,000-node pipeline's owners were a span
    // object each.
    const owners = new Map<string, Owner>();
    /** Every proper ancestor folder of an owned path, with one owner below it (for "holds another's output"). */
    const below = new Map<string, Owner>();
    for (const { node, spec } of pipeline.specs) {
      if (!spec) continue;
      const mine = new Set<string>();
      const other = (o: Owner | undefined) => o !== undefined && o.node !== node.name;
      for (const out of spec.outputs) {
        if (!out.path || isContainerPath(out.path.value) || out.path.value.trim() === '') continue;
        const n = normalisePath(out.path.value);
        let clash: Owner | undefined;
        const ancestors = ancestorsAndSelf(n);
        for (let i = 0; i < ancestors.length && !clash; i++) {
          const o = owners.get(ancestors[i]);
          if (other(o)) clash = o;
        }
        if (!clash && other(below.get(n))) clash = below.get(n);
        if (clash) {
          ctx.report({
            span: out.path.span,
            message: `Output '${out.key.name}' of '${node.name}' ('${out.path.value}') is also written by '${clash.node}' ('${clash.value}'). Give each node its own output folder.`,
            related: [{ file: '', span: clash.outputs.find((o) => o.path && normalisePath(o.path.value) === clash.value)!.path!.span, message: `written by '${clash.node}'` }],
          });
          continue;
        }
        mine.add(n);
      }
      for (const n of mine) {
        if (owners.has(n)) continue;
        const owner: Owner = { node: node.name, outputs: spec.outputs, value: n };
        owners.set(n, owner);
        const ancestors = ancestorsAndSelf(n);
        for (let i = 0; i < ancestors.length - 1; i++) if (!below.has(ancestors[i])) below.set(ancestors[i], owner);
      }
    }
  },
};

/** The node writing an output folder (`value`); the first of its outputs written so is where it is written. */
interface Owner {
  node: string;
  outputs: PathRef[];
  value: string;
}

/** `a`, `a/b`, `a/b/c` for `a/b/c` (what splitting at each `/` and joining the first parts again gives). */
function ancestorsAndSelf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  out.push(path);
  return out;
}
