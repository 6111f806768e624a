/** Runs every applicable rule over one analysed file and applies the configured severities. */
import { byPosition, type Diagnostic, type Fix, type Severity, type TextEdit } from './diagnostics.js';
import type { AnalysedFile } from './file.js';
import { rules } from './rules/index.js';
import { defaultEngineOptions, toDiagnostic, type EngineOptions, type Report, type Rule, type RuleContext, type RuleMeta } from './rules/rule.js';
import { validateSchema, type SchemaIssue } from './schema/validate.js';
import { checkInterface, type InterfaceIssue } from './rules/interface-checks.js';
import { emptyProject, viewOf, type ProjectIndex } from './project.js';
import { resolveSpec, type Resolution } from './resolve.js';
import { pipelineOf } from './model/build.js';
import type { ScriptSpecModel } from './model/types.js';
import { scriptSpecsOf } from './model/build.js';
import { shiftDiagnostics, type AnalysisCache, type ShapedFindings } from './cache.js';
import { movedFrom, moveFindings, sameShape } from './shape.js';
import { movableChange } from './text-change.js';
import { DEFAULT_WORKSPACE_ROOT } from './rules/helpers.js';
import { applySuppressions, readSuppressions, type Suppression } from './suppress.js';
import { unusedSuppression } from './rules/s105-unused-suppression.js';
import type { RunMemory } from './runs.js';
import { breakageOf, syntaxCut } from './broken.js';
import { reuseOf } from './repaired.js';

export type RuleSetting = Severity | 'off';

export interface CheckOptions {
  engine?: Partial<EngineOptions>;
  /** Code (`C207`), code prefix (`C2`, `D`) or rule name to a severity or `off`; the most specific wins. */
  rules?: Record<string, RuleSetting>;
  /** The last run's results, for the R7xx rules. */
  runs?: RunMemory;
  /** A Cursus 2.9 pipeline configuration (project-relative path) to check DAGs against. */
  pipelineConfig?: string;
  /**
   * The findings are only reported (the CLI's check): of each finding's fixes, only whether one is safe and whether
   * there is any is kept (what a report shows: "fixable", "with --unsafe-fixes"), not their edits. A big file's
   * fixes were a fifth of what its check held. Ignored with a cache (an editor applies the fixes it is given).
   */
  reportOnly?: boolean;
}

