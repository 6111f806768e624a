/** `cursus-lint init` and running 2.9 pipelines, as a user does it: the built CLI, real files, real Python. */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

const example = join(repoRoot, 'examples/cursus-2.9');

/** The example project copied without run outputs: the DAG, the config, the interfaces, the scripts, the raw data. */
function exampleCopy(): string {
  const root = tempDir('cursus-init-');
  cpSync(example, root, { recursive: true, filter: (src) => !/\.cursus-runs|runtime\/(TabularCleaning|ThresholdTraining|ThresholdModelEval)/.test(src) });
  rmSync(join(root, 'dags/threshold_e2e.pipeline.yaml'));
  return root;
}

test('example project: init writes the committed spec, check accepts it, run passes end to end with real Python', () => {
  const root = exampleCopy();
  const init = runCli(['init', 'dags/threshold_e2e.dag.json', '--config', 'pipeline_config/config.json'], root);
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stdout, /Wrote dags\/threshold_e2e\.pipeline\.yaml: 6 steps, 4 to run, 2 without a local script/);
  const written = readFileSync(join(root, 'dags/threshold_e2e.pipeline.yaml'), 'utf8');
  assert.equal(written, readFileSync(join(example, 'dags/threshold_e2e.pipeline.yaml'), 'utf8'), 'examples/cursus-2.9/dags/threshold_e2e.pipeline.yaml is what init writes (regenerate it)');
  const spec = parse(written);
  // Inputs keyed by the contract's names, wired to the upstream outputs the resolver binds; env and job args from the config.
  assert.equal(spec.script_specs.ThresholdTraining.input_paths.input_path, spec.script_specs.TabularCleaning_training.output_paths.processed_data);
  assert.equal(spec.script_specs.ThresholdModelEval_testing.input_paths.model_input, spec.script_specs.ThresholdTraining.output_paths.model_output);
  assert.equal(spec.script_specs.ThresholdModelEval_testing.input_paths.eval_data, spec.script_specs.TabularCleaning_testing.output_paths.processed_data);
  assert.equal(spec.script_specs.TabularCleaning_training.environ_vars.LABEL_FIELD, 'y');
  assert.equal(spec.script_specs.TabularCleaning_testing.job_args.job_type, 'testing');
  assert.equal(spec.script_specs.CsvDataLoading_training.run, false);
  assert.equal(spec.pipeline_config, 'pipeline_config/config.json');

  const check = runCli(['check', '.'], root);
  assert.equal(check.code, 0, check.stdout);
  const run = runCli(['run', 'dags/threshold_e2e.pipeline.yaml', '--format', 'json'], root);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const report = JSON.parse(run.stdout);
  assert.equal(report.pipeline_success, true);
  assert.equal(report.script_results.CsvDataLoading_training.status, 'provided');
  assert.equal(report.script_results.ThresholdModelEval_testing.status, 'passed');
  const metrics = JSON.parse(readFileSync(join(root, 'test/integration/runtime/ThresholdModelEval_testing/output/metrics_output/metrics.json'), 'utf8'));
  assert.equal(metrics.job_type, 'testing', 'job_type reaches the script from the spec');
  assert.ok(metrics.accuracy > 0.7, `the model learnt something (${metrics.accuracy})`);
});

test('a provided step without its data fails the run (exit 1) and skips what depends on it', () => {
  const root = exampleCopy();
  assert.equal(runCli(['init', 'dags/threshold_e2e.dag.json', '--config', 'pipeline_config/config.json'], root).code, 0);
  rmSync(join(root, 'test/integration/runtime/CsvDataLoading_testing'), { recursive: true });
  const run = runCli(['run', 'dags/threshold_e2e.pipeline.yaml', '--format', 'json'], root);
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout);
  assert.equal(report.script_results.CsvDataLoading_testing.status, 'missing-input');
  assert.match(report.script_results.CsvDataLoading_testing.error_message, /data you provide/);
  assert.equal(report.script_results.TabularCleaning_testing.status, 'skipped');
  assert.equal(report.script_results.ThresholdTraining.status, 'passed');
});

