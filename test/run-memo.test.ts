/**
 * A fully cached `cursus-lint run` shown again from what it observed (cli/run-memo.ts): the same output as the run
 * it remembers, and never once anything it depends on changed. Each change below is made to a project whose last
 * run was shown again from memory (so the memory was in use), and the next run must see the change: the steps
 * it affects run again, or the output changes with the command.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runCli, TWO_STEP_PIPELINE, workspace } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';
import fs from 'node:fs';
import os from 'node:os';
import { startRecording } from '../server/src/cli/run-memo.js';

const STEP = `import os
from util import tag
def main(input_paths, output_paths, environ_vars, job_args):
    data = "".join(open(os.path.join(p, f)).read() for p in input_paths.values() for f in sorted(os.listdir(p)))
    with open(os.path.join(output_paths["data"], "part.txt"), "w") as f:
        f.write(data + tag())
`;

function project(): string {
  return workspace({
    'pyproject.toml': '[project]\nname = "m"\n',
    'data/raw/seed.txt': 'seed',
    'scripts/one.py': STEP,
    'scripts/two.py': STEP,
    'scripts/util.py': 'def tag():\n    return "x"\n',
    'p.pipeline.yaml': TWO_STEP_PIPELINE,
  });
}

const STEP_INTERFACE = `step_type: One
registry:
  sagemaker_step_type: Processing
  description: The first step
contract:
  entry_point: one.py
  inputs:
    data:
      path: /opt/ml/processing/input/data
      required: true
  outputs:
    data:
      path: /opt/ml/processing/output
spec:
  dependencies:
    data:
      type: processing_output
      required: true
      semantic_keywords: [data]
  outputs:
    data:
      type: processing_output
      property_path: properties.ProcessingOutputConfig.Outputs['data'].S3Output.S3Uri
      semantic_keywords: [data]
`;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  /** Shown again from memory. */
  replayed: boolean;
  executed?: number;
  cached?: number;
  nodes?: string[];
}

function run(root: string, args: string[] = [], env: Record<string, string> = {}): Outcome {
  const r = runCli(['run', 'p.pipeline.yaml', ...(args.includes('--format') ? [] : ['--format', 'json']), ...args], root, { CURSUS_LINT_RUN_MEMO: 'explain', ...env });
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  const replayed = r.stderr.includes('run memory: every observation holds; shown again');
  if (!r.stdout.trimStart().startsWith('{')) return { ...r, replayed };
  const report = JSON.parse(r.stdout) as { stats: { executed: number; cached: number }; script_results: Record<string, unknown> };
  return { ...r, replayed, executed: report.stats.executed, cached: report.stats.cached, nodes: Object.keys(report.script_results) };
}

/**
 * Runs until a run is shown again from memory (a run is remembered only once the files it saw are older than a
 * clock tick, so the one right after a change may not be) and returns that run; fails after eight.
 */
function settle(root: string, args: string[] = [], env: Record<string, string> = {}): Outcome {
  const why: string[] = [];
  for (let i = 0; i < 8; i++) {
    const r = run(root, args, env);
    if (r.replayed) return r;
    why.push(...r.stderr.split('\n').filter((l) => l.includes('run memory:')));
    // The first may run steps (after a run under another interpreter rewrote their outputs); then nothing runs.
    if (i > 0) assert.equal(r.executed ?? 0, 0, 'an unchanged project runs nothing');
  }
  assert.fail(`no run was shown again from memory in eight unchanged runs:\n${why.join('\n')}`);
}

/** The report without its wall time, the only field a run measures anew. */
const sameReport = (text: string) => text.replace(/"wall_time": [0-9.e-]+/, '"wall_time": 0');

