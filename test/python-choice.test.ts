/** Which Python runs user code: --python, the setting, CURSUS_PYTHON, an active virtualenv, .venv, then python3. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkPython, choosePython } from '../server/src/runner/python.js';
import { workspace } from './helpers/cli.js';

test('the interpreter is chosen in the documented order', () => {
  const venv = workspace({ 'bin/python': '#!/bin/sh\n' });
  const root = workspace({ '.venv/bin/python': '#!/bin/sh\n' });
  const bare = workspace({});
  const env = { CURSUS_PYTHON: '/opt/py/bin/python3', VIRTUAL_ENV: venv };
  assert.deepEqual(choosePython({ explicit: '/x/python', setting: '/y/python', root, env }), { command: '/x/python', source: '--python' });
  assert.deepEqual(choosePython({ setting: '/y/python', root, env }), { command: '/y/python', source: 'the python setting' });
  assert.deepEqual(choosePython({ root, env }), { command: '/opt/py/bin/python3', source: 'CURSUS_PYTHON' });
  assert.deepEqual(choosePython({ root, env: { VIRTUAL_ENV: venv } }), { command: join(venv, 'bin/python'), source: 'the active virtualenv' });
  assert.deepEqual(choosePython({ root, env: {} }), { command: join(root, '.venv/bin/python'), source: '.venv' });
  assert.deepEqual(choosePython({ root: bare, env: {} }), { command: 'python3', source: 'PATH' });
});

test('a missing or broken interpreter is a clear sentence, not a hang', async () => {
  const broken = workspace({ 'python': '#!/bin/sh\necho "2.7.18"\n' });
  const missing = await checkPython({ command: '/nonexistent/python3', source: 'CURSUS_PYTHON' }, broken);
  assert.match(missing ?? '', /'\/nonexistent\/python3' \(from CURSUS_PYTHON\) cannot be started/);
  const { chmodSync } = await import('node:fs');
  chmodSync(join(broken, 'python'), 0o755);
  const old = await checkPython({ command: join(broken, 'python'), source: 'the python setting' }, broken);
  assert.match(old ?? '', /is not Python 3\.8\+ \(it said: 2\.7\.18\)/);
  assert.equal(await checkPython({ command: 'python3', source: 'PATH' }, broken), undefined);
});
