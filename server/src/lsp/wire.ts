/**
 * The JSON of the messages the server sends. A publishDiagnostics of a large spec carries about 1,000 diagnostics
 * (420 KB) after every keystroke, nearly all of them the same objects as last time (DiagnosticEncoder reuses the
 * encoding of a finding that did not move on screen): each diagnostic's JSON text is kept with its object, and
 * the message is put together from those texts. Every other message is JSON.stringify'd as the library does.
 */
import { StreamMessageWriter, type ContentTypeEncoder, type Message } from 'vscode-languageserver/node';

/** The JSON text of each diagnostic object already sent (LSP diagnostics are never changed once built). */
const texts = new WeakMap<object, string>();

export function messageJson(msg: Message): string {
  const m = msg as { method?: string; params?: { uri?: unknown; version?: unknown; diagnostics?: unknown } };
  const params = m.params;
  if (m.method !== 'textDocument/publishDiagnostics' || !params || !Array.isArray(params.diagnostics) || Object.keys(msg).length !== 3 || Object.keys(params).some((k) => k !== 'uri' && k !== 'version' && k !== 'diagnostics')) {
    return JSON.stringify(msg);
  }
  const parts = new Array<string>(params.diagnostics.length);
  for (let i = 0; i < parts.length; i++) {
    const d: unknown = params.diagnostics[i];
    if (d === null || typeof d !== 'object') {
      parts[i] = JSON.stringify(d) ?? 'null';
      continue;
    }
    let text = texts.get(d);
    if (text === undefined) texts.set(d, (text = JSON.stringify(d)));
    parts[i] = text;
  }
  const version = params.version === undefined ? '' : `,"version":${JSON.stringify(params.version)}`;
  return `{"jsonrpc":${JSON.stringify((msg as { jsonrpc: string }).jsonrpc)},"method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(params.uri)}${version},"diagnostics":[${parts.join(',')}]}}`;
}

const encoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (msg, options) => {
    try {
      return Promise.resolve(Buffer.from(messageJson(msg), options.charset));
    } catch (err) {
      return Promise.reject(err);
    }
  },
};

/** The writer of a server talking over stdio, with messageJson as its encoder. */
export function stdioWriter(): StreamMessageWriter {
  return new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: encoder });
}
