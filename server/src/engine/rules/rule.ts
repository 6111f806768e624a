/** What a rule module is: a meta object with its code and docs, and a check over one analysed file. */
import type { Diagnostic, Fix, RelatedInfo, Severity } from '../diagnostics.js';
import type { Span } from '../span.js';
import type { AnalysedFile } from '../file.js';
import type { SchemaIssue } from '../schema/validate.js';
import type { ProjectView } from '../project.js';
import type { Resolution } from '../resolve.js';
import type { NameRef, ScriptSpecModel } from '../model/types.js';
import type { AnalysisCache } from '../cache.js';
import type { RunMemory } from '../runs.js';
import type { InterfaceIssue } from './interface-checks.js';
import type { ModelPart } from '../broken.js';

export interface RuleDocs {
  summary: string;
  why: string;
  bad: string;
  good: string;
}

export interface RuleMeta {
  code: string;
  name: string;
  severity: Severity;
  fixable: boolean;
  docs: RuleDocs;
  /**
   * `spec`: the rule looks at one script spec at a time (through `specsOf`), so its findings for a spec are
   * cached by that spec's text and recomputed only when it (or the project, or the options) changes.
   * `shape`: a pipeline rule that reads only the file's shape (see shapeOf: the text outside `script_specs`,
   * and of each spec its key, names, script, `run` and paths, as written), the project and the options; after an
   * edit that leaves the shape alone and adds no line, its earlier findings are moved with the text.
   */
  scope?: 'spec' | 'shape';
  /**
   * The parts of the model this rule's findings are built on. Where one is broken (a wrong type, a missing or
   * misspelt field, a syntax error the parser could not repair), the rule does not run: the finding about the
   * broken value is the one finding (broken.ts).
   */
  reads?: readonly ModelPart[];
}

export interface Report {
  span: Span;
  message: string;
  fixes?: Fix[];
  related?: RelatedInfo[];
}

export interface EngineOptions {
  semanticThreshold: number;
}

export const defaultEngineOptions: EngineOptions = { semanticThreshold: 0.7 };

export interface RuleContext {
  readonly file: AnalysedFile;
  readonly options: EngineOptions;
  /** Schema findings, computed once per file and shared by S101, S102 and S104. */
  schemaIssues(): SchemaIssue[];
  /** The checks of a `.step.yaml` (empty for other files), computed once per file and shared by I800-I811. */
  interfaceIssues(): InterfaceIssue[];
  /** The project's contracts and scripts (empty when the caller gave none). */
  readonly project: ProjectView;
  /** The script and contract a spec resolves to, computed once per spec. */
  resolve(spec: ScriptSpecModel): Resolution;
  /** The pipeline's `test_workspace_root` (Cursus's default when absent). */
  readonly workspaceRoot: string;
  /** Set while a `scope: 'spec'` rule runs for one spec: `specsOf` then yields only it. */
  readonly only?: { node?: NameRef; spec: ScriptSpecModel };
  /** Reuse across analyses of the same document, when the caller keeps one. */
  readonly cache?: AnalysisCache;
  /** The Cursus 2.9 pipeline configuration given for this file (`--config`, the `pipeline-config` setting), project-relative. */
  readonly pipelineConfig?: string;
  /** What the last run of this file found, when the caller remembers one. */
  readonly runs?: RunMemory;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function toDiagnostic(meta: RuleMeta, r: Report): Diagnostic {
  if (r.fixes) for (const f of r.fixes) flat(f.title);
  return {
    code: meta.code,
    name: meta.name,
    severity: meta.severity,
    message: flat(r.message),
    span: r.span,
    fixes: r.fixes ?? [],
    ...(r.related ? { related: r.related } : {}),
  };
}

/**
 * The string, flattened in place. A message built by a template literal is a tree of string pieces in V8 (a rope),
 * flattened only when read; kept as a finding until the output is written, 39,000 such messages held 37 MB of
 * pieces where their text is 5 MB. Reading a character has V8 flatten the rope (and the garbage collector then
 * drops the pieces); elsewhere it changes nothing.
 */
function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

