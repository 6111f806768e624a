/** Protocol tests: JSON-RPC over stdio with the built server, covering the document lifecycle and robustness. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { LspClient } from './helpers/lsp.js';
import { workspace } from './helpers/cli.js';

const spec = `dag:
  nodes: [preprocessing, training]
  edges:
    - [preprocessing, trainng]
script_specs:
  preprocessing: {script_name: tabular_preprocessing, step_name: preprocessing}
  training: {script_name: xgboost_training, step_name: training}
`;

test('open, change, symbols, fix-all and close over stdio', async () => {
  const root = workspace({ 'pyproject.toml': '[project]\nname = "demo"\n' });
  const uri = pathToFileURL(join(root, 'demo.pipeline.yaml')).href;
  const client = new LspClient(root);
  try {
    const init = await client.initialize(root);
    const caps = init.capabilities as { textDocumentSync: { change: number; openClose: boolean }; documentSymbolProvider: boolean; codeActionProvider: { codeActionKinds: string[] } };
    assert.equal(caps.textDocumentSync.change, 2, 'incremental sync');
    assert.equal(caps.documentSymbolProvider, true);
    assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'source.fixAll.cursus-lsp', 'source.cursus-lsp.createPipelineSpec']);

    await client.open(uri, spec);
    const first = await client.diagnostics(uri);
    assert.equal(first.version, 1);
    assert.deepEqual(first.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.code}`), ['3:22-29 D400']);
    // The rule docs at the line of the rule's heading (editors open file links at a line).
    assert.match(first.diagnostics[0].codeDescription!.href, /docs\/rules\.md#L\d+$/);

    // Fix the typo with an incremental edit: the finding goes away in the next publication.
    await client.change(uri, 2, [{ range: { start: { line: 3, character: 22 }, end: { line: 3, character: 29 } }, text: 'training' }]);
    const second = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(second.diagnostics, []);

    const symbols = await client.request<{ name: string; children: { name: string; children: { name: string }[] }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['dag', 'script_specs']);
    assert.deepEqual(symbols[0].children.map((c) => c.name), ['nodes', 'edges']);
    assert.deepEqual(symbols[0].children[1].children.map((c) => c.name), ['preprocessing -> training']);
    assert.deepEqual(symbols[1].children.map((c) => c.name), ['preprocessing', 'training']);

    // Break it again and ask for fix-all: one minimal edit restores the name, comments elsewhere untouched.
    await client.change(uri, 3, [{ range: { start: { line: 3, character: 22 }, end: { line: 3, character: 30 } }, text: 'trainig' }, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# keep me\n' }]);
    await client.diagnostics(uri, (p) => p.version === 3 && p.diagnostics.length === 1);
    const actions = await client.request<{ title: string; kind: string; edit: { changes: Record<string, { newText: string; range: { start: { line: number } } }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.cursus-lsp'] },
    });
    assert.equal(actions.length, 1);
    const edits = actions[0].edit.changes[uri];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].range.start.line, 4, 'the edit touches only the edge line');

    await client.close(uri);
    const cleared = await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(cleared.diagnostics, []);
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('garbage text and requests on unknown documents do not take the server down', async () => {
  const root = workspace({});
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    const bad = pathToFileURL(join(root, 'bad.pipeline.yaml')).href;
    await client.open(bad, '\u0000{[: - ]]}\n\tscript_specs: : :\n"unterminated');
    const d = await client.diagnostics(bad);
    assert.ok(d.diagnostics.some((x) => x.code === 'S100'), 'syntax errors are reported');
    const json = pathToFileURL(join(root, 'x.dag.json')).href;
    await client.open(json, '{"dag": {"nodes": ["a", "a"], "edges": [["a", "b"]]', 'json');
    const j = await client.diagnostics(json);
    assert.deepEqual(j.diagnostics.map((x) => x.code).sort(), ['D400', 'D404', 'S100']);
    const none = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere.yaml' } });
    assert.deepEqual(none, []);
    // An unrelated YAML file gets an empty publication, never findings.
    const ci = pathToFileURL(join(root, 'ci.yaml')).href;
    await client.open(ci, 'name: CI\non: [push]\n');
    assert.deepEqual((await client.diagnostics(ci)).diagnostics, []);
    assert.ok(client.alive);
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('rapid edits publish only for the latest version', async () => {
  const root = workspace({});
  const uri = pathToFileURL(join(root, 'r.pipeline.yaml')).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    await client.open(uri, spec);
    await client.diagnostics(uri, (p) => p.version === 1);
    for (let v = 2; v <= 30; v++) await client.change(uri, v, [{ text: v % 2 ? spec : spec.replace('trainng', 'training') }]);
    const last = await client.diagnostics(uri, (p) => p.version === 30);
    assert.equal(last.diagnostics.length, 0);
    const stale = await client.diagnostics(uri, () => true, 300).catch(() => undefined);
    assert.equal(stale, undefined, 'nothing is published after the latest version');
    await client.shutdown();
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('CURSUS_LSP_TRACE=1 (the bench\'s keystroke breakdown) writes each stage of an edit to stderr, in order; without it, nothing', async () => {
  const root = workspace({});
  const uri = pathToFileURL(join(root, 't.pipeline.yaml')).href;
  for (const traced of [true, false]) {
    const client = new LspClient(root, undefined, traced ? { CURSUS_LSP_TRACE: '1' } : {});
    try {
      await client.initialize(root);
      await client.open(uri, spec);
      await client.diagnostics(uri, (p) => p.version === 1);
      await client.change(uri, 2, [{ text: spec.replace('trainng', 'training') }]);
      await client.diagnostics(uri, (p) => p.version === 2);
      // stderr is a pipe of its own: give its last line a moment to be read.
      for (let i = 0; i < 50 && traced && !/cursus-lsp-trace encoded 2 /.test(client.stderr); i++) await new Promise((r) => setTimeout(r, 100));
      const lines = client.stderr.split('\n').filter((l) => l.startsWith('cursus-lsp-trace '));
      if (!traced) {
        assert.deepEqual(lines, []);
        continue;
      }
      const of2 = lines.map((l) => l.split(' ')).filter((f) => f[2] === '2');
      assert.deepEqual(of2.map((f) => f[1]), ['received', 'start', 'analysed', 'encoded']);
      const times = of2.map((f) => Number(f[3]));
      assert.deepEqual([...times].sort((a, b) => a - b), times, 'timestamps in stage order');
    } finally {
      if (client.alive) await client.shutdown().catch(() => undefined);
    }
  }
});
