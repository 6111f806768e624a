/** `cursus-lint match` and `cursus-lint graph` as a user runs them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runCli, workspace } from './helpers/cli.js';
import { cliBin, repoRoot } from './helpers/paths.js';
import { askReference } from './helpers/reference.js';

test('match A B prints the score and match type; --explain shows the normalized names and the four parts', () => {
  const r = runCli(['match', 'processed_data', 'processed_data_path', '--explain'], repoRoot);
  assert.equal(r.code, 0, r.stderr);
  const [first, normalized, ...parts] = r.stdout.trim().split('\n');
  assert.match(first, /^0\.718581 {2}semantic {2}\(processed_data -> processed_data_path, threshold 0\.7\)$/);
  assert.equal(normalized, "normalized: 'processed data' -> 'processed data path'");
  assert.deepEqual(parts.map((p) => p.trim().split(/\s+/)[0]), ['string', 'token', 'semantic', 'substring']);
  const exact = runCli(['match', 'DATA', 'DATA', '--json'], repoRoot);
  assert.deepEqual({ ...JSON.parse(exact.stdout), parts: undefined }, { a: 'DATA', b: 'DATA', score: 1, match_type: 'exact_logical', threshold: 0.7, normalized: ['data', 'data'], parts: undefined });
  assert.equal(JSON.parse(runCli(['match', 'model_output', 'model_input', '--json', '--threshold', '0.6'], repoRoot).stdout).match_type, 'semantic');
});

test('match --stdin answers each a<TAB>b line with JSON in order, the same scores as the reference', () => {
  const lines = ['model_output\tmodel_input', 'DATA\tdata', 'processed_data\tinput_path', 'hyperparams\thyperparameters_s3_uri'];
  const r = spawnSync(process.execPath, [cliBin, 'match', '--stdin'], { input: lines.join('\n') + '\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(out.map((o) => [o.a, o.b]), lines.map((l) => l.split('\t')));
  const expected = askReference<{ score: number }>('semantic_reference.py', lines.map((l) => l.split('\t'))).map((r) => r.score);
  out.forEach((o, i) => assert.ok(Math.abs(o.score - expected[i]) < 1e-9, `${o.a} -> ${o.b}`));
  assert.equal(out[1].score, 1, 'DATA and data normalise to the same name');
});

test('match usage errors exit 2', () => {
  assert.equal(runCli(['match', 'only-one'], repoRoot).code, 2);
  assert.equal(runCli(['match', 'a', 'b', '--threshold', '2'], repoRoot).code, 2);
});

const pipeline = `dag:
  nodes: [prep, train, evaluate]
  edges:
    - [prep, train]
    - [train, evaluate]
script_specs:
  prep: {script_name: prep, step_name: prep, output_paths: {processed_data: out/p}}
  train: {script_name: train, step_name: train, input_paths: {processed_data: out/p}, output_paths: {model_output: out/m}}
  evaluate: {script_name: evaluate, step_name: evaluate, input_paths: {metrics: out/x}}
`;

test('graph draws every node and edge, labels matches and marks the edge without one in red', () => {
  const root = workspace({ 'p.pipeline.yaml': pipeline });
  const mermaid = runCli(['graph', 'p.pipeline.yaml'], root);
  assert.equal(mermaid.code, 0, mermaid.stderr);
  assert.match(mermaid.stdout, /^flowchart LR$/m);
  assert.match(mermaid.stdout, /n0 -->\|"processed_data → processed_data: exact 1\.00"\| n1/);
  assert.match(mermaid.stdout, /n1 -->\|"no match"\| n2/);
  assert.match(mermaid.stdout, /linkStyle 1 stroke:#d32f2f/);
  const dot = runCli(['graph', 'p.pipeline.yaml', '--format', 'dot'], root);
  assert.match(dot.stdout, /"train" -> "evaluate" \[label="no match", color="#d32f2f"/);
  assert.equal(runCli(['graph', 'p.pipeline.yaml', '--format', 'svg'], root).code, 2);
});

test('graph of a 60-node catalog-like DAG stays one line per node and edge', () => {
  const nodes = Array.from({ length: 60 }, (_, i) => `Step${i}`);
  const dag = { dag: { nodes, edges: nodes.slice(1).map((n, i) => [nodes[i], n]) } };
  const root = workspace({ 'big.dag.json': JSON.stringify(dag) });
  const out = runCli(['graph', 'big.dag.json'], root).stdout.trim().split('\n');
  assert.equal(out.length, 1 + 60 + 59);
});
