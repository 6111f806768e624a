/** Runs a file's zod schema over its plain value and places each issue on the key or value at fault. */
import type { z } from 'zod';
import type { Fix } from '../diagnostics.js';
import type { AnalysedFile } from '../file.js';
import { didYouMean, renameFixes, suggest } from '../suggest.js';
import { dedupeByCodeAndSpan, type Span } from '../span.js';
import { entry, entryAtPath, isMap, isScalar, nodeAtPath, toPlain, type MapEntry, type MapNode, type ScalarNode, type YNode } from '../syntax/ast.js';
import { requote } from '../syntax/quote.js';
import { allowedKeysAt, PipelineSkeletonSchema, RuntimeConfigSkeletonSchema, schemaByKind, ScriptSpecSchema } from './schemas.js';
import { shiftFixes, shiftSpan, type AnalysisCache } from '../cache.js';

export interface SchemaIssue {
  code: 'S101' | 'S102' | 'S104';
  span: Span;
  message: string;
  fixes: Fix[];
  /**
   * Document paths of the values this issue leaves unknown: the wrongly typed value (S101), the missing field
   * (S104), the known key a misspelt one stands for (S102). Findings built on them are not reported (check.ts).
   */
  breaks?: string[][];
}

type ZodIssue = z.core.$ZodIssue;

/**
 * Schema issues of a file. Pipelines are validated as a skeleton (script_specs' values left open) plus each
 * script spec on its own, so with a cache only the specs whose text changed are validated again.
 */
export function validateSchema(file: AnalysedFile, cache?: AnalysisCache, near: (span: Span) => boolean = () => false): SchemaIssue[] {
  const root = file.parsed.root;
  // Step interfaces have their own family (I8xx): Cursus ignores unknown keys there, and the rules say more.
  if (file.kind === 'step-interface') return [];
  const schema = schemaByKind[file.kind];
  if (root === null) return [missingRoot(file)];
  const prefix = file.kind === 'pipeline-spec' ? [] : file.kind === 'runtime-config' ? ['pipeline_spec'] : undefined;
  const specsHolder = prefix && nodeAtPath(root, [...prefix, 'script_specs']);
  if (!prefix || !isMap(specsHolder)) return dedupeByCodeAndSpan(withoutStandIns(run(file, schema, schema, toPlain(root), root, [])));
  const skeleton = file.kind === 'pipeline-spec' ? PipelineSkeletonSchema : RuntimeConfigSkeletonSchema;
  const validateSkeleton = () => run(file, schema, skeleton, toPlainExcept(root, specsHolder), root, []);
  // The skeleton is what comes before the specs: when nothing follows them, its issues depend on that text
  // alone (and are reused while it stays), unless one lies on the specs' map itself (which grows with them).
  const before = specsHolder.span.start;
  const alone = cache && /^\s*$/.test(file.text.slice(specsHolder.span.end)) && !near({ start: 0, end: before });
  let skeletonIssues = alone ? cache.get(file.text.slice(0, before), `schema-skeleton|${file.kind}|${file.language}`, 0, validateSkeleton, (v) => v) : validateSkeleton();
  if (alone && skeletonIssues.some((i) => i.span.end > before || i.fixes.some((f) => f.edits.some((e) => e.span.end > before)))) skeletonIssues = validateSkeleton();
  const issues = [...skeletonIssues];
  const what = `schema|${file.kind}`;
  for (const e of specsHolder.entries) {
    // A spec whose issues are known (here or where the last edit moved it from) makes no closures.
    const known = cache?.reuse(e, what, e.span.start, shiftIssues);
    const found = known ?? specIssues(file, schema, prefix, e, what, cache, near);
    for (const i of found) issues.push(i);
  }
  return dedupeByCodeAndSpan(withoutStandIns(issues));
}

