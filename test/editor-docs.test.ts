/**
 * The editor setups of docs/editors/ that no editor on this machine can run (Helix is not in Debian 12) are
 * checked for what can be checked without it: the Helix languages.toml is valid TOML, names our command with
 * its --stdio mode, Helix's own language ids and default servers for YAML and JSON, and settings the server
 * reads; the commands the docs give for runs exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { checkSettings } from '../server/src/workspace/config.js';
import { runCli, workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

interface HelixConfig {
  'language-server': Record<string, { command: string; args?: string[]; config?: Record<string, unknown> }>;
  language: { name: string; 'language-servers': string[] }[];
}

test('Helix: docs/editors/helix.md holds a languages.toml that parses and names what exists', () => {
  const doc = readFileSync(join(repoRoot, 'docs/editors/helix.md'), 'utf8');
  const block = /```toml\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(block, 'the doc has a toml block');
  const toml = parse(block) as unknown as HelixConfig;
  const server = toml['language-server']['cursus-lsp'];
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(server.command, 'cursus-lsp');
  assert.ok(pkg.bin[server.command] && existsSync(join(repoRoot, pkg.bin[server.command])), 'the command is a bin of the package (npm link / npm install -g put it on the PATH)');
  assert.deepEqual(server.args, ['--stdio'], 'stdio, as the LSP tests start the server');
  // What Helix answers to workspace/configuration for section `cursus-lsp`: settings the server uses, all valid.
  const settings = (server.config ?? {})['cursus-lsp'] as Record<string, unknown>;
  assert.ok(settings && Object.keys(settings).length > 0);
  for (const key of Object.keys(settings)) assert.ok(['python', 'semanticThreshold', 'timeout', 'rules', 'perPathRules'].includes(key), `setting ${key} is one the server reads`);
  assert.deepEqual(checkSettings(settings).problems, []);
  // Helix's language ids for these files and its default servers for them (helix-editor/helix languages.toml).
  const helixDefaults: Record<string, string> = { yaml: 'yaml-language-server', json: 'vscode-json-language-server' };
  assert.deepEqual(toml.language.map((l) => l.name).sort(), ['json', 'yaml']);
  for (const l of toml.language) {
    assert.ok(l['language-servers'].includes('cursus-lsp'), `${l.name} runs cursus-lsp`);
    assert.ok(l['language-servers'].includes(helixDefaults[l.name]), `${l.name} keeps Helix's own ${helixDefaults[l.name]}`);
    for (const s of l['language-servers']) assert.ok(s === helixDefaults[l.name] || s in toml['language-server'], `${s} is defined`);
  }
});

test('the run commands the editor docs give for clients without code lenses work on a spec', () => {
  const helix = readFileSync(join(repoRoot, 'docs/editors/helix.md'), 'utf8');
  const emacs = readFileSync(join(repoRoot, 'docs/editors/emacs.md'), 'utf8');
  assert.match(helix, /:sh cursus-lint run %\{buffer_name\}/);
  assert.match(emacs, /cursus-lint run path\/to\/spec\.yaml/);
  const root = workspace({
    'pyproject.toml': '[project]\nname = "d"\n',
    'scripts/hello.py': 'def main(input_paths, output_paths, environ_vars, job_args):\n    print("hello")\n',
    'hello.spec.yaml': 'script_name: hello\nstep_name: hello\ninput_paths: {}\noutput_paths: {}\nenviron_vars: {}\njob_args: {}\n',
  });
  const r = runCli(['run', 'hello.spec.yaml', '--node', 'hello'], root);
  const whole = runCli(['run', 'hello.spec.yaml'], root);
  assert.equal(whole.code, 0, whole.stdout + whole.stderr);
  assert.match(whole.stdout, /hello/);
  assert.notEqual(r.code, 2, `--node is understood: ${r.stderr}`);
});
