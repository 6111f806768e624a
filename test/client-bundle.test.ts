/** The VS Code extension's bundled server (client/out/server.mjs) speaks LSP like the package's, with its assets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient } from './helpers/lsp.js';
import { workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';
import { tempDir } from './helpers/temp.js';
import { reportTarget } from '../client/src/report-target.mjs';

const bundle = join(repoRoot, 'client/out/server.mjs');

test('the extension manifest contributes the server commands and settings, and the .vsix was packaged', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'client/package.json'), 'utf8'));
  assert.deepEqual(manifest.contributes.commands.map((c: { command: string }) => c.command), ['cursus-lsp.loadContracts', 'cursus-lsp.restartServer', 'cursus-lsp.showOutput', 'cursus-lsp.showRunReport']);
  assert.deepEqual(Object.keys(manifest.contributes.configuration.properties), ['cursus-lsp.python', 'cursus-lsp.semanticThreshold', 'cursus-lsp.timeout', 'cursus-lsp.rules', 'cursus-lsp.perPathRules']);
  assert.ok(existsSync(join(repoRoot, 'client/cursus-lsp-vscode.vsix')), 'npm run build packages the extension');
});

test('the extension associates no JSON Schema, so VS Code does not report each fault twice; it starts for step interfaces', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'client/package.json'), 'utf8'));
  // Tried in VS Code 1.100: with the schemas associated, its JSON service reported an unknown key and a number in
  // environ_vars beside the server's S102 and C2xx, and every key showed its description twice.
  assert.equal(manifest.contributes.jsonValidation, undefined);
  assert.equal(manifest.contributes.yamlValidation, undefined);
  assert.ok(manifest.activationEvents.includes('workspaceContains:**/*.step.{yaml,yml}'));
});

test('the bundled server answers diagnostics and links rule docs that exist in the bundle', async () => {
  assert.ok(existsSync(bundle), 'npm run build produces client/out/server.mjs');
  const root = workspace({ 'pyproject.toml': '[project]\nname = "b"\n' });
  const uri = pathToFileURL(join(root, 'b.pipeline.yaml')).href;
  const client = new LspClient(root, bundle);
  try {
    await client.initialize(root);
    await client.open(uri, 'dag:\n  nodes: [a, b]\n  edges: [[a, c]]\nscript_specs:\n  a: {script_name: a, step_name: a}\n  b: {script_name: b, step_name: b}\n');
    const d = await client.diagnostics(uri);
    assert.deepEqual(d.diagnostics.map((x) => x.code), ['D405', 'D400']);
    const href = d.diagnostics[1].codeDescription!.href;
    assert.ok(existsSync(fileURLToPath(href.replace(/#.*$/, ''))), `rule docs at ${href}`);
    // A line fragment: VS Code opens the file at the rule's heading, not at the top of a long page.
    const line = Number(/#L(\d+)$/.exec(href)?.[1]);
    assert.equal(readFileSync(fileURLToPath(href.replace(/#.*$/, '')), 'utf8').split('\n')[line - 1], '## D400', href);
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('the bundled server reads the project\'s contracts in its worker thread (built beside it), not on its main thread', async () => {
  const root = workspace({
    'pyproject.toml': '[project]\nname = "b"\n',
    'contracts/train_contract.py': 'from base import ScriptContract\n\nTRAIN_CONTRACT = ScriptContract(\n    entry_point="train.py",\n    expected_input_paths={"data": "/opt/ml/processing/input/data"},\n)\n',
    'scripts/train.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    return input_paths["data"]\n',
  });
  const uri = pathToFileURL(join(root, 'train.spec.yaml')).href;
  const client = new LspClient(root, bundle);
  try {
    await client.initialize(root);
    await client.open(uri, 'script_name: train\nstep_name: train\ninput_paths:\n  features: data/in\n');
    const d = await client.diagnostics(uri);
    assert.ok(d.diagnostics.some((x) => x.code === 'C202'), JSON.stringify(d.diagnostics.map((x) => x.code)));
    assert.deepEqual(client.logs.filter((l) => /worker thread/.test(l)), []);
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});

test('the extension runs in untrusted workspaces with checks only, and tells the server so', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'client/package.json'), 'utf8'));
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['cursus-lsp.python']);
  const source = readFileSync(join(repoRoot, 'client/src/extension.ts'), 'utf8');
  assert.match(source, /initializationOptions: \{ trusted: vscode\.workspace\.isTrusted[,} ]/, 'the server learns whether it may run user code');
  assert.match(source, /onDidGrantWorkspaceTrust/, 'granting trust restarts the server with runs allowed');
});

test('Show the run report picks the spec in the editor area, not the Output panel that has the focus', () => {
  const spec = 'file:///p/specs/demo.pipeline.yaml';
  assert.equal(reportTarget(undefined, spec, []), spec);
  // The Output panel focused: the active "text editor" is the output channel; the spec is the editor area's active tab.
  assert.equal(reportTarget(undefined, 'output:cursus-lsp.cursus-lsp-vscode.Cursus%20LSP', [spec]), spec);
  // A report page focused: there is no active text editor; the report refreshes its own spec.
  assert.equal(reportTarget('file:///p/specs/failing.pipeline.yaml', undefined, [spec]), 'file:///p/specs/failing.pipeline.yaml');
  assert.equal(reportTarget(undefined, 'untitled:Untitled-1', []), 'untitled:Untitled-1');
  assert.equal(reportTarget(undefined, 'output:x', [undefined, 'git:/p/a.yaml']), undefined);
});

test('scripts/try-vscode.mjs skips, saying what is missing, where code-server and a browser are not installed', () => {
  const empty = tempDir('cursus-no-vscode-');
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts/try-vscode.mjs')], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: empty, CURSUS_TRY_VSCODE: empty },
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^skipped: the extension was not tried in VS Code: code-server \(.*\); puppeteer-core \(.*\); Chromium \(apt-get install chromium, or set CHROMIUM\) not found\.\n$/);
});
