/** `cursus-lint contracts`: the index in DESIGN section 7's shape, statically and by executing Python. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

const repo = join(repoRoot, 'test/workspaces/cursus-repo');

interface Record_ {
  file: string;
  line: number;
  name: string;
  entry_point: string | null;
  script: string | null;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  required_env_vars: string[];
  optional_env_vars: Record<string, string>;
  expected_arguments: Record<string, string>;
  unresolved: string[];
  source: string;
}

test('contracts --json lists every contract with exact static values, unresolved ones marked', () => {
  const r = runCli(['contracts', '.', '--json'], repo);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record_[];
  assert.deepEqual(out.map((c) => c.name).sort(), ['DUMMY_TRAINING_CONTRACT', 'FAILING_CONTRACT', 'FIRST_CONTRACT', 'XGBOOST_TRAIN_CONTRACT']);
  const dummy = out.find((c) => c.name === 'DUMMY_TRAINING_CONTRACT')!;
  assert.deepEqual(dummy, {
    ...dummy,
    file: 'src/cursus/steps/contracts/dummy_training_contract.py',
    line: 3,
    entry_point: 'dummy_training.py',
    script: 'src/cursus/steps/scripts/dummy_training.py',
    inputs: { pretrained_model_path: '/opt/ml/processing/input/model', hyperparameters_s3_uri: '/opt/ml/processing/input/config/hyperparameters.json' },
    outputs: { model_input: '/opt/ml/processing/output/model' },
    required_env_vars: [],
    optional_env_vars: {},
    expected_arguments: {},
    unresolved: [],
  });
  const xgb = out.find((c) => c.name === 'XGBOOST_TRAIN_CONTRACT')!;
  assert.deepEqual(xgb.inputs, {});
  assert.deepEqual(xgb.unresolved, ['expected_input_paths']);
  assert.equal(out.find((c) => c.name === 'FIRST_CONTRACT')!.inputs.DATA, '/opt/ml/processing/input/data', 'read despite the syntax error below it');
});

test('contracts --execute loads unresolved values with Python and reports a failing module with its line', () => {
  const r = runCli(['contracts', '--json', '--execute', '--python', 'python3'], repo);
  assert.equal(r.code, 1, 'a module failed to import');
  const out = JSON.parse(r.stdout) as Record_[];
  const xgb = out.find((c) => c.name === 'XGBOOST_TRAIN_CONTRACT')!;
  assert.equal(xgb.source, 'executed');
  assert.deepEqual(xgb.inputs, { input_path: '/opt/ml/input/data', hyperparameters_s3_uri: '/opt/ml/input/config/hyperparameters.json' });
  assert.deepEqual(xgb.unresolved, []);
  assert.match(r.stderr, /^src\/cursus\/steps\/contracts\/failing_contract\.py:2: error: loading the contract failed: ModuleNotFoundError: No module named 'not_installed_anywhere'$/m);
  const failing = out.find((c) => c.name === 'FAILING_CONTRACT')!;
  assert.equal(failing.source, 'static', 'a contract that failed to load keeps its static reading');
});

test('a missing interpreter is a clear usage error, not a hang', () => {
  const r = runCli(['contracts', '--execute', '--python', '/nonexistent/python3'], repo);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Python interpreter '\/nonexistent\/python3' \(from --python\) cannot be started/);
});

test('the human format names unresolved values and suggests --execute', () => {
  const r = runCli(['contracts'], repo);
  assert.match(r.stdout, /unresolved expected_input_paths: the name COMMON_INPUTS \(defined or imported elsewhere\)/);
  assert.match(r.stdout, /run with --execute to load them with Python/);
});

test('check on the Cursus-shaped repository reports each planted fault at its line and nothing on the clean spec', () => {
  const r = runCli(['check', '--format', 'json'], repo);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; line: number; column: number }[] }[];
  const byFile = Object.fromEntries(out.map((f) => [f.file, f.diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`)]));
  assert.deepEqual(byFile['test/integration/runtime/.specs/dummy_training_runtime_test_spec.json'], []);
  assert.deepEqual(byFile['specs/training.pipeline.yaml'], [
    '5:7 M500',
    '10:5 C203',
    '11:7 C202',
    '12:31 C211',
    '16:7 C207',
    '16:13 C210',
    '18:18 C212',
    '21:7 M502',
    '25:21 P301',
    '25:21 P303',
  ]);
});

test('contracts --execute loads a contract inside its package without running any package __init__.py', () => {
  // Cursus's own src/cursus/__init__.py imports the whole framework (sagemaker and more): a contract module must
  // load with its relative imports, as long as the modules it itself imports are there. Its ancestors' __init__.py
  // never run; another package's __init__.py runs, and one that fails still lets its submodules (and what it
  // defined before failing) be imported.
  const root = workspace({
    'pyproject.toml': '[project]\nname = "x"\n',
    'src/fw/__init__.py': 'raise ImportError("sagemaker is not installed")\n',
    'src/fw/core/__init__.py': 'raise ImportError("core __init__ ran")\n',
    'src/fw/core/base/__init__.py': 'from .contract_base import ScriptContract\nimport sagemaker  # not installed\n',
    'src/fw/core/base/contract_base.py': 'class ScriptContract:\n    def __init__(self, **kw):\n        self.__dict__.update(kw)\n',
    'src/fw/steps/__init__.py': 'raise ImportError("steps __init__ ran")\n',
    'src/fw/steps/contracts/__init__.py': 'from .missing_module import EVERYTHING\n',
    'src/fw/steps/contracts/paths.py': 'BASE = "/opt/ml/processing"\n',
    'src/fw/steps/contracts/a_contract.py':
      'from ...core.base.contract_base import ScriptContract\nfrom .paths import BASE\n\nA_CONTRACT = ScriptContract(\n    entry_point="a.py",\n    expected_input_paths={"data": BASE + "/input/data"},\n    expected_output_paths={"out": BASE + "/output"},\n)\n',
    'src/fw/steps/contracts/b_contract.py':
      'from ...core.base import ScriptContract\nfrom .paths import BASE\n\nB_CONTRACT = ScriptContract(entry_point="b.py", expected_input_paths={"x": BASE + "/input/x"})\n',
  });
  const r = runCli(['contracts', '--json', '--execute', '--python', 'python3'], root);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record_[];
  const a = out.find((c) => c.name === 'A_CONTRACT')!;
  assert.equal(a.source, 'executed');
  assert.deepEqual(a.inputs, { data: '/opt/ml/processing/input/data' });
  assert.deepEqual(out.find((c) => c.name === 'B_CONTRACT')!.inputs, { x: '/opt/ml/processing/input/x' });
});
