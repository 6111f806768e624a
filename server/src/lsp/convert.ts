/** The one place engine records become LSP types. */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  DocumentSymbol,
  SymbolKind,
  type Diagnostic as LspDiagnostic,
  type Range,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import { movedFrom, toCrlf, type Diagnostic, type LineIndex, type OutlineSymbol, type Span, type TextEdit } from '../engine/index.js';
import { assetPath } from '../workspace/assets.js';

const RULES_PATH = assetPath('docs/rules.md', 'rules.md');
const RULES_DOC = pathToFileURL(RULES_PATH).href;
let ruleLines: Map<string, number> | undefined;

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

/**
 * The rule's section of docs/rules.md. A line fragment (`#L151`), because editors open a file link as text and
 * jump to a line (VS Code does), where a heading anchor would leave the reader at the top of a long file.
 */
export function ruleDocHref(code: string): string {
  ruleLines ??= headingLines(RULES_PATH);
  const line = ruleLines.get(code);
  return line ? `${RULES_DOC}#L${line}` : `${RULES_DOC}#${code.toLowerCase()}`;
}

function headingLines(path: string): Map<string, number> {
  const lines = new Map<string, number>();
  try {
    readFileSync(path, 'utf8').split('\n').forEach((text, i) => {
      const m = /^## ([A-Z]\d{3})\s*$/.exec(text);
      if (m) lines.set(m[1], i + 1);
    });
  } catch {
    // Docs not shipped: links name the section only.
  }
  return lines;
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

/** An engine edit for the client; `crlf` (the document breaks lines with `\r\n`) writes its line breaks the same way. */
export function toLspEdit(lines: LineIndex, e: TextEdit, crlf = false): LspTextEdit {
  return { range: toRange(lines, e.span), newText: crlf ? toCrlf(e.newText) : e.newText };
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

/**
 * Turns a document's findings into LSP diagnostics, reusing the encoding of a finding that is the same object
 * at the same place as last time (the engine hands back unchanged findings of unchanged specs as they were), or
 * one moved by an edit from such a finding whose line and column stayed.
 */
export class DiagnosticEncoder {
  /** The last encoding of each document's findings (a Map: the findings of the last analysis are alive anyway, and a WeakMap's entries cost the garbage collector more). */
  private readonly byUri = new Map<string, Map<Diagnostic, LspDiagnostic>>();

  encode(uri: string, lines: LineIndex, list: Diagnostic[], toUri: (projectRel: string) => string): LspDiagnostic[] {
    const previous = this.byUri.get(uri);
    const next = new Map<Diagnostic, LspDiagnostic>();
    const out = list.map((d) => {
      const from = previous ? movedFrom.get(d) : undefined;
      const old = previous?.get(d) ?? (from ? previous?.get(from) : undefined);
      const lsp = old && rangeIs(old.range, lines, d.span) && sameRelated(old, d, lines) ? old : toLspDiagnostic(lines, uri, d, toUri);
      next.set(d, lsp);
      return lsp;
    });
    this.byUri.set(uri, next);
    return out;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

/** Whether `range` is where `span` is now. */
function rangeIs(range: Range, lines: LineIndex, span: Span): boolean {
  return lines.isAt(span.start, range.start) && lines.isAt(span.end, range.end);
}

/** Related places in the same file move with the text too. */
function sameRelated(old: LspDiagnostic, d: Diagnostic, lines: LineIndex): boolean {
  if (!d.related) return true;
  return d.related.every((r, i) => r.file !== '' || rangeIs(old.relatedInformation![i].location.range, lines, r.span));
}
