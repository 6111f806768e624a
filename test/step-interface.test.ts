/**
 * The `.step.yaml` reader on Cursus 2.9.32's real step interfaces: every value read exactly (checked against a plain
 * YAML reading and, where PyYAML is installed, against Python's own `yaml.safe_load`), variants deep-merged as
 * `StepInterface.from_yaml` does, positions pointing at the keys, discovery of both dialects, bad files survived.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { applyVariant, readStepInterface, viewOf, type ContractInfo } from '../server/src/engine/index.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { runCli, workspace } from './helpers/cli.js';
import { diagnose } from './helpers/check.js';
import { repoRoot } from './helpers/paths.js';
import { deepMerge } from '../server/src/engine/contracts/step-interface.js';
import { parseYamlTreeAt } from '../server/src/engine/syntax/parse-yaml.js';
import { plainTree } from '../server/src/engine/syntax/compact-tree.js';
import type { MapNode } from '../server/src/engine/syntax/ast.js';

const dataRoot = join(repoRoot, 'test/data/cursus');
const interfacesDir = join(dataRoot, 'steps/interfaces');
const files = readdirSync(interfacesDir).filter((f) => f.endsWith('.step.yaml')).sort();

type Plain = Record<string, unknown>;

/** The fields of a contract a user relies on, as plain values (what both readings must agree on). */
function project(c: ContractInfo) {
  return {
    entry_point: c.entryPoint?.value ?? null,
    inputs: c.inputs.map((e) => [e.name, e.value ?? null, e.required ?? true, e.channels ?? []]),
    outputs: c.outputs.map((e) => [e.name, e.value ?? null]),
    required_env: c.requiredEnv.map((e) => e.name),
    optional_env: c.optionalEnv.map((e) => [e.name, e.value ?? null]),
    arguments: c.args.map((e) => [e.name, e.value ?? null]),
    job_arguments: (c.jobArguments ?? []).map((a) => [a.flag, a.source]),
    framework_requirements: (c.frameworkRequirements ?? []).map((e) => [e.name, e.value ?? null]),
    dependencies: (c.specification?.dependencies ?? []).map((d) => [d.name, d.type, d.required, d.compatibleSources, d.semanticKeywords, d.dataType]),
    outputs_spec: (c.specification?.outputs ?? []).map((o) => [o.name, o.type, o.aliases, o.semanticKeywords, o.dataType, o.propertyPath ?? null]),
  };
}

/** An independent reading: plain YAML plus a straightforward deep merge, then the same projection. */
function oracle(data: Plain, jobType?: string) {
  const merge = (base: Plain, over: Plain): Plain => {
    const out: Plain = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = isObj(out[k]) && isObj(v) ? merge(out[k] as Plain, v as Plain) : v;
    return out;
  };
  let d = data;
  const variant = jobType ? (data.variants as Plain | undefined)?.[jobType] as Plain | undefined : undefined;
  if (variant) for (const s of ['spec', 'contract', 'patterns']) if (isObj(variant[s]) && Object.keys(variant[s] as Plain).length) d = { ...d, [s]: merge((d[s] as Plain) ?? {}, variant[s] as Plain) };
  const c = (d.contract ?? {}) as Plain;
  const spec = (d.spec ?? {}) as Plain;
  const map = (v: unknown) => Object.entries((v ?? {}) as Plain);
  const env = (c.env_vars ?? {}) as Plain;
  return {
    entry_point: (c.entry_point as string) ?? null,
    inputs: map(c.inputs).map(([k, v]) => [k, (v as Plain)?.path ?? null, (v as Plain)?.required ?? true, (v as Plain)?.channels ?? []]),
    outputs: map(c.outputs).map(([k, v]) => [k, (v as Plain)?.path ?? null]),
    required_env: (env.required ?? []) as string[],
    optional_env: map(env.optional),
    arguments: map(c.arguments),
    job_arguments: ((c.job_arguments ?? []) as Plain[]).map((a) => [a.flag, a.source ?? '']),
    framework_requirements: map(c.framework_requirements),
    dependencies: map(spec.dependencies).map(([k, v]) => {
      const x = v as Plain;
      return [k, x.type ?? 'processing_output', x.required ?? true, x.compatible_sources ?? [], x.semantic_keywords ?? [], x.data_type ?? 'S3Uri'];
    }),
    outputs_spec: map(spec.outputs).map(([k, v]) => {
      const x = v as Plain;
      return [k, x.type ?? 'processing_output', x.aliases ?? [], x.semantic_keywords ?? [], x.data_type ?? 'S3Uri', x.property_path ?? null];
    }),
  };
}

