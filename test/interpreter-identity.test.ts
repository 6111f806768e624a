/**
 * Which Python a command starts, as the remembered results see it (workspace/python-choice.ts interpreterStamp):
 * a fully cached `run` starts no Python, so everything that would make `python3` start another interpreter must
 * change the identity its results are kept under: another interpreter first on PATH, and, behind a pyenv shim
 * (a script whose file never changes), `pyenv shell` (PYENV_VERSION), `pyenv local` (.python-version from the
 * project up), `pyenv global` ($PYENV_ROOT/version), and the selected version rebuilt.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { interpreterStamp } from '../server/src/workspace/python-choice.js';
import { runCli, workspace } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

/**
 * A pyenv layout: a shim as pyenv writes one (it names pyenv and exports PYENV_ROOT), selecting the version the
 * way pyenv does, and versions whose `python3` is `target` (the machine's interpreter, or a plain file).
 */
function fakePyenv(versions: string[], target: (version: string) => string | undefined): { root: string; shims: string } {
  const root = tempDir('cursus-pyenv-');
  const shims = join(root, 'shims');
  mkdirSync(shims);
  writeFileSync(
    join(shims, 'python3'),
    [
      '#!/usr/bin/env bash',
      'set -e',
      `export PYENV_ROOT="${root}"`,
      '# A stand-in for `exec "$PYENV_ROOT/libexec/pyenv" exec "$program" "$@"`: the version pyenv would select.',
      'v="${PYENV_VERSION:-}"',
      'if [ -z "$v" ]; then d="$PWD"; while [ -n "$d" ]; do if [ -f "$d/.python-version" ]; then v=$(head -n1 "$d/.python-version"); break; fi; d="${d%/*}"; done; fi',
      '[ -n "$v" ] || v=$(head -n1 "$PYENV_ROOT/version")',
      'exec "$PYENV_ROOT/versions/$v/bin/python3" "$@"',
      '',
    ].join('\n'),
  );
  chmodSync(join(shims, 'python3'), 0o755);
  for (const v of versions) {
    mkdirSync(join(root, 'versions', v, 'bin'), { recursive: true });
    const t = target(v);
    if (t) symlinkSync(t, join(root, 'versions', v, 'bin/python3'));
    else writeFileSync(join(root, 'versions', v, 'bin/python3'), `\x7fELF python ${v}`);
  }
  writeFileSync(join(root, 'version'), `${versions[0]}\n`);
  return { root, shims };
}

/** An environment with no pyenv or virtualenv of the machine's in it, the shims first on PATH. */
function pyenvEnv(shims: string, root: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: `${shims}${delimiter}${process.env.PATH ?? ''}`, PYENV_ROOT: root, PYENV_VERSION: '', PYENV_DIR: '', VIRTUAL_ENV: '', CURSUS_PYTHON: '', ...extra };
}

test("a pyenv shim's identity is the version pyenv selects: shell, local (from the folder up) and global, whatever says it", () => {
  const { root, shims } = fakePyenv(['a', 'b'], () => undefined);
  const project = workspace({ 'src/x.txt': '' });
  const env = (extra: Record<string, string> = {}) => ({ ...process.env, ...pyenvEnv(shims, root, extra) });
  const stamp = (cwd: string, extra: Record<string, string> = {}) => interpreterStamp('python3', cwd, env(extra));
  const global = stamp(project);
  assert.ok(global?.startsWith(join(shims, 'python3')), global);
  assert.notEqual(stamp(project, { PYENV_VERSION: 'b' }), global, '`pyenv shell b` is another interpreter');
  assert.equal(stamp(project, { PYENV_VERSION: 'a' }), global, 'naming the global version is the same one');

  writeFileSync(join(project, '.python-version'), '# pinned\nb\n');
  const local = stamp(join(project, 'src'));
  assert.equal(local, stamp(project, { PYENV_VERSION: 'b' }), '`pyenv local b` (found from a subfolder) equals `pyenv shell b`');
  assert.equal(stamp(join(project, 'src'), { PYENV_VERSION: 'a' }), global, 'PYENV_VERSION wins over .python-version');
  const elsewhere = workspace({});
  writeFileSync(join(elsewhere, '.python-version'), 'a\n');
  assert.equal(stamp(project, { PYENV_DIR: elsewhere }), global, 'PYENV_DIR is looked at first');
  rmSync(join(project, '.python-version'));

  writeFileSync(join(root, 'version'), 'b\n');
  assert.equal(stamp(project), local, '`pyenv global b`');
  writeFileSync(join(root, 'versions/b/bin/python3'), '\x7fELF python b, rebuilt');
  assert.notEqual(stamp(project), local, 'the selected version rebuilt');
  writeFileSync(join(root, 'version'), 'c\n');
  assert.match(stamp(project) ?? '', /c: not installed/, 'a version that is not installed is still told apart');
});

