/**
 * Where a keystroke's time goes over LSP on the 1,000-node spec: our server over stdio with CURSUS_LSP_TRACE=1
 * (a timestamp at each stage on its stderr), and the client's own timestamps (sent, first byte of the answer
 * back, answer parsed), all on the machine's monotonic clock. Medians of each stage over the keystrokes.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { LineIndex } from '../server/src/engine/index.js';
import { contractProject, pipelineSpec } from './generate.js';
import { median, servers } from './peer.js';
import type { BenchRow } from './row.js';
import { benchTempDir } from './temp.js';

const KEYSTROKES = 60;
const now = () => Number(process.hrtime.bigint() / 1000n);

/** One session: open, then KEYSTROKES characters typed one at a time, each waited for; per keystroke, each stage's time (µs). */
async function stages(root: string, text: string): Promise<Record<string, number[]>> {
  const { ours } = servers();
  const child = spawn(process.execPath, ours.command, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CURSUS_LSP_TRACE: '1' } });
  const server = new Map<string, number>();
  let buffered = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const m = /^cursus-lsp-trace (\w+) (\d+) (\d+)$/.exec(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      if (m) server.set(`${m[1]}:${m[2]}`, Number(m[3]));
    }
  });
  let firstByte = 0;
  child.stdout!.on('data', () => (firstByte ||= now()));
  const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const file = join(root, 'bench.pipeline.yaml');
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  let waiter: { version: number; resolve: () => void } | undefined;
  conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
    if (p.uri !== uri || !waiter || (p.version ?? 0) < waiter.version) return;
    const w = waiter;
    waiter = undefined;
    w.resolve();
  });
  conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification(() => undefined);
  conn.listen();
  const diagnosticsOf = (version: number) => new Promise<void>((resolve) => (waiter = { version, resolve }));
  const rootUri = pathToFileURL(root).href;
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } } });
  await conn.sendNotification('initialized', {});
  await new Promise((r) => setTimeout(r, 400));
  const opened = diagnosticsOf(1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  await opened;
  const lines = new LineIndex(text);
  const at = lines.position(text.indexOf('LABEL_FIELD: label', Math.floor(text.length / 2)) + 'LABEL_FIELD: label'.length);
  const out: Record<string, number[]> = {};
  const put = (k: string, us: number) => (out[k] ??= []).push(us);
  for (let i = 0; i < KEYSTROKES; i++) {
    const version = i + 2;
    const position = { line: at.line, character: at.character + i };
    const done = diagnosticsOf(version);
    firstByte = 0;
    const sent = now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: position, end: position }, text: String.fromCharCode(97 + (i % 26)) }] });
    await done;
    const parsed = now();
    const s = (stage: string) => server.get(`${stage}:${version}`) ?? NaN;
    put('total', parsed - sent);
    put('transport in', s('received') - sent);
    put('waiting', s('start') - s('received'));
    put('analysis', s('analysed') - s('start'));
    put('encoding', s('encoded') - s('analysed'));
    put('JSON and transport out', firstByte - s('encoded'));
    put('client reading', parsed - firstByte);
  }
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  child.kill();
  return out;
}

export async function lspStageBenchmarks(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  // `CURSUS_BENCH_LSP=n1000,n1000+c` (as for the peer rows) picks the variants.
  const chosen = process.env.CURSUS_BENCH_LSP?.split(',').map((x) => x.trim());
  for (const contracts of [false, true]) {
    if (chosen && !chosen.includes(contracts ? 'n1000+c' : 'n1000')) continue;
    let root: string;
    if (contracts) root = contractProject(1000);
    else {
      root = benchTempDir('cursus-bench-stages-');
      writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "bench"\n');
    }
    const s = await stages(root, pipelineSpec(1000));
    const ms = (k: string) => (median(s[k].filter((x) => !Number.isNaN(x))) / 1000).toFixed(1);
    const order = ['transport in', 'waiting', 'analysis', 'encoding', 'JSON and transport out', 'client reading'];
    rows.push({
      what: `LSP n1000${contracts ? ' + 1,000 contracts' : ''}: where a keystroke's time goes (medians: ${order.join(' / ')})`,
      result: `${order.map(ms).join(' / ')} ms`,
      note: `total ${ms('total')} ms; ${KEYSTROKES} keystrokes, one session, CURSUS_LSP_TRACE=1 timestamps on the monotonic clock`,
    });
  }
  return rows;
}