export function checkFile(file: AnalysedFile, options: CheckOptions = {}, index: ProjectIndex = emptyProject(), reuse?: AnalysisCache): Diagnostic[] {
  movedFrom.clear();
  // What is kept between analyses is found by each part's text (a spec's, say): only where the tree is what the
  // text says (repaired.ts). Near a repaired syntax error it is the repair's guess (which depends on the whole
  // file), and the specs there are computed afresh; after an error the parser could not repair, or in a file with
  // aliases, nothing is reused.
  const trust = reuse && reuseOf(file);
  const cache = trust ? reuse : undefined;
  if (reuse && !cache) reuse.shaped = undefined;
  const near = trust ? trust.near : () => false;
  const engine = { ...defaultEngineOptions, ...options.engine };
  const project = viewOf(index);
  const workspaceRoot = pipelineOf(file.model)?.workspaceRoot?.name ?? DEFAULT_WORKSPACE_ROOT;
  const resolutions = new Map<ScriptSpecModel, Resolution>();
  // Built when first needed: an edit that changes one spec resolves that spec alone.
  let nodeOf: Map<ScriptSpecModel, string | undefined> | undefined;
  const resolve = (spec: ScriptSpecModel) => {
    let r = resolutions.get(spec);
    if (!nodeOf) {
      nodeOf = new Map();
      for (const s of scriptSpecsOf(file.model)) nodeOf.set(s.spec, s.node?.name);
    }
    if (!r) resolutions.set(spec, (r = resolveSpec(spec, project, workspaceRoot, nodeOf.get(spec))));
    return r;
  };
  let schemaIssues: SchemaIssue[] | undefined;
  let interfaceIssues: InterfaceIssue[] | undefined;
  const out: Diagnostic[] = [];
  const specs = scriptSpecsOf(file.model);
  const env = `${index.version}|${engine.semanticThreshold}|${workspaceRoot}|${file.language}|${file.kind}|${options.pipelineConfig ?? ''}`;
  const base = {
    file,
    options: engine,
    schemaIssues: () => (schemaIssues ??= validateSchema(file, cache, near)),
    interfaceIssues: () => (interfaceIssues ??= file.model.kind === 'step-interface' ? checkInterface(file, file.model.iface, project) : []),
    project,
    resolve,
    workspaceRoot,
    cache,
    runs: options.runs,
    pipelineConfig: options.pipelineConfig,
  };
  const specRules: ActiveRule[] = [];
  // One context for the file's rules and one per spec: a finding goes to the list and meta set before each rule
  // runs (rules report synchronously, while they run).
  let sink: Diagnostic[] = [];
  let current: RuleMeta;
  const report = (r: Report) => {
    sink.push(toDiagnostic(current, r));
  };
  const fileCtx: RuleContext = { ...base, report };
  const run = (active: ActiveRule, ctx: RuleContext, into: Diagnostic[]): Diagnostic[] => {
    const outer = sink;
    const outerMeta = current;
    sink = into;
    current = active.meta;
    try {
      runRule(active.rule, ctx, into);
    } finally {
      sink = outer;
      current = outerMeta;
    }
    return into;
  };
  // With a cache, the shape rules of a pipeline whose shape an edit left alone get their findings moved.
  const shape = cache !== undefined && trust!.shapeIntact && pipelineOf(file.model) !== undefined;
  const earlier = cache?.shaped;
  const moved = shape && earlier && earlier.env === `${env}|${file.path}` ? movableChange(earlier.file.text, file.text, cache.changeFrom(earlier.file.text, file.text)) : undefined;
  const change = moved && sameShape(earlier!.file, file, moved) ? moved : undefined;
  const shaped = new Map<string, ShapedFindings>();
  // One finding per fault: a rule does not run where a value it reads is broken (broken.ts); across specs, its
  // findings on a broken spec (and, for data-flow rules, on its DAG neighbours and edges) are left out.
  const breakage = breakageOf(file, base.schemaIssues());
  const keep = (meta: RuleMeta, found: Diagnostic[]) => {
    if (breakage.none || !meta.reads) return found;
    const regions = breakage.regions(meta.reads);
    return regions.length ? found.filter((d) => !regions.some((g) => d.span.start < g.end && g.start < d.span.end)) : found;
  };
  const settle = options.reportOnly && !reuse ? fixFlagsOnly(file) : (d: Diagnostic) => d;
  for (const active of activeRules(options.rules)) {
    const { rule, meta } = active;
    // A file that is not text (binary, UTF-16) has its S100 and nothing else: every other finding would be noise.
    if (file.parsed.unreadable && rule.meta.code !== 'S100') continue;
    if (rule.meta.scope === 'spec') specRules.push(active);
    else if (meta.reads && breakage.fileWide(meta.reads)) continue;
    else if (rule.meta.scope === 'shape' && shape) {
      const key = `${meta.code}:${meta.severity}`;
      const before = change && earlier?.byRule.get(key);
      let found = before && sameAnswers(index, before.asked) ? moveFindings(before.found, change) : undefined;
      if (found) cache!.shapeReuses++;
      let asked = before ? before.asked : new Map<string, boolean>();
      if (!found) {
        const fresh: Diagnostic[] = [];
        asked = askingExists(index, () => run(active, fileCtx, fresh));
        found = fresh;
      }
      shaped.set(key, { found, asked });
      for (const d of keep(meta, found)) out.push(settle(d));
    } else {
      for (const d of keep(meta, run(active, fileCtx, []))) out.push(settle(d));
    }
  }
  if (cache) cache.shaped = shape ? { file, env: `${env}|${file.path}`, byRule: shaped } : undefined;
  // Per-spec rules run together for each spec; with a cache, a spec whose text (and project) did not change
  // gets its earlier findings back, shifted to where the spec now starts.
  const what = `${specRules.map((r) => `${r.meta.code}:${r.meta.severity}`).join(',')}|${env}`;
  for (const only of specs) {
    // A spec whose findings are known (here or where the last edit moved it from) makes no closures: its tree is
    // the one they were computed from (parts are never changed).
    const known = cache && breakage.none ? cache.reuse(only.spec.node, what, only.spec.region.start, shiftDiagnostics) : undefined;
    if (known) {
      for (const d of known) out.push(d);
      continue;
    }
    const active = breakage.none ? specRules : specRules.filter(({ meta }) => !meta.reads || !breakage.inSpec(only.spec, meta.reads));
    const compute = () => {
      const found: Diagnostic[] = [];
      const ctx: RuleContext = { ...base, only, report };
      for (const a of active) run(a, ctx, found);
      return found;
    };
    const region = only.spec.region;
    // The cache holds what all the rules find in a spec's text; a spec with rules left out is computed afresh, and
    // one near a repaired syntax error is not looked up (nor kept) by its text.
    const content = near(region) ? undefined : () => file.text.slice(region.start, region.end);
    const found = cache && active === specRules ? cache.forPart(only.spec.node, content, what, region.start, compute, shiftDiagnostics) : compute();
    for (const d of found) out.push(settle(d));
  }
  return withoutAliasEdits(file, suppress(file, once(afterSyntaxErrors(file, out)), options)).sort(byPosition);
}

