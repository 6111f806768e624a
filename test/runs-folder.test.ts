/**
 * The project's `.cursus-runs/` as hostile input: a checkout may bring it, or a link in its place. Whatever it
 * holds, the tool writes nothing outside the project through it, and changes nothing outside the project because
 * of it: a `.cursus-runs` linked to elsewhere is not used (and `run` says so), a mode journal left there only
 * gives write permission back to files of the project, and an `originals/` linked to elsewhere is not followed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli, workspace } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/** A pid no process has (above any pid_max): the journal of a run that is gone. */
const DEAD = 999_999_999;

function project(): string {
  return workspace({
    'pyproject.toml': '[project]\nname = "runsdir"\n',
    'scripts/s.py': 'import os\n\ndef main(input_paths, output_paths, environ_vars, job_args):\n    with open(os.path.join(output_paths["out"], "x.txt"), "w") as f:\n        f.write("hi")\n',
    'data/raw/a.csv': 'a,b\n1,2\n',
    'p.pipeline.yaml': 'dag:\n  nodes: [step]\n  edges: []\nscript_specs:\n  step:\n    script_name: s\n    step_name: step\n    input_paths: {raw: data/raw}\n    output_paths: {out: out/step}\n',
  });
}

const mode = (p: string) => statSync(p).mode & 0o777;

test('a .cursus-runs that is a symbolic link out of the project is neither written nor read: run warns and keeps nothing, check and the code cache write nothing there', () => {
  const root = project();
  const outside = tempDir('cursus-runs-outside-');
  // What a run would trust if it read it: a results cache and a remembered interpreter.
  writeFileSync(join(outside, 'cache.json'), '{}');
  symlinkSync(outside, join(root, '.cursus-runs'));
  const before = readdirSync(outside).sort();
  for (let i = 0; i < 2; i++) {
    const r = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--format', 'json'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: .*\.cursus-runs is a symbolic link to .*, outside the project: nothing is kept there/);
    const report = JSON.parse(r.stdout) as { stats: { executed: number; cached: number } };
    assert.equal(report.stats.cached, 0, 'nothing reused from a cache outside the project');
  }
  const c = runCli(['check', 'p.pipeline.yaml'], root);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(readdirSync(outside).sort(), before, 'nothing written outside the project');
});

test('a mode journal left in .cursus-runs/ gives write permission back only to files of the project, never changes another bit, and an originals/ linked elsewhere is not followed', () => {
  const root = project();
  const outside = tempDir('cursus-runs-outside-');
  const secret = join(outside, 'secret.txt');
  writeFileSync(secret, 'private');
  chmodSync(secret, 0o600);
  const keep = join(outside, `${DEAD}-copies`);
  mkdirSync(keep);
  writeFileSync(join(keep, 'kept.txt'), 'kept');
  // A file of the project a killed run left read-only, and a link in the project to the outside file.
  const locked = join(root, 'data/raw/a.csv');
  chmodSync(locked, 0o444);
  symlinkSync(secret, join(root, 'link-to-secret'));
  mkdirSync(join(root, '.cursus-runs'));
  writeFileSync(join(root, '.cursus-runs', `read-only.${DEAD}.json`), JSON.stringify([[locked, 0o4777], [secret, 0o777], [join(root, 'link-to-secret'), 0o777], ['relative/path', 0o777], [42, 'x']]));
  symlinkSync(outside, join(root, '.cursus-runs', 'originals'));
  const r = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--format', 'json'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(mode(secret), 0o600, 'the outside file keeps its mode');
  assert.equal(mode(locked), 0o666, 'the project file gets its write permission back, and nothing else');
  assert.deepEqual(readdirSync(outside).sort(), [`${DEAD}-copies`, 'secret.txt'], 'nothing deleted through originals/');
  assert.deepEqual(readdirSync(keep), ['kept.txt']);
});

interface StepJson {
  status: string;
  notes: string[];
  error_message: string | null;
}

/** Mounts a tmpfs (`options`) at `at`; false where this user may not (the test then skips, saying so). */
function mountTmpfs(at: string, options: string): string | undefined {
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at], { encoding: 'utf8' });
  return r.status === 0 ? undefined : (r.stderr || r.error?.message || 'mount failed').trim();
}

test('a full disk (a 1 MiB tmpfs, where this user may mount one): the step runs without a copy of its inputs and says so, and no partial copy is left in the project', (t) => {
  const mnt = tempDir('cursus-runs-tmpfs-');
  const refused = mountTmpfs(mnt, 'size=1m');
  if (refused) return t.skip(`no tmpfs can be mounted here (${refused})`);
  try {
    const root = join(mnt, 'p');
    cpSync(project(), root, { recursive: true });
    // The rest of the disk filled up.
    spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'fill')}`, 'bs=64k', 'count=64'], { encoding: 'utf8' });
    const r = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--no-cache', '--format', 'json'], root);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const step = (JSON.parse(r.stdout) as { script_results: Record<string, StepJson> }).script_results.step;
    assert.ok(step.notes.some((n) => /^The input data could not be copied for the run \(ENOSPC.*free space on the disk/.test(n)), JSON.stringify(step.notes));
    assert.match(step.error_message ?? '', /No space left on device/, 'the script itself could not write its output');
    assert.equal(existsSync(join(root, '.cursus-runs', 'originals')), false, 'no partial copy left');
  } finally {
    spawnSync('umount', [mnt]);
  }
});

test('a read-only .cursus-runs/ (a read-only tmpfs mounted there): the run works, without copies or cache, and says so', (t) => {
  const root = project();
  mkdirSync(join(root, '.cursus-runs'));
  const refused = mountTmpfs(join(root, '.cursus-runs'), 'ro,size=1m');
  if (refused) return t.skip(`no tmpfs can be mounted here (${refused})`);
  try {
    for (let i = 0; i < 2; i++) {
      const r = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--format', 'json'], root);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const report = JSON.parse(r.stdout) as { stats: { cached: number }; script_results: Record<string, StepJson> };
      assert.equal(report.script_results.step.status, 'passed');
      assert.equal(report.stats.cached, 0, 'nothing could be kept, nothing is reused');
      assert.ok(report.script_results.step.notes.some((n) => /^The input data could not be copied for the run \(.*make \.cursus-runs\/ writable/.test(n)), JSON.stringify(report.script_results.step.notes));
    }
    assert.equal(existsSync(join(root, 'out/step/x.txt')), true);
  } finally {
    spawnSync('umount', [join(root, '.cursus-runs')]);
  }
});
