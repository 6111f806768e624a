/**
 * One finding per fault. The demo pipeline of examples/ (checked against the example project's contracts and
 * scripts) is broken in one place at a time, as users break specs: a mis-indented key, a tab, a missing colon,
 * an unclosed bracket or quote, a misspelt key, a value of the wrong type. Each fault must give exactly the
 * finding(s) listed, on the line of the cause, and nothing built on the broken value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AnalysisCache, checkFile, readSpecFile, type ProjectIndex } from '../server/src/engine/index.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { findSpecFiles, toPosix } from '../server/src/workspace/discover.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { repoRoot } from './helpers/paths.js';

const root = join(repoRoot, 'examples');
const demo = readFileSync(join(root, 'specs', 'demo.pipeline.yaml'), 'utf8');

/** [what the user did, text replaced, replacement, the findings expected as `CODE@line`, a message pattern]. */
const faults: [string, string, string, string[], RegExp?][] = [
  ['key indented 3 spaces among keys at 4', '    input_paths:\n      DATA', '   input_paths:\n      DATA', ['S100@16'], /'input_paths' is indented 3 spaces.*Indent it 4 spaces/],
  ['first key of a spec indented 3, the rest 4', '  XGBoostTraining:\n    script_name', '  XGBoostTraining:\n   script_name', ['S100@29'], /'script_name' is indented 3 spaces.*Indent it 4 spaces/],
  ['a tab indents a key', '    step_name: XGBoostTraining', '\tstep_name: XGBoostTraining', ['S100@30'], /Tabs are not allowed as indentation, and a tab indents 'step_name'. Indent it with 4 spaces/],
  ['missing colon after a key', '    step_name: XGBoostTraining', '    step_name XGBoostTraining', ['S100@30'], /':' is missing after 'step_name'/],
  ['unclosed [ in a list of aliases', '        aliases: [processed_data]', '        aliases: [processed_data', ['S100@35'], /this '\[' is never closed/],
  ['unclosed [ in an edge', '    - [TabularPreprocessing_training, XGBoostTraining]', '    - [TabularPreprocessing_training, XGBoostTraining', ['S100@8'], /this '\[' is never closed/],
  ['unclosed quote', '      MAX_DEPTH: "3"', '      MAX_DEPTH: "3', ['S100@48'], /string's opening " is never closed/],
  ['a quoted key left open runs on to a later quote', '    step_name: XGBoostTraining', '    "step_name: XGBoostTraining', ['S100@30'], /string's opening " is not closed on its line, so the string runs on to the next " further down\. Close it with " before the ':'/],
  ["a single-quoted key never closed", '    script_name: xgboost_model_eval', "    'script_name: xgboost_model_eval", ['S100@51'], /string's opening ' is never closed\. Close it with ' before the ':'/],
  ['a stray "- " before a key', '  XGBoostModelEval_calibration:\n    script_name', '  XGBoostModelEval_calibration:\n    - script_name', ['S100@51'], /starts a list item/],
  ['inputs written as a list', '    input_paths:\n      DATA: data/raw', '    input_paths:\n      - DATA: data/raw', ['S101@17']],
  ['outputs written as a list', '    output_paths:\n      processed_data: test', '    output_paths:\n      - processed_data: test', ['S101@19']],
  ['environ_vars written as a list', '      LABEL_FIELD: label\n      TRAIN_RATIO: "0.7"\n      TEST', '      - LABEL_FIELD: label\n      - TRAIN_RATIO: "0.7"\n      - TEST', ['S101@21']],
  ['job_args written as a list', '    job_args:\n      job_type: training', '    job_args: [training]', ['S101@24']],
  ['script_name a number', '    script_name: tabular_preprocessing', '    script_name: 12', ['S101@14']],
  ['an input path a number', '      DATA: data/raw', '      DATA: 5', ['S101@17']],
  ['dag.nodes written as a map', '  nodes:\n    - TabularPreprocessing_training\n    - XGBoostTraining\n    - XGBoostModelEval_calibration', '  nodes:\n    TabularPreprocessing_training: 1\n    XGBoostTraining: 2\n    XGBoostModelEval_calibration: 3', ['S101@4']],
  ['misspelt input_paths', '    input_paths:\n      DATA', '    input_path:\n      DATA', ['S102@16'], /Did you mean 'input_paths'/],
  ['misspelt output_paths', '    output_paths:\n      processed_data', '    output_path:\n      processed_data', ['S102@18']],
  ['misspelt environ_vars', '    environ_vars:\n      LABEL_FIELD', '    environ_var:\n      LABEL_FIELD', ['S102@20']],
  ['misspelt script_name', '    script_name: tabular_preprocessing', '    script_nam: tabular_preprocessing', ['S102@14']],
  ['misspelt input_path_specs', '    input_path_specs:', '    input_path_spec:', ['S102@31']],
  ['misspelt path of an enhanced input', '        logical_name: input_path\n        path: test', '        logical_name: input_path\n        pth: test', ['S102@34']],
  ['misspelt dag (letters swapped)', 'dag:\n  nodes', 'dga:\n  nodes', ['S102@2'], /Did you mean 'dag'/],
  ['misspelt script_specs', 'script_specs:', 'script_spec:', ['S102@12'], /Did you mean 'script_specs'/],
  ['misspelt nodes', '  nodes:\n    - Tab', '  node:\n    - Tab', ['S102@3']],
  ['misspelt edges', '  edges:\n', '  edge:\n', ['S102@7']],
];

test('each fault in a pipeline spec gives exactly its own finding, on the line of the cause', () => {
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  assert.deepEqual(checkFile(readSpecFile('specs/demo.pipeline.yaml', demo)!, {}, index).map((d) => d.code), [], 'the demo pipeline is clean');
  const wrong: string[] = [];
  for (const [what, from, to, expected, message] of faults) {
    assert.ok(demo.includes(from), `${what}: the text to break is in the demo`);
    const text = demo.replace(from, to);
    // The CLI's whole-file reading and the editor's chunked one (with its cache) must both say it once.
    for (const cache of [undefined, new AnalysisCache()]) {
      const file = readSpecFile('specs/demo.pipeline.yaml', text, undefined, cache)!;
      const found = checkFile(file, {}, index, cache);
      const got = found.map((d) => `${d.code}@${file.lines.position(d.span.start).line + 1}`);
      if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push(`${what}${cache ? ' (editor)' : ''}: expected ${expected.join(' ')}, got ${got.join(' ')}\n    ${found.map((d) => d.message).join('\n    ')}`);
      else if (message && !message.test(found[0].message)) wrong.push(`${what}: message ${JSON.stringify(found[0].message)} does not match ${message}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('after a syntax error no small edit repairs, only findings before it are kept, and one per line', () => {
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  // Garbage in the middle of the second spec: the parser's guess about what follows must not become findings.
  const text = demo.replace('    step_name: XGBoostTraining\n', '    step_name: XGBoostTraining\n  ]]: {: [\n    ][ x\n');
  const file = readSpecFile('specs/demo.pipeline.yaml', text)!;
  const found = checkFile(file, {}, index);
  const lines = found.map((d) => file.lines.position(d.span.start).line + 1);
  assert.ok(found.length >= 1 && found.every((d) => d.code === 'S100'), found.map((d) => `${d.code} ${d.message}`).join('\n'));
  assert.equal(new Set(lines).size, lines.length, 'one S100 per line');
  assert.ok(Math.min(...lines) >= 31, `the first finding is at the garbage (line 31), not before: ${lines.join(' ')}`);
});

test('a misspelt edge end is one D400, in a pipeline spec and a Cursus 2.9 DAG file: no knock-on finding about feeding or metadata', () => {
  const projects: [string, string, [string, string][]][] = [
    [root, 'specs/demo.pipeline.yaml', [
      ['    - [TabularPreprocessing_training, XGBoostTraining]', '    - [TabularPreprocesing_training, XGBoostTraining]'],
      ['    - [TabularPreprocessing_training, XGBoostTraining]', '    - [TabularPreprocessing_training, XGBoostTrainin]'],
      ['    - [XGBoostTraining, XGBoostModelEval_calibration]', '    - [XGBoostTrainig, XGBoostModelEval_calibration]'],
    ]],
    // Step interfaces wire these: before, a misspelt source left its target "bound to no upstream output" (M504),
    // the pipeline's input "fed by no upstream output" (M502), and the DAG's edge count and entry/exit points
    // "wrong" (D408, whose --fix would have written the typo's consequences into the metadata).
    [join(root, 'cursus-2.9'), 'dags/threshold_e2e.pipeline.yaml', [
      ['    - [ThresholdTraining, ThresholdModelEval_testing]', '    - [ThresholdTrainig, ThresholdModelEval_testing]'],
      ['    - [TabularCleaning_training, ThresholdTraining]', '    - [TabularCleaning_training, ThresholdTrainin]'],
    ]],
    [join(root, 'cursus-2.9'), 'dags/threshold_e2e.dag.json', [
      ['["ThresholdTraining", "ThresholdModelEval_testing"]', '["ThresholdTrainig", "ThresholdModelEval_testing"]'],
      ['["TabularCleaning_training", "ThresholdTraining"]', '["TabularCleaning_training", "ThresholdTrainin"]'],
      ['["CsvDataLoading_testing", "TabularCleaning_testing"]', '["CsvDataLoading_testin", "TabularCleaning_testing"]'],
    ]],
  ];
  const wrong: string[] = [];
  for (const [dir, rel, typos] of projects) {
    const index: ProjectIndex = new ProjectIndexer(loadConfig(dir)).index();
    const original = readFileSync(join(dir, rel), 'utf8');
    assert.deepEqual(checkFile(readSpecFile(rel, original)!, {}, index).map((d) => d.code), [], `${rel} is clean`);
    for (const [from, to] of typos) {
      assert.ok(original.includes(from), `${rel}: the edge to break is there`);
      const text = original.replace(from, to);
      const file = readSpecFile(rel, text)!;
      const found = checkFile(file, {}, index);
      const typoLine = text.split('\n').findIndex((l) => l.includes(to.trim())) + 1;
      const got = found.map((d) => `${d.code}@${file.lines.position(d.span.start).line + 1}`);
      if (JSON.stringify(got) !== JSON.stringify([`D400@${typoLine}`])) wrong.push(`${rel}, ${to.trim()}: expected D400@${typoLine}, got ${got.join(' ')}\n    ${found.map((d) => d.message).join('\n    ')}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("a step interface whose step_type and file name disagree is one I813 on step_type, whichever of the two is the slip", () => {
  /** Every finding of every file of a copy of the Cursus 2.9 example, after `change`, as `file CODE@line`. */
  const findingsAfter = (change: (dir: string) => void): string[] => {
    const dir = mkdtempSync(join(tmpdir(), 'cursus-i813-'));
    try {
      cpSync(join(root, 'cursus-2.9'), dir, { recursive: true });
      change(dir);
      const config = loadConfig(dir);
      const index = new ProjectIndexer(config).index();
      return findSpecFiles(dir, config).flatMap((abs) => {
        const rel = toPosix(relative(dir, abs));
        const file = readSpecFile(rel, readFileSync(abs, 'utf8'));
        return file ? checkFile(file, {}, index).map((d) => `${rel} ${d.code}@${file.lines.position(d.span.start).line + 1}`) : [];
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const iface = 'steps/interfaces/csv_data_loading.step.yaml';
  assert.deepEqual(findingsAfter(() => {}), [], 'the example is clean');
  // A typo in step_type: before, no finding on the interface, but D406 on both DAG nodes of the step and an I812
  // on the interface that lists it as a compatible source, each asking to spell the correct name as the typo.
  assert.deepEqual(
    findingsAfter((dir) => writeFileSync(join(dir, iface), readFileSync(join(dir, iface), 'utf8').replace('step_type: CsvDataLoading', 'step_type: CsvDataLoadin'))),
    [`${iface} I813@3`],
  );
  // A typo in the file name: the step type is right, the file is never found by it.
  assert.deepEqual(
    findingsAfter((dir) => renameSync(join(dir, iface), join(dir, 'steps/interfaces/csv_data_lodaing.step.yaml'))),
    ['steps/interfaces/csv_data_lodaing.step.yaml I813@3'],
  );
});

test('a JSON script spec typed half-way: one S100 on the line of the cause, the rest checked as if fixed; an unrepaired error keeps nothing built on the guess', () => {
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const good = '{\n  "script_name": "tabular_preprocessing",\n  "step_name": "TabularPreprocessing_training",\n  "input_paths": {"DATA": "data/raw"},\n  "output_paths": {"processed_data": "out/p"},\n  "environ_vars": {"LABEL_FIELD": "label", "TRAIN_RATIO": "0.7", "TEST_VAL_RATIO": "0.5"},\n  "job_args": {"job_type": "training"}\n}\n';
  const check = (text: string) => {
    const file = readSpecFile('specs/t_runtime_test_spec.json', text)!;
    return checkFile(file, {}, index).map((d) => `${d.code}@${file.lines.position(d.span.start).line + 1} ${d.message}`);
  };
  assert.deepEqual(check(good), [], 'the spec is clean');
  const cases: [string, string, string, RegExp][] = [
    ['a comma missing', '"data/raw"},\n', '"data/raw"}\n', /^S100@4 JSON syntax error: a ',' is missing after this value/],
    ['a map left open before the next key', '"data/raw"},\n', '"data/raw"\n', /^S100@4 JSON syntax error: the map's '\{' is never closed: write \} and a ',' after this value/],
    ['the file ends with two maps open', '"job_type": "training"}\n}\n', '"job_type": "training"\n', /^S100@7 JSON syntax error: 2 maps or lists are never closed: write \}\} after this value, at the end of the file/],
  ];
  for (const [what, from, to, expected] of cases) {
    const found = check(good.replace(from, to));
    assert.equal(found.length, 1, `${what}: ${found.join(' | ')}`);
    assert.match(found[0], expected, what);
  }
  // No small edit repairs this: only S100s, not the contract findings the parser's guess would give (LABEL_FIELD "missing").
  const garbage = check(good.replace('"environ_vars": {', '"environ_vars": {{ ] '));
  assert.ok(garbage.length > 0 && garbage.every((f) => f.startsWith('S100@')), garbage.join(' | '));
});