function specIssues(file: AnalysedFile, schema: z.ZodType, prefix: string[], e: MapEntry, what: string, cache: AnalysisCache | undefined, near: (span: Span) => boolean): SchemaIssue[] {
  const path = [...prefix, 'script_specs', String(e.key.value)];
  // Placed within this entry only: with a duplicated spec name, a lookup by path from the root would land on
  // the other entry (and a cached result would then be shifted by the wrong amount).
  const compute = () => run(file, schema, ScriptSpecSchema, toPlain(e.value), rootHolding(path, e), path);
  return cache ? cache.forPart(e, near(e.span) ? undefined : () => file.text.slice(e.span.start, e.span.end), what, e.span.start, compute, shiftIssues) : compute();
}

/** A field reported missing while a misspelling of it is there: the S102 with its did-you-mean is the one finding. */
function withoutStandIns(issues: SchemaIssue[]): SchemaIssue[] {
  const meant = new Set(issues.flatMap((i) => (i.code === 'S102' ? (i.breaks ?? []).map((p) => p.join('\u0000')) : [])));
  return meant.size ? issues.filter((i) => i.code !== 'S104' || !i.breaks?.every((p) => meant.has(p.join('\u0000')))) : issues;
}

const pathOf = (path: PropertyKey[]) => path.map(String);

/** A stand-in root in which `path` leads to exactly `e` (the maps above it hold nothing else). */
function rootHolding(path: PropertyKey[], e: MapEntry): YNode {
  let node: YNode = { kind: 'map', flow: false, span: e.span, entries: [e] };
  for (let i = path.length - 2; i >= 0; i--) {
    const key: ScalarNode = { kind: 'scalar', span: e.key.span, value: String(path[i]), quoted: false };
    node = { kind: 'map', flow: false, span: e.span, entries: [{ key, value: node, span: e.span }] };
  }
  return node;
}

/** Validates `value` (found at `path` in the file) with `validator`; `schema` is the file's, for key suggestions. */
function run(file: AnalysedFile, schema: z.ZodType, validator: z.ZodType, value: unknown, root: YNode, path: PropertyKey[]): SchemaIssue[] {
  const result = validator.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => place(file, schema, root, { ...issue, path: [...path, ...issue.path] } as ZodIssue));
}

/** The plain value with the script specs' contents left out (each is validated on its own). */
function toPlainExcept(node: YNode, skip: YNode): unknown {
  if (node === skip) return {};
  if (node.kind === 'map') return Object.fromEntries(node.entries.map((e) => [String(e.key.value), e.value === null ? null : toPlainExcept(e.value, skip)]));
  if (node.kind === 'seq') return node.items.map((i) => toPlainExcept(i, skip));
  return node.value;
}

function shiftIssues(list: SchemaIssue[], by: number): SchemaIssue[] {
  if (list.length === 0) return list;
  return list.map((i) => ({ ...i, span: shiftSpan(i.span, by), fixes: shiftFixes(i.fixes, by) }));
}

function place(file: AnalysedFile, schema: z.ZodType, root: YNode, issue: ZodIssue): SchemaIssue[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') return unknownKeys(file, schema, root, path, issue.keys);
  const node = nodeAtPath(root, path);
  if (node === undefined) return [{ ...missingField(root, path), breaks: [pathOf(path)] }];
  if (isEnvValue(path) && isScalar(node) && node.value !== null) return []; // C210 reports non-string env values.
  const where = describePath(path);
  const span = node ? node.span : (entryAtPath(root, path)?.key.span ?? { start: 0, end: 0 });
  return [{ code: 'S101', span, message: `${where} ${expectation(issue, path)}, found ${describeNode(node)}.`, fixes: [], breaks: [pathOf(path)] }];
}

function unknownKeys(file: AnalysedFile, schema: z.ZodType, root: YNode, path: PropertyKey[], keys: string[]): SchemaIssue[] {
  const holder = nodeAtPath(root, path);
  if (!isMap(holder)) return [];
  const allowed = allowedKeysAt(schema, path);
  const present = new Set(holder.entries.map((e) => String(e.key.value)));
  const free = allowed.filter((k) => !present.has(k));
  return keys.flatMap((key) => {
    const e = entry(holder, key);
    if (!e) return [];
    const suggestions = suggest(key, free);
    const where = path.length ? ` in ${describePath(path)}` : '';
    const original = file.text.slice(e.key.span.start, e.key.span.end);
    return [{
      code: 'S102' as const,
      span: e.key.span,
      message: `Unknown key '${key}'${where}; Cursus ignores or rejects it.${didYouMean(suggestions)}${suggestions.length ? '' : ` Known keys: ${allowed.join(', ')}.`}`,
      fixes: renameFixes(e.key.span, suggestions, (n) => requote(original, n)),
      ...(suggestions.length ? { breaks: suggestions.map((x) => pathOf([...path, x.name])) } : {}),
    }];
  });
}

