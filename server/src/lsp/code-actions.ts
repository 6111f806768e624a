/**
 * Quick fixes for the findings the editor asks about. Clients differ in what they send: VS Code a range
 * over the finding, Neovim 0.7 the cursor (often column 0) with the line's diagnostics in the context,
 * eglot an empty range with the diagnostics at point. A finding is offered when its range meets the request
 * range or when it is one of the context's diagnostics (same code, same start line).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import { readSuppressions, suppressFix, usesCrlf, type AnalysedFile, type Diagnostic, type Fix } from '../engine/index.js';
import { toLspDiagnostic, toLspEdit } from './convert.js';

interface Offered {
  fix: Fix;
  diagnostics: LspDiagnostic[];
  finding: Diagnostic;
  preferred: boolean;
  key: string;
}

export function quickFixes(file: AnalysedFile, found: Diagnostic[], uri: string, params: CodeActionParams, toUri: (rel: string) => string): CodeAction[] {
  const start = file.lines.offset(params.range.start);
  const end = file.lines.offset(params.range.end);
  const asked = (params.context.diagnostics ?? []).filter((c) => c.source === undefined || c.source === 'cursus-lsp');
  const wanted = (d: Diagnostic) => {
    if (d.span.start <= end && start <= d.span.end) return true;
    const line = file.lines.position(d.span.start).line;
    return asked.some((c) => String(c.code) === d.code && c.range.start.line === line);
  };
  const suppressions = readSuppressions(file);
  const offered: Offered[] = [];
  for (const d of found) {
    if (!wanted(d)) continue;
    const suppress = d.code === 'S105' ? undefined : suppressFix(file, d, suppressions);
    const fixes = suppress ? [...d.fixes, suppress] : d.fixes;
    if (fixes.length === 0) continue;
    const lsp = toLspDiagnostic(file.lines, uri, d, toUri);
    fixes.forEach((fix, i) => {
      const key = JSON.stringify(fix.edits.map((e) => [e.span.start, e.span.end, e.newText]));
      // The same edit for two findings (two C203 on one line: one suppression) is one action for both.
      const same = offered.find((o) => o.key === key);
      if (same) {
        same.diagnostics.push(lsp);
        return;
      }
      offered.push({ fix, diagnostics: [lsp], finding: d, preferred: i === 0 && fix.safe, key });
    });
  }
  const titles = new Map<string, number>();
  for (const o of offered) titles.set(o.fix.title, (titles.get(o.fix.title) ?? 0) + 1);
  const crlf = usesCrlf(file.text);
  return offered.map((o) => {
    const at = file.lines.position(o.finding.span.start);
    let title = o.fix.title.replace(/ on this line$/, ` on line ${at.line + 1}`);
    // Two actions that would read alike say which finding each is for.
    if ((titles.get(o.fix.title) ?? 0) > 1) title += ` (${o.finding.code} at ${at.line + 1}:${at.character + 1})`;
    if (!o.fix.safe) title += ' (review)';
    const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: o.diagnostics, edit: { changes: { [uri]: o.fix.edits.map((e) => toLspEdit(file.lines, e, crlf)) } } };
    // eglot 1.9 takes any isPreferred key as preferred: send it only when true.
    if (o.preferred) action.isPreferred = true;
    return action;
  });
}
