/** The engine's diagnostic records: plain data in editor terms, converted to LSP or CLI output at the edges. */
import type { Position, Span } from './span.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  span: Span;
  newText: string;
}

/** A fix: `safe` fixes may be applied without review (`--fix`, fix-all); unsafe ones are offered one by one. */
export interface Fix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedInfo {
  /** A project-relative path; an empty string means the same file. */
  file: string;
  /** Offsets in the same file (used when `file` is empty). */
  span: Span;
  /** Line and column in the other file (used when `file` is set). */
  range?: { start: Position; end: Position };
  message: string;
}

export interface Diagnostic {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  related?: RelatedInfo[];
}

export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);
}
