/**
 * The server as Neovim 0.7.2 and eglot 1.9 see it, with the capabilities those clients really send (dumped
 * from Debian's packages into test/data/client-capabilities/): quick fixes where they ask for them, and no
 * server-to-client request a client did not declare.
 */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type PublishedDiagnostics } from './helpers/lsp.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

type Caps = Record<string, Record<string, unknown> | undefined>;
const capabilities = (name: string): Caps => JSON.parse(readFileSync(join(repoRoot, 'test/data/client-capabilities', `${name}.json`), 'utf8')) as Caps;

const spec = `script_name: tabular_preprocessing
step_name: preprocessing
input_paths: {DATA: data/in}
output_paths:
  processed_data: out/processed
environ_vars:
  LABEL_FIELD: label
  TRAIN_RATIO: 0.70
job_args: {job_type: training}
`;
const ratioLine = 7;

function project(): { root: string; uri: string } {
  const root = tempDir('cursus-lsp-clients-');
  for (const dir of ['contracts', 'scripts', 'data']) cpSync(join(fixturesDir, 'contract-project', dir), join(root, dir), { recursive: true });
  writeFileSync(join(root, '.cursus-lsp.yaml'), 'timeout: 20\n');
  const path = join(root, 'specs/a.spec.yaml');
  cpSync(join(fixturesDir, 'contract-project/specs/good.spec.yaml'), path);
  writeFileSync(path, spec);
  return { root, uri: pathToFileURL(path).href };
}

/** Whether the client declared what a server-to-client request needs. */
function declared(method: string, caps: Caps): boolean {
  const ws = (caps.workspace ?? {}) as Record<string, { refreshSupport?: boolean; dynamicRegistration?: boolean } | boolean | undefined>;
  const win = (caps.window ?? {}) as Record<string, unknown>;
  switch (method) {
    case 'workspace/configuration':
      return ws.configuration === true;
    case 'window/workDoneProgress/create':
      return win.workDoneProgress === true;
    case 'workspace/codeLens/refresh':
      return (ws.codeLens as { refreshSupport?: boolean } | undefined)?.refreshSupport === true;
    case 'client/registerCapability':
      return (ws.didChangeWatchedFiles as { dynamicRegistration?: boolean } | undefined)?.dynamicRegistration === true;
    case 'workspace/applyEdit':
      return ws.applyEdit === true;
    default:
      return false;
  }
}

interface Action {
  title: string;
  isPreferred?: boolean;
  diagnostics?: { code: string }[];
  edit?: { changes: Record<string, { newText: string }[]> };
}

async function session(name: string, ask: (client: LspClient, uri: string, published: PublishedDiagnostics) => Promise<void>): Promise<void> {
  const caps = capabilities(name);
  const { root, uri } = project();
  const client = new LspClient(root);
  try {
    await client.initialize(root, caps);
    await client.open(uri, spec);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'C210'));
    await ask(client, uri, published);
    // A run: progress and, after it, a code lens refresh, both only if declared.
    await client.request('workspace/executeCommand', { command: 'cursus-lsp.run', arguments: [uri, { kind: 'all' }] });
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    const undeclared = client.requests.filter((m) => !declared(m, caps));
    assert.deepEqual(undeclared, [], `${name} was sent requests it did not declare`);
    if (!declared('workspace/codeLens/refresh', caps)) assert.ok(!client.requests.includes('workspace/codeLens/refresh'));
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
}

test('Neovim 0.7.2: code action at column 0 with the line diagnostics in the context gets the line fixes', async () => {
  await session('neovim-0.7.2', async (client, uri, published) => {
    // vim.lsp.buf.code_action() sends the cursor as an empty range and vim.lsp.diagnostic.get_line_diagnostics().
    const onLine = (line: number) => published.diagnostics.filter((d) => d.range.start.line === line);
    const at0 = async (line: number) => (await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 0 }, end: { line, character: 0 } },
      context: { diagnostics: onLine(line) },
    })).filter((a) => !a.title.startsWith('Fix all'));
    const ratio = await at0(ratioLine);
    assert.deepEqual(ratio.map((a) => a.title), ['Quote as "0.70"', `Suppress C210 on line ${ratioLine + 1} (review)`]);
    assert.equal(ratio[0].isPreferred, true);
    assert.ok(!('isPreferred' in ratio[1]), 'isPreferred is left out, not sent as false');

    // Two findings of one code on one line: each fix says which finding it is for; one suppression for both.
    const dagUri = uri.replace('a.spec.yaml', 'dups.pipeline.yaml');
    await client.open(dagUri, '# cursus-lsp: ignore-file[C200, C201, D405]\ndag:\n  nodes: [a, b, a, a]\n  edges: []\nscript_specs:\n  a: {script_name: a, step_name: a}\n  b: {script_name: b, step_name: b}\n');
    const dups = await client.diagnostics(dagUri, (p) => p.diagnostics.some((d) => d.code === 'D404'));
    const inputs = (await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: dagUri },
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: dups.diagnostics.filter((d) => d.range.start.line === 2) },
    })).filter((a) => !a.title.startsWith('Fix all'));
    const titles = inputs.map((a) => a.title);
    assert.deepEqual(titles, ['Remove the duplicate node (D404 at 3:17)', 'Suppress D404 on line 3 (review)', 'Remove the duplicate node (D404 at 3:20)']);
    assert.equal(inputs[1].diagnostics?.length, 2, 'the one suppression answers both findings');

    // Without context diagnostics, column 0 of a line whose finding starts later has nothing to offer.
    const bare = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: ratioLine, character: 0 }, end: { line: ratioLine, character: 0 } }, context: { diagnostics: [] } });
    assert.ok(!bare.some((a) => a.title.startsWith('Quote')));
  });
});

