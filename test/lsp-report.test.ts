/** The run report in the editor: the last run of a spec as the HTML page, and a notification after each run for clients that ask. */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { repoRoot } from './helpers/paths.js';

test('runReportHtml answers null before a run and the page after it; runFinished is sent to the client that asked', async () => {
  const root = tempDir('cursus-lsp-report-');
  cpSync(join(repoRoot, 'examples'), root, { recursive: true });
  const path = join(root, 'specs/failing.pipeline.yaml');
  const uri = pathToFileURL(path).href;
  const client = new LspClient(root);
  const finished: string[] = [];
  client.connection.onNotification('cursus-lsp/runFinished', (p: { uri: string }) => {
    finished.push(p.uri);
  });
  try {
    const init = await client.initialize(root, { window: { workDoneProgress: true } }, process.pid, { runFinishedNotification: true });
    assert.ok(((init.capabilities as { executeCommandProvider: { commands: string[] } }).executeCommandProvider.commands).includes('cursus-lsp.runReportHtml'));
    await client.open(uri, readFileSync(path, 'utf8'));
    await client.diagnostics(uri);
    assert.equal(await client.request('workspace/executeCommand', { command: 'cursus-lsp.runReportHtml', arguments: [uri] }), null);
    await client.request('workspace/executeCommand', { command: 'cursus-lsp.run', arguments: [uri, { kind: 'all' }] });
    assert.deepEqual(finished, [uri]);
    const page = await client.request<{ html: string }>('workspace/executeCommand', { command: 'cursus-lsp.runReportHtml', arguments: [uri] });
    assert.match(page.html, /<title>failing\.pipeline\.yaml: failed<\/title>/);
    assert.equal((page.html.match(/<g class="edge"/g) ?? []).length, 3);
    assert.match(page.html, /data-node="XGBoostTraining" data-status="failed"/);
    assert.match(page.html, /KeyError: &#39;feature_names&#39;|KeyError: 'feature_names'/);
  } finally {
    await client.shutdown();
  }
});
