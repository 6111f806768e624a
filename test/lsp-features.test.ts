/** Editor features over stdio with the built server, on the example workspace's contracts and scripts. */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { repoRoot } from './helpers/paths.js';

function exampleCopy(): string {
  const root = tempDir('cursus-lsp-features-');
  cpSync(join(repoRoot, 'examples'), root, { recursive: true });
  return root;
}

const spec = `# keep this comment
dag:
  nodes: [TabularPreprocessing_training, XGBoostTraining]
  edges:
    - [TabularPreprocessing_training, XGBoostTraining]   # the edge
script_specs:
  TabularPreprocessing_training:
    script_name: tabular_preprocessing
    step_name: TabularPreprocessing_training
    input_paths:
      DATA: data/raw
    output_paths:
      processed_data: out/p
    environ_vars:
      LABEL_FIELD: label
      TRAIN_RATIO: 0.7          # a number, not a string
      TEST_VAL_RATIO: "0.5"
    job_args: {job_type: training}
  XGBoostTraining:
    script_name: xgboost_training
    step_name: XGBoostTraining
    input_path_specs:
      input_path: {logical_name: input_path, path: out/p, aliases: [processed_data]}
      hyperparameters_s3_uri: {logical_name: hyperparameters_s3_uri, path: config/hyperparameters.json}
    output_paths:
      model_output: out/m
      evaluation_output: out/e
`;

interface Item {
  label: string;
  filterText?: string;
  textEdit: { newText: string; range: { start: { line: number; character: number } } };
}