function isObj(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

test('all 20 real step interfaces are read with exact values, base and every variant', () => {
  assert.equal(files.length, 20);
  let variantsSeen = 0;
  for (const f of files) {
    const text = readFileSync(join(interfacesDir, f), 'utf8');
    const iface = readStepInterface(`steps/interfaces/${f}`, text);
    assert.deepEqual(iface.problems, [], f);
    const plain = parse(text) as Plain;
    assert.equal(iface.stepType, plain.step_type, f);
    assert.deepEqual(iface.variants, Object.keys((plain.variants ?? {}) as Plain), f);
    assert.deepEqual(project(iface.contract!), oracle(plain), `${f} (base)`);
    for (const jt of iface.variants) {
      variantsSeen++;
      const merged = applyVariant(iface, jt)!;
      assert.equal(merged.jobType, jt);
      assert.deepEqual(project(merged), oracle(plain, jt), `${f} (variant ${jt})`);
    }
  }
  assert.ok(variantsSeen >= 15, `variants read: ${variantsSeen}`);
});

test('readings agree with Python yaml.safe_load and Cursus-style deep merge, where PyYAML is installed', (t) => {
  const script = `
import json, sys, yaml
def merge(b, o):
    r = dict(b)
    for k, v in o.items():
        r[k] = merge(r[k], v) if isinstance(r.get(k), dict) and isinstance(v, dict) else v
    return r
out = {}
for path in sys.argv[1:]:
    data = yaml.safe_load(open(path))
    res = {}
    for jt in [None] + list((data.get('variants') or {}).keys()):
        d = dict(data)
        v = (d.get('variants') or {}).get(jt) or {} if jt else {}
        for s in ('spec', 'contract', 'patterns'):
            if v.get(s): d[s] = merge(d.get(s) or {}, v[s])
        c = d.get('contract') or {}
        sp = d.get('spec') or {}
        res[jt or ''] = {
            'inputs': {k: [(p or {}).get('path'), (p or {}).get('required', True)] for k, p in (c.get('inputs') or {}).items()},
            'optional_env': c.get('env_vars', {}).get('optional', {}),
            'deps': {k: [x.get('type', 'processing_output'), x.get('required', True), x.get('compatible_sources', [])] for k, x in (sp.get('dependencies') or {}).items()},
            'outs': {k: [x.get('aliases', []), x.get('property_path')] for k, x in (sp.get('outputs') or {}).items()},
        }
    out[path.rsplit('/', 1)[1]] = res
print(json.dumps(out))
`;
  const r = spawnSync('python3', ['-c', script, ...files.map((f) => join(interfacesDir, f))], { encoding: 'utf8' });
  if (r.status !== 0 && /No module named 'yaml'/.test(r.stderr)) return t.skip('PyYAML is not installed');
  assert.equal(r.status, 0, r.stderr);
  const expected = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
  for (const f of files) {
    const iface = readStepInterface(f, readFileSync(join(interfacesDir, f), 'utf8'));
    for (const jt of ['', ...iface.variants]) {
      const c = applyVariant(iface, jt || undefined)!;
      const ours = {
        inputs: Object.fromEntries(c.inputs.map((e) => [e.name, [e.value ?? null, e.required]])),
        optional_env: Object.fromEntries(c.optionalEnv.map((e) => [e.name, e.value])),
        deps: Object.fromEntries(c.specification!.dependencies.map((d) => [d.name, [d.type, d.required, d.compatibleSources]])),
        outs: Object.fromEntries(c.specification!.outputs.map((o) => [o.name, [o.aliases, o.propertyPath ?? null]])),
      };
      assert.deepEqual(ours, expected[f][jt], `${f} ${jt || '(base)'}`);
    }
  }
});

test('exact values and positions of one interface (TabularPreprocessing)', () => {
  const text = readFileSync(join(interfacesDir, 'tabular_preprocessing.step.yaml'), 'utf8');
  const c = readStepInterface('steps/interfaces/tabular_preprocessing.step.yaml', text).contract!;
  assert.equal(c.dialect, 'step-interface');
  assert.equal(c.name, 'TabularPreprocessing');
  assert.equal(c.stepType, 'TabularPreprocessing');
  assert.equal(c.nodeType, 'internal');
  assert.equal(c.sagemakerStepType, 'Processing');
  assert.equal(c.scriptless, false);
  assert.deepEqual(c.entryPoint?.value, 'tabular_preprocessing.py');
  assert.deepEqual(c.inputs.map((e) => [e.name, e.value, e.required]), [
    ['DATA', '/opt/ml/processing/input/data', true],
    ['DATA_SECONDARY', '/opt/ml/processing/input/data_secondary', false],
    ['SIGNATURE', '/opt/ml/processing/input/signature', false],
  ]);
  // Positions: the key DATA_SECONDARY under contract.inputs is on line 17 (1-based), column 5.
  const second = c.inputs[1];
  assert.deepEqual(second.at, { line: 16, character: 4 });
  assert.equal(text.slice(second.span.start, second.span.end), 'DATA_SECONDARY');
  assert.deepEqual(c.jobArguments!.map((a) => [a.flag, a.source, a.at.line + 1]), [['--job_type', 'job_type', 28]]);
  assert.equal(c.optionalEnv.find((e) => e.name === 'MAX_WORKERS')?.value, '0');
  const data = c.specification!.dependencies[0];
  assert.equal(text.slice(data.compatibleSourceRefs[4].span.start, data.compatibleSourceRefs[4].span.end), 'ProcessingStep');
  assert.equal(c.specification!.outputs[0].propertyPath, "properties.ProcessingOutputConfig.Outputs['processed_data'].S3Output.S3Uri");
});

test('variants: the exact job type deep-merges over the base; other job types and wrong case keep the base', () => {
  const text = readFileSync(join(interfacesDir, 'risk_table_mapping.step.yaml'), 'utf8');
  const iface = readStepInterface('risk_table_mapping.step.yaml', text);
  assert.deepEqual(iface.variants, ['training', 'validation', 'testing', 'calibration']);
  const base = iface.contract!;
  const training = applyVariant(iface, 'training')!;
  // The variant restates only some dependencies: the others (hyperparameters_s3_uri) stay, merged fields change.
  assert.deepEqual(training.specification!.dependencies.map((d) => d.name), base.specification!.dependencies.map((d) => d.name));
  const baseKw = base.specification!.dependencies.find((d) => d.name === 'input_data')!.semanticKeywords;
  assert.notDeepEqual(baseKw, ['training', 'train', 'data', 'input', 'preprocessed', 'tabular', 'processed_data']);
  // Fields the variant does not restate keep the base values (type, compatible sources).
  const baseDep = base.specification!.dependencies.find((d) => d.name === 'input_data')!;
  assert.deepEqual(training.specification!.dependencies.find((d) => d.name === 'input_data')!.compatibleSources, baseDep.compatibleSources);
  assert.equal(training.specification!.dependencies.find((d) => d.name === 'model_artifacts_input')?.required, false);
  const kw = training.specification!.dependencies.find((d) => d.name === 'input_data')!.semanticKeywords;
  assert.deepEqual(kw, ['training', 'train', 'data', 'input', 'preprocessed', 'tabular', 'processed_data']);
  // A variant's own step_type is ignored.
  assert.equal(training.stepType, 'RiskTableMapping');
  // A merged port keeps its name where the base declares it; a merged field's value comes from the variant.
  const at = training.specification!.outputs.find((o) => o.name === 'model_artifacts_output')!;
  assert.equal(text.slice(at.span.start, at.span.end), 'model_artifacts_output');
  assert.equal(at.at.line + 1, 105);
  assert.deepEqual(at.semanticKeywords, ['risk_tables', 'bin_mapping', 'categorical_mappings'], 'not restated by the variant: kept');
  assert.equal(applyVariant(iface, 'Training'), base, 'variant keys are case-sensitive');
  assert.equal(applyVariant(iface, 'inference'), base);
  assert.equal(applyVariant(iface, undefined), base);
  assert.equal(applyVariant(iface, 'training'), training, 'merged readings are cached');
});

test('script-less steps: null entry_point and SAIS-delegated steps', () => {
  const read = (f: string) => readStepInterface(f, readFileSync(join(interfacesDir, f), 'utf8')).contract!;
  for (const f of ['xgboost_model.step.yaml', 'batch_transform.step.yaml']) {
    const c = read(f);
    assert.equal(c.entryPoint, undefined, f);
    assert.equal(c.scriptless, true, f);
  }
  const cradle = read('cradle_data_loading.step.yaml');
  assert.equal(cradle.entryPoint?.value, 'scripts.py');
  assert.equal(cradle.scriptless, true);
  assert.equal(cradle.nodeType, 'source');
  assert.equal(read('registration.step.yaml').scriptless, true);
  assert.equal(read('xgboost_training.step.yaml').scriptless, false);
  assert.deepEqual(read('xgboost_training.step.yaml').inputs.find((e) => e.name === 'input_path')?.channels, ['train', 'val', 'test']);
});

test('discovery: both dialects in one project, packs and the configured folders; bad files are reported, not fatal', () => {
  const good = readFileSync(join(interfacesDir, 'payload.step.yaml'), 'utf8');
  const root = workspace({
    'pyproject.toml': '[project]\nname = "x"\n',
    'src/cursus/steps/contracts/first_contract.py': 'from x import ScriptContract\nFIRST_CONTRACT = ScriptContract(entry_point="first.py", expected_input_paths={"a": "/opt/ml/processing/input/a"})\n',
    'src/cursus/steps/interfaces/payload.step.yaml': good,
    'my_pack/interfaces/package.step.yaml': readFileSync(join(interfacesDir, 'package.step.yaml'), 'utf8'),
    'src/cursus/steps/interfaces/broken.step.yaml': 'step_type: [unclosed\ncontract: {\n',
    'src/cursus/steps/interfaces/list.step.yaml': '- just\n- a list\n',
    'src/cursus/steps/interfaces/empty.step.yaml': '',
    'src/cursus/steps/interfaces/huge.step.yaml': `step_type: Huge\ncontract:\n  description: '${'x'.repeat(5 * 1024 * 1024)}'\n`,
    'elsewhere/other.step.yaml': good.replace('step_type: Payload', 'step_type: Elsewhere'),
  });
  const index = new ProjectIndexer(loadConfig(root)).index();
  const byFile = new Map(index.interfaces.map((i) => [i.file, i]));
  assert.deepEqual([...byFile.keys()].sort(), [
    'my_pack/interfaces/package.step.yaml',
    'src/cursus/steps/interfaces/broken.step.yaml',
    'src/cursus/steps/interfaces/empty.step.yaml',
    'src/cursus/steps/interfaces/huge.step.yaml',
    'src/cursus/steps/interfaces/list.step.yaml',
    'src/cursus/steps/interfaces/payload.step.yaml',
  ]);
  assert.deepEqual(index.contracts.map((c) => `${c.dialect}:${c.name}`).sort(), ['python:FIRST_CONTRACT', 'step-interface:Package', 'step-interface:Payload', 'step-interface:broken']);
  assert.match(byFile.get('src/cursus/steps/interfaces/broken.step.yaml')!.problems[0].message, /YAML syntax/);
  assert.equal(byFile.get('src/cursus/steps/interfaces/list.step.yaml')!.contract, undefined);
  assert.match(byFile.get('src/cursus/steps/interfaces/empty.step.yaml')!.problems[0].message, /empty/);
  assert.match(byFile.get('src/cursus/steps/interfaces/huge.step.yaml')!.problems[0].message, /KB; step interfaces over/);
  const view = viewOf(index);
  assert.equal(view.interfaceFor('Payload')?.file, 'src/cursus/steps/interfaces/payload.step.yaml');
  assert.equal(view.contractFor('package')?.dialect, 'step-interface', 'an interface serves the script its entry_point names');
  assert.ok(view.stepTypes().includes('Package') && view.stepTypes().includes('Processing'));

  const configured = workspace({
    '.cursus-lsp.yaml': 'interfaces: ["elsewhere"]\n',
    'elsewhere/deep/other.step.yaml': good,
    'src/cursus/steps/interfaces/payload.step.yaml': good,
  });
  assert.deepEqual(new ProjectIndexer(loadConfig(configured)).index().interfaces.map((i) => i.file), ['elsewhere/deep/other.step.yaml']);
});

test('name to interface: canonical stem, the alphanumeric fallback, ambiguity', () => {
  const text = readFileSync(join(interfacesDir, 'payload.step.yaml'), 'utf8');
  const root = workspace({
    'steps/interfaces/xgboost_model_eval.step.yaml': text.replace('step_type: Payload', 'step_type: XGBoostModelEval'),
    'steps/interfaces/pytorch_training.step.yaml': text.replace('step_type: Payload', 'step_type: PyTorchTraining'),
    'steps/interfaces/graphstorm_gnn_training.step.yaml': text.replace('step_type: Payload', 'step_type: GraphStormGNNTraining'),
    'steps/interfaces/a_b.step.yaml': text,
    'steps/interfaces/ab.step.yaml': text,
  });
  const view = viewOf(new ProjectIndexer(loadConfig(root)).index());
  assert.equal(view.interfaceFor('XGBoostModelEval')?.file, 'steps/interfaces/xgboost_model_eval.step.yaml');
  assert.equal(view.interfaceFor('PyTorchTraining')?.file, 'steps/interfaces/pytorch_training.step.yaml');
  assert.equal(view.interfaceFor('GraphStormGNNTraining')?.file, 'steps/interfaces/graphstorm_gnn_training.step.yaml');
  assert.equal(view.interfaceFor('Nothing'), undefined);
  assert.equal(view.interfaceLookup('AB').found?.file, 'steps/interfaces/a_b.step.yaml', 'the canonical stem wins before the fallback');
  assert.deepEqual(view.interfaceLookup('Ab_').ambiguous?.map((i) => i.file).sort(), ['steps/interfaces/a_b.step.yaml', 'steps/interfaces/ab.step.yaml']);
  assert.equal(view.interfaceFor('Ab_'), undefined);
});

test('cursus-lint contracts --json lists the step interfaces with dialect, variants and specification', () => {
  const r = runCli(['contracts', 'test/data/cursus', '--json'], repoRoot);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { file: string; dialect: string; step_type: string; variants: string[]; scriptless: boolean; optional_inputs: string[]; spec: { dependencies: Record<string, { required: boolean }> } }[];
  assert.equal(out.length, 20);
  assert.ok(out.every((c) => c.dialect === 'step-interface'));
  const cradle = out.find((c) => c.step_type === 'CradleDataLoading')!;
  assert.equal(cradle.file, 'test/data/cursus/steps/interfaces/cradle_data_loading.step.yaml');
  assert.deepEqual(cradle.variants, ['generic', 'training', 'calibration', 'validation', 'testing']);
  assert.equal(cradle.scriptless, true);
  const tab = out.find((c) => c.step_type === 'TabularPreprocessing')!;
  assert.deepEqual(tab.optional_inputs, ['DATA_SECONDARY', 'SIGNATURE']);
  assert.equal(tab.spec.dependencies.DATA.required, true);
  const text = runCli(['contracts', 'test/data/cursus'], repoRoot);
  assert.match(text.stdout, /cradle_data_loading\.step\.yaml:1 {2}CradleDataLoading {2}-> scripts\.py {2}\(no local script\) {2}\[step interface; variants: generic, training, calibration, validation, testing\]/);
  assert.match(text.stdout, /20 contracts\n$/);
});

test('the real interfaces get no error-severity finding (Cursus validates all of them); their true findings are warnings', () => {
  const config = loadConfig(dataRoot);
  const index = new ProjectIndexer(config).index();
  const severities = new Map<string, number>();
  for (const f of files) {
    const { diagnostics } = diagnose(`steps/interfaces/${f}`, readFileSync(join(interfacesDir, f), 'utf8'), {}, index);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message}`), [], f);
    for (const d of diagnostics) severities.set(d.code, (severities.get(d.code) ?? 0) + 1);
  }
  // Real defects of Cursus's own files: compatible_sources with a job-type suffix never match (I808).
  assert.ok((severities.get('I808') ?? 0) > 0);
});

test('bad step interfaces: not YAML, wrong shape, 5 MB, get diagnostics and never throw', () => {
  const cases: Record<string, string> = {
    'not-yaml.step.yaml': 'step_type: [unclosed\ncontract: {\n  entry_point: "x.py\n',
    'list.step.yaml': '- a\n- b\n',
    'scalar.step.yaml': 'just text\n',
    'empty.step.yaml': '',
    'shapes.step.yaml': 'step_type: 5\ncontract: [1, 2]\nspec: 7\nvariants: [training]\nregistry: {sagemaker_step_type: [x]}\ncompute: {kind: [x]}\n',
    'huge.step.yaml': `step_type: Huge\ncontract:\n  entry_point: huge.py\n  description: '${'v'.repeat(5 * 1024 * 1024)}'\n`,
  };
  assert.ok(cases['huge.step.yaml'].length > 5_000_000);
  for (const [name, text] of Object.entries(cases)) {
    const { diagnostics } = diagnose(`steps/interfaces/${name}`, text);
    assert.ok(diagnostics.length > 0, `${name} gets a finding`);
    assert.ok(!diagnostics.some((d) => /Internal error/.test(d.message)), `${name}: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
  const shapes = diagnose('steps/interfaces/shapes.step.yaml', cases['shapes.step.yaml']).found.map((f) => `${f.line + 1}:${f.code}`);
  for (const expected of ['1:I802', '2:I802', '3:I802', '4:I802', '5:I801', '6:I801']) assert.ok(shapes.includes(expected), `${expected} in ${shapes.join(' ')}`);
});

test('an interface with a syntax error no small edit repairs: its S100s only, no port findings on the specs built on the guess, no "[object Object]"', async () => {
  const { cpSync, writeFileSync } = await import('node:fs');
  const root = workspace({});
  cpSync(join(repoRoot, 'examples/cursus-2.9'), root, { recursive: true });
  const iface = join(root, 'steps/interfaces/threshold_training.step.yaml');
  writeFileSync(iface, readFileSync(iface, 'utf8').replace('\n  inputs:\n', '\n  inputs: {[: ]]\n  more: [\n'));
  const r = runCli(['check', '--format', 'json', '.'], root);
  const found = (JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; message: string }[] }[]).flatMap((f) => f.diagnostics.map((d) => `${f.file} ${d.code} ${d.message}`));
  assert.ok(found.some((f) => f.startsWith('steps/interfaces/threshold_training.step.yaml S100')), found.join('\n'));
  assert.deepEqual(found.filter((f) => !/ S100 /.test(f)), [], 'nothing but the syntax errors');
  assert.doesNotMatch(r.stdout, /object Object/);
});

test("Cursus's deep merge gives the same map from the compact nodes of a file read in chunks as from plain ones", () => {
  const base = 'ports:\n  inputs:\n    data: {path: /opt/ml/input/data}\n  outputs:\n    model: /opt/ml/model\nenv:\n  LABEL: x\n';
  const over = 'ports:\n  inputs:\n    extra: /opt/ml/input/extra\nenv:\n  LABEL: y\n  SEED: "7"\n';
  const read = (text: string, compact: boolean) => parseYamlTreeAt(text, 0, compact)!.root as MapNode;
  const plain = deepMerge(read(base, false), read(over, false));
  const compact = deepMerge(read(base, true), read(over, true));
  // A spread of a compact node loses its kind and span (prototype getters): the merge names every field.
  assert.equal(compact.kind, 'map');
  assert.deepEqual(plainTree(compact), plainTree(plain));
});
