/**
 * The JSON of the messages the server sends. A publishDiagnostics of a large spec carries about 1,000 diagnostics
 * (420 KB) after every keystroke, nearly all of them the same objects as last time (DiagnosticEncoder reuses the
 * encoding of a finding that did not move on screen): each diagnostic's UTF-8 bytes are kept with its object, and
 * the message is put together from those bytes. Every other message is JSON.stringify'd as the library does.
 */
import { StreamMessageWriter, type ContentTypeEncoder, type Message } from 'vscode-languageserver/node';

/** The JSON text of each diagnostic object already sent, and its length in UTF-8 (LSP diagnostics are never changed once built). */
const texts = new WeakMap<object, { text: string; size: number }>();

function jsonOf(d: unknown): { text: string; size: number } {
  if (d === null || typeof d !== 'object') {
    const text = JSON.stringify(d) ?? 'null';
    return { text, size: Buffer.byteLength(text, 'utf8') };
  }
  let kept = texts.get(d);
  if (kept === undefined) {
    const text = JSON.stringify(d);
    texts.set(d, (kept = { text, size: Buffer.byteLength(text, 'utf8') }));
  }
  return kept;
}

/**
 * The message as UTF-8 bytes. A publishDiagnostics is written from each diagnostic's kept JSON text straight
 * into the message's buffer (outside the JavaScript heap): no 420 KB string is joined and then encoded for each
 * keystroke. The bytes are those of JSON.stringify (test/incremental.test.ts).
 */
export function messageBytes(msg: Message): Buffer {
  const m = msg as { method?: string; params?: { uri?: unknown; version?: unknown; diagnostics?: unknown } };
  const params = m.params;
  if (m.method !== 'textDocument/publishDiagnostics' || !params || !Array.isArray(params.diagnostics) || Object.keys(msg).length !== 3 || Object.keys(params).some((k) => k !== 'uri' && k !== 'version' && k !== 'diagnostics')) {
    return Buffer.from(JSON.stringify(msg), 'utf8');
  }
  const list = params.diagnostics as unknown[];
  const version = params.version === undefined ? '' : `,"version":${JSON.stringify(params.version)}`;
  const head = `{"jsonrpc":${JSON.stringify((msg as { jsonrpc: string }).jsonrpc)},"method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(params.uri)}${version},"diagnostics":[`;
  const tail = ']}}';
  const parts = new Array<{ text: string; size: number }>(list.length);
  let size = Buffer.byteLength(head, 'utf8') + tail.length + Math.max(0, list.length - 1);
  for (let i = 0; i < list.length; i++) size += (parts[i] = jsonOf(list[i])).size;
  const out = Buffer.allocUnsafe(size);
  let at = out.write(head, 0, 'utf8');
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ','
    at += out.write(parts[i].text, at, 'utf8');
  }
  at += out.write(tail, at, 'latin1');
  if (at !== size) throw new Error(`publishDiagnostics: wrote ${at} of ${size} bytes`);
  return out;
}

/** The JSON text of a message, as messageBytes writes it. */
export function messageJson(msg: Message): string {
  return messageBytes(msg).toString('utf8');
}

const encoder: ContentTypeEncoder = {
  name: 'application/json',
  encode: (msg, options) => {
    try {
      const charset = options.charset.toLowerCase();
      return Promise.resolve(charset === 'utf-8' || charset === 'utf8' ? messageBytes(msg) : Buffer.from(JSON.stringify(msg), options.charset));
    } catch (err) {
      return Promise.reject(err);
    }
  },
};

/** The writer of a server talking over stdio, with messageJson as its encoder. */
export function stdioWriter(): StreamMessageWriter {
  return new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: encoder });
}
