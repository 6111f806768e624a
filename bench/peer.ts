/**
 * Our server against yaml-language-server, both over stdio as an editor talks to them, in the same run:
 * 10-, 100- and 1,000-node pipeline specs, in a project without contracts and (1,000 nodes) in one with 1,000
 * contracts and scripts. Sessions alternate between the two servers (ours, peer, ours, peer, ...) so that the
 * machine's load falls on both alike. In each session: open to first diagnostics; characters typed one at a time
 * (new text every time, as incremental changes) to the diagnostics of each; completion and hover; and on the
 * largest file, 300 characters typed at a typist's pace, then the server's resident memory, and again after 3 s idle.
 * yaml-language-server validates against our own JSON Schema (schemas/pipeline-spec.schema.json).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { LineIndex } from '../server/src/engine/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface Session {
  /** From the server's start (spawn) to its answer to `initialize`, and to the first diagnostics. */
  initMs: number;
  startToFirstMs: number;
  openMs: number;
  diagnostics: number;
  editMs: number[];
  completionMs: number[];
  hoverMs: number[];
  rssAfterOpenMiB: number;
  /** After 300 characters typed at a typist's pace (largest file only). */
  rssAfterTypingMiB?: number;
  /** The same, once the server has had IDLE_MS with nothing to do. */
  rssIdleMiB?: number;
}

/** How long after initialize the editor opens the spec (both servers get the same head start). */
export const HEAD_START_MS = 400;

/** How long the session leaves a server idle after the typing before reading its memory again. */
const IDLE_MS = 3000;

interface Server {
  name: string;
  command: string[];
  settings: Record<string, unknown>;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The place the typing happens: the value of LABEL_FIELD in the middle spec (a new env value each keystroke). */
function typingPlace(text: string, lines: LineIndex): { line: number; character: number } {
  const middle = text.indexOf('LABEL_FIELD: label', Math.floor(text.length / 2)) + 'LABEL_FIELD: label'.length;
  return lines.position(middle);
}

export async function session(server: Server, root: string, file: string, text: string, lines: LineIndex, edits: number, typeForMemory: boolean): Promise<Session> {
  const spawned = process.hrtime.bigint();
  const child = spawn(process.execPath, server.command, { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const uri = pathToFileURL(file).href;
  let waiter: { version: number; resolve: (n: number) => void } | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
    if (p.uri !== uri || !waiter) return;
    // A server that names the version it checked is held to the one we wait for.
    if (p.version !== undefined && p.version < waiter.version) return;
    const w = waiter;
    waiter = undefined;
    w.resolve(p.diagnostics.length);
  });
  const settings = server.settings;
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section ? settings[i.section.split('.')[0]] ?? null : settings)));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification(() => undefined);
  conn.listen();
  const diagnosticsOf = (version: number) => new Promise<number>((resolve) => (waiter = { version, resolve }));
  const rootUri = pathToFileURL(root).href;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } }, textDocument: { publishDiagnostics: { versionSupport: true }, completion: {}, hover: {} } },
  });
  const initMs = Number(process.hrtime.bigint() - spawned) / 1e6;
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('workspace/didChangeConfiguration', { settings });
  // An editor opens the file a moment after starting the server; both get the same head start.
  await new Promise((r) => setTimeout(r, HEAD_START_MS));
  let started = process.hrtime.bigint();
  const first = diagnosticsOf(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const diagnostics = await first;
  const openMs = Number(process.hrtime.bigint() - started) / 1e6;
  const startToFirstMs = Number(process.hrtime.bigint() - spawned) / 1e6;
  const rssAfterOpenMiB = rssMiB(child.pid!);

  let version = 1;
  const at = typingPlace(text, lines);
  let typed = 0;
  const type = async (wait: boolean) => {
    const ch = String.fromCharCode(97 + (typed % 26));
    const position = { line: at.line, character: at.character + typed };
    typed++;
    version++;
    const done = wait ? diagnosticsOf(version) : undefined;
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: ch }] });
    return done;
  };
  const editMs: number[] = [];
  for (let i = 0; i < edits; i++) {
    started = process.hrtime.bigint();
    await type(true);
    editMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  // Completion of a key inside environ_vars, and hover on a logical name, both in the middle spec.
  const completionMs: number[] = [];
  const hoverMs: number[] = [];
  const hoverAt = lines.position(text.indexOf('processed_data:', Math.floor(text.length / 2)) + 2);
  for (let i = 0; i < 7; i++) {
    started = process.hrtime.bigint();
    await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: at.line + 1, character: 6 } });
    completionMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    started = process.hrtime.bigint();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: hoverAt });
    hoverMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  let rssAfterTypingMiB: number | undefined;
  let rssIdleMiB: number | undefined;
  if (typeForMemory) {
    for (let i = 0; i < 300; i++) {
      await type(false);
      await new Promise((r) => setTimeout(r, 15));
    }
    // One more keystroke, waited for: everything typed has been analysed.
    await type(true);
    rssAfterTypingMiB = rssMiB(child.pid!);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    rssIdleMiB = rssMiB(child.pid!);
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  child.kill();
  return { initMs, startToFirstMs, openMs, diagnostics, editMs, completionMs, hoverMs, rssAfterOpenMiB, rssAfterTypingMiB, rssIdleMiB };
}

export function servers(): { ours: Server; peer: Server } {
  const schema = pathToFileURL(join(repo, 'schemas/pipeline-spec.schema.json')).href;
  return {
    ours: { name: 'cursus-lsp', command: [join(repo, 'bin/cursus-lsp.js'), '--stdio'], settings: { 'cursus-lsp': {} } },
    peer: {
      name: 'yaml-language-server',
      command: [join(repo, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
      settings: { yaml: { validate: true, hover: true, completion: true, schemas: { [schema]: ['*.pipeline.yaml'] }, schemaStore: { enable: false } } },
    },
  };
}

/** Alternating sessions of both servers on one file; returns each server's sessions. */
export async function interleaved(root: string, text: string, lines: LineIndex, sessions: number, edits: { ours: number; peer: number }, typeForMemory: boolean): Promise<{ ours: Session[]; peer: Session[] }> {
  const file = join(root, 'bench.pipeline.yaml');
  writeFileSync(file, text);
  const { ours, peer } = servers();
  const out = { ours: [] as Session[], peer: [] as Session[] };
  for (let i = 0; i < sessions; i++) {
    out.ours.push(await session(ours, root, file, text, lines, edits.ours, typeForMemory));
    out.peer.push(await session(peer, root, file, text, lines, edits.peer, typeForMemory));
  }
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
}
