/** The editor's "Create a runnable pipeline spec" on a DAG file: the same spec as `cursus-lint init`, never over a file. */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { runCli } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

type Action = { title: string; kind: string; edit: { documentChanges: ({ kind: 'create'; uri: string } | { textDocument: { uri: string }; edits: { newText: string }[] })[] } };

test('a DAG file offers "Create a runnable pipeline spec" to clients that can create files, with what init writes', async () => {
  const root = tempDir('cursus-lsp-init-');
  cpSync(join(repoRoot, 'examples/cursus-2.9'), root, { recursive: true, filter: (src) => !/\.cursus-runs/.test(src) });
  const committed = readFileSync(join(root, 'dags/threshold_e2e.pipeline.yaml'), 'utf8');
  rmSync(join(root, 'dags/threshold_e2e.pipeline.yaml'));
  const dagUri = pathToFileURL(join(root, 'dags/threshold_e2e.dag.json')).href;
  const ask = async (caps: object) => {
    const client = new LspClient(root);
    try {
      await client.initialize(root, caps);
      await client.open(dagUri, readFileSync(join(root, 'dags/threshold_e2e.dag.json'), 'utf8'), 'json');
      await client.diagnostics(dagUri);
      return await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri: dagUri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    } finally {
      await client.shutdown();
    }
  };
  const actions = await ask({ workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } });
  const create = actions.find((a) => a.kind === 'source.cursus-lsp.createPipelineSpec');
  assert.ok(create, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(create.title, 'Create a runnable pipeline spec (threshold_e2e.pipeline.yaml)');
  const [make, write] = create.edit.documentChanges;
  assert.equal((make as { kind: string }).kind, 'create');
  const text = (write as { edits: { newText: string }[] }).edits[0].newText;
  // Without the pipeline-config setting, the spec is what `cursus-lint init` writes without --config.
  assert.equal(runCli(['init', 'dags/threshold_e2e.dag.json', '--out', 'cli.pipeline.yaml'], root).code, 0);
  assert.equal(text, readFileSync(join(root, 'cli.pipeline.yaml'), 'utf8'));
  assert.notEqual(text, committed, 'the committed spec was written with the configuration');
  const without = await ask({});
  assert.ok(!without.some((a) => a.kind === 'source.cursus-lsp.createPipelineSpec'), 'not offered to a client that cannot create files');
});