test('a fully cached run is shown again from memory with the output of the run it remembers, in each format, exit code included', () => {
  const root = project();
  assert.equal(run(root).executed, 2);
  const cached = run(root);
  assert.deepEqual([cached.executed, cached.cached], [0, 2]);
  const shown = settle(root);
  assert.equal(sameReport(shown.stdout), sameReport(cached.stdout));
  assert.equal(shown.stderr.replace(/^cursus-lint: run memory: .*\n/gm, ''), cached.stderr.replace(/^cursus-lint: run memory: .*\n/gm, ''), 'the same progress');
  for (const format of ['text', 'junit']) {
    const first = run(root, ['--format', format]);
    const again = settle(root, ['--format', format]);
    assert.equal(again.stdout.replace(/[0-9.]+ ?s\b/g, 'T').replace(/time="[0-9.]+"/g, 'time=""'), first.stdout.replace(/[0-9.]+ ?s\b/g, 'T').replace(/time="[0-9.]+"/g, 'time=""'), format);
    assert.equal(again.code, first.code);
  }
  // A damaged memory is none: the run does its work.
  const memo = join(root, '.cursus-runs/run-memo.json');
  const kept = readFileSync(memo, 'utf8');
  for (const damaged of [kept.slice(0, kept.length / 2), kept.replace(/"events":\[/g, '"events":[7,').replace(/"stats":\{/g, '"statz":{')]) {
    writeFileSync(memo, damaged);
    const r = run(root);
    assert.deepEqual([r.replayed, r.code, r.cached], [false, 0, 2]);
  }
  // --no-cache, and CURSUS_LINT_RUN_MEMO=off, neither use nor keep it.
  assert.equal(run(root, ['--no-cache']).executed, 2);
  assert.equal(run(root, [], { CURSUS_LINT_RUN_MEMO: 'off' }).replayed, false);
});

test('what a remembered run depends on, each changed, is seen by the next run: script, helper module, input data, spec, an output, a contract, a step interface', () => {
  const root = project();
  assert.equal(run(root).executed, 2);
  const changes: [string, () => void, number][] = [
    ['the script', () => appendFileSync(join(root, 'scripts/one.py'), '# edited\n'), 2],
    ['a module it imports', () => writeFileSync(join(root, 'scripts/util.py'), 'def tag():\n    return "y"\n'), 2],
    ['its input data', () => writeFileSync(join(root, 'data/raw/seed.txt'), 'SEED'), 2],
    ['a file added to its input data', () => writeFileSync(join(root, 'data/raw/more.txt'), 'more'), 2],
    ['the spec', () => writeFileSync(join(root, 'p.pipeline.yaml'), readFileSync(join(root, 'p.pipeline.yaml'), 'utf8').replace('output_paths: {data: out/two}}', 'output_paths: {data: out/two}, environ_vars: {MODE: a}}')), 1],
    ['an output edited by hand', () => writeFileSync(join(root, 'out/two/part.txt'), 'hand-made'), 1],
    ['a contract for the step, added', () => {
      mkdirSync(join(root, 'contracts'), { recursive: true });
      writeFileSync(join(root, 'contracts/two_contract.py'), 'TWO_CONTRACT = ScriptContract(\n    entry_point="two.py",\n    expected_input_paths={"data": "/opt/ml/processing/input/data"},\n    expected_output_paths={"data": "/opt/ml/processing/output"},\n)\n');
    }, 1],
    ['the contract, edited', () => writeFileSync(join(root, 'contracts/two_contract.py'), readFileSync(join(root, 'contracts/two_contract.py'), 'utf8').replace('/opt/ml/processing/output"', '/opt/ml/processing/output/data"')), 1],
    ['a step interface for the first step, added', () => {
      mkdirSync(join(root, 'steps/interfaces'), { recursive: true });
      writeFileSync(join(root, 'steps/interfaces/one.step.yaml'), STEP_INTERFACE);
    }, 2],
    ['the step interface, edited', () => writeFileSync(join(root, 'steps/interfaces/one.step.yaml'), STEP_INTERFACE.replace('path: /opt/ml/processing/output\n', 'path: /opt/ml/processing/output/data\n')), 2],
  ];
  for (const [what, change, steps] of changes) {
    settle(root);
    change();
    const after = run(root);
    assert.equal(after.replayed, false, what);
    assert.equal(after.executed, steps, `${what}: ${after.stdout}`);
  }
});

test('a remembered run is not shown for another command line, environment or interpreter', () => {
  const root = project();
  assert.equal(run(root).executed, 2);
  settle(root);
  // Other arguments: their own output.
  const one = run(root, ['--node', 'one']);
  assert.equal(one.replayed, false);
  assert.deepEqual(one.nodes, ['one']);
  const text = run(root, ['--format', 'text']);
  assert.equal(text.replayed, false);
  assert.match(text.stdout, /passed/);
  // Another environment: PYTHONPATH changes what the scripts import, so their results are not reused either.
  settle(root);
  const pythonPath = run(root, [], { PYTHONPATH: tempDir('cursus-pythonpath-') });
  assert.deepEqual([pythonPath.replayed, pythonPath.executed], [false, 2], 'PYTHONPATH');
  settle(root);
  assert.equal(run(root, [], { CURSUS_MEMO_TEST_VARIABLE: '1' }).replayed, false, 'any other variable');
  // Another python3 first on PATH.
  const real = spawnSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8' }).stdout.trim();
  const bin = tempDir('cursus-path-');
  symlinkSync(real, join(bin, 'python3'));
  settle(root);
  const path = run(root, [], { PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` });
  assert.deepEqual([path.replayed, path.executed], [false, 2], 'PATH');
  // A virtual environment's interpreter appearing in the project (chosen before python3 on PATH).
  settle(root);
  mkdirSync(join(root, '.venv/bin'), { recursive: true });
  symlinkSync(real, join(root, '.venv/bin/python'));
  const venv = run(root);
  assert.deepEqual([venv.replayed, venv.executed], [false, 2], '.venv/bin/python');
});

test('a run is not remembered when a file it read changed while it ran, or within a clock tick before it started', () => {
  const dir = tempDir('cursus-memo-guards-');
  const runs = join(dir, '.cursus-runs');
  mkdirSync(runs);
  const file = join(dir, 'input.txt');
  writeFileSync(file, 'one');
  // The recorder watches the node:fs module object, as the bundle calls it.
  const read = () => fs.readFileSync(file, 'utf8');
  // A run that started 5 s after the file's last change, and that nothing changed under: remembered.
  let rec = startRecording(runs, 'k', Date.now() + 5000);
  read();
  assert.equal(rec.stop(), undefined, 'nothing changed: the run can be remembered');
  // The file changed within a clock tick before the run started: its identity could stay the same after another
  // change within that tick.
  rec = startRecording(runs, 'k', Date.now());
  read();
  assert.match(rec.stop() ?? '', /changed just before the run/);
  // The file changed after the run read it: its output may stand on either text.
  rec = startRecording(runs, 'k', Date.now() + 5000);
  read();
  writeFileSync(file, 'three');
  assert.match(rec.stop() ?? '', /changed during the run/);
  // A call that is not a read (a process's priority set) is never remembered either.
  rec = startRecording(runs, 'k', Date.now() + 5000);
  os.setPriority(os.getPriority());
  assert.equal(rec.stop(), 'os.setPriority');
});
