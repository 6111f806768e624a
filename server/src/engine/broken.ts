/**
 * One finding per fault: which parts of a file's model are unknown because a value there is broken. A schema
 * issue names the values it breaks (a list where a map belongs, a missing field, a misspelt key standing for a
 * known one); a syntax error the parser could not repair breaks the whole file. A rule declares the parts its
 * findings are built on (`RuleMeta.reads`), and check.ts does not run it where one of them is broken: the
 * schema or syntax finding is the one finding, and the rule speaks again once that is fixed.
 */
import type { AnalysedFile } from './file.js';
import { dagOf, pipelineOf, scriptSpecsOf } from './model/build.js';
import type { Span } from './span.js';
import type { MapEntry } from './syntax/ast.js';
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
  /** Whether one of `parts` is broken for the whole file (the DAG, the set of specs, or everything). */
  fileWide(parts: readonly ModelPart[]): boolean;
  /**
   * Where findings of a rule reading `parts` would be built on a broken spec: the specs with one of them broken,
   * their node names, and, for a rule reading the DAG, their edges and neighbours (what feeds them, what they feed).
   */
  regions(parts: readonly ModelPart[]): Span[];
}

const intact: Breakage = { none: true, inSpec: () => false, fileWide: () => false, regions: () => [] };

export function breakageOf(file: AnalysedFile, issues: SchemaIssue[]): Breakage {
  const cut = syntaxCut(file);
  const broken = issues.flatMap((i) => i.breaks ?? []);
  if (cut === Infinity && broken.length === 0) return intact;
  if (cut !== Infinity) {
    // After a syntax error the parser could not repair, the tree is its guess: which specs there are and the DAG
    // are unknown, and so is every spec from the one holding the error on; the specs before it are what they say.
    const after = new Set(scriptSpecsOf(file.model).filter(({ spec }) => spec.region.end > cut).map(({ spec }) => spec));
    const fileWide = (parts: readonly ModelPart[]) => parts.some((p) => p === 'dag' || p === 'specs');
    return { none: false, inSpec: (spec, parts) => fileWide(parts) || after.has(spec), fileWide, regions: () => [] };
  }
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
  const specs = scriptSpecsOf(model);
  const dag = dagOf(model);
  const pipeline = pipelineOf(model);
  return {
    none: false,
    inSpec: (spec, parts) => parts.some((p) => fileParts.has(p) || bySpec.get(spec)?.has(p) === true),
    fileWide: (parts) => parts.some((p) => fileParts.has(p)),
    regions(parts) {
      const broken = new Set(specs.filter(({ spec }) => parts.some((p) => bySpec.get(spec)?.has(p))).map(({ node, spec }) => node?.name ?? spec));
      if (!broken.size) return [];
      const tainted = new Set<string | ScriptSpecModel>(broken);
      const out: Span[] = [];
      // Through the DAG (data flow): what feeds a broken spec or is fed by it is judged on its broken maps too.
      const flow = parts.includes('dag');
      for (const e of dag?.edges ?? []) {
        if (flow && (broken.has(e.src.name) || broken.has(e.dst.name))) {
          tainted.add(e.src.name).add(e.dst.name);
          out.push(e.span);
        }
      }
      for (const n of dag?.nodes ?? []) if (broken.has(n.name)) out.push(n.span);
      for (const s of pipeline?.specs ?? []) if (tainted.has(s.node.name)) out.push(s.entry.span);
      for (const { node, spec } of specs) if (!node && tainted.has(spec)) out.push(spec.region);
      return out;
    },
  };
}

function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}

/**
 * Where the tree stops being trusted: the start of the spec (an entry of `script_specs`, or the whole file of a
 * script spec), else of the top-level entry, holding (or just before) the first syntax error the parser could not repair (a finding placed on a spec's key, a missing
 * field say, is about what follows it); Infinity when there is none.
 */
export function syntaxCut(file: AnalysedFile): number {
  const first = file.parsed.problems.reduce((min, p) => (p.structural && p.span.start < min ? p.span.start : min), Infinity);
  if (first === Infinity) return Infinity;
  const lineStart = file.lines.lineStart(file.lines.position(first).line);
  const root = file.parsed.root;
  if (root?.kind !== 'map') return lineStart;
  // A script spec file is one spec: its findings (placed on its first key) are about the whole of it.
  if (file.kind === 'script-spec' || file.kind === 'enhanced-script-spec') return Math.min(lineStart, root.span.start);
  // The entry holding the error, or the one before it: an error right after an entry may have cut it short.
  const around = (entries: MapEntry[]) => entries.filter((e) => e.span.start <= first).pop();
  const top = around(root.entries);
  if (!top) return lineStart;
  const pipeline = top.key.value === 'pipeline_spec' && top.value?.kind === 'map' ? around(top.value.entries) : top;
  const spec = pipeline?.key.value === 'script_specs' && pipeline.value?.kind === 'map' ? around(pipeline.value.entries) : undefined;
  return Math.min(lineStart, (spec ?? pipeline ?? top).span.start);
}
