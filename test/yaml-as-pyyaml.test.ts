/**
 * YAML read as Cursus reads it: PyYAML's `safe_load` (YAML 1.1). The table holds PyYAML 6.0's reading of each
 * plain scalar, produced by running PyYAML on `v: <written>`; when this machine's python3 has PyYAML, the table
 * itself is checked against it too (the tests never need it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../server/src/engine/syntax/parse.js';
import { isMap, toPlain, type ScalarNode } from '../server/src/engine/syntax/ast.js';
import { diagnose } from './helpers/check.js';
import { runCli, workspace } from './helpers/cli.js';
import { PYYAML } from './helpers/pyyaml-table.js';


function ours(written: string): { type: string; value: unknown } {
  const r = parse(`v: ${written}\n`, 'yaml');
  assert.deepEqual(r.problems, [], `${written}: no problem expected`);
  assert.ok(isMap(r.root));
  const n = r.root.entries[0].value as ScalarNode;
  if (n.python) return { type: n.python.replace('datetime.', ''), value: n.value };
  if (n.value === null) return { type: 'NoneType', value: null };
  if (typeof n.value === 'boolean') return { type: 'bool', value: n.value };
  if (typeof n.value === 'number') return { type: 'number', value: Number.isNaN(n.value) ? 'nan' : n.value === Infinity ? 'inf' : n.value === -Infinity ? '-inf' : n.value };
  return { type: 'str', value: n.value };
}

test(`every plain scalar of the table (${PYYAML.length} cases) reads as PyYAML reads it`, () => {
  const wrong: string[] = [];
  for (const [written, type, value] of PYYAML) {
    const got = ours(written);
    const want = { type: type === 'int' || type === 'float' ? 'number' : type, value };
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${JSON.stringify(written)}: ours ${JSON.stringify(got)}, PyYAML ${JSON.stringify(want)}`);
  }
  assert.deepEqual(wrong, []);
});

test('the stored table is what this machine\'s PyYAML says (skipped without PyYAML)', (t) => {
  const probe = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    t.skip('python3 has no PyYAML here; the table was produced with PyYAML 6.0');
    return;
  }
  const script = `
import json, math, sys, yaml
out = []
for c in json.load(sys.stdin):
    v = yaml.safe_load('v: ' + c + '\\n')['v']
    t = type(v).__name__
    if t == 'float' and math.isnan(v): v = 'nan'
    elif t == 'float' and math.isinf(v): v = 'inf' if v > 0 else '-inf'
    elif t in ('date', 'datetime'): v = c
    out.append([c, t, v])
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(PYYAML.map((row) => row[0])), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), PYYAML);
});

test('a bare = is reported: PyYAML cannot load it', () => {
  const r = parse('v: =\n', 'yaml');
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0].message, /Quote it/);
});

test('merge keys are followed as PyYAML does: own keys win, earlier maps of a list win over later ones', () => {
  const plain = (text: string) => toPlain(parse(text, 'yaml').root);
  assert.deepEqual(plain('b: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n'), { b: { x: 1, y: 2 }, m: { x: 1, y: 3 } });
  assert.deepEqual(plain('a: &a {x: 1}\nb: &b {x: 2, z: 1}\nm:\n  <<: [*a, *b]\n'), { a: { x: 1 }, b: { x: 2, z: 1 }, m: { x: 1, z: 1 } });
  assert.deepEqual(plain('a: &a {x: 1}\nb: &b {x: 2}\nm:\n  <<: *a\n  <<: *b\n'), { a: { x: 1 }, b: { x: 2 }, m: { x: 2 } });
  assert.deepEqual(plain('m:\n  "<<": {x: 1}\n'), { m: { '<<': { x: 1 } } }, 'a quoted << is an ordinary key');
  assert.deepEqual(plain('a: &a {x: 1}\nm:\n  <<: *a\n  <<: {y: 2}\n'), { a: { x: 1 }, m: { x: 1, y: 2 } });
  const bad = parse('m:\n  <<: 3\n', 'yaml');
  assert.match(bad.problems[0].message, /needs a map or a list of maps/);
});

const envSpec = `defaults: &env
  LABEL_FIELD: label
  TRAIN_RATIO: "0.7"
script_name: tabular_preprocessing
step_name: preprocessing
input_paths: {DATA: data/in}
output_paths: {processed_data: data/out}
environ_vars:
  <<: *env
  TRAIN_RATIO: "0.8"
job_args: {job_type: training}
`;

test('a spec whose env vars come through a merge key gets no false S101, S103, C206 or C207 (CLI, with a contract)', () => {
  const root = workspace({
    'contracts/tabular_preprocess_contract.py':
      'from cursus.core.base.contract_base import ProcessingScriptContract\n\nTABULAR_PREPROCESS_CONTRACT = ProcessingScriptContract(\n    entry_point="tabular_preprocessing.py",\n    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},\n    expected_output_paths={"processed_data": "/opt/ml/processing/output"},\n    required_env_vars=["LABEL_FIELD", "TRAIN_RATIO"],\n    optional_env_vars={},\n    expected_arguments={"job-type": "training"},\n)\n',
    'scripts/tabular_preprocessing.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    return None\n',
    'data/in/a.csv': 'a\n1\n',
    'specs/preprocessing.spec.yaml': envSpec,
    'specs/tabular_preprocessing_runtime_test_spec.json': '{}',
  });
  const r = runCli(['check', '--format', 'json', 'specs/preprocessing.spec.yaml'], root);
  const out = JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] }[];
  const codes = out.flatMap((f) => f.diagnostics.map((d) => `${d.code} ${d.message}`));
  for (const code of ['S101', 'S103', 'C206', 'C207']) assert.ok(!codes.some((c) => c.startsWith(code)), `unexpected ${code}: ${codes.join('\n')}`);
  // Without the merge key the same spec lacks LABEL_FIELD: the check does look at these env vars.
  writeFileSync(join(root, 'specs/preprocessing.spec.yaml'), envSpec.replace('  <<: *env\n', ''));
  const r2 = runCli(['check', '--format', 'json', 'specs/preprocessing.spec.yaml'], root);
  const again = (JSON.parse(r2.stdout) as { diagnostics: { code: string; message: string }[] }[]).flatMap((f) => f.diagnostics);
  assert.ok(again.some((d) => d.code === 'C206' && d.message.includes('LABEL_FIELD')), JSON.stringify(again));
});

test('C210 flags what PyYAML does not read as a string: yes, off, 017, 12:30, a date; not 0o17 or y', () => {
  const text = 'script_name: s\nstep_name: s\nenviron_vars:\n  A: yes\n  B: off\n  C: 017\n  D: 12:30\n  E: 2024-01-01\n  F: 0o17\n  G: y\n  H: "yes"\n';
  const { found } = diagnose('x_runtime_test_spec.json'.replace('.json', '.yaml'), text);
  const c210 = found.filter((f) => f.code === 'C210').map((f) => f.line + 1);
  assert.deepEqual(c210, [4, 5, 6, 7, 8]);
  assert.match(found.find((f) => f.code === 'C210' && f.line === 7)!.message, /datetime\.date/);
});
