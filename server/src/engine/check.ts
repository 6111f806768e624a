/** Runs every applicable rule over one analysed file and applies the configured severities. */
import { byPosition, type Diagnostic, type Severity } from './diagnostics.js';
import type { AnalysedFile } from './file.js';
import { rules } from './rules/index.js';
import { defaultEngineOptions, toDiagnostic, type EngineOptions, type Rule, type RuleContext, type RuleMeta } from './rules/rule.js';
import { validateSchema, type SchemaIssue } from './schema/validate.js';
import { emptyProject, viewOf, type ProjectIndex } from './project.js';
import { resolveSpec, type Resolution } from './resolve.js';
import { pipelineOf } from './model/build.js';
import type { ScriptSpecModel } from './model/types.js';
import { scriptSpecsOf } from './model/build.js';
import { shiftDiagnostics, type AnalysisCache } from './cache.js';
import { DEFAULT_WORKSPACE_ROOT } from './rules/helpers.js';
import { applySuppressions, readSuppressions } from './suppress.js';
import { unusedSuppression } from './rules/s105-unused-suppression.js';
import type { RunMemory } from './runs.js';

export type RuleSetting = Severity | 'off';

export interface CheckOptions {
  engine?: Partial<EngineOptions>;
  /** Code (`C207`), code prefix (`C2`, `D`) or rule name to a severity or `off`; the most specific wins. */
  rules?: Record<string, RuleSetting>;
  /** The last run's results, for the R7xx rules. */
  runs?: RunMemory;
  /** A Cursus 2.9 pipeline configuration (project-relative path) to check DAGs against. */
  pipelineConfig?: string;
}

export function checkFile(file: AnalysedFile, options: CheckOptions = {}, index: ProjectIndex = emptyProject(), cache?: AnalysisCache): Diagnostic[] {
  const engine = { ...defaultEngineOptions, ...options.engine };
  const project = viewOf(index);
  const workspaceRoot = pipelineOf(file.model)?.workspaceRoot?.name ?? DEFAULT_WORKSPACE_ROOT;
  const resolutions = new Map<ScriptSpecModel, Resolution>();
  const resolve = (spec: ScriptSpecModel) => {
    let r = resolutions.get(spec);
    if (!r) resolutions.set(spec, (r = resolveSpec(spec, project, workspaceRoot)));
    return r;
  };
  let schemaIssues: SchemaIssue[] | undefined;
  const out: Diagnostic[] = [];
  const specs = scriptSpecsOf(file.model).map((only) => ({ only, text: cache ? file.text.slice(only.spec.region.start, only.spec.region.end) : '' }));
  const env = `${index.version}|${engine.semanticThreshold}|${workspaceRoot}|${file.language}|${file.kind}|${options.pipelineConfig ?? ''}`;
  const base = {
    file,
    options: engine,
    schemaIssues: () => (schemaIssues ??= validateSchema(file, cache)),
    project,
    resolve,
    workspaceRoot,
    cache,
    runs: options.runs,
    pipelineConfig: options.pipelineConfig,
  };
  const specRules: { rule: Rule; meta: RuleMeta }[] = [];
  for (const rule of rules) {
    const severity = severityFor(rule.meta, options.rules);
    if (severity === 'off') continue;
    const meta: RuleMeta = { ...rule.meta, severity };
    if (rule.meta.scope === 'spec') specRules.push({ rule, meta });
    else runRule(rule, { ...base, report: (r) => out.push(toDiagnostic(meta, r)) }, out);
  }
  // Per-spec rules run together for each spec; with a cache, a spec whose text (and project) did not change
  // gets its earlier findings back, shifted to where the spec now starts.
  const what = `${specRules.map((r) => `${r.meta.code}:${r.meta.severity}`).join(',')}|${env}`;
  for (const { only, text } of specs) {
    const compute = () => {
      const found: Diagnostic[] = [];
      for (const { rule, meta } of specRules) runRule(rule, { ...base, only, report: (r) => found.push(toDiagnostic(meta, r)) }, found);
      return found;
    };
    const found = cache ? cache.get(text, what, only.spec.region.start, compute, shiftDiagnostics) : compute();
    for (const d of found) out.push(d);
  }
  // A value broken by a syntax error already has its S100; other findings about it would only be noise.
  const broken = file.parsed.problems.map((p) => p.span);
  const unbroken = broken.length ? out.filter((d) => d.code === 'S100' || !broken.some((b) => d.span.start <= b.end && b.start <= d.span.end)) : out;
  return suppress(file, unbroken, options).sort(byPosition);
}

/** Drops suppressed findings and reports unused suppressions (S105). */
function suppress(file: AnalysedFile, found: Diagnostic[], options: CheckOptions): Diagnostic[] {
  const suppressions = readSuppressions(file);
  const { kept, unused } = suppressions.length ? applySuppressions(file, found, suppressions) : { kept: found, unused: [] };
  const severity = severityFor(unusedSuppression.meta, options.rules);
  if (severity !== 'off') {
    for (const s of unused) {
      const lineStart = file.lines.lineStart(s.line);
      const before = file.text.slice(lineStart, s.span.start);
      const from = s.trailing ? lineStart + before.trimEnd().length : s.span.start;
      kept.push(toDiagnostic({ ...unusedSuppression.meta, severity }, {
        span: s.span,
        message: s.trailing ? 'This suppression silences nothing on its line. Remove it.' : 'A suppression on a line of its own silences nothing (put it at the end of the line it is for). Remove it.',
        fixes: [{ title: 'Remove the unused suppression', safe: true, edits: [{ span: { start: from, end: s.span.end }, newText: '' }] }],
      }));
    }
  }
  return kept;
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