function missingField(root: YNode, path: PropertyKey[]): SchemaIssue {
  const field = String(path[path.length - 1]);
  const parentPath = path.slice(0, -1);
  const holder = entryAtPath(root, parentPath);
  const parent = nodeAtPath(root, parentPath);
  const span = holder ? holder.key.span : firstKey(isMap(parent) ? parent : isMap(root) ? root : undefined, root);
  const where = parentPath.length ? ` in ${describePath(parentPath)}` : '';
  return { code: 'S104', span, message: `Missing required field '${field}'${where}. Add '${field}: ${placeholder(field)}'.`, fixes: [] };
}

function missingRoot(file: AnalysedFile): SchemaIssue {
  return { code: 'S104', span: { start: 0, end: Math.min(file.text.length, file.lines.lineText(0).length) }, message: 'The file is empty; a spec is a map of fields. Add the required fields.', fixes: [] };
}

function firstKey(map: MapNode | undefined, root: YNode): Span {
  return map?.entries[0]?.key.span ?? { start: root.span.start, end: root.span.start };
}

function isEnvValue(path: PropertyKey[]): boolean {
  return path.length >= 2 && path[path.length - 2] === 'environ_vars';
}

function expectation(issue: ZodIssue, path: PropertyKey[]): string {
  const last = String(path[path.length - 1] ?? '');
  if (issue.code === 'invalid_union' || issue.code === 'invalid_format' || issue.code === 'too_small' || issue.code === 'too_big') {
    if (path.includes('edges')) return 'must be an edge: [source, target], {from: source, to: target} or "source -> target"';
    if (issue.code === 'too_small' || issue.code === 'too_big') return `must be between the allowed bounds (${issue.message})`;
  }
  const shapes: Record<string, string> = {
    input_paths: 'must be a map of logical input name to local path',
    output_paths: 'must be a map of logical output name to local path',
    input_path_specs: 'must be a map of logical name to {logical_name, path, aliases}',
    output_path_specs: 'must be a map of logical name to {logical_name, path, aliases}',
    environ_vars: 'must be a map of variable name to string value',
    job_args: 'must be a map of argument name to value',
    script_specs: 'must be a map of DAG node name to script spec',
    nodes: 'must be a list of node names',
    edges: 'must be a list of edges',
    dag: 'must be a map with nodes and edges',
    metadata: 'must be a map',
    statistics: 'must be a map',
    aliases: 'must be a list of names',
  };
  if (shapes[last]) return shapes[last];
  if (issue.code === 'invalid_type') {
    const expected = String(issue.expected);
    return `must be ${expected === 'object' ? 'a map' : expected === 'array' ? 'a list' : `a ${expected}`}`;
  }
  return `is invalid (${issue.message})`;
}

function describePath(path: PropertyKey[]): string {
  if (path.length === 0) return 'The file';
  return `'${path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[')}'`;
}

function describeNode(node: YNode | null): string {
  if (node === null) return 'nothing';
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';
  if (node.value === null) return 'null';
  return typeof node.value === 'string' ? `the string ${JSON.stringify(node.value)}` : `the ${typeof node.value} ${String(node.value)}`;
}

function placeholder(field: string): string {
  const examples: Record<string, string> = {
    script_name: '<script file name without .py>',
    step_name: '<DAG node name>',
    dag: '{nodes: [], edges: []}',
    nodes: '[]',
    edges: '[]',
    script_specs: '{}',
    logical_name: '<logical name>',
    path: '<local path>',
    pipeline_spec: '{dag: ..., script_specs: ...}',
  };
  return examples[field] ?? '...';
}

