/** Completion, hover, definition and rename through the engine, on a workspace with contracts and scripts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyProject, readSpecFile, viewOf } from '../server/src/engine/index.js';
import { complete } from '../server/src/engine/features/completion.js';
import { hover } from '../server/src/engine/features/hover.js';
import { definition, prepareRename, references, renameNode } from '../server/src/engine/features/navigation.js';
import { applyEdits } from '../server/src/engine/index.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { repoRoot } from './helpers/paths.js';
import type { YNode } from '../server/src/engine/syntax/ast.js';

const root = join(repoRoot, 'examples');
const project = viewOf(new ProjectIndexer(loadConfig(root)).index());

function at(sample: string, path = 'specs/t.pipeline.yaml') {
  const offset = sample.indexOf('|');
  const text = sample.slice(0, offset) + sample.slice(offset + 1);
  const file = readSpecFile(path, text)!;
  assert.ok(file, 'recognised');
  return { file, offset, text };
}

const pipeline = (body: string) => `dag:
  nodes: [TabularPreprocessing_training, XGBoostTraining, XGBoostModelEval_calibration]
  edges:
    - [TabularPreprocessing_training, XGBoostTraining]
script_specs:
  TabularPreprocessing_training:
    script_name: tabular_preprocessing
    step_name: TabularPreprocessing_training
${body}`;

test('completion: contract inputs in input_paths, with the container path and a local default, in half-typed YAML', () => {
  const { file, offset } = at(pipeline('    input_paths:\n      D|\n    environ_vars: [oops\n'));
  const items = complete(file, offset, project);
  const data = items.find((i) => i.label === 'DATA');
  assert.ok(data, JSON.stringify(items.map((i) => i.label)));
  assert.equal(data.detail, '/opt/ml/processing/input/data');
  assert.equal(data.insertText, 'DATA: test/integration/runtime/tabular_preprocessing/input/data');
  const byRank = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));
  assert.equal(byRank[0], data, 'the contract name ranks before schema keys');
});

test('completion: env vars, required before optional with its default', () => {
  const { file, offset } = at(pipeline('    environ_vars:\n      LABEL_FIELD: label\n      |\n'));
  const labels = complete(file, offset, project).filter((i) => i.kind === 'variable').sort((a, b) => a.sortText.localeCompare(b.sortText));
  assert.deepEqual(labels.map((i) => i.label), ['TRAIN_RATIO', 'TEST_VAL_RATIO', 'CATEGORICAL_COLUMNS']);
  assert.equal(labels[2].insertText, 'CATEGORICAL_COLUMNS: ""');
});

test('completion: job_args with - and _ alike, script names, node names in edges and missing specs', () => {
  const args = at(pipeline('    job_args:\n      |\n'));
  assert.deepEqual(complete(args.file, args.offset, project).filter((i) => i.kind === 'variable').map((i) => [i.label, i.insertText]), [['job_type', 'job_type: training']]);
  const script = at(pipeline('    output_paths: {}\n  XGBoostTraining:\n    script_name: xg|\n'));
  const scripts = complete(script.file, script.offset, project).filter((i) => i.kind === 'file').sort((a, b) => a.sortText.localeCompare(b.sortText));
  assert.equal(scripts[0].label, 'xgboost_training', 'the node name suggests its script first');
  const edge = at(pipeline('').replace('    - [TabularPreprocessing_training, XGBoostTraining]', '    - [XGBoostTraining, |]'));
  assert.ok(complete(edge.file, edge.offset, project).some((i) => i.label === 'XGBoostModelEval_calibration'));
  const key = at(pipeline('    input_paths: {DATA: data/raw}\n  |\n'));
  assert.deepEqual(complete(key.file, key.offset, project).filter((i) => i.kind === 'node').map((i) => i.label), ['XGBoostTraining', 'XGBoostModelEval_calibration']);
});

test('completion in a JSON spec', () => {
  const { file, offset } = at('{"script_name": "tabular_preprocessing", "step_name": "s", "input_paths": {"|"}}', 'x_runtime_test_spec.json');
  const data = complete(file, offset, project).find((i) => i.label === 'DATA');
  assert.equal(data?.insertText, '"DATA": "test/integration/runtime/tabular_preprocessing/input/data"');
});

test('hover: a logical name shows its contract entry; script_name shows script and contract; an edge explains its match', () => {
  const text = pipeline('    input_paths:\n      DATA: data/raw\n  XGBoostTraining:\n    script_name: xgboost_training\n    step_name: XGBoostTraining\n    input_path_specs:\n      input_path: {logical_name: input_path, path: x, aliases: [processed_data]}\n') + '';
  const withOutputs = text.replace('    input_paths:\n      DATA: data/raw\n', '    input_paths:\n      DATA: data/raw\n    output_paths:\n      processed_data: out/p\n');
  const file = readSpecFile('specs/t.pipeline.yaml', withOutputs)!;
  const h1 = hover(file, withOutputs.indexOf('DATA:') + 1, project, 0.7)!;
  assert.match(h1.markdown, /\*\*DATA\*\*: logical input of `TABULAR_PREPROCESS_CONTRACT` \(src\/cursus_demo\/steps\/contracts\/tabular_preprocess_contract\.py:8\)/);
  assert.match(h1.markdown, /Container path: `\/opt\/ml\/processing\/input\/data`/);
  assert.match(h1.markdown, /Local path: `data\/raw` \(exists\)/);
  const h2 = hover(file, withOutputs.indexOf('xgboost_training') + 2, project, 0.7)!;
  assert.match(h2.markdown, /`src\/cursus_demo\/steps\/scripts\/xgboost_training\.py`/);
  assert.match(h2.markdown, /`main\(input_paths, output_paths, environ_vars, job_args\)`/);
  const h3 = hover(file, withOutputs.indexOf('- [Tabular') + 4, project, 0.7)!;
  assert.match(h3.markdown, /`processed_data` → `input_path`: logical_to_alias 0\.950/);
  // An edge to a misspelt node says so, rather than blaming a missing script spec.
  const typo = withOutputs.replace('- [TabularPreprocessing_training, XGBoostTraining]', '- [TabularPreprocessing_training, XGBoostTrainig]');
  const h4 = hover(readSpecFile('specs/t.pipeline.yaml', typo)!, typo.indexOf('- [Tabular') + 4, project, 0.7)!;
  assert.match(h4.markdown, /'XGBoostTrainig' is not a node of this DAG, so nothing can be matched/);
  const h5 = hover(readSpecFile('specs/t.pipeline.yaml', typo)!, typo.indexOf('nodes: [Tabular') + 9, project, 0.7)!;
  assert.match(h5.markdown, /Downstream: XGBoostTrainig \(not a node\)/);
});

test('definition: a logical name goes to its contract line, script_name to main, an edge end to the node', () => {
  const { file, offset } = at(pipeline('    input_paths:\n      DA|TA: data/raw\n'));
  const [d] = definition(file, offset, project);
  assert.equal(d.file, 'src/cursus_demo/steps/contracts/tabular_preprocess_contract.py');
  assert.equal(d.range?.start.line, 7);
  const s = at(pipeline('').replace('script_name: tabular_preprocessing', 'script_name: tabular_pre|processing'));
  const [m] = definition(s.file, s.offset, project);
  assert.equal(m.file, 'src/cursus_demo/steps/scripts/tabular_preprocessing.py');
  assert.equal(m.range?.start.line, 8);
  const e = at(pipeline('').replace('- [TabularPreprocessing_training, XGBoostTraining]', '- [TabularPreprocessing_training, XGBoost|Training]'));
  const [n] = definition(e.file, e.offset, project);
  assert.equal(e.text.slice(n.span!.start, n.span!.end), 'XGBoostTraining');
  assert.ok(n.span!.start < e.text.indexOf('edges'), 'the declaration in dag.nodes');
});

test('definition: a node of a DAG file (no script spec to go to) leads to its step interface, job type or not; a Python-contract node to its contract', () => {
  const cursus = join(repoRoot, 'test/data/cursus');
  const view = viewOf(new ProjectIndexer(loadConfig(cursus)).index());
  const dagText = '{"dag": {"nodes": ["CradleDataLoading_training", "XGBoostTraining", "Unknown_thing"], "edges": [["CradleDataLoading_training", "XGBoostTraining"]]}}';
  const dagFile = readSpecFile('dags/x.dag.json', dagText)!;
  const go = (needle: string, nth = 0) => {
    let i = -1;
    for (let k = 0; k <= nth; k++) i = dagText.indexOf(needle, i + 1);
    return definition(dagFile, i + 2, view);
  };
  const [cradle] = go('"CradleDataLoading_training"');
  assert.equal(cradle?.file, 'steps/interfaces/cradle_data_loading.step.yaml');
  const cradleText = readFileSync(join(cursus, cradle.file), 'utf8').split('\n');
  assert.equal(cradleText[cradle.range!.start.line].slice(cradle.range!.start.character, cradle.range!.end.character), 'CradleDataLoading');
  const [xgb] = go('"XGBoostTraining"');
  assert.equal(xgb?.file, 'steps/interfaces/xgboost_training.step.yaml');
  assert.deepEqual(go('"Unknown_thing"'), [], 'a node that resolves to nothing has no definition');
  const [edgeEnd] = go('"XGBoostTraining"', 1);
  assert.ok(edgeEnd.file === '' && edgeEnd.span!.start < dagText.indexOf('edges'), 'an edge end still goes to its declaration');
  // The 2025 dialect: a DAG node with no script spec goes to its Python contract.
  const py = at('dag:\n  nodes: [Tabular|Preprocessing_training, XGBoostTraining]\n  edges: []\n');
  const [contract] = definition(py.file, py.offset, project);
  assert.equal(contract?.file, 'src/cursus_demo/steps/contracts/tabular_preprocess_contract.py');
});

test('completion: in the nodes of a Cursus 2.9 DAG, the step types of the project\'s interfaces; in an edge, the declared nodes', () => {
  const cursus = join(repoRoot, 'test/data/cursus');
  const view = viewOf(new ProjectIndexer(loadConfig(cursus)).index());
  const sample = '{"dag": {"nodes": ["CradleDataLoading_training", "XGB|"], "edges": [["CradleDataLoading_training", ""]]}}';
  const offset = sample.indexOf('|');
  const text = sample.slice(0, offset) + sample.slice(offset + 1);
  const file = readSpecFile('dags/x.dag.json', text)!;
  const items = complete(file, offset, view);
  const xgb = items.find((i) => i.label === 'XGBoostTraining');
  assert.ok(xgb, JSON.stringify(items.map((i) => i.label)));
  assert.equal(xgb.detail, 'step type (steps/interfaces/xgboost_training.step.yaml)');
  assert.ok(!items.some((i) => i.label === 'Processing'), 'a registry row with no interface is not offered');
  const edge = complete(file, text.lastIndexOf('""') + 1, view);
  assert.deepEqual(edge.map((i) => i.label), ['CradleDataLoading_training', 'XGB']);
});

test('rename a node everywhere (declaration, edges, spec key, step_name); refuse elsewhere', () => {
  const { file, offset, text } = at(pipeline('    input_paths: {DATA: data/raw}\n').replace('nodes: [TabularPreprocessing_training', 'nodes: [Tabular|Preprocessing_training'));
  assert.deepEqual(prepareRename(file, offset), { span: { start: text.indexOf('TabularPreprocessing_training'), end: text.indexOf('TabularPreprocessing_training') + 29 }, name: 'TabularPreprocessing_training' });
  const refs = references(file, offset, true);
  const edits = renameNode(file, offset, 'Prep');
  assert.ok(Array.isArray(edits));
  assert.deepEqual(refs, edits.map((e) => e.span), 'references list exactly the places rename edits, step_name included');
  const after = applyEdits(text, edits as never);
  assert.equal((after.match(/Prep\b/g) ?? []).length, 4);
  assert.ok(!after.includes('TabularPreprocessing_training'));
  assert.ok('error' in prepareRename(file, text.indexOf('script_name') + 2));
  assert.ok('error' in (renameNode(file, offset, 'XGBoostTraining') as object), 'a clash with an existing node is refused');
});

test('suppress on this line: added after the value, in front of an existing comment, or extending a suppression', async () => {
  const { readSuppressions, suppressFix, checkFile } = await import('../server/src/engine/index.js');
  const text = 'script_name: s\nstep_name: s\nenviron_vars:\n  A: 1\n  B: 2  # why\n  C: 3  # cursus-lsp: ignore[C207] # note\n';
  const file = readSpecFile('x.spec.yaml', text)!;
  const found = checkFile(file).filter((d) => d.code === 'C210');
  assert.equal(found.length, 3);
  const edits = found.map((d) => applyEdits(text, suppressFix(file, d, readSuppressions(file))!.edits));
  assert.match(edits[0], /\n {2}A: 1 {2}# cursus-lsp: ignore\[C210\]\n/);
  assert.match(edits[1], /\n {2}B: 2 {2}# cursus-lsp: ignore\[C210\] # why\n/);
  assert.match(edits[2], /\n {2}C: 3 {2}# cursus-lsp: ignore\[C207, C210\] # note\n/);
  const after = readSpecFile('x.spec.yaml', edits[1])!;
  assert.ok(!checkFile(after).some((d) => d.code === 'C210' && after.lines.position(d.span.start).line === 4), 'the suppression with a note still suppresses');
});

test('hover describes every key of every format from the schemas, and rule codes in comments and configuration', async () => {
  const { schemaByKind, describeKeyAt, allowedKeysAt } = await import('../server/src/engine/schema/schemas.js');
  const { hover: hoverAt, ruleHoverAt } = await import('../server/src/engine/features/hover.js');
  const missing: string[] = [];
  const walk = (kind: string, schema: Parameters<typeof allowedKeysAt>[0], path: string[], depth: number) => {
    if (depth > 5) return;
    for (const k of allowedKeysAt(schema, path)) {
      if (!describeKeyAt(schema, [...path, k])?.description) missing.push(`${kind}: ${[...path, k].join('.')}`);
      walk(kind, schema, [...path, k], depth + 1);
      walk(kind, schema, [...path, k, '*'], depth + 1);
    }
  };
  for (const [kind, schema] of Object.entries(schemaByKind)) walk(kind, schema, [], 0);
  assert.deepEqual(missing, [], 'every key has a description for hover and JSON Schema');

  const text = 'script_name: a  # cursus-lsp: ignore[C200, D4]\nstep_name: b\nuser_notes: hi\n';
  const file = readSpecFile('x.spec.yaml', text)!;
  const at = (s: string) => hoverAt(file, text.indexOf(s) + 1, viewOf(emptyProject()), 0.7)?.markdown ?? '';
  assert.match(at('step_name'), /^\*\*step_name\*\* \(required\): Pipeline step name; matches the DAG node name\./);
  assert.match(at('user_notes'), /^\*\*user_notes\*\*: Free-form notes\./);
  assert.match(at('C200'), /^\*\*C200 script-not-found\*\* \(error, fixable\): No script file matches/);
  assert.match(at('D4'), /^\*\*D4\*\*: \d+ rules\n\n- \*\*D400 edge-unknown-node\*\*/);
  assert.match(ruleHoverAt('rules: {unknown-env-var: off}\n', 12)?.markdown ?? '', /^\*\*C207 unknown-env-var\*\* \(info, fixable\)/);
  assert.equal(ruleHoverAt('rules: {Z9: off}\n', 9), undefined);
});

