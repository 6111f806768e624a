/**
 * Containment before execution: input data kept byte for byte (read-only for the run, a full digest before and
 * after, damage undone from a copy), outputs counted only when the run wrote them, and output folders reached
 * through a symbolic link to outside the project refused by the runner and flagged by P302.
 */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPath } from '../server/src/runner/cache.js';
import { runCli, workspace } from './helpers/cli.js';

const tamper = `import os, shutil
def main(input_paths, output_paths, environ_vars, job_args):
    raw = input_paths["raw"]
    mode = environ_vars["MODE"]
    modes = {name: oct(os.stat(os.path.join(raw, name)).st_mode & 0o777) for name in sorted(os.listdir(raw))}
    modes["."] = oct(os.stat(raw).st_mode & 0o777)
    if mode == "sneaky":
        # Same size, same modification time, one byte different, in a file over 8 MB.
        path = os.path.join(raw, "big.bin")
        st = os.stat(path)
        os.chmod(path, 0o644)
        with open(path, "r+b") as f:
            f.seek(st.st_size // 2)
            f.write(b"Z")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif mode == "delete":
        os.chmod(raw, 0o755)
        shutil.rmtree(raw)
    elif mode == "append":
        os.chmod(raw, 0o755)
        with open(os.path.join(raw, "extra.txt"), "w") as f:
            f.write("mine")
    if mode == "linger":
        import time
        time.sleep(600)
    if mode != "nothing":
        with open(os.path.join(output_paths["out"], "modes.txt"), "w") as f:
            f.write(repr(modes))
`;

const reader = `import os
def main(input_paths, output_paths, environ_vars, job_args):
    with open(os.path.join(output_paths["out"], "seen.txt"), "w") as f:
        f.write(",".join(sorted(os.listdir(input_paths["out"]))))
`;

function project(mode: string, extra: Record<string, string> = {}) {
  return workspace({
    'pyproject.toml': '[project]\nname = "contain"\n',
    'scripts/tamper.py': tamper,
    'scripts/reader.py': reader,
    'data/raw/a.csv': 'a,b\n1,2\n',
    'p.pipeline.yaml': `dag:
  nodes: [step, next]
  edges:
    - [step, next]
script_specs:
  step:
    script_name: tamper
    step_name: step
    input_paths: {raw: data/raw}
    output_paths: {out: out/step}
    environ_vars: {MODE: "${mode}"}
  next:
    script_name: reader
    step_name: next
    input_paths: {out: out/step}
    output_paths: {seen: out/next}
`,
    ...extra,
  });
}

interface Node {
  status: string;
  error_message: string | null;
  notes: string[];
  inputs_modified: string[];
  outputs: Record<string, string[]>;
}
interface Report {
  pipeline_success: boolean;
  script_results: Record<string, Node>;
  data_flow_results: Record<string, { compatible: boolean; compatibility_issues: string[] }>;
}

function run(root: string, ...args: string[]) {
  const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json', '--python', 'python3', '--no-cache', ...args], root);
  return { code: r.code, report: JSON.parse(r.stdout || '{}') as Report, stderr: r.stderr };
}

/** Every file's mode under a folder, to check they are given back exactly. */
function modes(dir: string): string {
  return [dir, ...readdirSync(dir).map((f) => join(dir, f))].map((p) => `${p}:${(statSync(p).mode & 0o777).toString(8)}`).join(' ');
}

test('inputs are read-only while the script runs, and get their modes back afterwards', () => {
  const root = project('look');
  const before = modes(join(root, 'data/raw'));
  const { report } = run(root, '--node', 'step');
  assert.equal(report.script_results.step.status, 'passed', report.script_results.step.error_message ?? '');
  const seen = readFileSync(join(root, 'out/step/modes.txt'), 'utf8');
  assert.equal(seen, "{'a.csv': '0o444', '.': '0o555'}");
  assert.equal(modes(join(root, 'data/raw')), before);
  assert.deepEqual(readdirSync(join(root, '.cursus-runs')), [], 'no journal or copy left (--no-cache: no cache either)');
});

test('a one-byte change in an input over 8 MB with size and mtime restored is caught, and the file put back byte for byte', () => {
  const big = Buffer.alloc(9 * 1024 * 1024, 7);
  const root = project('sneaky');
  writeFileSync(join(root, 'data/raw/big.bin'), big);
  utimesSync(join(root, 'data/raw/big.bin'), new Date('2024-01-01'), new Date('2024-01-01'));
  const before = hashPath(join(root, 'data/raw'));
  const { code, report } = run(root, '--node', 'step');
  assert.equal(code, 1);
  const step = report.script_results.step;
  assert.equal(step.status, 'failed');
  assert.deepEqual(step.inputs_modified, ['raw']);
  assert.equal(step.error_message, 'The script changed its input data (raw: big.bin modified); inputs must stay as they are. The runner put the original files back from the copy it kept for the run.');
  assert.equal(hashPath(join(root, 'data/raw')), before, 'zero bytes of input changed');
});