test('2.9 calling convention: main is called positionally and job_type defaults to "training"', () => {
  const root = exampleCopy();
  assert.equal(runCli(['init', 'dags/threshold_e2e.dag.json', '--config', 'pipeline_config/config.json'], root).code, 0);
  const path = join(root, 'dags/threshold_e2e.pipeline.yaml');
  // ThresholdTraining's job_args are emptied; the script records what it was given.
  writeFileSync(join(root, 'steps/scripts/threshold_training.py'), readFileSync(join(root, 'steps/scripts/threshold_training.py'), 'utf8').replace('def main(input_paths, output_paths, environ_vars, job_args):', 'def main(input_paths, output_paths, environ_vars, job_args, *extra):\n    assert not extra\n    open("seen.txt", "w").write(repr(job_args.job_type))'));
  const text = readFileSync(path, 'utf8').replace(/( {2}ThresholdTraining:[\s\S]*?) {4}job_args:\n {6}job_type: "training"[^\n]*\n/, '$1    job_args: {}\n');
  writeFileSync(path, text);
  const run = runCli(['run', 'dags/threshold_e2e.pipeline.yaml'], root);
  assert.equal(readFileSync(join(root, 'seen.txt'), 'utf8'), "'training'", run.stdout + run.stderr);
});

test('init never overwrites without --force, and writes only inside the project', () => {
  const root = exampleCopy();
  writeFileSync(join(root, 'dags/threshold_e2e.pipeline.yaml'), '# mine\n');
  const again = runCli(['init', 'dags/threshold_e2e.dag.json'], root);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /exists; nothing was written\. Use --force/);
  assert.equal(readFileSync(join(root, 'dags/threshold_e2e.pipeline.yaml'), 'utf8'), '# mine\n');
  assert.equal(runCli(['init', 'dags/threshold_e2e.dag.json', '--force'], root).code, 0);
  assert.notEqual(readFileSync(join(root, 'dags/threshold_e2e.pipeline.yaml'), 'utf8'), '# mine\n');
  const outside = runCli(['init', 'dags/threshold_e2e.dag.json', '--out', join(tmpdir(), 'elsewhere.pipeline.yaml')], root);
  assert.equal(outside.code, 2);
  assert.match(outside.stderr, /outside the project/);
  const notDag = runCli(['init', 'pipeline_config/config.json'], root);
  assert.equal(notDag.code, 2);
  assert.match(notDag.stderr, /is not a DAG file/);
  const notConfig = runCli(['init', 'dags/threshold_e2e.dag.json', '--config', 'dags/threshold_e2e.dag.json', '--force'], root);
  assert.equal(notConfig.code, 2);
  assert.match(notConfig.stderr, /is not a Cursus pipeline configuration/);
});

