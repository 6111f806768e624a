/**
 * Discovery that does not silently lose files: a huge contract file is read, a symlinked scripts/ folder is
 * followed (cycle-safe, not out of the project), an unreadable spec gets its own error while the rest is checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cliBin } from './helpers/paths.js';
import { runCli, workspace } from './helpers/cli.js';

const contract = (pad: number) =>
  'from cursus.core.base.contract_base import ProcessingScriptContract\n\n' +
  `# ${'x'.repeat(100)}\n`.repeat(pad) +
  'TABULAR_PREPROCESS_CONTRACT = ProcessingScriptContract(\n    entry_point="tabular_preprocessing.py",\n    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},\n    expected_output_paths={"processed_data": "/opt/ml/processing/output"},\n    required_env_vars=["LABEL_FIELD"],\n    optional_env_vars={},\n    expected_arguments={},\n)\n';

const spec = 'script_name: tabular_preprocessing\nstep_name: preprocessing\ninput_paths: {DATA: data/in}\noutput_paths: {processed_data: data/out}\nenviron_vars: {LABEL_FIELD: label}\njob_args: {}\n';

type Report = { file: string; diagnostics: { code: string; message: string }[] }[];
const codes = (stdout: string) => (JSON.parse(stdout) as Report).flatMap((f) => f.diagnostics.map((d) => d.code));

test('a contract file over 2 MB is read: no false C201, and its contract is checked', () => {
  const root = workspace({ 'contracts/big_contract.py': contract(30_000), 'scripts/tabular_preprocessing.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    pass\n', 'data/in/a.csv': 'a\n', 'specs/p.spec.yaml': spec });
  const r = runCli(['check', '--format', 'json', 'specs/p.spec.yaml'], root);
  assert.ok(!codes(r.stdout).includes('C201'), r.stdout);
  writeFileSync(join(root, 'specs/p.spec.yaml'), spec.replace('{LABEL_FIELD: label}', '{}'));
  assert.ok(codes(runCli(['check', '--format', 'json', 'specs/p.spec.yaml'], root).stdout).includes('C206'), 'the big contract is really used');
});

test('a scripts/ folder that is a symlink is followed; links looping back up the tree are not', () => {
  const shared = workspace({ 'tabular_preprocessing.py': 'def main(input_paths, output_paths):\n    pass\n' });
  const root = workspace({ 'contracts/c_contract.py': contract(0), 'data/in/a.csv': 'a\n', 'specs/p.spec.yaml': spec });
  symlinkSync(shared, join(root, 'scripts'));
  symlinkSync(root, join(shared, 'loop'));
  symlinkSync(join(root, 'specs'), join(root, 'specs', 'again'));
  symlinkSync(join(root, 'missing'), join(root, 'dangling.pipeline.yaml'));
  // A loaded machine can make this check (and the interpreter it asks) slow: a generous limit, no timing asserted.
  const r = runCli(['check', '--format', 'json'], root, {}, 240_000);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as Report;
  assert.deepEqual(out.map((f) => f.file), ['specs/p.spec.yaml'], 'each spec once, through no loop');
  const found = codes(r.stdout);
  assert.ok(found.includes('X601'), `the script behind the link is read (its main takes 2 parameters): ${found}`);
  assert.ok(!found.includes('C200'), found.join());
});

test('one unreadable spec file gets its own error; the others are still reported; exit 2', () => {
  const root = workspace({
    'a.pipeline.yaml': 'dag: {nodes: [a], edges: [[a, b]]}\nscript_specs: {}\n',
    'b.pipeline.yaml': 'dag: {nodes: [], edges: []}\nscript_specs: {}\n',
    'c.pipeline.yaml': 'dag: {nodes: [c], edges: [[c, d]]}\nscript_specs: {}\n',
  });
  chmodSync(root, 0o755);
  for (const f of ['a', 'b', 'c']) chmodSync(join(root, `${f}.pipeline.yaml`), 0o644);
  chmodSync(join(root, 'b.pipeline.yaml'), 0o000);
  mkdirSync(join(root, 'locked'));
  writeFileSync(join(root, 'locked', 'd.pipeline.yaml'), 'dag: {}\n');
  chmodSync(join(root, 'locked'), 0o000);
  // As root every file is readable: run the CLI as nobody then.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const r = spawnSync(process.execPath, [cliBin, 'check', '--format', 'json'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...asUser });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /cannot read b\.pipeline\.yaml: permission denied/);
  assert.match(r.stderr, /cannot read locked \(EACCES\)/);
  const out = JSON.parse(r.stdout) as Report;
  assert.deepEqual(out.map((f) => f.file).sort(), ['a.pipeline.yaml', 'c.pipeline.yaml']);
  assert.ok(out.every((f) => f.diagnostics.some((d) => d.code === 'D400')));
});