test('completion in broken YAML, hover on an edge, definition into the contract, rename, fix-all keeping comments', async () => {
  const root = exampleCopy();
  const uri = pathToFileURL(join(root, 'specs/edit.pipeline.yaml')).href;
  const client = new LspClient(root);
  try {
    const init = await client.initialize(root, { workspace: { configuration: true } });
    const caps = init.capabilities as Record<string, unknown>;
    for (const cap of ['completionProvider', 'hoverProvider', 'definitionProvider', 'referencesProvider', 'renameProvider', 'codeActionProvider', 'documentSymbolProvider']) assert.ok(caps[cap], cap);

    await client.open(uri, spec);
    const first = await client.diagnostics(uri);
    assert.deepEqual(first.diagnostics.map((d) => d.code), ['C210']);

    // Type a half key under environ_vars and leave the YAML broken below: completion still answers.
    const broken = spec.replace('      TEST_VAL_RATIO: "0.5"\n', '      TEST_VAL_RATIO: "0.5"\n      CAT\n    oops: [\n');
    await client.change(uri, 2, [{ text: broken }]);
    const line = broken.split('\n').findIndex((l) => l === '      CAT');
    const items = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: 9 } });
    const cat = items.find((i) => i.label === 'CATEGORICAL_COLUMNS');
    assert.ok(cat, JSON.stringify(items.map((i) => i.label)));
    assert.equal(cat.textEdit.newText, 'CATEGORICAL_COLUMNS: ""');
    await client.change(uri, 3, [{ text: spec }]);

    const edgeLine = spec.split('\n').findIndex((l) => l.includes('- [TabularPreprocessing_training, XGBoostTraining]'));
    const h = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: edgeLine, character: 10 } });
    assert.match(h.contents.value, /`processed_data` → `input_path`: logical_to_alias 0\.950/);

    const dataLine = spec.split('\n').findIndex((l) => l.includes('DATA: data/raw'));
    const defs = await client.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/definition', { textDocument: { uri }, position: { line: dataLine, character: 7 } });
    assert.equal(defs[0].uri, pathToFileURL(join(root, 'src/cursus_demo/steps/contracts/tabular_preprocess_contract.py')).href);
    assert.equal(defs[0].range.start.line, 7);

    const nodeLine = spec.split('\n').findIndex((l) => l.includes('nodes: ['));
    const prep = await client.request<{ placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position: { line: nodeLine, character: 12 } });
    assert.equal(prep.placeholder, 'TabularPreprocessing_training');
    const rename = await client.request<{ changes: Record<string, { newText: string }[]> }>('textDocument/rename', { textDocument: { uri }, position: { line: nodeLine, character: 12 }, newName: 'Prep' });
    assert.equal(rename.changes[uri].length, 4, 'declaration, edge, spec key and step_name');
    const refs = await client.request<{ range: { start: { line: number; character: number } } }[]>('textDocument/references', { textDocument: { uri }, position: { line: nodeLine, character: 12 }, context: { includeDeclaration: true } });
    const at = (r: { range: { start: { line: number; character: number } } }) => `${r.range.start.line}:${r.range.start.character}`;
    assert.deepEqual(refs.map(at).sort(), rename.changes[uri].map((e) => at(e as never)).sort(), 'references list exactly the places rename edits');
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: dataLine, character: 7 } }), /Only DAG node names can be renamed/);

    const ratioLine = spec.split('\n').findIndex((l) => l.includes('TRAIN_RATIO: 0.7'));
    const quick = await client.request<{ title: string; kind: string; isPreferred?: boolean }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: ratioLine, character: 19 }, end: { line: ratioLine, character: 19 } },
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.deepEqual(quick.map((a) => [a.title, a.isPreferred]), [['Quote as "0.7"', true], [`Suppress C210 on line ${ratioLine + 1} (review)`, undefined]]);
    assert.ok(quick.every((a) => !('isPreferred' in a) || a.isPreferred === true), 'isPreferred is sent only when true');

    const actions = await client.request<{ kind: string; edit: { changes: Record<string, { newText: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.cursus-lsp'] },
    });
    const [edit] = actions[0].edit.changes[uri];
    const lines = spec.split('\n');
    const start = lines.slice(0, edit.range.start.line).join('\n').length + (edit.range.start.line ? 1 : 0) + edit.range.start.character;
    const end = lines.slice(0, edit.range.end.line).join('\n').length + (edit.range.end.line ? 1 : 0) + edit.range.end.character;
    const fixed = spec.slice(0, start) + edit.newText + spec.slice(end);
    assert.equal(fixed, spec.replace('TRAIN_RATIO: 0.7', 'TRAIN_RATIO: "0.7"'), 'only the value changed; every comment kept');
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('editor settings are asked for with workspace/configuration and take effect without a restart', async () => {
  const root = exampleCopy();
  const uri = pathToFileURL(join(root, 'specs/s.pipeline.yaml')).href;
  const client = new LspClient(root);
  let rules: Record<string, string> = {};
  client.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ rules })));
  try {
    await client.initialize(root, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } } });
    await client.open(uri, spec);
    await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'C210'));
    rules = { C210: 'off' };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'C210'));
    assert.deepEqual(after.diagnostics, []);
    await client.shutdown();
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('completion in a JSON spec: the items pass the editor filter on what is typed, opening quote included', async () => {
  const root = exampleCopy();
  const path = join(root, 'test/integration/runtime/.specs/tabular_preprocessing_runtime_test_spec.json');
  const uri = pathToFileURL(path).href;
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    const text = readFileSync(path, 'utf8');
    await client.open(uri, text);
    await client.diagnostics(uri);
    // What VS Code holds after typing `"i` on a new line (its closing quote auto-inserted).
    for (const [version, typed] of [[2, '"'], [3, '"i']] as const) {
      const edited = text.replace('"script_path": null,', `"script_path": null,\n  ${typed}"`);
      await client.change(uri, version, [{ text: edited }]);
      const line = edited.split('\n').findIndex((l) => l === `  ${typed}"`);
      const position = { line, character: 2 + typed.length };
      const items = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position });
      assert.ok(items.some((i) => i.label === 'input_path_specs'), JSON.stringify(items.map((i) => i.label)));
      for (const item of items) {
        const start = item.textEdit.range.start;
        const typedInRange = edited.split('\n')[start.line].slice(start.character, position.character);
        if (!item.label.startsWith(typedInRange.replace(/^"/, ''))) continue;
        assert.ok((item.filterText ?? item.label).startsWith(typedInRange), `${item.label}: filter text ${JSON.stringify(item.filterText)} against ${JSON.stringify(typedInRange)}`);
      }
    }
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});