test('a script that deletes its input folder fails, and the folder is back; a file added to an input is reported, not deleted', () => {
  const root = project('delete');
  const before = hashPath(join(root, 'data/raw'));
  const del = run(root, '--node', 'step').report.script_results.step;
  assert.equal(del.status, 'failed');
  assert.match(del.error_message ?? '', /\(raw: a\.csv deleted\).*put the original files back/);
  assert.equal(hashPath(join(root, 'data/raw')), before);

  const add = project('append');
  const added = run(add, '--node', 'step').report.script_results.step;
  assert.equal(added.status, 'failed');
  assert.equal(added.error_message, 'The script changed its input data (raw: extra.txt added); inputs must stay as they are.');
  assert.equal(readFileSync(join(add, 'data/raw/extra.txt'), 'utf8'), 'mine', 'what the script added is left to the user');
});

test('files already in an output folder are not outputs: a script that writes nothing does not pass the data-flow check', () => {
  const root = project('nothing', { 'out/step/old-result.csv': 'x,y\n1,2\n' });
  const { code, report } = run(root);
  assert.equal(code, 1);
  const step = report.script_results.step;
  assert.equal(step.status, 'passed');
  assert.deepEqual(step.outputs, { out: [] });
  assert.deepEqual(step.notes, ["Wrote no file to output 'out' (out/step); the file already there before the run does not count."]);
  const flow = report.data_flow_results['step->next'];
  assert.equal(flow.compatible, false);
  assert.match(flow.compatibility_issues.join(' '), /step wrote no valid file to 'out'/);
  // A file the run rewrites counts.
  const again = project('look', { 'out/step/modes.txt': 'stale' });
  assert.deepEqual(run(again).report.script_results.step.outputs, { out: ['modes.txt'] });
});

test('an output folder that is a symbolic link to outside the project is refused by the runner and flagged by P302', () => {
  const outside = tempDir('cursus-outside-');
  const root = project('look');
  mkdirSync(join(root, 'out'), { recursive: true });
  symlinkSync(outside, join(root, 'out/step'));
  const { report } = run(root, '--node', 'step');
  const step = report.script_results.step;
  assert.equal(step.status, 'refused');
  assert.match(step.error_message ?? '', /output 'out' \(.*out\/step\) leads outside the project root through a symbolic link \(to .*cursus-outside-/);
  assert.deepEqual(readdirSync(outside), [], 'nothing written outside');
  const check = runCli(['check', 'p.pipeline.yaml', '--format', 'json'], root);
  const found = (JSON.parse(check.stdout) as { diagnostics: { code: string; line: number; message: string }[] }[])[0].diagnostics.filter((d) => d.code === 'P302');
  assert.equal(found.length, 1);
  assert.equal(found[0].line, 10);
  assert.match(found[0].message, /through a symbolic link/);
  // A link that stays inside the project is fine.
  const inside = project('look');
  mkdirSync(join(inside, 'real'), { recursive: true });
  mkdirSync(join(inside, 'out'), { recursive: true });
  symlinkSync(join(inside, 'real'), join(inside, 'out/step'));
  assert.equal(run(inside, '--node', 'step').report.script_results.step.status, 'passed');
});

test('a run killed outright leaves its inputs read-only only until the next run, which gives the modes back and drops its copies', async () => {
  const root = project('linger');
  const before = modes(join(root, 'data/raw'));
  const { spawn } = await import('node:child_process');
  const { cliBin } = await import('./helpers/paths.js');
  const child = spawn(process.execPath, [cliBin, 'run', 'p.pipeline.yaml', '--python', 'python3', '--no-cache', '--node', 'step'], { cwd: root, stdio: 'ignore' });
  const exited = new Promise((r) => child.on('exit', r));
  const deadline = Date.now() + 60_000;
  const journalled = () => existsSync(join(root, '.cursus-runs')) && readdirSync(join(root, '.cursus-runs')).some((f) => f.startsWith('read-only.'));
  while (!journalled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGKILL');
  await exited;
  assert.notEqual(modes(join(root, 'data/raw')), before, 'still read-only after the kill');
  writeFileSync(join(root, 'p.pipeline.yaml'), readFileSync(join(root, 'p.pipeline.yaml'), 'utf8').replace('MODE: "linger"', 'MODE: "look"'));
  assert.equal(run(root, '--node', 'step').report.script_results.step.status, 'passed');
  assert.equal(modes(join(root, 'data/raw')), before);
  assert.deepEqual(readdirSync(join(root, '.cursus-runs')), []);
});
