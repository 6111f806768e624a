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

test('a full disk (a 1 MiB tmpfs, where this user may mount one): the step is not run, the message says why, and no partial copy of the inputs is left in the project', (t) => {
  const mnt = tempDir('cursus-runs-tmpfs-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    t.skip(`no tmpfs can be mounted here (${(mounted.stderr || mounted.error?.message || '').trim()})`);
    return;
  }
  try {
    const root = join(mnt, 'p');
    cpSync(project(), root, { recursive: true });
    // The rest of the disk filled up.
    spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'fill')}`, 'bs=64k', 'count=64'], { encoding: 'utf8' });
    const r = runCli(['run', 'p.pipeline.yaml', '--python', 'python3', '--no-cache'], root);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Not run: the input data could not be protected for the run \(ENOSPC/);
    assert.equal(existsSync(join(root, '.cursus-runs', 'originals')), false, 'no partial copy left');
    assert.equal(existsSync(join(root, 'out', 'step', 'x.txt')), false);
  } finally {
    spawnSync('umount', [mnt]);
  }
});