test('run DAG --config without a spec says what is missing and how init writes it', () => {
  const root = exampleCopy();
  const r = runCli(['run', 'dags/threshold_e2e.dag.json', '--config', 'pipeline_config/config.json'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is a DAG file: a run needs a local path for every input and output of its 4 steps with a script \(5 inputs, 4 outputs\)/);
  assert.match(r.stderr, /cursus-lint init dags\/threshold_e2e\.dag\.json --config pipeline_config\/config\.json/);
});

test('check DAG --config FILE checks every node against the configuration', () => {
  const root = exampleCopy();
  const cfg = JSON.parse(readFileSync(join(root, 'pipeline_config/config.json'), 'utf8'));
  delete cfg.configuration.specific.ThresholdTraining;
  delete cfg.metadata.config_types.ThresholdTraining;
  writeFileSync(join(root, 'pipeline_config/other.json'), JSON.stringify(cfg, null, 2));
  const r = runCli(['check', 'dags/threshold_e2e.dag.json', '--config', 'pipeline_config/other.json', '--format', 'json'], root);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const found = JSON.parse(r.stdout)[0].diagnostics;
  assert.deepEqual(found.map((d: { code: string }) => d.code), ['K900']);
  assert.match(found[0].message, /'ThresholdTraining' has no configuration in pipeline_config\/other\.json/);
  assert.equal(runCli(['check', 'dags/threshold_e2e.dag.json', '--config', 'pipeline_config/config.json'], root).code, 0);
});

/** A stand-in script with the interface's main and nothing else (Cursus's scripts are not copied here). */
function standIns(root: string, interfacesDir: string): void {
  mkdirSync(join(root, 'steps/scripts'), { recursive: true });
  for (const f of readdirSync(interfacesDir)) {
    const doc = parse(readFileSync(join(interfacesDir, f), 'utf8'));
    const ep = doc.contract?.entry_point;
    if (typeof ep !== 'string' || doc.registry?.requires) continue;
    writeFileSync(join(root, 'steps/scripts', ep), 'def main(input_paths, output_paths, environ_vars, job_args):\n    return {}\n');
  }
}

test('init on the real xgboost_complete_e2e DAG and AtoZ configuration with the 20 interfaces: check has no error, only the data to provide', () => {
  const root = tempDir('cursus-atoz-');
  writeFileSync(join(root, 'pyproject.toml'), '');
  const interfaces = join(repoRoot, 'test/data/cursus/steps/interfaces');
  cpSync(interfaces, join(root, 'steps/interfaces'), { recursive: true });
  standIns(root, interfaces);
  mkdirSync(join(root, 'dags'));
  mkdirSync(join(root, 'pipeline_config'));
  cpSync(join(repoRoot, 'test/data/cursus-dags/xgboost_complete_e2e.dag.json'), join(root, 'dags/xgboost_complete_e2e.dag.json'));
  cpSync(join(repoRoot, 'test/data/cursus-config/atoz_xgboost.config.json'), join(root, 'pipeline_config/config.json'));
  const init = runCli(['init', 'dags/xgboost_complete_e2e.dag.json', '--config', 'pipeline_config/config.json', '--out', 'atoz.pipeline.yaml'], root);
  assert.equal(init.code, 0, init.stderr);
  const check = runCli(['check', 'atoz.pipeline.yaml', '--format', 'json'], root);
  const found = JSON.parse(check.stdout)[0].diagnostics as { code: string; severity: string; message: string }[];
  assert.deepEqual(found.filter((d) => d.severity === 'error'), []);
  // Besides the data to provide, only what this machine's Python lacks of the interfaces' framework_requirements (X605).
  const rest = found.filter((d) => d.code !== 'X605');
  assert.ok(rest.length > 0 && rest.every((d) => d.code === 'P300' && /is data you provide/.test(d.message)), JSON.stringify(rest.map((d) => d.message), null, 1));
  const spec = parse(readFileSync(join(root, 'atoz.pipeline.yaml'), 'utf8')).script_specs;
  assert.equal(spec.XGBoostTraining.input_paths.input_path, spec.TabularPreprocessing_training.output_paths.processed_data);
  assert.equal(spec.ModelCalibration_calibration.environ_vars.LABEL_FIELD, 'is_abuse', 'from the configuration');
  assert.equal(spec.ModelCalibration_calibration.job_args.job_type, 'calibration');
  assert.equal(spec.Payload.environ_vars.DEFAULT_NUMERIC_VALUE, '0.0', "as Python's str() of the float");
  for (const provided of ['CradleDataLoading_training', 'CradleDataLoading_calibration', 'Registration']) assert.equal(spec[provided].run, false);
  assert.ok(existsSync(join(root, 'atoz.pipeline.yaml')));
});

test('match --resolver: the score of one output for one dependency, with its parts, as the resolver computes it', () => {
  const r = runCli(['match', '--resolver', 'TabularCleaning_training.processed_data', 'ThresholdTraining.input_path', '--json'], example);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  // training_data accepts processing_output (+0.2), same data type (+0.2), 'input_path' is an alias (similarity 1,
  // +0.25, exact +0.05), TabularCleaning is listed (+0.1), 'data' and 'processed' of its 3 keywords are in the name (+0.05 x 2/3).
  assert.deepEqual({ ...m.parts, score: m.score, binds: m.binds }, { type: 0.2, data_type: 0.2, semantic: 0.25, similarity: 1, similar_to: 'input_path', exact: 0.05, sources: 0.1, keywords: (2 / 3) * 0.05, score: 0.2 + 0.2 + 0.25 + 0.05 + 0.1 + (2 / 3) * 0.05, binds: true });
  const unlisted = JSON.parse(runCli(['match', '--resolver', 'CsvDataLoading_training.DATA', 'ThresholdTraining.input_path', '--json'], example).stdout);
  assert.equal(unlisted.parts.sources, -0.1);
  assert.equal(unlisted.binds, false);
  const bad = runCli(['match', '--resolver', 'ThresholdTraining.nope', 'ThresholdModelEval_testing.model_input'], example);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /ThresholdTraining has no output 'nope' \(it has: model_output\)/);
});
