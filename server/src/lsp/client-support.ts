/** What the client declared it can take, read once at initialize; the handlers answer within it. */
import type { ClientCapabilities, MarkupContent } from 'vscode-languageserver/node';

export interface ClientSupport {
  /** Hover contents as markdown (eglot 1.9 declares plaintext only). */
  hoverMarkdown: boolean;
  completionMarkdown: boolean;
  /** `workspace/codeLens/refresh` (Neovim 0.7 and eglot 1.9 do not declare it). */
  codeLensRefresh: boolean;
  /** Workspace edits that create files (`documentChanges` with the `create` resource operation). */
  createFiles: boolean;
}

export function defaultSupport(): ClientSupport {
  return { hoverMarkdown: true, completionMarkdown: true, codeLensRefresh: false, createFiles: false };
}

export function readSupport(caps: ClientCapabilities): ClientSupport {
  const md = (formats: string[] | undefined) => formats === undefined || formats.includes('markdown');
  return {
    hoverMarkdown: md(caps.textDocument?.hover?.contentFormat),
    completionMarkdown: md(caps.textDocument?.completion?.completionItem?.documentationFormat),
    codeLensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
    createFiles: caps.workspace?.workspaceEdit?.documentChanges === true && (caps.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
  };
}

/** Markdown as the client can show it: as is, or as plain text without the markup. */
export function markup(markdown: string, asMarkdown: boolean): MarkupContent {
  if (asMarkdown) return { kind: 'markdown', value: markdown };
  const plain = markdown
    .replace(/^```\w*\n?/gm, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\W)_([^_\n]+)_(?=\W|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^#{1,6} +/gm, '')
    .replace(/^---+$/gm, '');
  return { kind: 'plaintext', value: plain };
}
