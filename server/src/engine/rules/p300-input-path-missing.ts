/** P300: an input path that does not exist on disk and that no step of the pipeline produces. */
import { dagIndex, idOf } from '../dag/graph.js';
import { pipelineOf } from '../model/build.js';
import type { DagModel, PathRef, PipelineModel } from '../model/types.js';
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
    const pipeline = pipelineOf(ctx.file.model);
    // Steps with upstream steps are M502's: there a missing input is one no upstream output feeds.
    const downstream = downstreamOf(pipeline?.dag);
    const checked = (input: PathRef) => {
      const p = input.path;
      return p !== undefined && p.value.trim() !== '' && !isContainerPath(p.value) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p.value);
    };
    // The inputs asked about first, then the pipeline's outputs gone through once for them: a 40,000-node
    // pipeline's outputs made two sets of 40,000 paths, to answer for the inputs of its one first step.
    const asked: string[] = [];
    for (const { node, spec } of specsOf(ctx)) {
      if (spec.provided || (node && downstream(node.name))) continue;
      for (const input of spec.inputs) if (checked(input)) asked.push(input.path!.value);
    }
    const produced = asked.length ? producedAmong(asked, pipeline) : new Set<string>();
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
      if (node && downstream(node.name)) continue;
      for (const input of spec.inputs) {
        const p = input.path;
        if (!p || !checked(input)) continue;
        if (produced.has(p.value)) continue;
        if (exists.call(ctx.project.index, p.value)) continue;
        ctx.report({ span: p.span, message: `Input '${input.key.name}' path '${p.value}' does not exist (relative to the project root). Create it with test data or fix the path; Cursus runs no script whose inputs are missing.` });
      }
    }
  },
};

/** Whether a node has an incoming edge (by the DAG's index; names it does not declare in a set of their own). */
function downstreamOf(dag: DagModel | undefined): (name: string) => boolean {
  if (!dag) return () => false;
  const index = dagIndex(dag);
  const { dst } = index;
  const fed = new Uint8Array(index.names.length);
  const others = new Set<string>();
  dag.edges.forEach((e, i) => {
    if (dst[i] >= 0) fed[dst[i]] = 1;
    else others.add(e.dst.name);
  });
  return (name) => {
    const id = idOf(index, name);
    return id < 0 ? others.has(name) : fed[id] === 1;
  };
}

/**
 * The paths of `asked` that equal, hold or sit inside an output of a step of the pipeline that runs (not
 * `run: false`), as written in `asked`.
 */
function producedAmong(asked: string[], pipeline: PipelineModel | undefined): Set<string> {
  const byPath = new Map<string, string[]>();
  /** Proper ancestors of the asked paths -> the paths below them. */
  const byAncestor = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const raw of asked) {
    const n = normalisePath(raw);
    add(byPath, n, raw);
    for (const a of prefixes(n)) add(byAncestor, a, raw);
  }
  const found = new Set<string>();
  const mark = (list: string[] | undefined) => {
    if (list) for (const raw of list) found.add(raw);
  };
  for (const { spec } of pipeline?.specs ?? []) {
    if (!spec || spec.provided) continue;
    for (const o of spec.outputs) {
      if (!o.path) continue;
      const n = normalisePath(o.path.value);
      // Every path overlaps the project root; an asked path equal to this output, or inside it, or holding it.
      if (n === '') for (const list of byPath.values()) mark(list);
      mark(byPath.get(n));
      mark(byAncestor.get(n));
      for (let i = n.indexOf('/'); i >= 0; i = n.indexOf('/', i + 1)) mark(byPath.get(n.slice(0, i)));
    }
  }
  return found;
}

/** `a/b/c` -> `a`, `a/b` (the proper ancestors). */
function prefixes(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
