/** The one place engine records become LSP types. */
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DocumentSymbol,
  SymbolKind,
  type Diagnostic as LspDiagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, LineIndex, OutlineSymbol, Span, TextEdit } from '../engine/index.js';
import { assetPath } from '../workspace/assets.js';

const RULES_DOC = pathToFileURL(assetPath('docs/rules.md', 'rules.md')).href;

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.position(span.start), end: lines.position(span.end) };
}

export function toSpan(lines: LineIndex, range: Range): Span {
  return { start: lines.offset(range.start), end: lines.offset(range.end) };
}

const severity: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function ruleDocHref(code: string): string {
  return `${RULES_DOC}#${code.toLowerCase()}`;
}

/** `related` entries in other files carry project-relative paths; `toUri` turns them into URIs. */
export function toLspDiagnostic(lines: LineIndex, uri: string, d: Diagnostic, toUri: (projectRel: string) => string = (p) => p): LspDiagnostic {
  return {
    range: toRange(lines, d.span),
    severity: severity[d.severity],
    code: d.code,
    codeDescription: { href: ruleDocHref(d.code) },
    source: 'cursus-lsp',
    message: `${d.message} (${d.name})`,
    relatedInformation: d.related?.map((r) =>
      r.file === ''
        ? { location: { uri, range: toRange(lines, r.span) }, message: r.message }
        : { location: { uri: toUri(r.file), range: r.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }, message: r.message },
    ),
  };
}

export function toLspEdit(lines: LineIndex, e: TextEdit): LspTextEdit {
  return { range: toRange(lines, e.span), newText: e.newText };
}

const symbolKind: Record<OutlineSymbol['kind'], SymbolKind> = {
  file: SymbolKind.File,
  dag: SymbolKind.Namespace,
  node: SymbolKind.Class,
  edge: SymbolKind.Event,
  spec: SymbolKind.Module,
  section: SymbolKind.Object,
  key: SymbolKind.Property,
};

export function toDocumentSymbol(lines: LineIndex, s: OutlineSymbol): DocumentSymbol {
  return {
    name: s.name || ' ',
    detail: s.detail,
    kind: symbolKind[s.kind],
    range: toRange(lines, s.span),
    selectionRange: toRange(lines, s.selectionSpan),
    children: s.children.map((c) => toDocumentSymbol(lines, c)),
  };
}

/** One edit turning `before` into `after`: the changed middle, so the editor keeps cursor and folds elsewhere. */
export function minimalEdit(lines: LineIndex, before: string, after: string): LspTextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  return { range: toRange(lines, { start, end: endB }), newText: after.slice(start, endA) };
}
