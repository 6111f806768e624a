/**
 * One finding per fault: which parts of a file's model are unknown because a value there is broken. A schema
 * issue names the values it breaks (a list where a map belongs, a missing field, a misspelt key standing for a
 * known one); a syntax error the parser could not repair breaks the whole file. A rule declares the parts its
 * findings are built on (`RuleMeta.reads`), and check.ts does not run it where one of them is broken: the
 * schema or syntax finding is the one finding, and the rule speaks again once that is fixed.
 */
import type { AnalysedFile } from './file.js';
import { scriptSpecsOf } from './model/build.js';
import type { ScriptSpecModel } from './model/types.js';
import type { SchemaIssue } from './schema/validate.js';

/**
 * `script`: script_name, script_path, step_name (the script and contract a spec resolves to); `inputs`,
 * `outputs`, `env`, `jobArgs`: a spec's maps; `specs`: which script specs there are; `dag`: nodes and edges.
 */
export type ModelPart = 'script' | 'inputs' | 'outputs' | 'env' | 'jobArgs' | 'specs' | 'dag';

const SPEC_PARTS: Record<Exclude<ModelPart, 'specs' | 'dag'>, string[]> = {
  script: ['script_name', 'script_path', 'step_name'],
  inputs: ['input_paths', 'input_path_specs'],
  outputs: ['output_paths', 'output_path_specs'],
  env: ['environ_vars'],
  jobArgs: ['job_args'],
};

export interface Breakage {
  /** Nothing is broken. */
  readonly none: boolean;
  /** Whether one of `parts` is broken for this spec (its own maps, or the file's specs and DAG). */
  inSpec(spec: ScriptSpecModel, parts: readonly ModelPart[]): boolean;
  /** Whether one of `parts` is broken anywhere in the file. */
  anywhere(parts: readonly ModelPart[]): boolean;
}

const intact: Breakage = { none: true, inSpec: () => false, anywhere: () => false };

export function breakageOf(file: AnalysedFile, issues: SchemaIssue[]): Breakage {
  const whole = file.parsed.problems.some((p) => p.structural);
  const broken = issues.flatMap((i) => i.breaks ?? []);
  if (!whole && broken.length === 0) return intact;
  if (whole) return { none: false, inSpec: () => true, anywhere: () => true };
  const model = file.model;
  const base = model.kind === 'runtime-config' ? ['pipeline_spec'] : [];
  // A broken value breaks what holds it and everything inside it; `deep` says whether values inside the part count.
  const hits = (part: string[], deep: boolean) => broken.some((b) => (isPrefix(b, part) || (deep && isPrefix(part, b))) );
  const fileParts = new Set<ModelPart>();
  if (hits([...base, 'dag'], true)) fileParts.add('dag');
  // Which specs there are changes only when script_specs itself or one of its entries is broken.
  if (broken.some((b) => isPrefix(b, [...base, 'script_specs']) || (isPrefix([...base, 'script_specs'], b) && b.length <= base.length + 2))) fileParts.add('specs');
  const bySpec = new Map<ScriptSpecModel, Set<ModelPart>>();
  for (const { node, spec } of scriptSpecsOf(model)) {
    const at = node ? [...base, 'script_specs', node.name] : [];
    const parts = new Set<ModelPart>();
    for (const [part, keys] of Object.entries(SPEC_PARTS) as [ModelPart, string[]][]) {
      if (keys.some((k) => hits([...at, k], true))) parts.add(part);
    }
    if (parts.size) bySpec.set(spec, parts);
  }
  return {
    none: false,
    inSpec: (spec, parts) => parts.some((p) => fileParts.has(p) || bySpec.get(spec)?.has(p) === true),
    anywhere: (parts) => parts.some((p) => fileParts.has(p) || [...bySpec.values()].some((s) => s.has(p))),
  };
}

function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}
