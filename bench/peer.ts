/**
 * Our server against yaml-language-server on the same 1,000-node pipeline, both over stdio as an editor talks to
 * them: time from didOpen to the first diagnostics, and from a one-character edit to the next. yaml-language-server
 * validates against our own JSON Schema (schemas/pipeline-spec.schema.json); we check schema, contracts and DAG.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

interface Measured {
  openMs: number;
  editMs: number;
  diagnostics: number;
}

const repo = fileURLToPath(new URL('../../', import.meta.url));

export async function measureServer(command: string[], root: string, file: string, text: string, settings: object): Promise<Measured> {
  const child = spawn(process.execPath, command, { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = pathToFileURL(file).href;
  let waiter: ((n: number) => void) | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
    if (p.uri === uri && waiter) waiter(p.diagnostics.length);
  });
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section ? (settings as Record<string, unknown>)[i.section.split('.')[0]] ?? null : settings)));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification(() => undefined);
  conn.listen();
  const next = () => new Promise<number>((resolve) => (waiter = resolve));
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }], capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } } });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('workspace/didChangeConfiguration', { settings });
  await new Promise((r) => setTimeout(r, 300));
  let started = process.hrtime.bigint();
  const first = next();
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const diagnostics = await first;
  const openMs = Number(process.hrtime.bigint() - started) / 1e6;
  const edits: number[] = [];
  for (let v = 2; v < 9; v++) {
    const at = text.indexOf('label', text.length / 2);
    started = process.hrtime.bigint();
    const after = next();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text.slice(0, at) + 'x'.repeat(v % 3) + text.slice(at) }] });
    await after;
    edits.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  edits.sort((a, b) => a - b);
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  child.kill();
  return { openMs, editMs: edits[Math.floor(edits.length / 2)], diagnostics };
}

export async function peerBenchmarks(root: string, text: string): Promise<{ what: string; result: string; note: string }[]> {
  const file = join(root, 'big.pipeline.yaml');
  writeFileSync(file, text);
  const schema = pathToFileURL(join(repo, 'schemas/pipeline-spec.schema.json')).href;
  const ours = await measureServer([join(repo, 'bin/cursus-lsp.js'), '--stdio'], root, file, text, { 'cursus-lsp': {} });
  const yls = await measureServer([join(repo, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'], root, file, text, {
    yaml: { validate: true, hover: true, completion: true, schemas: { [schema]: ['*.pipeline.yaml'] }, schemaStore: { enable: false } },
  });
  return [
    { what: 'Open to diagnostics over LSP, 1,000-node pipeline: cursus-lsp (schema, contracts, scripts, DAG, matching; 60 ms debounce included)', result: `${ours.openMs.toFixed(0)} ms`, note: `${ours.diagnostics} findings` },
    { what: 'Same file: yaml-language-server 1.x validating against our JSON Schema', result: `${yls.openMs.toFixed(0)} ms`, note: `${yls.diagnostics} findings; cursus-lsp takes ${(ours.openMs / yls.openMs).toFixed(2)}x its time` },
    { what: 'Edit to diagnostics over LSP: cursus-lsp (60 ms debounce included)', result: `${ours.editMs.toFixed(0)} ms`, note: 'median of 7' },
    { what: 'Edit to diagnostics over LSP: yaml-language-server (its own 200 ms delay included)', result: `${yls.editMs.toFixed(0)} ms`, note: `median of 7; cursus-lsp takes ${(ours.editMs / yls.editMs).toFixed(2)}x its time` },
  ];
}