test('eglot 1.9: empty range at point gets the fixes, isPreferred only when true, hover in plain text', async () => {
  await session('eglot-1.9', async (client, uri, published) => {
    const here = published.diagnostics.filter((d) => d.code === 'C210');
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: ratioLine, character: 16 }, end: { line: ratioLine, character: 16 } },
      context: { diagnostics: here },
    });
    assert.deepEqual(actions.filter((a) => a.title !== undefined && !a.title.startsWith('Fix all')).map((a) => [a.title, a.isPreferred]), [['Quote as "0.70"', true], [`Suppress C210 on line ${ratioLine + 1} (review)`, undefined]]);
    // eglot 1.9 declares hover as plaintext only: no markdown markup comes back.
    const hover = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: ratioLine, character: 4 } });
    assert.ok(hover, 'hover on an env var key');
    assert.equal(hover.contents.kind, 'plaintext');
    assert.doesNotMatch(hover.contents.value, /\*\*|`/);
  });
});

test('VS Code in Restricted Mode: checks on, runs and executed contract loading off, saying why; the log says what the server does', async () => {
  const { root, uri } = project();
  const client = new LspClient(root);
  const messages: string[] = [];
  client.connection.onNotification('window/showMessage', (p: { message: string }) => {
    messages.push(p.message);
  });
  try {
    await client.initialize(root, { window: { workDoneProgress: true } }, process.pid, { trusted: false });
    await client.open(uri, spec);
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'C210'));
    assert.ok(published.diagnostics.length > 0, 'checks run');
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), [], 'no Run lens is offered');
    const run = await client.request('workspace/executeCommand', { command: 'cursus-lsp.run', arguments: [uri, { kind: 'all' }] });
    assert.equal(run, null);
    const load = await client.request('workspace/executeCommand', { command: 'cursus-lsp.loadContracts', arguments: [] });
    assert.equal(load, null);
    assert.equal(messages.filter((m) => /not trusted \(Restricted Mode\): checks run, but running scripts and loading contracts with Python are off until you trust it/.test(m)).length, 2, messages.join('\n'));
    assert.ok(!existsSync(join(root, '.cursus-runs')), 'nothing ran');
    assert.ok(client.logs.some((l) => /Restricted Mode: runs are off/.test(l)), client.logs.join('\n'));
    assert.ok(client.logs.some((l) => /project .* \(settings from .*\.cursus-lsp\.yaml\): 1 contract\(s\), \d+ script\(s\) indexed/.test(l)), client.logs.join('\n'));
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('Load contracts by executing Python says why nothing was loaded', async () => {
  const { root, uri } = project();
  const client = new LspClient(root);
  const messages: string[] = [];
  client.connection.onNotification('window/showMessage', (p: { message: string }) => {
    messages.push(p.message);
  });
  try {
    await client.initialize(root, { window: { workDoneProgress: true } });
    await client.open(uri, spec);
    await client.diagnostics(uri);
    const summary = await client.request<{ loaded: number }>('workspace/executeCommand', { command: 'cursus-lsp.loadContracts', arguments: [] });
    assert.equal(summary.loaded, 0);
    assert.ok(messages.some((m) => /nothing to load: all 1 contract\(s\) were read without Python/.test(m)), messages.join('\n'));
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('document links for the paths a spec names, and folding ranges for its blocks', async () => {
  const { root, uri } = project();
  const client = new LspClient(root);
  try {
    await client.initialize(root, {});
    await client.open(uri, spec);
    await client.diagnostics(uri);
    const links = await client.request<{ range: { start: { line: number; character: number } }; target: string }[]>('textDocument/documentLink', { textDocument: { uri } });
    const byLine = links.map((l) => `${l.range.start.line}:${l.range.start.character} ${l.target.slice(pathToFileURL(root).href.length + 1)}`).sort();
    assert.deepEqual(byLine, ['0:13 scripts/tabular_preprocessing.py', '2:20 data/in'], 'out/processed is not on disk yet, so no link');
    const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[3, 4], [5, 7]], 'output_paths and environ_vars fold; one-line flow maps do not');
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});