/**
 * A value broken by a syntax error already has its S100; other findings about it would only be noise. After a
 * structural error the parser could not repair, the tree is its guess: only findings before it are kept, and
 * of its follow-on errors one per line.
 */
function afterSyntaxErrors(file: AnalysedFile, found: Diagnostic[]): Diagnostic[] {
  const problems = file.parsed.problems;
  if (!problems.length) return found;
  const cut = syntaxCut(file);
  const s100Lines = new Set<number>();
  return found.filter((d) => {
    if (d.code === 'S100') {
      if (d.span.start < cut) return true;
      const line = file.lines.position(d.span.start).line;
      if (s100Lines.has(line)) return false;
      s100Lines.add(line);
      return true;
    }
    return d.span.start < cut && !problems.some((b) => d.span.start <= b.span.end && b.span.start <= d.span.end);
  });
}

/**
 * Runs `work` noting each question it asks about a path's existence, and the answer: findings that depend on
 * the disk are reused only while the disk answers the same.
 */
function askingExists(index: ProjectIndex, work: () => void): Map<string, boolean> {
  const asked = new Map<string, boolean>();
  const original = index.exists;
  if (!original) {
    work();
    return asked;
  }
  index.exists = function (this: ProjectIndex, path: string) {
    const answer = original.call(this, path);
    asked.set(path, answer);
    return answer;
  };
  try {
    work();
  } finally {
    index.exists = original;
  }
  return asked;
}

function sameAnswers(index: ProjectIndex, asked: Map<string, boolean>): boolean {
  for (const [path, answer] of asked) if (index.exists?.(path) !== answer) return false;
  return true;
}

/**
 * Drops fixes that would edit an anchored node some alias refers to: the edit would change what every alias
 * of it means, elsewhere in the file, for one finding's sake.
 */
function withoutAliasEdits(file: AnalysedFile, found: Diagnostic[]): Diagnostic[] {
  const touches = aliasToucher(file);
  if (!touches) return found;
  return found.map((d) => (d.fixes.some(touches) ? { ...d, fixes: d.fixes.filter((f) => !touches(f)) } : d));
}

/** Whether a fix edits an anchored node some alias refers to; undefined when the file has no alias. */
function aliasToucher(file: AnalysedFile): ((f: Fix) => boolean) | undefined {
  const aliased = file.parsed.aliased;
  if (!aliased?.length) return undefined;
  return (f: Fix) => f.edits.some((e) => aliased.some((a) => e.span.start <= a.end && a.start <= e.span.end));
}

/** What a report needs of a finding's fixes (CheckOptions.reportOnly): one stand-in saying whether a fix is safe. */
const SAFE_FIX: Fix[] = Object.freeze([Object.freeze({ title: 'A safe fix (kept as such only: the findings are reported, not fixed)', safe: true, edits: [] as TextEdit[] })]) as unknown as Fix[];
const UNSAFE_FIX: Fix[] = Object.freeze([Object.freeze({ title: 'A fix that needs review (kept as such only: the findings are reported, not fixed)', safe: false, edits: [] as TextEdit[] })]) as unknown as Fix[];

/**
 * A finding with its fixes reduced to one stand-in: safe when one of them is, after the fixes withoutAliasEdits
 * drops are left out (the stand-in has no edit it could drop later).
 */
function fixFlagsOnly(file: AnalysedFile): (d: Diagnostic) => Diagnostic {
  const touches = aliasToucher(file);
  return (d) => {
    if (!d.fixes.length) return d;
    const fixes = touches ? d.fixes.filter((f) => !touches(f)) : d.fixes;
    return { ...d, fixes: fixes.length === 0 ? [] : fixes.some((f) => f.safe) ? SAFE_FIX : UNSAFE_FIX };
  };
}

