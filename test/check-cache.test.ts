/**
 * `check` keeps its findings in `.cursus-runs/check-cache.json` and reuses them only while nothing they depend on
 * changed. Each test marks the kept findings (their messages prefixed with KEPT), changes one thing, and checks
 * again: files the change affects must show exactly what a check without the cache shows, files it does not
 * affect keep the marked findings (so the cache was really used). The contract readings kept beside them are
 * checked against the reader.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mightDefineContract, readContracts } from '../server/src/engine/contracts/python.js';
import { CONTRACT_READINGS_FILE, ContractReadings } from '../server/src/workspace/script-readings.js';
import { buildStampOf } from '../server/src/workspace/build-stamp.js';
import { repoRoot } from './helpers/paths.js';
import { runCli, workspace } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const CACHE = '.cursus-runs/check-cache.json';

const contract = (env: string) => `from cursus.core.base.contract_base import ScriptContract

TRAIN_CONTRACT = ScriptContract(
    entry_point="train.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},
    expected_output_paths={"model": "/opt/ml/processing/output/model"},
    required_env_vars=[${env}],
)
`;

const script = (extra: string) => `import fancy_mod_for_cache_test


def main(input_paths, output_paths, environ_vars, job_args):
    return input_paths["DATA"], output_paths["model"], environ_vars["LABEL_FIELD"]${extra}
`;

const spec = (env: string) =>
  JSON.stringify({ script_name: 'train', step_name: 'train', input_paths: { DATA: 'data/in' }, output_paths: { model: 'data/model' }, environ_vars: { [env]: 'label' }, job_args: { job_type: 'training' } }, null, 2);

const other = JSON.stringify({ script_name: 'other', step_name: 'other', input_paths: {}, output_paths: {}, environ_vars: {}, job_args: {} }, null, 2);

function project(): string {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "cache-test"\n',
    'src/steps/contracts/train_contract.py': contract('"LABEL_FIELD"'),
    'src/steps/scripts/train.py': script(''),
    'specs/train_runtime_test_spec.json': spec('LABEL_FIELD'),
    'specs/other_runtime_test_spec.json': other,
  });
  mkdirSync(join(root, '.cursus-runs'));
  return root;
}

interface Finding {
  code: string;
  message: string;
}
type Output = Record<string, Finding[]>;

function check(root: string, args: string[] = []): Output {
  const r = runCli(['check', 'specs', '--format', 'json', ...args], root);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const out: Output = {};
  for (const f of JSON.parse(r.stdout) as { file: string; diagnostics: Finding[] }[]) out[f.file] = f.diagnostics.map((d) => ({ code: d.code, message: d.message }));
  return out;
}

/** Prefixes every kept finding's message with KEPT. */
function mark(root: string): void {
  const path = join(root, CACHE);
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { files: Record<string, { diagnostics: { message: string }[] }> };
  for (const entry of Object.values(stored.files)) for (const d of entry.diagnostics) d.message = `KEPT ${d.message}`;
  writeFileSync(path, JSON.stringify(stored));
}

const TRAIN = 'specs/train_runtime_test_spec.json';
const OTHER = 'specs/other_runtime_test_spec.json';

const kept = (findings: Finding[]) => findings.length > 0 && findings.every((f) => f.message.startsWith('KEPT '));

test('a check reuses the findings it kept, and they are the same as a check without the cache', () => {
  const root = project();
  const fresh = check(root, ['--no-cache']);
  assert.ok(!existsSync(join(root, CACHE)), '--no-cache writes no cache');
  assert.ok(fresh[TRAIN].some((f) => f.code === 'P300'), 'the missing input folder is reported');
  assert.ok(fresh[TRAIN].some((f) => f.code === 'X604'), 'the module the interpreter lacks is reported');
  assert.deepEqual(check(root), fresh, 'the first check with .cursus-runs/ finds the same');
  assert.ok(existsSync(join(root, CACHE)));
  assert.deepEqual(check(root), fresh, 'the second check, from the cache, finds the same');
  mark(root);
  const again = check(root);
  assert.ok(kept(again[TRAIN]) && kept(again[OTHER]), 'an unchanged project is answered from the cache');
  assert.deepEqual(check(root, ['--no-cache']), fresh, '--no-cache ignores the cache');
});

test('no cache is written where the project has no .cursus-runs/ folder', () => {
  const bare = workspace({ 'pyproject.toml': '[project]\nname = "bare"\n', [TRAIN]: spec('LABEL_FIELD') });
  runCli(['check', 'specs', '--format', 'json'], bare);
  assert.ok(!existsSync(join(bare, '.cursus-runs')), 'a check never creates .cursus-runs/');
});

/** After `change`, the affected files show what a fresh check shows; `unaffected` files keep their marked findings. */
function afterChange(change: (root: string) => string[] | void, affected: string[], unaffected: string[]): void {
  const root = project();
  check(root);
  mark(root);
  const args = change(root) ?? [];
  const now = check(root, args);
  const fresh = check(root, [...args, '--no-cache']);
  for (const file of affected) assert.deepEqual(now[file], fresh[file], `${file} is checked afresh`);
  for (const file of unaffected) assert.ok(kept(now[file]), `${file} keeps its findings`);
}

test('editing a contract: every spec is checked again, as a fresh check does', () => {
  afterChange((root) => writeFileSync(join(root, 'src/steps/contracts/train_contract.py'), contract('"LABEL_FIELD", "SEED"')), [TRAIN, OTHER], []);
});

