/** P300: an input path that does not exist on disk and that no step of the pipeline produces. */
import { pipelineOf } from '../model/build.js';
import { isContainerPath, normalisePath, specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const inputPathMissing: Rule = {
  meta: {
    code: 'P300',
    name: 'input-path-missing',
    severity: 'warning',
    fixable: false,
    reads: ['inputs'],
    scope: 'shape',
    docs: {
      summary: 'An input path that is not on disk (relative paths resolve against the project root).',
      why: 'Cursus requires every input to exist before it runs a script and never generates sample data. Inputs that another step of the same pipeline writes are not reported, nor inputs of steps that have upstream steps (M502 covers those). The outputs of a step marked `run: false` (no local script; `cursus-lint init` writes it) are data you provide, so they are checked as inputs.',
      bad: 'input_paths:\n  DATA: data/raw-typo\n',
      good: 'input_paths:\n  DATA: data/raw\n',
    },
  },
  check(ctx) {
    const exists = ctx.project.index.exists;
    if (!exists) return;
    const produced = new PathSet((pipelineOf(ctx.file.model)?.specs ?? []).flatMap((s) => (s.spec && !s.spec.provided ? s.spec.outputs.flatMap((o) => (o.path ? [o.path.value] : [])) : [])));
    // Steps with upstream steps are M502's: there a missing input is one no upstream output feeds.
    const downstream = new Set((pipelineOf(ctx.file.model)?.dag?.edges ?? []).map((e) => e.dst.name));
    for (const { node, spec } of specsOf(ctx)) {
      // A step with no local script (`run: false`): its outputs are data the user provides, so they are its inputs.
      if (spec.provided) {
        for (const out of spec.outputs) {
          const p = out.path;
          if (!p || p.value.trim() === '' || isContainerPath(p.value) || exists.call(ctx.project.index, p.value)) continue;
          ctx.report({ span: p.span, message: `Output '${out.key.name}' of '${node?.name ?? spec.stepName?.name ?? 'this step'}' is data you provide (run: false: the step has no local script), and '${p.value}' does not exist. Put its data there before running the pipeline.` });
        }
        continue;
      }
      if (node && downstream.has(node.name)) continue;
      for (const input of spec.inputs) {
        const p = input.path;
        if (!p || p.value.trim() === '' || isContainerPath(p.value) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p.value)) continue;
        if (produced.overlaps(p.value)) continue;
        if (exists.call(ctx.project.index, p.value)) continue;
        ctx.report({ span: p.span, message: `Input '${input.key.name}' path '${p.value}' does not exist (relative to the project root). Create it with test data or fix the path; Cursus runs no script whose inputs are missing.` });
      }
    }
  },
};

/** Answers "does this path equal, hold or sit inside any of these paths" in time linear in the path's depth. */
class PathSet {
  private readonly exact = new Set<string>();
  private readonly ancestors = new Set<string>();

  constructor(paths: string[]) {
    for (const p of paths) {
      const n = normalisePath(p);
      this.exact.add(n);
      for (const a of prefixes(n)) this.ancestors.add(a);
    }
  }

  overlaps(path: string): boolean {
    const n = normalisePath(path);
    if (this.exact.has(n) || this.ancestors.has(n) || this.exact.has('')) return true;
    return prefixes(n).some((a) => this.exact.has(a));
  }
}

/** `a/b/c` -> `a`, `a/b` (the proper ancestors). */
function prefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
