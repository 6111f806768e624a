/**
 * A run that is all cached starts no Python: the interpreter's version check, its module listing and the scripts'
 * syntax verdicts are remembered per project by the interpreter file's identity, and asked again when that file
 * changes or when the cache is off.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, workspace } from './helpers/cli.js';

test('a fully cached run skips the interpreter check; a changed interpreter or --no-cache is asked again', () => {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "p"\n',
    'scripts/step.py': 'import os\ndef main(input_paths, output_paths, environ_vars, job_args):\n    open(os.path.join(output_paths["out"], "x.txt"), "w").write("x")\n',
    'step.pipeline.yaml': 'dag:\n  nodes: [step]\n  edges: []\nscript_specs:\n  step: {script_name: step, step_name: step, input_paths: {}, output_paths: {out: out/step}}\n',
  });
  // A wrapper interpreter that counts how often it is started.
  const log = join(root, 'starts.log');
  const wrapper = join(root, 'python-wrapper');
  writeFileSync(wrapper, `#!/bin/sh\necho start >> '${log}'\nexec python3 "$@"\n`);
  chmodSync(wrapper, 0o755);
  const starts = () => {
    try {
      return readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    } catch {
      return 0;
    }
  };
  const run = (...extra: string[]) => runCli(['run', 'step.pipeline.yaml', '--format', 'json', '--python', wrapper, ...extra], root);

  const startsOf = (...extra: string[]) => {
    const before = starts();
    const r = run(...extra);
    assert.equal(r.code, 0, r.stderr);
    return starts() - before;
  };
  const first = startsOf();
  assert.ok(first >= 2, 'the first run asks the interpreter and runs the script');
  // The first run made the run cache; the next one remembers the interpreter beside it.
  startsOf();
  // A fully cached run starts no Python at all: not the script, not the version check, not the module listing
  // for X604/X605, not the syntax check (all remembered in .cursus-runs).
  const cached = startsOf();
  assert.equal(cached, 0, `a cached run started ${cached} Pythons (the first run started ${first})`);
  assert.equal(startsOf(), 0, 'and so does the next one');

  // The interpreter file changed (a venv recreated, an upgrade): its version and its modules are asked again, once,
  // and the step runs again (its result depended on the interpreter).
  const later = new Date(Date.now() + 5000);
  utimesSync(wrapper, later, later);
  assert.equal(startsOf(), 3, 'a changed interpreter is checked again, lists its modules again and runs the step again');
  assert.equal(startsOf(), 0);

  // --no-cache neither reads nor writes the memory: the check and the script run every time.
  assert.equal(startsOf('--no-cache'), first);
});