/** A value shared through a YAML alias is walked once per use; its findings are reported once. */
function once(found: Diagnostic[]): Diagnostic[] {
  // The first finding at each start is kept as itself; a list is made only where two start at one place.
  const byStart = new Map<number, Diagnostic | Diagnostic[]>();
  const repeats = (o: Diagnostic, d: Diagnostic) => o.code === d.code && o.span.end === d.span.end && o.message === d.message;
  return found.filter((d) => {
    const same = byStart.get(d.span.start);
    if (!same) {
      byStart.set(d.span.start, d);
      return true;
    }
    if (Array.isArray(same) ? same.some((o) => repeats(o, d)) : repeats(same, d)) return false;
    if (Array.isArray(same)) same.push(d);
    else byStart.set(d.span.start, [same, d]);
    return true;
  });
}

/** Drops suppressed findings and reports unused suppressions (S105). */
function suppress(file: AnalysedFile, found: Diagnostic[], options: CheckOptions): Diagnostic[] {
  const suppressions = readSuppressions(file);
  const { kept, unused } = suppressions.length ? applySuppressions(file, found, suppressions) : { kept: found, unused: [] };
  const severity = severityFor(unusedSuppression.meta, options.rules);
  if (severity !== 'off') {
    for (const s of unused) {
      kept.push(toDiagnostic({ ...unusedSuppression.meta, severity }, {
        span: s.span,
        message: s.trailing ? 'This suppression silences nothing on its line. Remove it.' : 'A suppression on a line of its own silences nothing (put it at the end of the line it is for). Remove it.',
        fixes: [{ title: 'Remove the unused suppression', safe: true, edits: [suppressionRemoval(file, s)] }],
      }));
    }
  }
  return kept;
}

/**
 * Removes exactly the suppression: a note written after it (`# cursus-lsp: ignore[X] # why`) stays as the
 * line's comment, and a line left with nothing on it goes entirely, so no blank residue is left behind.
 */
function suppressionRemoval(file: AnalysedFile, s: Suppression): TextEdit {
  const text = file.text;
  const lineStart = file.lines.lineStart(s.line);
  const note = s.note;
  if (note !== undefined) return { span: { start: s.span.start, end: note }, newText: '' };
  if (s.trailing) return { span: { start: lineStart + text.slice(lineStart, s.span.start).trimEnd().length, end: s.span.end }, newText: '' };
  let end = s.span.end;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  else if (lineStart > 0) return { span: { start: lineStart - (text[lineStart - 2] === '\r' ? 2 : 1), end: s.span.end }, newText: '' };
  return { span: { start: lineStart, end }, newText: '' };
}

/** A rule that throws is a bug in this tool, not in the user's file: say so on the first line and go on. */
function runRule(rule: Rule, ctx: RuleContext, out: Diagnostic[]): void {
  try {
    rule.check(ctx);
  } catch (err) {
    out.push({
      code: rule.meta.code,
      name: rule.meta.name,
      severity: 'hint',
      message: `Internal error in rule ${rule.meta.code} (${rule.meta.name}); its findings for this file are missing. Please report it: ${(err as Error).message}`,
      span: { start: 0, end: 0 },
      fixes: [],
    });
  }
}

interface ActiveRule {
  rule: Rule;
  /** The rule's meta with the severity configured. */
  meta: RuleMeta;
}

const activeBySettings = new WeakMap<object, ActiveRule[]>();
const DEFAULT_SETTINGS = {};

/**
 * The rules a settings object leaves on, with their severities, worked out once per settings object (settings are
 * replaced, never changed in place, when the configuration changes).
 */
function activeRules(settings: Record<string, RuleSetting> | undefined): ActiveRule[] {
  const key = settings ?? DEFAULT_SETTINGS;
  let list = activeBySettings.get(key);
  if (!list) {
    list = [];
    for (const rule of rules) {
      const severity = severityFor(rule.meta, settings);
      if (severity !== 'off') list.push({ rule, meta: { ...rule.meta, severity } });
    }
    activeBySettings.set(key, list);
  }
  return list;
}

export function severityFor(meta: RuleMeta, settings: Record<string, RuleSetting> | undefined): RuleSetting {
  if (!settings) return meta.severity;
  if (settings[meta.name] !== undefined) return settings[meta.name];
  let best: { len: number; value: RuleSetting } | undefined;
  for (const [key, value] of Object.entries(settings)) {
    const k = key.toUpperCase();
    if (meta.code.startsWith(k) && (!best || k.length > best.len)) best = { len: k.length, value };
  }
  return best ? best.value : meta.severity;
}
