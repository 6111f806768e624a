/**
 * Bounded work for any input: an alias bomb and values nested thousands of levels deep give one clear S100
 * each, in the engine, the CLI (the rest of a folder still reports) and the server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { checkFile, readSpecFile } from '../server/src/engine/index.js';
import { toPlain } from '../server/src/engine/syntax/ast.js';
import { runCli, workspace } from './helpers/cli.js';
import { LspClient } from './helpers/lsp.js';

/** 10 levels of 10 aliases: 10^10 values once expanded. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('dag: {nodes: [a], edges: []}', 'script_specs:', '  a: {script_name: a, step_name: a, job_args: {n: *a9}}');
  return lines.join('\n') + '\n';
}

const deepJson = (n: number) => `{"dag": {"nodes": [], "edges": []}, "script_specs": {}, "x": ${'['.repeat(n)}1${']'.repeat(n)}}`;
const deepYamlFlow = (n: number) => `dag: {nodes: [], edges: []}\nscript_specs: {}\nx: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
const deepYamlBlock = (n: number) => `dag: {nodes: [], edges: []}\nscript_specs: {}\nx:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k:\n`).join('')}${' '.repeat(n + 1)}k: 1\n`;

function s100(path: string, text: string): string[] {
  const file = readSpecFile(path, text);
  assert.ok(file);
  const found = checkFile(file);
  for (const d of found) assert.ok(d.span.start >= 0 && d.span.end <= text.length, `${d.code} span inside the text`);
  return found.filter((d) => d.code === 'S100').map((d) => d.message);
}

test('an alias bomb is one S100 naming the expansion, and the tree read stays small', () => {
  const text = aliasBomb();
  const messages = s100('bomb.pipeline.yaml', text);
  assert.equal(messages.length, 1);
  assert.match(messages[0], /aliases expand to more than 100,000 values/);
  const file = readSpecFile('bomb.pipeline.yaml', text)!;
  assert.ok(JSON.stringify(toPlain(file.parsed.root)).length < 2_000_000, 'the expansion is cut, not built');
});

test('JSON and YAML nested 2,000 and 100,000 levels deep get one S100 each, not a stack overflow', () => {
  const cases: [string, string][] = [
    ['deep.pipeline.json', deepJson(2000)],
    ['deeper.pipeline.json', deepJson(100_000)],
    ['deep.pipeline.yaml', deepYamlFlow(2000)],
    ['deeper.pipeline.yaml', deepYamlFlow(100_000)],
    ['block.pipeline.yaml', deepYamlBlock(600)],
  ];
  for (const [path, text] of cases) {
    const messages = s100(path, text);
    assert.equal(messages.length, 1, `${path}: ${messages.join('\n')}`);
    assert.match(messages[0], /nested more than 256 levels deep/, path);
  }
  // 200 levels is deep but allowed: Python reads it too.
  assert.deepEqual(s100('ok.pipeline.json', deepJson(200)), []);
  assert.deepEqual(s100('ok.pipeline.yaml', deepYamlFlow(200)), []);
});

test('check on a folder with a bomb and deep files still reports every other file, exit 1', () => {
  const root = workspace({
    'bomb.pipeline.yaml': aliasBomb(),
    'deep.pipeline.json': deepJson(2000),
    'deeper.pipeline.json': deepJson(100_000),
    'deep.pipeline.yaml': deepYamlFlow(100_000),
    'other.pipeline.yaml': 'dag: {nodes: [a], edges: [[a, b]]}\nscript_specs: {}\n',
  });
  const r = runCli(['check', '--format', 'json'], root);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; message: string }[] }[];
  const codes = Object.fromEntries(out.map((f) => [f.file, f.diagnostics.map((d) => d.code)]));
  for (const f of ['bomb.pipeline.yaml', 'deep.pipeline.json', 'deeper.pipeline.json', 'deep.pipeline.yaml']) assert.ok(codes[f]?.includes('S100'), `${f}: ${codes[f]}`);
  assert.ok(codes['other.pipeline.yaml']?.includes('D400'), 'the healthy file is still checked');
});

test('the server publishes the S100 for a bomb and a deep file, and keeps answering', async () => {
  const root = workspace({});
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    const bomb = pathToFileURL(join(root, 'bomb.pipeline.yaml')).href;
    const deep = pathToFileURL(join(root, 'deep.pipeline.json')).href;
    await client.open(bomb, aliasBomb());
    await client.open(deep, deepJson(100_000), 'json');
    const a = await client.diagnostics(bomb, (p) => p.diagnostics.some((d) => d.code === 'S100'));
    assert.ok(a.diagnostics.some((d) => /alias/.test(d.message)));
    const b = await client.diagnostics(deep, (p) => p.diagnostics.some((d) => d.code === 'S100'));
    assert.ok(b.diagnostics.some((d) => /nested more than/.test(d.message)));
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: deep } });
    assert.ok(Array.isArray(symbols));
    assert.ok(client.alive);
  } finally {
    await client.shutdown();
  }
});

test('an open document edited into 2,000-level JSON gets its S100 and loses its old findings (nothing stale stays on screen)', async () => {
  const root = workspace({});
  const client = new LspClient(root);
  try {
    await client.initialize(root);
    const uri = pathToFileURL(join(root, 'edited.pipeline.json')).href;
    await client.open(uri, '{"dag": {"nodes": ["a"], "edges": [["a", "b"]]}, "script_specs": {}}', 'json');
    const before = await client.diagnostics(uri, (p) => p.version === 1);
    assert.ok(before.diagnostics.some((d) => d.code === 'D400'), 'the edge to an unknown node is reported first');
    await client.change(uri, 2, [{ text: deepJson(2000) }]);
    const after = await client.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(after.diagnostics.map((d) => d.code).sort(), ['S100', 'S102'], 'the deep value, and its unknown key x; D400 is gone');
    assert.match(after.diagnostics.find((d) => d.code === 'S100')!.message, /nested more than 256 levels deep/);
    assert.ok(client.alive);
  } finally {
    await client.shutdown();
  }
});
