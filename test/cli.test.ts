/** The CLI contract of DESIGN section 7: formats, positions, exit codes, --fix, explain, and clear usage errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

const broken = `# demo pipeline, with planted faults
dag:
  nodes: [preprocessing, training, evaluation]
  edges:
    - [preprocessing, training]
    - [training, evalution]
    - [training, preprocessing]
script_specs:
  preprocessing:
    script_name: tabular_preprocessing
    step_name: preprocessing
    input_path:   # typo kept on purpose
      DATA: data/in
  training:
    script_name: xgboost_training
    step_name: training
  evaluation:
    script_name: model_evaluation
    step_name: evaluation
`;

const clean = `{
  "script_name": "tabular_preprocessing",
  "step_name": "preprocessing",
  "input_paths": {"DATA": "data/in"},
  "output_paths": {"processed_data": "data/out"},
  "environ_vars": {"LABEL_FIELD": "label"},
  "job_args": {"job_type": "training"}
}
`;

const files = {
  'specs/broken.pipeline.yaml': broken,
  'specs/.specs/tabular_preprocessing_runtime_test_spec.json': clean,
  '.github/workflows/ci.yaml': 'name: CI\non: [push]\njobs: {}\n',
  'node_modules/x/y.pipeline.yaml': broken,
  'data/in/sample.csv': 'a,label\n1,0\n',
};

test('check --format json reports each fault once, at its line, and nothing on clean or unrelated files', () => {
  const root = workspace(files);
  const r = runCli(['check', '--format', 'json'], root);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { file: string; diagnostics: Record<string, unknown>[] }[];
  assert.deepEqual(out.map((f) => f.file).sort(), ['specs/.specs/tabular_preprocessing_runtime_test_spec.json', 'specs/broken.pipeline.yaml']);
  const cleanFile = out.find((f) => f.file.endsWith('.json'));
  assert.deepEqual(cleanFile?.diagnostics, []);
  const found = out.find((f) => f.file === 'specs/broken.pipeline.yaml')!.diagnostics;
  assert.deepEqual(
    found.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.code} ${d.severity} ${d.fixable}`),
    [
      '6:18-6:27 D400 error true',
      '7:7-7:32 D401 error false',
      '12:5-12:15 S102 warning true',
    ],
  );
  for (const d of found) {
    assert.deepEqual(Object.keys(d).sort(), ['code', 'column', 'endColumn', 'endLine', 'fixable', 'line', 'message', 'name', 'severity']);
  }
  assert.match(String(found[1].message), /preprocessing -> training -> preprocessing/);
});

test('a clean folder exits 0 with a short stylish summary', () => {
  const root = workspace({ 'a_runtime_test_spec.json': clean, 'data/in/sample.csv': 'a\n' });
  const r = runCli([], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /1 file checked, no problems/);
});

test('stylish groups by file and ends with a count and the fixable hint', () => {
  const root = workspace(files);
  const r = runCli(['check', 'specs'], root);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^specs\/broken\.pipeline\.yaml$/m);
  assert.match(r.stdout, /^ {2}6:18 +error +Edge target 'evalution' is not a node of this DAG\. Did you mean 'evaluation'\?.*D400 edge-unknown-node$/m);
  assert.match(r.stdout, /3 problems \(2 errors, 1 warning\) in 2 files checked/);
  assert.match(r.stdout, /2 of them can be fixed with the --fix option/);
});

test('--max-warnings and --quiet', () => {
  const root = workspace({ 'w.spec.yaml': 'script_name: a\nstep_name: b\ncolor: red\n' });
  assert.equal(runCli(['w.spec.yaml'], root).code, 0, 'warnings alone pass');
  const over = runCli(['w.spec.yaml', '--max-warnings', '0'], root);
  assert.equal(over.code, 1);
  assert.match(over.stderr, /1 warnings, more than --max-warnings 0/);
  const quiet = runCli(['w.spec.yaml', '--quiet', '--format', 'json'], root);
  assert.deepEqual(JSON.parse(quiet.stdout)[0].diagnostics, []);
});

test('--fix applies only safe fixes and keeps comments and untouched lines byte for byte', () => {
  const root = workspace(files);
  const r = runCli(['check', '--fix', '--format', 'json', 'specs/broken.pipeline.yaml'], root);
  const after = readFileSync(join(root, 'specs/broken.pipeline.yaml'), 'utf8');
  const expected = broken.replace('[training, evalution]', '[training, evaluation]').replace('input_path:   # typo', 'input_paths:   # typo');
  assert.equal(after, expected);
  const left = JSON.parse(r.stdout)[0].diagnostics.map((d: { code: string }) => d.code);
  assert.deepEqual(left, ['D401'], 'the cycle has no safe fix and stays reported');
  assert.equal(r.code, 1);
});

test('rules can be switched off or re-graded in .cursus-lsp.yaml', () => {
  const root = workspace({ ...files, '.cursus-lsp.yaml': 'rules:\n  D401: off\n  S102: error\n' });
  const r = runCli(['check', '--format', 'json', 'specs'], root);
  const found = JSON.parse(r.stdout).find((f: { file: string }) => f.file.endsWith('.yaml')).diagnostics;
  assert.deepEqual(found.map((d: { code: string; severity: string }) => `${d.code} ${d.severity}`), ['D400 error', 'S102 error']);
});

test('usage errors exit 2 with a message and no stack trace', () => {
  const root = workspace(files);
  const cases: [string[], RegExp][] = [
    [['--bogus'], /Unknown option '--bogus'/],
    [['check', 'nope/'], /No such file or folder: nope\//],
    [['check', '--format', 'xml'], /Unknown --format 'xml'. Use one of: stylish, json, sarif, github, junit/],
    [['check', '--max-warnings', 'many'], /--max-warnings takes a whole number/],
    [['explain', 'Z999'], /Unknown rule 'Z999'/],
  ];
  for (const [args, message] of cases) {
    const r = runCli(args, root);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('a broken configuration file is named with the key at fault', () => {
  const root = workspace({ ...files, 'pyproject.toml': '[tool.cursus-lsp]\nrules = { C207 = "loud" }\n' });
  const r = runCli(['check'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pyproject\.toml: invalid cursus-lsp setting at 'rules\.C207'/);
});

test('a named file that is not a spec is skipped with a note', () => {
  const root = workspace(files);
  const r = runCli(['check', '.github/workflows/ci.yaml'], root);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /skipped \.github\/workflows\/ci\.yaml: not a Cursus/);
});

test('github, sarif and junit formats carry the same findings', () => {
  const root = workspace(files);
  const gh = runCli(['check', '--format', 'github', 'specs'], root).stdout;
  assert.match(gh, /^::error file=specs\/broken\.pipeline\.yaml,line=6,col=18,endLine=6,endColumn=27,title=D400 edge-unknown-node::Edge target/m);
  const sarif = JSON.parse(runCli(['check', '--format', 'sarif', 'specs'], root).stdout);
  assert.equal(sarif.version, '2.1.0');
  // Code scanning shows each rule's help beside its alerts: the rule's documentation with its examples.
  for (const rule of sarif.runs[0].tool.driver.rules as { id: string; help: { text: string; markdown: string } }[]) {
    assert.match(rule.help.markdown, /\n\nBad:\n\n```\n[\s\S]+\n```\n\nGood:\n\n```\n[\s\S]+\n```\n$/, rule.id);
    assert.ok(rule.help.text.length > 40, rule.id);
  }
  assert.deepEqual(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ['D400', 'D401', 'S102']);
  const junit = runCli(['check', '--format', 'junit', 'specs'], root).stdout;
  assert.match(junit, /<testsuite name="cursus-lint" tests="2" failures="1"/);
});

test('in GitHub Actions, github and sarif paths are relative to the repository root even from a working-directory', () => {
  const root = workspace(files);
  const sub = join(root, 'specs');
  const env = { GITHUB_WORKSPACE: root };
  const gh = runCli(['check', '--format', 'github', '.'], sub, env).stdout;
  assert.match(gh, /^::error file=specs\/broken\.pipeline\.yaml,line=6,/m, gh);
  const sarif = JSON.parse(runCli(['check', '--format', 'sarif', '.'], sub, env).stdout);
  assert.ok(sarif.runs[0].results.every((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri.startsWith('specs/')));
  // Outside Actions, and for the other formats, paths stay relative to the current folder.
  assert.match(runCli(['check', '--format', 'github', '.'], sub, { GITHUB_WORKSPACE: '' }).stdout, /^::error file=broken\.pipeline\.yaml,/m);
  const json = JSON.parse(runCli(['check', '--format', 'json', '.'], sub, env).stdout) as { file: string }[];
  assert.ok(json.some((f) => f.file === 'broken.pipeline.yaml'));
});

test('explain prints a rule\'s docs; without a code it lists the rules', () => {
  const root = workspace({});
  const one = runCli(['explain', 'd401'], root);
  assert.equal(one.code, 0);
  assert.match(one.stdout, /^D401 dag-cycle \(default severity: error\)/);
  assert.match(one.stdout, /Bad:\n {4}edges:/);
  const all = runCli(['explain'], root);
  assert.match(all.stdout, /^S100 {2}yaml-syntax/m);
});

test('a spec whose script is missing gets C200 alone, not C201 for the contract that follows from it', () => {
  const root = workspace({
    'contracts/a_contract.py': 'A_CONTRACT = ScriptContract(\n    entry_point="a.py",\n    expected_input_paths={},\n    expected_output_paths={},\n)\n',
    'scripts/a.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    pass\n',
    'b_runtime_test_spec.json': '{"script_name": "b", "step_name": "b", "input_paths": {}, "output_paths": {}, "environ_vars": {}, "job_args": {}}\n',
  });
  const r = runCli(['check', 'b_runtime_test_spec.json', '--format', 'json'], root);
  const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }[]).flatMap((f) => f.diagnostics.map((d) => d.code));
  assert.ok(codes.includes('C200'), r.stdout);
  assert.ok(!codes.includes('C201'), r.stdout);
});

test('check says what it could not check: DAGs with no contract anywhere, step interfaces outside the interface folders', () => {
  const iface = readFileSync(join(repoRoot, 'test/data/cursus/steps/interfaces/payload.step.yaml'), 'utf8');
  const dag = JSON.stringify({ dag: { nodes: ['Payload_training', 'Package'], edges: [['Payload_training', 'Package']] } });
  const root = workspace({ 'pyproject.toml': '[project]\nname = "x"\n', 'copied/payload.step.yaml': iface, 'dags/a.dag.json': dag });
  const r = runCli(['check', '.'], root);
  assert.match(r.stderr, /note: the step interface copied\/payload\.step\.yaml was checked as a file, but it is outside the interface folders, so no DAG node resolves to it\..*set `interfaces`/);
  assert.match(r.stderr, /note: the DAG or pipeline dags\/a\.dag\.json was checked for structure only: no ScriptContract and no step interface was found/);

  // Once the folder is configured, the DAG is wired against the interface and neither note appears.
  const configured = workspace({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.cursus-lsp]\ninterfaces = ["copied"]\n', 'copied/payload.step.yaml': iface, 'dags/a.dag.json': dag });
  const c = runCli(['check', '.', '--format', 'json'], configured);
  assert.doesNotMatch(c.stderr, /note:/);
  const codes = (JSON.parse(c.stdout) as { file: string; diagnostics: { code: string }[] }[]).flatMap((f) => f.diagnostics.map((d) => `${f.file}:${d.code}`));
  assert.ok(codes.includes('dags/a.dag.json:D406'), `the unknown Package node is reported once interfaces are known: ${codes.join(' ')}`);
});
