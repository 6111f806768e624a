/** Dependencies with a real interpreter (a fresh virtualenv without packages): X604 in check, refusal in run, `deps`, the per-interpreter cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pythonFacts } from '../server/src/runner/environment.js';
import { runCli, workspace } from './helpers/cli.js';

function project(): string {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "d"\n',
    'scripts/train.py': `import os
import json
import sklearn.model_selection
from helpers import load
try:
    import lightgbm
except ImportError:
    lightgbm = None

def main(input_paths, output_paths, environ_vars, job_args):
    os.makedirs(output_paths["model"], exist_ok=True)
    open(os.path.join(output_paths["model"], "m.txt"), "w").write(load("x"))
`,
    'scripts/helpers.py': 'def load(x):\n    return x\n',
    'contracts/train_contract.py': `from cursus.core.base import ScriptContract

TRAIN_CONTRACT = ScriptContract(
    entry_point="train.py",
    expected_input_paths={"data": "/opt/ml/processing/input/data"},
    expected_output_paths={"model": "/opt/ml/processing/output"},
    framework_requirements={"scikit-learn": ">=1.0", "pandas": ">=1.3,<3", "python": ">=3.7"},
)
`,
    'data/in/a.csv': 'a\n1\n',
    'p.pipeline.yaml': 'dag:\n  nodes: [train]\n  edges: []\nscript_specs:\n  train:\n    script_name: train\n    step_name: train\n    input_paths: {data: data/in}\n    output_paths: {model: out/model}\n',
  });
  const venv = spawnSync('python3', ['-m', 'venv', '--without-pip', join(root, '.venv')], { encoding: 'utf8' });
  assert.equal(venv.status, 0, venv.stderr);
  return root;
}

test('check reports X604 naming the distribution; stdlib, project modules, try/except ImportError imports and a met python requirement are not reported', () => {
  const root = project();
  const r = runCli(['check', 'p.pipeline.yaml', '--format', 'json'], root);
  assert.equal(r.code, 1, r.stderr);
  const found = (JSON.parse(r.stdout) as { diagnostics: { code: string; message: string }[] }[])[0].diagnostics.filter((d) => d.code.startsWith('X60'));
  assert.deepEqual(found.map((d) => d.code), ['X604', 'X605'], JSON.stringify(found));
  assert.match(found[0].message, /imports 'sklearn\.model_selection' \(line 3\), which .*\.venv\/bin\/python \(Python 3\.\d+\.\d+, from \.venv\) cannot import\. Install the distribution 'scikit-learn' \(it provides 'sklearn'\): pip install 'scikit-learn>=1\.0'\./);
  assert.doesNotMatch(found[0].message, /virtualenv for this project/, 'the interpreter is a virtualenv');
  assert.match(found[1].message, /requires pandas>=1\.3,<3, which .* does not have\. Install it: pip install 'pandas>=1\.3,<3'\./);
});

test('run refuses a step with a missing module and says what to install; nothing runs', () => {
  const root = project();
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json'], root);
  assert.equal(r.code, 1, r.stderr);
  const train = (JSON.parse(r.stdout) as { script_results: Record<string, { status: string; error_message: string }> }).script_results.train;
  assert.equal(train.status, 'refused');
  assert.match(train.error_message, /scripts\/train\.py imports 'sklearn', which .* cannot import \(X604\); install it first: pip install 'scikit-learn>=1\.0'/);
  assert.ok(!existsSync(join(root, 'out/model/m.txt')), 'the script did not run');
});

test('deps prints pip requirements merged from imports and framework_requirements', () => {
  const root = project();
  const r = runCli(['deps', 'p.pipeline.yaml'], root);
  assert.equal(r.code, 0, r.stderr);
  const reqs = r.stdout.split('\n').filter((l) => l && !l.startsWith('# Requirements') && !l.startsWith('# Written'));
  assert.deepEqual(reqs.map((l) => l.replace(/\s+#.*$/, '')), ['# lightgbm', 'pandas>=1.3,<3', 'scikit-learn>=1.0']);
  assert.match(r.stdout, /scikit-learn>=1\.0\s+# train \(import sklearn\), train \(contract\)/);
  assert.match(r.stdout, /# lightgbm\s+# optional: train \(import lightgbm\)/);
  const pipCheck = spawnSync('python3', ['-c', 'import sys\nfrom pip._internal.req.req_file import parse_requirements\n'], { encoding: 'utf8' });
  if (pipCheck.status === 0) {
    writeFileSync(join(root, 'req.txt'), r.stdout);
    const parsed = spawnSync('python3', ['-c', 'import sys\nfrom pip._internal.req.req_file import parse_requirements\nfrom pip._internal.network.session import PipSession\nprint(sorted(r.requirement for r in parse_requirements(sys.argv[1], session=PipSession())))', join(root, 'req.txt')], { encoding: 'utf8' });
    assert.equal(parsed.stdout.trim(), "['pandas>=1.3,<3', 'scikit-learn>=1.0']", parsed.stderr);
  }
  const json = JSON.parse(runCli(['deps', 'p.pipeline.yaml', '--json'], root).stdout) as { requirements: { name: string; specifier: string; installed: string | null }[] };
  assert.deepEqual(json.requirements.map((x) => [x.name, x.specifier, x.installed]), [['lightgbm', '', null], ['pandas', '>=1.3,<3', null], ['scikit-learn', '>=1.0', null]]);
});

test('the interpreter is asked once and asked again when a package is installed into it', async () => {
  const root = project();
  const choice = { command: join(root, '.venv/bin/python'), source: '.venv' };
  const first = await pythonFacts(choice, root);
  assert.ok('facts' in first);
  assert.ok(!first.facts.modules.has('sklearn'));
  assert.equal(first.facts.inVenv, true);
  const again = await pythonFacts(choice, root);
  assert.ok('facts' in again && again.facts === first.facts, 'the second ask is answered from memory');
  const lib = join(root, '.venv/lib');
  const site = join(lib, readdirSync(lib)[0], 'site-packages');
  mkdirSync(join(site, 'sklearn'));
  writeFileSync(join(site, 'sklearn/__init__.py'), '');
  const after = await pythonFacts(choice, root);
  assert.ok('facts' in after && after.facts.modules.has('sklearn'), 'installing refreshed the facts');
  const r = runCli(['check', 'p.pipeline.yaml', '--format', 'json'], root);
  assert.ok(!r.stdout.includes('X604'), r.stdout);
});

/** The project's venv interpreter, logging each of its starts (a sitecustomize module), so a test can count them. */
function countingPython(root: string): { python: string; starts: () => number } {
  const log = join(root, 'python-starts.log');
  const lib = join(root, '.venv/lib');
  writeFileSync(join(lib, readdirSync(lib)[0], 'site-packages/sitecustomize.py'), `with open(${JSON.stringify(log)}, "a") as f:\n    f.write("start\\n")\n`);
  return { python: join(root, '.venv/bin/python'), starts: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0) };
}

