/** LSP handlers for the editing features: each asks the engine and converts its answer, nothing more. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompletionItemKind,
  InsertTextFormat,
  ResponseError,
  type CompletionItem,
  type DocumentLink,
  type FoldingRange,
  type Connection,
  type Hover,
  type Location,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { viewOf } from '../engine/index.js';
import { complete, type CompletionKind } from '../engine/features/completion.js';
import { hover, ruleHoverAt } from '../engine/features/hover.js';
import { documentLinks, foldingRanges } from '../engine/features/links.js';
import { definition, prepareRename, references, renameNode, type Place } from '../engine/features/navigation.js';
import { uriToPath, type Analyzer } from './analysis.js';
import { toLspEdit, toRange } from './convert.js';
import { defaultSupport, markup, type ClientSupport } from './client-support.js';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  file: CompletionItemKind.File,
  node: CompletionItemKind.Class,
  variable: CompletionItemKind.Variable,
  field: CompletionItemKind.Field,
};

type Guard = <P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>) => (params: P) => R | Promise<R>;

/** How long a request waits for the project's reading at the server's start (the first check waits as long). */
const READS_WAIT_MS = 3000;

export function registerFeatures(connection: Connection, documents: TextDocuments<TextDocument>, analyzer: Analyzer, guard: Guard, support: ClientSupport = defaultSupport()): void {
  /** The open spec, parsed; its project index is built when first asked for. */
  const open = (uri: string) => {
    const doc = documents.get(uri);
    if (!doc || uri.endsWith('.py')) return undefined;
    const { file, config } = analyzer.parsedFile(doc);
    return file ? { doc, file, config, get index() { return analyzer.indexerFor(config).index(); } } : undefined;
  };
  /**
   * A request that needs the project index waits while the project's files are still being read in the worker
   * thread at start-up (VS Code asks for links as a spec opens), instead of reading them all again on this thread.
   */
  /** A request on a file whose project is still being read (server start) waits for that reading. */
  const afterReads = <P extends { textDocument: { uri: string } }, R>(handler: (params: P) => R) => (params: P): R | Promise<R> => {
    const reads = analyzer.readsPending(uriToPath(params.textDocument.uri));
    if (!reads) return handler(params);
    // As the first check, a request waits for the worker's reading 3 s at most; then the index reads what it needs itself.
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((r) => (timer = setTimeout(r, READS_WAIT_MS)));
    return Promise.race([reads, cap]).then(() => {
      clearTimeout(timer);
      return handler(params);
    });
  };
  const placeToLocation = (uri: string, root: string, lines: Parameters<typeof toRange>[0], p: Place): Location | undefined => {
    if (p.file === '' && p.span) return { uri, range: toRange(lines, p.span) };
    if (p.file && p.range) return { uri: pathToFileURL(resolve(root, p.file)).href, range: p.range };
    return undefined;
  };

  connection.onCompletion(guard('completion', [] as CompletionItem[], afterReads((params) => {
    const o = open(params.textDocument.uri);
    if (!o) return [];
    const offset = o.file.lines.offset(params.position);
    const text = o.doc.getText();
    return complete(o.file, offset, viewOf(o.index)).map((c) => ({
      label: c.label,
      kind: KIND[c.kind],
      detail: c.detail,
      documentation: c.documentation ? markup(c.documentation, support.completionMarkdown) : undefined,
      sortText: c.sortText,
      // Editors filter by the text from the start of the replaced range to the cursor: in JSON that starts with the
      // key's opening quote, so the filter text does too (VS Code showed none of these items in JSON without it).
      filterText: `${/^["']/.exec(text.slice(c.replace.start, c.replace.start + 1))?.[0] ?? ''}${c.label}`,
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: toRange(o.file.lines, c.replace), newText: c.insertText },
    }));
  })));

  connection.onHover(guard('hover', null as Hover | null, afterReads((params) => {
    const o = open(params.textDocument.uri);
    if (!o) return configHover(params.textDocument.uri, params.position);
    const h = hover(o.file, o.file.lines.offset(params.position), viewOf(o.index), o.config.semanticThreshold);
    return h ? { contents: markup(h.markdown, support.hoverMarkdown), range: toRange(o.file.lines, h.span) } : null;
  })));

  /** Rule codes and names in the configuration files (`rules`, `per-path-rules`) get the rule's summary. */
  const configHover = (uri: string, position: { line: number; character: number }): Hover | null => {
    const doc = documents.get(uri);
    if (!doc || !/(\/\.cursus-lsp\.ya?ml|\/pyproject\.toml)$/.test(uri)) return null;
    const text = doc.getText();
    const offset = doc.offsetAt(position);
    if (uri.endsWith('.toml')) {
      const section = text.lastIndexOf('\n[', offset);
      if (!/^\n\[\s*tool\.cursus-lsp/.test(text.slice(section, section + 40))) return null;
    }
    const h = ruleHoverAt(text, offset);
    return h ? { contents: markup(h.markdown, support.hoverMarkdown), range: { start: doc.positionAt(h.span.start), end: doc.positionAt(h.span.end) } } : null;
  };

  connection.onDocumentLinks(guard('documentLinks', [] as DocumentLink[], afterReads((params) => {
    const o = open(params.textDocument.uri);
    if (!o) return [];
    return documentLinks(o.file, viewOf(o.index)).map((l) => ({ range: toRange(o.file.lines, l.span), target: pathToFileURL(resolve(o.config.root, l.target)).href, tooltip: l.tooltip }));
  })));

  connection.onFoldingRanges(guard('foldingRanges', [] as FoldingRange[], (params) => {
    const o = open(params.textDocument.uri);
    if (!o) return [];
    return foldingRanges(o.file).map((r) => ({ startLine: r.start, endLine: r.end }));
  }));

  connection.onDefinition(guard('definition', [] as Location[], afterReads((params) => {
    const o = open(params.textDocument.uri);
    if (!o) return [];
    return definition(o.file, o.file.lines.offset(params.position), viewOf(o.index))
      .map((p) => placeToLocation(o.doc.uri, o.config.root, o.file.lines, p))
      .filter((l): l is Location => l !== undefined);
  })));

  connection.onReferences(guard('references', [] as Location[], (params) => {
    const o = open(params.textDocument.uri);
    if (!o) return [];
    return references(o.file, o.file.lines.offset(params.position), params.context.includeDeclaration).map((span) => ({ uri: o.doc.uri, range: toRange(o.file.lines, span) }));
  }));

  connection.onPrepareRename(guard('prepareRename', null, (params) => {
    const o = open(params.textDocument.uri);
    if (!o) return null;
    const r = prepareRename(o.file, o.file.lines.offset(params.position));
    if ('error' in r) throw new ResponseError(-32803, r.error);
    return { range: toRange(o.file.lines, r.span), placeholder: r.name };
  }));

  connection.onRenameRequest((params): WorkspaceEdit | ResponseError<void> | null => {
    try {
      const o = open(params.textDocument.uri);
      if (!o) return null;
      const edits = renameNode(o.file, o.file.lines.offset(params.position), params.newName);
      if ('error' in edits) return new ResponseError(-32803, edits.error);
      return { changes: { [o.doc.uri]: edits.map((e) => toLspEdit(o.file.lines, e)) } };
    } catch (err) {
      connection.console.error(`cursus-lsp: rename failed: ${(err as Error).stack ?? err}`);
      return null;
    }
  });
}