test('editing a script: every spec is checked again', () => {
  afterChange((root) => writeFileSync(join(root, 'src/steps/scripts/train.py'), script(', environ_vars["NOT_DECLARED"]')), [TRAIN, OTHER], []);
});

test('editing a spec: that spec is checked again, the others keep their findings', () => {
  afterChange((root) => writeFileSync(join(root, TRAIN), spec('LABEL_FEILD')), [TRAIN], [OTHER]);
});

test('creating a folder a spec names: that spec is checked again (its P300 goes)', () => {
  afterChange((root) => {
    mkdirSync(join(root, 'data/in'), { recursive: true });
    writeFileSync(join(root, 'data/in/part.csv'), 'a\n1\n');
  }, [TRAIN], [OTHER]);
});

test('another interpreter, then a module installed into it: the specs are checked again each time (X604 goes)', () => {
  const root = project();
  check(root);
  mark(root);
  // The interpreter's own folder is outside the project, so only its module list tells the change.
  const lib = tempDir('cursus-lsp-site-');
  const python = join(lib, 'python-with-lib');
  writeFileSync(python, `#!/bin/sh\nPYTHONPATH='${lib}' exec python3 "$@"\n`);
  chmodSync(python, 0o755);
  const other = check(root, ['--python', python]);
  assert.deepEqual(other, check(root, ['--python', python, '--no-cache']));
  assert.ok(!kept(other[TRAIN]) && other[TRAIN].some((f) => f.code === 'X604'), 'checked afresh with that interpreter, which lacks the module');
  mark(root);
  assert.ok(kept(check(root, ['--python', python])[TRAIN]), 'the same interpreter again: kept');
  writeFileSync(join(lib, 'fancy_mod_for_cache_test.py'), 'X = 1\n');
  const installed = check(root, ['--python', python]);
  assert.deepEqual(installed, check(root, ['--python', python, '--no-cache']));
  assert.ok(!installed[TRAIN].some((f) => f.code === 'X604'), 'the installed module is found');
});

test('changing a rule setting: the specs are checked again with it', () => {
  afterChange((root) => writeFileSync(join(root, '.cursus-lsp.yaml'), 'rules:\n  P300: error\n'), [TRAIN, OTHER], []);
});

test('contract readings kept in .cursus-runs/ read back as the reader reads them, and only for the build that wrote them', () => {
  const files: { rel: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.py')) files.push({ rel: relative(repoRoot, join(dir, e.name)), text: readFileSync(join(dir, e.name), 'utf8') });
    }
  };
  walk(join(repoRoot, 'test'));
  walk(join(repoRoot, 'examples'));
  const contracts = files.filter((f) => readContracts(f.rel, f.text).contracts.length > 0);
  assert.ok(contracts.length >= 10, `${contracts.length} contract files`);
  const root = tempDir('cursus-contract-readings-');
  mkdirSync(join(root, '.cursus-runs'));
  const first = new ContractReadings(root, 'if-present', 'build-a');
  for (const f of files) first.read(f.rel, f.text);
  first.save();
  const kept = new ContractReadings(root, 'if-present', 'build-a');
  for (const f of files) assert.equal(JSON.stringify(kept.read(f.rel, f.text)), JSON.stringify(mightDefineContract(f.text) ? readContracts(f.rel, f.text) : { contracts: [] }), f.rel);

  // The same text at another path is read again (a reading names its file); a planted reading is used by its build only.
  const one = contracts[0];
  assert.equal(kept.read(`elsewhere/${one.rel}`, one.text).contracts[0].file, `elsewhere/${one.rel}`);
  const file = join(root, CONTRACT_READINGS_FILE);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { build: string; readings: [string, { contracts: { name: string }[] }][] };
  for (const [, reading] of data.readings) for (const c of reading.contracts) c.name = `PLANTED_${c.name}`;
  writeFileSync(file, JSON.stringify(data));
  assert.match(new ContractReadings(root, 'if-present', 'build-a').read(one.rel, one.text).contracts[0].name, /^PLANTED_/, 'the kept reading is used by its build');
  assert.doesNotMatch(new ContractReadings(root, 'if-present', 'build-b').read(one.rel, one.text).contracts[0].name, /^PLANTED_/, 'and not by another');
});

test('what is kept belongs to one build: a rebuilt module or an upgraded dependency (a tsc-only build loads it from node_modules) gives another stamp', () => {
  const root = tempDir('cursus-build-stamp-');
  const top = join(root, 'dist', 'server', 'src');
  mkdirSync(join(top, 'cli'), { recursive: true });
  mkdirSync(join(root, 'node_modules', 'yaml'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'cursus-lsp', version: '0.1.0', dependencies: { yaml: '^2.0.0' } }));
  writeFileSync(join(root, 'node_modules', 'yaml', 'package.json'), JSON.stringify({ name: 'yaml', version: '2.8.0' }));
  writeFileSync(join(top, 'cli', 'main.js'), 'export {};\n');
  const first = buildStampOf(top);
  assert.equal(buildStampOf(top), first, 'nothing changed: the same stamp');
  writeFileSync(join(root, 'node_modules', 'yaml', 'package.json'), JSON.stringify({ name: 'yaml', version: '2.9.1' }));
  const upgraded = buildStampOf(top);
  assert.notEqual(upgraded, first, 'an upgraded yaml is another build');
  writeFileSync(join(top, 'cli', 'main.js'), 'export const rebuilt = 1;\n');
  assert.notEqual(buildStampOf(top), upgraded, 'a rebuilt module is another build');
});
