/** X604 in the editor, and its install code action: into the project's virtualenv on request, never into a system interpreter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { workspace } from './helpers/cli.js';

interface Action {
  title: string;
  command?: { command: string; arguments: unknown[] };
}

const files = {
  'pyproject.toml': '[project]\nname = "d"\n',
  'scripts/train.py': 'import os\nimport sklearn\n\ndef main(input_paths, output_paths, environ_vars, job_args):\n    pass\n',
  'contracts/train_contract.py': 'from x import ScriptContract\n\nTRAIN_CONTRACT = ScriptContract(\n    entry_point="train.py",\n    expected_input_paths={"data": "/opt/ml/processing/input"},\n    expected_output_paths={},\n    framework_requirements={"scikit-learn": ">=1.0"},\n)\n',
  'data/in/a.csv': 'a\n',
  'train.spec.yaml': 'script_name: train\nstep_name: train\ninput_paths: {data: data/in}\noutput_paths: {}\n',
};

async function openSpec(root: string) {
  const client = new LspClient(root);
  const messages: string[] = [];
  client.connection.onNotification('window/showMessage', (p: { message: string }) => {
    messages.push(p.message);
  });
  await client.initialize(root, { window: { workDoneProgress: true } });
  client.connection.onRequest('window/workDoneProgress/create', () => null);
  const uri = pathToFileURL(join(root, 'train.spec.yaml')).href;
  await client.open(uri, readFileSync(join(root, 'train.spec.yaml'), 'utf8'));
  const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'X604'));
  const x604 = published.diagnostics.find((d) => d.code === 'X604')!;
  const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: x604.range, context: { diagnostics: [x604] } });
  return { client, uri, x604, actions, messages };
}

test('the install action runs the virtualenv\'s own pip with the contract\'s specifier, and X604 goes away', async () => {
  const root = workspace(files);
  assert.equal(spawnSync('python3', ['-m', 'venv', '--without-pip', join(root, '.venv')]).status, 0);
  const lib = join(root, '.venv/lib');
  const site = join(lib, readdirSync(lib)[0], 'site-packages');
  // A stand-in pip (offline): records what it was asked and "installs" sklearn into the same site-packages.
  mkdirSync(join(site, 'pip'));
  writeFileSync(join(site, 'pip/__init__.py'), '');
  writeFileSync(join(site, 'pip/__main__.py'), `import os, sys\nsite = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\nopen(${JSON.stringify(join(root, 'pip-args.txt'))}, "w").write(" ".join(sys.argv[1:]) + "\\n" + sys.executable)\nos.makedirs(os.path.join(site, "sklearn"), exist_ok=True)\nopen(os.path.join(site, "sklearn", "__init__.py"), "w").close()\n`);
  const { client, uri, x604, actions, messages } = await openSpec(root);
  try {
    assert.match(x604.message, /Install the distribution 'scikit-learn' \(it provides 'sklearn'\): pip install 'scikit-learn>=1\.0'\./);
    const install = actions.find((a) => a.title.startsWith('Install '));
    assert.ok(install, JSON.stringify(actions.map((a) => a.title)));
    assert.match(install.title, /^Install scikit-learn>=1\.0 into .*\.venv\/bin\/python$/);
    assert.ok(!existsSync(join(root, 'pip-args.txt')), 'nothing is installed before the action is chosen');
    const r = await client.request<{ installed: boolean }>('workspace/executeCommand', { command: install.command!.command, arguments: install.command!.arguments });
    assert.equal(r.installed, true, messages.join('\n'));
    const [args, exe] = readFileSync(join(root, 'pip-args.txt'), 'utf8').split('\n');
    assert.equal(args, 'install --disable-pip-version-check scikit-learn>=1.0');
    assert.ok(exe.startsWith(join(root, '.venv')), exe);
    await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'X604'));
    assert.ok(messages.some((m) => /installed scikit-learn>=1\.0 into/.test(m)), messages.join('\n'));
  } finally {
    await client.shutdown();
  }
});

test('without a virtualenv the action installs nothing and says why and what to do', async () => {
  const root = workspace(files);
  const { client, actions, messages } = await openSpec(root);
  try {
    const install = actions.find((a) => a.title.startsWith('Install '));
    assert.ok(install, JSON.stringify(actions.map((a) => a.title)));
    assert.match(install.title, /is not a virtualenv: see how\)$/);
    const r = await client.request<{ installed: boolean }>('workspace/executeCommand', { command: install.command!.command, arguments: install.command!.arguments });
    assert.equal(r.installed, false);
    assert.ok(messages.some((m) => /is not a virtualenv, and cursus-lsp installs only into a project's virtualenv, never into a system interpreter\. Create one \(python3 -m venv \.venv/.test(m)), messages.join('\n'));
  } finally {
    await client.shutdown();
  }
});
