/**
 * A `.step.yaml` in the editor, over stdio with the built server: live I8xx diagnostics, completion of keys and
 * allowed values, hover, definition (entry point -> script main, compatible source -> its interface, spec
 * dependency <-> contract input), document symbols; and an edited interface re-checks the other open files.
 */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { repoRoot } from './helpers/paths.js';

interface Item {
  label: string;
  textEdit?: { newText: string };
  insertText?: string;
}
type Loc = { uri: string; range: { start: { line: number; character: number } } };

function project(): string {
  const root = tempDir('cursus-lsp-iface-');
  cpSync(join(repoRoot, 'test/data/cursus'), root, { recursive: true });
  return root;
}

test('a .step.yaml in the editor: diagnostics, completion, hover, definition, symbols', async () => {
  const root = project();
  const file = join(root, 'steps/interfaces/tabular_preprocessing.step.yaml');
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle));
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    // A planted fault: a typo'd dependency type is an I801 error at the value, with a did-you-mean fix.
    const broken = text.replace('    DATA_SECONDARY:\n      type: processing_output', '    DATA_SECONDARY:\n      type: processing_outputs');
    await client.open(uri, broken);
    const d = await client.diagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'I801'));
    const i801 = d.diagnostics.find((x) => x.code === 'I801')!;
    const typeLine = broken.split('\n').findIndex((l) => l.includes('type: processing_outputs'));
    assert.deepEqual(i801.range.start, { line: typeLine, character: 12 });
    assert.match(i801.message, /Did you mean 'processing_output'\?/);
    assert.equal(i801.severity, 1);
    await client.change(uri, 2, [{ text }]);
    await client.diagnostics(uri, (p) => !p.diagnostics.some((x) => x.code === 'I801'));

    // Completion: the allowed values of a dependency type, the keys of a dependency, step types in compatible_sources.
    const depTypeLine = lineOf('type: processing_output', lineOf('  dependencies:'));
    const values = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: depTypeLine, character: 12 } });
    assert.deepEqual(values.map((i) => i.label).sort(), ['custom_property', 'hyperparameters', 'model_artifacts', 'payload_samples', 'processing_output', 'training_data']);
    const withKey = text.replace('    DATA:\n      type: processing_output\n', '    DATA:\n      type: processing_output\n      sem\n');
    await client.change(uri, 3, [{ text: withKey }]);
    const semLine = withKey.split('\n').findIndex((l) => l === '      sem');
    const keys = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: semLine, character: 9 } });
    assert.ok(keys.some((k) => k.label === "data_type") && !keys.some((k) => k.label === "type"), JSON.stringify({ semLine, keys, at: withKey.split("\n").slice(semLine - 2, semLine + 1) }));
    await client.change(uri, 4, [{ text }]);
    const sourceLine = lineOf('- CradleDataLoading');
    const sources = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: sourceLine, character: 8 } });
    assert.ok(sources.some((s) => s.label === 'XGBoostTraining') && sources.some((s) => s.label === 'Processing'), JSON.stringify(sources.map((s) => s.label)));
    assert.ok(!sources.some((s) => s.label === 'TabularPreprocessing'), 'a step is not its own source');
    const nodeTypes = await client.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: lineOf('node_type:'), character: 11 } });
    assert.deepEqual(nodeTypes.map((i) => i.label), ['source', 'internal', 'sink', 'singular']);

    // Hover: a field's meaning; a compatible source shows that step's interface.
    const h1 = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: lineOf('semantic_keywords:'), character: 8 } });
    assert.match(h1.contents.value, /\*\*semantic_keywords\*\*: Words that raise the match score/);
    const h2 = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: lineOf('- DummyDataLoading'), character: 10 } });
    assert.match(h2.contents.value, /\*\*DummyDataLoading\*\* — `steps\/interfaces\/dummy_data_loading\.step\.yaml`/);
    assert.match(h2.contents.value, /Outputs: .*`DATA`/);

    // Definition: entry point -> main of the script; compatible source -> its interface; dependency <-> contract input.
    const ep = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri }, position: { line: lineOf('entry_point:'), character: 18 } });
    assert.equal(ep[0].uri, pathToFileURL(join(root, 'steps/scripts/tabular_preprocessing.py')).href);
    const mainLine = readFileSync(join(root, 'steps/scripts/tabular_preprocessing.py'), 'utf8').split('\n').findIndex((l) => l.startsWith('def main'));
    assert.deepEqual(ep[0].range.start, { line: mainLine, character: 4 });
    const src = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri }, position: { line: lineOf('- DummyDataLoading'), character: 10 } });
    assert.equal(src[0].uri, pathToFileURL(join(root, 'steps/interfaces/dummy_data_loading.step.yaml')).href);
    assert.equal(src[0].range.start.line, 0);
    const depLine = lineOf('    DATA_SECONDARY:', lineOf('spec:'));
    const toInput = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri }, position: { line: depLine, character: 6 } });
    assert.deepEqual(toInput[0].range.start, { line: lineOf('    DATA_SECONDARY:'), character: 4 });
    const back = await client.request<Loc[]>('textDocument/definition', { textDocument: { uri }, position: { line: lineOf('    DATA_SECONDARY:'), character: 6 } });
    assert.deepEqual(back[0].range.start, { line: depLine, character: 4 });

    // Document symbols: the sections, ports under them.
    const symbols = await client.request<{ name: string; children?: { name: string; children?: { name: string }[] }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['step_type', 'node_type', 'registry', 'patterns', 'compute', 'contract', 'spec']);
    const contract = symbols.find((s) => s.name === 'contract')!;
    assert.deepEqual(contract.children?.find((c) => c.name === 'inputs')?.children?.map((c) => c.name), ['DATA', 'DATA_SECONDARY', 'SIGNATURE']);
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('editing an interface re-checks the other open interfaces against it', async () => {
  const root = project();
  const loader = join(root, 'steps/interfaces/dummy_data_loading.step.yaml');
  const prep = join(root, 'steps/interfaces/tabular_preprocessing.step.yaml');
  writeFileSync(prep, readFileSync(prep, 'utf8').replace('      - DummyDataLoading\n', '      - dummydataloading\n'));
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    const prepUri = pathToFileURL(prep).href;
    await client.open(prepUri, readFileSync(prep, 'utf8'));
    await client.diagnostics(prepUri, (p) => p.diagnostics.some((x) => x.code === 'I808' && /only in case/.test(x.message)));
    // Spell the loader's step type as that source does, in the editor (unsaved): Cursus still finds the loader's
    // file for that name (alphanumerics, any case), so the finding moves to the preparation's other source, which
    // keeps the old spelling.
    const loaderUri = pathToFileURL(loader).href;
    const text = readFileSync(loader, 'utf8');
    await client.open(loaderUri, text);
    await client.change(loaderUri, 2, [{ text: text.replace('step_type: DummyDataLoading', 'step_type: dummydataloading') }]);
    const after = await client.diagnostics(prepUri, (p) => p.diagnostics.some((x) => x.code === 'I808' && /'DummyDataLoading' differs from the step type 'dummydataloading'/.test(x.message)));
    assert.ok(!after.diagnostics.some((x) => /compatible_sources 'dummydataloading'/.test(x.message)), JSON.stringify(after.diagnostics));
    // A step type that names another file is the loader's own finding (I813), and the other interfaces still know
    // the step by its file's name: the preparation's finding comes back as it was, not as an unknown source.
    await client.change(loaderUri, 3, [{ text: text.replace('step_type: DummyDataLoading', 'step_type: DummyLoading') }]);
    await client.diagnostics(loaderUri, (p) => p.diagnostics.some((x) => x.code === 'I813' && /Set step_type to 'DummyDataLoading'/.test(x.message)));
    const renamed = await client.diagnostics(prepUri, (p) => p.diagnostics.some((x) => x.code === 'I808' && /only in case/.test(x.message)));
    assert.ok(!renamed.diagnostics.some((x) => x.code === 'I812' && /'dummydataloading'/.test(x.message)));
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});
