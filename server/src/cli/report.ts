/** What the CLI formatters receive: each checked file with its diagnostics and a way to turn offsets into lines. */
import type { Diagnostic, FileKind, LineIndex } from '../engine/index.js';

export interface FileReport {
  /** Path relative to the current folder, with forward slashes. */
  file: string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
  /** With --fix: why this file's fixes were not applied (syntax errors, or it could not be written). */
  notFixed?: string;
  /** The kind of file it was read as. */
  kind?: FileKind;
}

export interface Located {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** 1-based lines and columns, the end exclusive as ESLint's are. */
export function locate(report: FileReport, d: Diagnostic): Located {
  const s = report.lines.position(d.span.start);
  const e = report.lines.position(d.span.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export function isFixable(d: Diagnostic): boolean {
  return d.fixes.some((f) => f.safe);
}

export function hasUnsafeFixOnly(d: Diagnostic): boolean {
  return d.fixes.length > 0 && !isFixable(d);
}

/** `fixing`: the run applied fixes (so the summary says what was fixed instead of what could be). */
export type Formatter = (reports: FileReport[], options?: { fixing?: boolean }) => string;