test("a pyenv version named by a prefix (3.12) follows the installed versions it could pick; the shim's own PYENV_ROOT wins over the environment's", () => {
  const { root, shims } = fakePyenv(['3.12.1', '3.13.0'], () => undefined);
  const project = workspace({ 'src/x.txt': '' });
  const stamp = (extra: Record<string, string> = {}) => interpreterStamp('python3', project, { ...process.env, ...pyenvEnv(shims, root, extra) });
  writeFileSync(join(root, 'version'), '3.12\n');
  const before = stamp();
  assert.match(before ?? '', /3\.12: not installed; prefix of \[3\.12\.1=/, before);
  assert.match(stamp({ PYENV_VERSION: 'python-3.12' }) ?? '', /prefix of \[3\.12\.1=/, 'python-3.12 is the same prefix');
  mkdirSync(join(root, 'versions/3.12.99/bin'), { recursive: true });
  writeFileSync(join(root, 'versions/3.12.99/bin/python3'), '\x7fELF python 3.12.99');
  assert.notEqual(stamp(), before, 'a newer 3.12.x installed is another interpreter for `3.12`');
  const withNewer = stamp();
  writeFileSync(join(root, 'versions/3.12.99/bin/python3'), '\x7fELF python 3.12.99, rebuilt');
  assert.notEqual(stamp(), withNewer, 'the newer 3.12.x rebuilt');

  // A real shim exports its own PYENV_ROOT unconditionally: a stale PYENV_ROOT in the environment changes nothing.
  writeFileSync(join(root, 'version'), '3.12.1\n');
  const global = stamp({ PYENV_ROOT: join(root, 'nowhere') });
  writeFileSync(join(root, 'version'), '3.13.0\n');
  assert.notEqual(stamp({ PYENV_ROOT: join(root, 'nowhere') }), global, '`pyenv global` is seen under the shim\'s root');
});

test("pyenv's `system` is the first interpreter on PATH that is not a shim; other wrappers change with the environment", () => {
  const { root, shims } = fakePyenv(['a'], () => undefined);
  const project = workspace({});
  const sys1 = workspace({ 'python3': '\x7fELF system one' });
  const sys2 = workspace({ 'python3': '\x7fELF system two' });
  const withPath = (...dirs: string[]) => ({ ...process.env, ...pyenvEnv(shims, root, { PYENV_VERSION: 'system' }), PATH: [shims, ...dirs].join(delimiter) });
  assert.notEqual(interpreterStamp('python3', project, withPath(sys1)), interpreterStamp('python3', project, withPath(sys2)));
  assert.equal(interpreterStamp('python3', project, withPath(sys1)), interpreterStamp('python3', project, withPath(sys1)));

  // A wrapper that is not pyenv's (asdf, a script of the user's): any variable may decide, and version files.
  const wrapper = workspace({ 'python3': '#!/bin/sh\nexec "$MY_PYTHON" "$@"\n' });
  const env = (extra: Record<string, string>) => ({ PATH: wrapper, MY_PYTHON: '/usr/bin/python3', SHLVL: '1', ...extra });
  const base = interpreterStamp('python3', project, env({}));
  assert.notEqual(interpreterStamp('python3', project, env({ MY_PYTHON: '/opt/python3' })), base, 'a variable the wrapper reads');
  assert.equal(interpreterStamp('python3', project, env({ SHLVL: '2' })), base, 'shell noise is not a change');
  writeFileSync(join(project, '.tool-versions'), 'python 3.12.1\n');
  assert.notEqual(interpreterStamp('python3', project, env({})), base, "asdf's .tool-versions");

  // The interpreter itself (not a script): its file alone, as before; PATH entries that are not folders (or
  // cannot be searched: another user's) are passed over, as a shell does.
  const binary = workspace({ 'python3': '\x7fELF' });
  const plain = interpreterStamp('python3', project, { PATH: binary });
  assert.ok(plain !== undefined && plain.split('\0').length === 4, plain);
  assert.equal(interpreterStamp('python3', join(binary, 'python3'), { PATH: [join(binary, 'python3'), binary].join(delimiter) }), plain);
});

test('a fully cached run re-runs its steps for another Python: a pyenv shell, local or global switch, or another python3 first on PATH', () => {
  const real = spawnSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], { encoding: 'utf8' }).stdout.trim();
  assert.ok(real, 'python3 runs');
  const { root, shims } = fakePyenv(['a', 'b', 'c'], () => real);
  const project = workspace({
    'pyproject.toml': '[project]\nname = "p"\n',
    'data/raw/seed.txt': 'seed',
    'scripts/one.py': 'import os\ndef main(input_paths, output_paths, environ_vars, job_args):\n    open(os.path.join(output_paths["data"], "v.txt"), "w").write("x")\n',
    'p.pipeline.yaml': 'script_specs:\n  one: {script_name: one, step_name: one, input_paths: {data: data/raw}, output_paths: {data: out/one}}\n',
  });
  const runWith = (env: Record<string, string>) => {
    const r = runCli(['run', 'p.pipeline.yaml', '--format', 'json'], project, { CURSUS_LINT_RUN_MEMO: 'explain', ...env });
    assert.equal(r.code, 0, r.stderr);
    const { stats } = JSON.parse(r.stdout) as { stats: { executed: number; cached: number } };
    if (r.stderr.includes('run memory: every observation holds')) return 'remembered';
    return stats.executed === 1 && stats.cached === 0 ? 'ran' : stats.executed === 0 && stats.cached === 1 ? 'cached' : JSON.stringify(stats);
  };
  const run = (extra: Record<string, string> = {}) => runWith(pyenvEnv(shims, root, extra));
  // A result is reused only while its outputs are the files its run wrote: after another interpreter's run
  // rewrote them, going back runs again too; the interpreter whose run wrote them last finds its result.
  assert.equal(run(), 'ran');
  // Unchanged runs until one is shown again whole from what the last one observed (cli/run-memo.ts): the
  // switches below must be seen through that memory too.
  let again = run();
  for (let i = 0; i < 8 && again === 'cached'; i++) again = run();
  assert.equal(again, 'remembered');
  writeFileSync(join(root, 'version'), 'b\n');
  assert.equal(run(), 'ran', '`pyenv global b`');
  assert.equal(run({ PYENV_VERSION: 'c' }), 'ran', '`pyenv shell c`');
  writeFileSync(join(project, '.python-version'), 'c\n');
  assert.equal(run(), 'cached', '`pyenv local c` is the Python `pyenv shell c` started');
  writeFileSync(join(project, '.python-version'), 'a\n');
  assert.equal(run({ PYENV_VERSION: 'c' }), 'cached', '`pyenv shell c` wins over `pyenv local a`');
  assert.equal(run(), 'ran', '`pyenv local a`');
  rmSync(join(project, '.python-version'));
  assert.equal(run(), 'ran', 'global b again');
  assert.equal(run({ PYENV_VERSION: 'b' }), 'cached', '`pyenv shell b` is global b');

  // Another python3 first on PATH (a folder of its own, linking to the same interpreter file under another name).
  const other = tempDir('cursus-path-');
  symlinkSync(real, join(other, 'python3'));
  assert.equal(runWith({ ...pyenvEnv(shims, root), PATH: `${other}${delimiter}${shims}${delimiter}${process.env.PATH ?? ''}` }), 'ran', 'another python3 first on PATH');
  assert.equal(runWith({ ...pyenvEnv(shims, root), PATH: `${other}${delimiter}${process.env.PATH ?? ''}` }), 'cached', 'the same python3 first on PATH again');
});
