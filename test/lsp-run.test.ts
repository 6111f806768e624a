/** Running from the editor over stdio: code lenses, the run command, results as findings, stale after an edit. */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { repoRoot } from './helpers/paths.js';

interface Lens {
  range: { start: { line: number } };
  command: { title: string; command: string; arguments: unknown[] };
}

test('Run pipeline from a code lens: R700 on the spec and on the script line that raised; stale once the spec changes', async () => {
  const root = tempDir('cursus-lsp-run-');
  cpSync(join(repoRoot, 'examples'), root, { recursive: true });
  const path = join(root, 'specs/failing.pipeline.yaml');
  const uri = pathToFileURL(path).href;
  const text = readFileSync(path, 'utf8');
  const client = new LspClient(root);
  try {
    const init = await client.initialize(root, { window: { workDoneProgress: true } });
    assert.ok((init.capabilities as { codeLensProvider?: object }).codeLensProvider);
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    client.connection.onRequest('workspace/codeLens/refresh', () => null);
    await client.open(uri, text);
    await client.diagnostics(uri);
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const titles = lenses.map((l) => l.command.title);
    assert.equal(titles.filter((t) => t === '▶ Run pipeline').length, 1);
    assert.equal(titles.filter((t) => t === '▶ Run script').length, 3);
    assert.equal(titles.filter((t) => t === '▶ Run edge').length, 3);

    const pipelineLens = lenses.find((l) => l.command.title === '▶ Run pipeline')!;
    const scriptUri = pathToFileURL(join(root, 'src/cursus_demo/steps/scripts/xgboost_training.py')).href;
    const result = await client.request<{ pipeline_success: boolean; stats: { failed: number; skipped: number } }>('workspace/executeCommand', { command: pipelineLens.command.command, arguments: pipelineLens.command.arguments });
    assert.equal(result.pipeline_success, false);
    assert.deepEqual([result.stats.failed, result.stats.skipped], [1, 1]);

    const onSpec = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'R700'));
    const r700 = onSpec.diagnostics.find((d) => d.code === 'R700')!;
    assert.match(r700.message, /Last run failed: KeyError: 'feature_names' \(src\/cursus_demo\/steps\/scripts\/xgboost_training\.py:16 in main\)/);
    assert.equal(r700.range.start.line, text.split('\n').findIndex((l) => l.includes('script_name: xgboost_training')));
    const onScript = await client.diagnostics(scriptUri);
    assert.equal(onScript.diagnostics[0].range.start.line, 15);

    const after = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(after.some((l) => l.command.title === '▶ Run script (last: failed)'));
    // Edges whose consumer failed or was skipped say so, rather than "incompatible".
    assert.deepEqual(after.filter((l) => l.command.title.startsWith('▶ Run edge')).map((l) => l.command.title), [
      '▶ Run edge (last: XGBoostTraining failed)',
      '▶ Run edge (last: XGBoostModelEval_calibration skipped)',
      '▶ Run edge (last: XGBoostTraining failed)',
    ]);

    // Edit the failing node's spec: its result no longer describes the file.
    const edited = text.replace('config/bad_hyperparameters.json', 'config/hyperparameters.json');
    await client.change(uri, 2, [{ text: edited }]);
    const stale = await client.diagnostics(uri, (p) => p.version === 2);
    assert.ok(!stale.diagnostics.some((d) => d.code === 'R700'), 'a stale result is not reported');
    const staleLenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(staleLenses.some((l) => l.command.title === '▶ Run script (last: failed, stale)'));
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('R700 on the script line follows the rule settings: off for the scripts a per-path rule names', async () => {
  const root = tempDir('cursus-lsp-run-');
  cpSync(join(repoRoot, 'examples'), root, { recursive: true });
  const pyproject = join(root, 'pyproject.toml');
  writeFileSync(pyproject, readFileSync(pyproject, 'utf8').replace('[tool.cursus-lsp]\n', '[tool.cursus-lsp]\nper-path-rules = { "src/**" = { R700 = "off" } }\n'));
  const path = join(root, 'specs/failing.pipeline.yaml');
  const uri = pathToFileURL(path).href;
  const scriptUri = pathToFileURL(join(root, 'src/cursus_demo/steps/scripts/xgboost_training.py')).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root, { window: { workDoneProgress: true } });
    client.connection.onRequest('window/workDoneProgress/create', () => null);
    await client.open(uri, readFileSync(path, 'utf8'));
    await client.diagnostics(uri);
    await client.request('workspace/executeCommand', { command: 'cursus-lsp.run', arguments: [uri, { kind: 'all' }] });
    // The spec (not under src/) keeps its R700; the script under src/ gets none.
    const onSpec = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'R700'));
    assert.ok(onSpec.diagnostics.some((d) => d.code === 'R700'));
    assert.deepEqual(client.latest.get(scriptUri)?.diagnostics ?? [], []);
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});
