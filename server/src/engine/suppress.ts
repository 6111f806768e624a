/**
 * Suppression comments: `# cursus-lsp: ignore[C207, C210]` at the end of a line silences those codes on that
 * line (bare `ignore`: every code); `# cursus-lsp: ignore-file[...]` anywhere silences them in the whole file.
 * A suppression that silences nothing is reported itself (S105), with a fix that removes it.
 */
import type { Diagnostic, Fix } from './diagnostics.js';
import type { AnalysedFile } from './file.js';
import type { Span } from './span.js';

export interface Suppression {
  /** The whole comment, `#` included. */
  span: Span;
  fileWide: boolean;
  /** Codes or rule names; empty means every code. */
  codes: string[];
  /** 0-based line the comment is on. */
  line: number;
  /** Whether anything else is written before the comment on its line. */
  trailing: boolean;
  /** Where a note written after the suppression starts (`# cursus-lsp: ignore[X] # why`), if there is one. */
  note?: number;
}

/** `cursus-lsp: ignore[...]`, optionally followed by ` # another comment` that was on the line before it. */
const PATTERN = /^(\s*cursus-lsp:\s*(ignore-file|ignore)\s*(?:\[([^\]]*)\])?\s*)(#.*)?$/;

export function readSuppressions(file: AnalysedFile): Suppression[] {
  const out: Suppression[] = [];
  for (const c of file.parsed.comments) {
    const m = PATTERN.exec(c.text);
    if (!m) continue;
    const line = file.lines.position(c.span.start).line;
    const before = file.text.slice(file.lines.lineStart(line), c.span.start);
    const note = m[4] === undefined ? undefined : c.span.start + 1 + m[1].length;
    out.push({ span: c.span, fileWide: m[2] === 'ignore-file', codes: (m[3] ?? '').split(',').map((x) => x.trim()).filter(Boolean), line, trailing: /\S/.test(before), note });
  }
  return out;
}

function covers(s: Suppression, d: Diagnostic): boolean {
  return s.codes.length === 0 || s.codes.some((c) => c.toUpperCase() === d.code || c === d.name);
}

/** Splits findings into kept and silenced, and returns the suppressions that silenced nothing. */
export function applySuppressions(file: AnalysedFile, diagnostics: Diagnostic[], suppressions: Suppression[]): { kept: Diagnostic[]; unused: Suppression[] } {
  const used = new Set<Suppression>();
  const kept = diagnostics.filter((d) => {
    const line = file.lines.position(d.span.start).line;
    const by = suppressions.find((s) => covers(s, d) && (s.fileWide || (s.trailing && s.line === line)));
    if (by) used.add(by);
    return !by;
  });
  return { kept, unused: suppressions.filter((s) => !used.has(s)) };
}

/** A quick fix that adds (or extends) the line's suppression comment for one finding. YAML only. */
export function suppressFix(file: AnalysedFile, d: Diagnostic, suppressions: Suppression[]): Fix | undefined {
  if (file.language !== 'yaml') return undefined;
  const line = file.lines.position(d.span.start).line;
  const existing = suppressions.find((s) => !s.fileWide && s.trailing && s.line === line && s.codes.length > 0);
  if (existing) {
    const codes = [...existing.codes, d.code];
    const note = /\]\s*(#.*)$/.exec(file.text.slice(existing.span.start, existing.span.end))?.[1];
    return { title: `Suppress ${d.code} on this line`, safe: false, edits: [{ span: existing.span, newText: `# cursus-lsp: ignore[${codes.join(', ')}]${note ? ` ${note}` : ''}` }] };
  }
  const lineText = file.lines.lineText(line);
  const comment = file.parsed.comments.find((c) => file.lines.position(c.span.start).line === line);
  if (comment) {
    // Keep the user's comment: the suppression goes in front of it (`# cursus-lsp: ignore[X] # their note`).
    return { title: `Suppress ${d.code} on this line`, safe: false, edits: [{ span: { start: comment.span.start, end: comment.span.start }, newText: `# cursus-lsp: ignore[${d.code}] ` }] };
  }
  const end = file.lines.lineStart(line) + lineText.length;
  return { title: `Suppress ${d.code} on this line`, safe: false, edits: [{ span: { start: end, end }, newText: `  # cursus-lsp: ignore[${d.code}]` }] };
}
