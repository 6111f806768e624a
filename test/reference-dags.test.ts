/** Cursus's own catalog DAGs load cleanly; the same files with planted faults are caught at the right lines. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnose } from './helpers/check.js';
import { referenceDagDirs } from './helpers/paths.js';

const [referenceDagsDir] = referenceDagDirs;
const files = readdirSync(referenceDagsDir).filter((f) => f.endsWith('.json')).sort();
const shared = referenceDagDirs.slice(1).filter((d) => existsSync(d));

test('the reference DAG folder is present', () => {
  assert.ok(files.length >= 10, `expected Cursus catalog DAGs in ${referenceDagsDir}`);
});

for (const dir of [referenceDagsDir, ...shared]) {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
    test(`catalog DAG ${f} (${dir === referenceDagsDir ? 'repository copy' : 'shared reference'}) loads with no finding but its real metadata defect`, () => {
      const { found } = diagnose(f, readFileSync(join(dir, f), 'utf8'));
      // The catalog's own mistake: LightGBMMTModelEval_testing feeds nothing, yet metadata.exit_points lists only Registration.
      const known = f === 'mtl_temporal_split_e2e.dag.json' ? ['D408 metadata.exit_points'] : [];
      assert.deepEqual(found.map((d) => `${d.code} ${d.message.split(' ')[0]}`), known);
    });
  }
}

/** Re-serialises a catalog DAG with a change, and returns the 0-based line where `needle` (a JSON fragment) sits. */
function mutate(f: string, change: (d: { version?: string; dag: { nodes: string[]; edges: string[][] } }) => void) {
  const doc = JSON.parse(readFileSync(join(referenceDagsDir, f), 'utf8'));
  change(doc);
  const text = JSON.stringify(doc, null, 2);
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
  return { text, lineOf };
}

test('an injected cycle is D401 on the closing edge, naming the cycle', () => {
  const { text } = mutate('xgboost_simple.dag.json', (d) => d.dag.edges.push(['XGBoostTraining', 'CradleDataLoading_training']));
  const { found } = diagnose('x.dag.json', text);
  const cycles = found.filter((d) => d.code === 'D401');
  assert.equal(cycles.length, 1);
  const lines = text.split('\n');
  assert.match(lines.slice(cycles[0].line, cycles[0].line + 3).join(' '), /"XGBoostTraining",\s+"CradleDataLoading_training"/);
  assert.match(cycles[0].message, /CradleDataLoading_training -> TabularPreprocessing_training -> XGBoostTraining -> CradleDataLoading_training/);
});

test('an injected dangling edge is D400 on the unknown name', () => {
  const { text } = mutate('pytorch_training.dag.json', (d) => d.dag.edges.push([d.dag.nodes[0], 'PyTorchTrainingX']));
  const { found } = diagnose('x.dag.json', text);
  const dangling = found.filter((d) => d.code === 'D400');
  assert.equal(dangling.length, 1);
  assert.ok(text.split('\n')[dangling[0].line].includes('"PyTorchTrainingX"'));
  assert.match(dangling[0].message, /Did you mean 'PyTorchTraining'/);
});

test('version 2 is D407 on the version value', () => {
  const { text } = mutate('lightgbm_complete_e2e.dag.json', (d) => {
    d.version = '2.0';
  });
  const { found } = diagnose('x.dag.json', text);
  const version = found.filter((d) => d.code === 'D407');
  assert.equal(version.length, 1);
  assert.ok(text.split('\n')[version[0].line].includes('"version": "2.0"'));
});