test('check and run remember the interpreter facts and syntax verdicts in .cursus-runs: no Python started for them again, an install is seen, results identical', () => {
  const root = project();
  const { python, starts } = countingPython(root);
  const check = () => {
    const r = runCli(['check', 'p.pipeline.yaml', '--format', 'json', '--python', python], root);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return r.stdout;
  };
  const uncached = check();
  assert.ok(!existsSync(join(root, '.cursus-runs')), 'a check alone creates no .cursus-runs');
  assert.ok(starts() >= 2, 'facts and syntax were asked');
  mkdirSync(join(root, '.cursus-runs'));
  assert.equal(check(), uncached, 'same findings while remembering');
  assert.ok(existsSync(join(root, '.cursus-runs/python-facts.json')) && existsSync(join(root, '.cursus-runs/python-syntax.json')));
  const before = starts();
  const remembered = check();
  assert.equal(remembered, uncached, 'same findings from what was remembered');
  assert.match(remembered, /X604/);
  assert.equal(starts(), before, 'nothing changed: no Python started');

  // Installing a package (into the venv's site-packages) is seen by the next check.
  const lib = join(root, '.venv/lib');
  const site = join(lib, readdirSync(lib)[0], 'site-packages');
  mkdirSync(join(site, 'sklearn'));
  writeFileSync(join(site, 'sklearn/__init__.py'), '');
  const installed = check();
  assert.ok(!installed.includes('X604'), installed);
  assert.match(installed, /X605/);
  assert.equal(starts(), before + 1, 'asked again for its modules only (the scripts did not change)');
  // ... and removing it too.
  rmSync(join(site, 'sklearn'), { recursive: true });
  assert.equal(check(), uncached);

  // A changed script is judged again; the others are not.
  const syntaxStarts = starts();
  writeFileSync(join(root, 'scripts/train.py'), `${readFileSync(join(root, 'scripts/train.py'), 'utf8')}\ndef broken(:\n    pass\n`);
  assert.match(check(), /X603/);
  assert.equal(starts(), syntaxStarts + 1, 'one start: the changed script judged again');
  // A run uses the same memory: the interpreter is not asked again for facts or versions.
  const n = starts();
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', python], root);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(starts(), n + 1, 'only the version check (first run with this interpreter) started Python');
  runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', python], root);
  assert.equal(starts(), n + 1, 'a second run starts no Python: every step is refused before running (X604) and nothing else is asked');
});

test('deps of a Cursus 2.9 DAG resolves nodes as the checks do (registry, entry point), takes the interface\'s framework_requirements, and needs no interpreter when there is no script', async () => {
  const { cpSync, renameSync } = await import('node:fs');
  const { repoRoot } = await import('./helpers/paths.js');
  const root = workspace({});
  cpSync(join(repoRoot, 'examples/cursus-2.9'), root, { recursive: true });
  // An entry point that is not the step type in snake_case: only Cursus's resolution (the interface's entry_point) finds it.
  renameSync(join(root, 'steps/scripts/threshold_training.py'), join(root, 'steps/scripts/train_threshold.py'));
  const iface = join(root, 'steps/interfaces/threshold_training.step.yaml');
  writeFileSync(iface, readFileSync(iface, 'utf8').replace('entry_point: threshold_training.py', 'entry_point: train_threshold.py\n  framework_requirements:\n    numpy: ">=1.20"'));
  const r = runCli(['deps', 'dags/threshold_e2e.dag.json', '--python', 'python3'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^numpy>=1\.20\s+# train_threshold \(contract\)$/m);
  assert.doesNotMatch(r.stdout, /ThresholdTraining: no script found/);

  // Interfaces only, no script at all: the steps are named, and no interpreter is asked for.
  const bare = workspace({ 'pyproject.toml': '[project]\nname = "b"\n', 'dags/x.dag.json': JSON.stringify({ dag: { nodes: ['CradleDataLoading_training', 'XGBoostTraining'], edges: [['CradleDataLoading_training', 'XGBoostTraining']] } }) });
  cpSync(join(repoRoot, 'test/data/cursus/steps/interfaces'), join(bare, 'steps/interfaces'), { recursive: true });
  const b = runCli(['deps', 'dags/x.dag.json'], bare, { CURSUS_PYTHON: join(bare, 'no-such-python') });
  assert.equal(b.code, 0, b.stderr);
  assert.match(b.stdout, /# CradleDataLoading_training: no local script by design, nothing to install/);
  assert.match(b.stdout, /# XGBoostTraining: no script found, its requirements are not listed/);
});