test('every key of every reference file (step interfaces with their variants, DAGs, a pipeline configuration) hovers with a description', async () => {
  const { readdirSync } = await import('node:fs');
  // The repository's copies of /work/shared/reference (Cursus 2.9.32's interfaces, catalog DAGs and a configuration).
  const files: [string, string][] = [];
  for (const [folder, as] of [['cursus/steps/interfaces', 'steps/interfaces'], ['cursus-dags', 'dags'], ['cursus-config', 'pipeline_config']] as const) {
    for (const name of readdirSync(join(repoRoot, 'test/data', folder))) files.push([join(repoRoot, 'test/data', folder, name), `${as}/${folder === 'cursus-config' ? 'config.json' : name}`]);
  }
  assert.ok(files.length >= 30, `the reference files are there (${files.length})`);
  const missing: string[] = [];
  let keys = 0;
  for (const [abs, path] of files) {
    const text = readFileSync(abs, 'utf8');
    const file = readSpecFile(path, text)!;
    assert.ok(file, `${path} is one of ours`);
    const walk = (n: YNode | null, at: string[]) => {
      if (!n || n.kind === 'scalar') return;
      if (n.kind === 'seq') return n.items.forEach((i, k) => walk(i, [...at, String(k)]));
      for (const e of n.entries) {
        keys++;
        const h = hover(file, e.key.span.start + 1, viewOf(emptyProject()), 0.7);
        // A description is more than the bold name: `**name**: text`, or the lines a name's hover shows.
        if (!h || h.markdown.replace(/^\*\*[^*]+\*\*/, '').trim().length < 8) missing.push(`${path}: ${[...at, String(e.key.value)].join('.')}`);
        walk(e.value, [...at, String(e.key.value)]);
      }
    };
    walk(file.parsed.root, []);
  }
  assert.ok(keys > 3000, `walked ${keys} keys`);
  assert.deepEqual(missing.slice(0, 40), [], `${missing.length} of ${keys} keys have no description`);
});
