/** Execution with real Python: passing and failing pipelines, skips, timeouts that kill the process tree, the cache. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPath } from '../server/src/runner/cache.js';
import { runCli, workspace } from './helpers/cli.js';

const prep = `import os, sys
def main(input_paths, output_paths, environ_vars, job_args):
    rows = open(os.path.join(input_paths["raw"], "data.csv")).read().splitlines()
    os.makedirs(output_paths["processed"], exist_ok=True)
    with open(os.path.join(output_paths["processed"], "data.csv"), "w") as f:
        f.write("\\n".join(rows[:-1]) + "\\n")
    print("prep wrote", len(rows) - 1, "rows")
`;

const train = `import os, time
def main(input_paths, output_paths, environ_vars, job_args):
    time.sleep(float(environ_vars.get("SLEEP", "0")))
    rows = open(os.path.join(input_paths["processed"], "data.csv")).read().splitlines()
    if environ_vars.get("FAIL") == "1":
        raise ValueError("bad hyperparameters: %d rows" % len(rows))
    with open(os.path.join(list(output_paths.values())[0], "model.txt"), "w") as f:
        f.write("rows=%d %s\\n" % (len(rows), job_args.job_type))
`;

const evaluate = `import os
def main(input_paths, output_paths, environ_vars, job_args):
    parts = [open(os.path.join(p, "model.txt")).read() for k, p in sorted(input_paths.items()) if k.startswith("model")]
    with open(os.path.join(output_paths["metrics"], "metrics.txt"), "w") as f:
        f.write("".join(parts))
`;

const hang = `import os, subprocess, sys, time
def main(input_paths, output_paths, environ_vars, job_args):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    with open(os.path.join(output_paths["model"], "child.pid"), "w") as f:
        f.write(str(child.pid))
    time.sleep(300)
`;

function project(pipeline: string) {
  return workspace({
    'pyproject.toml': '[project]\nname = "r"\n',
    'scripts/prep.py': prep,
    'scripts/train.py': train,
    'scripts/evaluate.py': evaluate,
    'scripts/hang.py': hang,
    'data/raw/data.csv': 'a,b\n1,2\n3,4\n5,6\n',
    'p.pipeline.yaml': pipeline,
  });
}

const spec = (extra: { trainEnv?: string; trainScript?: string } = {}) => `dag:
  nodes: [prep, train_a, train_b, evaluate]
  edges:
    - [prep, train_a]
    - [prep, train_b]
    - [train_a, evaluate]
    - [train_b, evaluate]
script_specs:
  prep:
    script_name: prep
    step_name: prep
    input_paths: {raw: data/raw}
    output_paths: {processed: out/prep}
  train_a:
    script_name: ${extra.trainScript ?? 'train'}
    step_name: train_a
    input_paths: {processed: out/prep}
    output_paths: {model: out/a}
    environ_vars: {SLEEP: "0.6"${extra.trainEnv ?? ''}}
    job_args: {job_type: training}
  train_b:
    script_name: train
    step_name: train_b
    input_paths: {processed: out/prep}
    output_paths: {model_b: out/b}
    environ_vars: {SLEEP: "0.6"}
    job_args: {job_type: training}
  evaluate:
    script_name: evaluate
    step_name: evaluate
    input_path_specs:
      model_a: {logical_name: model_a, path: out/a, aliases: [model]}
      model_b: {logical_name: model_b, path: out/b}
    output_paths: {metrics: out/eval}
`;

interface Report {
  pipeline_success: boolean;
  execution_order: string[];
  script_results: Record<string, { success: boolean; status: string; cached: boolean; error_message: string | null; traceback: { file: string; line: number }[]; has_main_function: boolean; script_name: string; execution_time: number }>;
  data_flow_results: Record<string, { compatible: boolean; compatibility_issues: string[]; data_format_a: string | null; script_a: string; script_b: string }>;
  errors: string[];
  stats: { executed: number; cached: number; skipped: number; failed: number };
}

const run = (root: string, ...args: string[]) => {
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', ...args], root);
  return { code: r.code, report: JSON.parse(r.stdout || '{}') as Report, stderr: r.stderr };
};

test('a good pipeline passes, each node runs once, outputs feed downstream, inputs are untouched, and the JSON mirrors Cursus', () => {
  const root = project(spec());
  const before = hashPath(join(root, 'data/raw'));
  const { code, report } = run(root, '--jobs', '2');
  assert.equal(code, 0, JSON.stringify(report.errors));
  assert.equal(report.pipeline_success, true);
  assert.deepEqual(report.execution_order, ['prep', 'train_a', 'train_b', 'evaluate']);
  assert.deepEqual(Object.keys(report.script_results.prep).slice(0, 5), ['script_name', 'success', 'error_message', 'execution_time', 'has_main_function']);
  assert.equal(report.stats.executed, 4);
  assert.deepEqual(Object.keys(report.data_flow_results).sort(), ['prep->train_a', 'prep->train_b', 'train_a->evaluate', 'train_b->evaluate']);
  assert.equal(report.data_flow_results['prep->train_a'].data_format_a, 'csv');
  assert.equal(readFileSync(join(root, 'out/eval/metrics.txt'), 'utf8'), 'rows=3 training\nrows=3 training\n');
  assert.equal(hashPath(join(root, 'data/raw')), before, 'input data byte-identical');
});

test('an unchanged re-run reuses every result; a changed script re-runs it and its descendants only', () => {
  const root = project(spec());
  assert.equal(run(root).code, 0);
  const again = run(root);
  assert.equal(again.report.stats.cached, 4);
  assert.equal(again.report.stats.executed, 0);
  writeFileSync(join(root, 'scripts/evaluate.py'), evaluate + '\n# changed\n');
  const changed = run(root);
  assert.deepEqual(Object.entries(changed.report.script_results).filter(([, r]) => !r.cached).map(([n]) => n), ['evaluate']);
});

test('a failing middle step is reported with its exception and line, its upstream runs, its descendants are skipped', () => {
  const root = project(spec({ trainEnv: ', FAIL: "1"' }));
  const { code, report } = run(root);
  assert.equal(code, 1);
  const a = report.script_results.train_a;
  assert.equal(a.status, 'failed');
  assert.equal(a.error_message, 'ValueError: bad hyperparameters: 3 rows');
  const last = a.traceback[a.traceback.length - 1];
  assert.ok(last.file.endsWith('scripts/train.py') && last.line === 6, JSON.stringify(last));
  assert.equal(report.script_results.prep.status, 'passed');
  assert.equal(report.script_results.train_b.status, 'passed', 'the independent branch still runs');
  assert.equal(report.script_results.evaluate.status, 'skipped');
  assert.equal(report.data_flow_results['prep->train_a'].compatible, false);
});

test('a step that hangs and spawns a child is stopped at the timeout with no process left behind', () => {
  const root = project(spec({ trainScript: 'hang' }));
  const started = Date.now();
  const { code, report } = run(root, '--timeout', '2');
  assert.ok(Date.now() - started < 30_000);
  assert.equal(code, 1);
  assert.equal(report.script_results.train_a.status, 'timeout');
  assert.match(report.script_results.train_a.error_message ?? '', /Timed out after 2 s/);
  // The edge into the step that timed out says it timed out, not that it "failed on" its input data.
  assert.match(report.data_flow_results['prep->train_a'].compatibility_issues.join(' '), /^train_a timed out: Timed out after 2 s/);
  const pid = Number(readFileSync(join(root, 'out/a/child.pid'), 'utf8'));
  assert.ok(!running(pid), `child ${pid} of the hanging script is gone`);
});

test('Ctrl-C stops a run at once: the running script and its children are killed, the rest reported cancelled', async () => {
  const root = project(spec({ trainScript: 'hang' }));
  const { spawn } = await import('node:child_process');
  const { cliBin } = await import('./helpers/paths.js');
  const child = spawn(process.execPath, [cliBin, 'run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', '--jobs', '1'], { cwd: root });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const { existsSync } = await import('node:fs');
  const deadline = Date.now() + 60_000;
  while (!existsSync(join(root, 'out/a/child.pid')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 200));
  const started = Date.now();
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  assert.ok(Date.now() - started < 10_000, 'stopped promptly');
  assert.equal(code, 1);
  const report = JSON.parse(out) as Report;
  assert.equal(report.script_results.train_a.status, 'cancelled');
  assert.equal(report.script_results.evaluate.status, 'cancelled');
  // Edges into cancelled steps say so; none claims a step "failed on" data it never got to read.
  const issues = Object.values(report.data_flow_results).flatMap((f) => f.compatibility_issues);
  assert.ok(issues.some((i) => /^train_a was cancelled: /.test(i)), issues.join(' | '));
  assert.ok(!issues.some((i) => /failed on/.test(i)), issues.join(' | '));
  const pid = Number(readFileSync(join(root, 'out/a/child.pid'), 'utf8'));
  assert.ok(!running(pid), 'the hanging script\'s child is gone');
});

test('--node runs one node, --edge runs the two ends fed through, missing inputs and outside writes are refused', () => {
  const root = project(spec());
  const node = run(root, '--node', 'prep');
  assert.deepEqual(Object.keys(node.report.script_results), ['prep']);
  const edge = run(root, '--edge', 'prep->train_b');
  assert.deepEqual(Object.keys(edge.report.script_results), ['prep', 'train_b']);
  assert.deepEqual(Object.keys(edge.report.data_flow_results), ['prep->train_b']);
  const missing = project(spec().replace('{raw: data/raw}', '{raw: data/nothing}'));
  const m = run(missing, '--node', 'prep');
  assert.equal(m.report.script_results.prep.status, 'missing-input');
  const outside = project(spec().replace('{processed: out/prep}', '{processed: ../escape}'));
  const o = run(outside, '--node', 'prep');
  assert.equal(o.report.script_results.prep.status, 'refused');
  assert.match(o.report.script_results.prep.error_message ?? '', /outside the project root/);
  assert.equal(runCli(['run', 'p.pipeline.yaml', '--edge', 'nope'], root).code, 2);
});

test('junit and a self-contained html report', () => {
  const root = project(spec({ trainEnv: ', FAIL: "1"' }));
  const junit = runCli(['run', 'p.pipeline.yaml', '--format', 'junit'], root).stdout;
  assert.match(junit, /<testsuite name="cursus-run" tests="8" failures="\d+" skipped="1"/);
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'html', '--out', 'report.html'], root);
  assert.equal(r.code, 1);
  const html = readFileSync(join(root, 'report.html'), 'utf8');
  assert.match(html, /<svg[^>]*aria-label="pipeline DAG"/);
  assert.doesNotMatch(html, /<script|<link|src="http/);
  assert.match(html, /stroke="#c62828"/);
});

/** Whether a process is alive (a zombie waiting for a reaper that this container may not have counts as gone). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
