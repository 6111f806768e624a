/**
 * The real editors, headless, with the setups of docs/editors/: Neovim (0.7+) and batch Emacs with eglot. Each
 * runs when the editor is installed (Debian: neovim, emacs-nox elpa-eglot) and is skipped, saying so, when not.
 */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lspBin, repoRoot } from './helpers/paths.js';

/**
 * How long the editor scripts wait for the server (each wait: its start, findings, an answer), in seconds: a
 * ceiling only a hang reaches, on a loaded machine too (an editor's own defaults, 10 s for a request, are not).
 */
const WAIT_S = 120;

function has(command: string, args: string[]): boolean {
  // A slow start under load must not read as "not installed" (the test would be skipped, not run).
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${command} ${args.join(' ')}: ${r.error.message}`);
  return r.status === 0;
}

function workspace(): string {
  const dir = tempDir('cursus-editor-');
  cpSync(join(repoRoot, 'examples'), join(dir, 'ws'), { recursive: true });
  return dir;
}

function run(command: string, args: string[], dir: string, extra: Record<string, string> = {}): Record<string, unknown> {
  const out = join(dir, 'out.json');
  const r = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    // The editor's waits end before this (each reports what it saw); this only ends an editor that hangs.
    timeout: 4 * WAIT_S * 1000,
    env: { ...process.env, CURSUS_WS: join(dir, 'ws'), CURSUS_CHECK_OUT: out, CURSUS_NODE: process.execPath, CURSUS_LSP_BIN: lspBin, CURSUS_EDITOR_WAIT_S: String(WAIT_S), ...extra },
  });
  let text: string;
  try {
    text = readFileSync(out, 'utf8');
  } catch {
    throw new Error(`${command} wrote no result (exit ${r.status}, signal ${r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}

test('Neovim 0.7+ headless with docs/editors/neovim-0.7.lua: one server for two specs, fixes at column 0, code lenses', (t) => {
  if (!has('nvim', ['--version'])) {
    t.skip('nvim is not installed (Debian: apt-get install neovim); the Neovim setup was not tried');
    return;
  }
  const dir = workspace();
  const seen = run('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${join(repoRoot, 'test/editors/neovim-check.lua')}`], dir, { CURSUS_EDITOR_CONFIG: join(repoRoot, 'docs/editors/neovim-0.7.lua') });
  assert.equal(seen.error, undefined, String(seen.error));
  assert.equal(seen.diagnostics, true, 'diagnostics arrived');
  assert.equal(seen.clients, 1, 'two specs of one project share one server');
  assert.ok((seen.actions as string[]).includes("Change to 'XGBoostTraining'"), `fixes at column 0: ${JSON.stringify(seen.actions)}`);
  assert.ok((seen.lenses as string[]).includes('▶ Run pipeline'), `code lenses: ${JSON.stringify(seen.lenses)}`);
});

test('Neovim headless with docs/editors/neovim.lua (0.8+: vim.lsp.start with root_dir): one server per root, fixes at column 0, code lenses', (t) => {
  if (!has('nvim', ['--version'])) {
    t.skip('nvim is not installed (Debian: apt-get install neovim); the Neovim 0.8+ setup was not tried');
    return;
  }
  const dir = workspace();
  // On a Neovim older than 0.8 (Debian 12 has 0.7.2), 0.8's vim.lsp.start and vim.fs are shimmed with 0.8's rules.
  const seen = run('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${join(repoRoot, 'test/editors/neovim-check.lua')}`], dir, {
    CURSUS_EDITOR_CONFIG: join(repoRoot, 'docs/editors/neovim.lua'),
    CURSUS_EDITOR_SHIM: join(repoRoot, 'test/editors/neovim-0.8-shim.lua'),
  });
  t.diagnostic(`Neovim ${String(seen.version)}${String(seen.version).startsWith('0.7') ? ' with the 0.8 API shimmed' : ''}`);
  assert.equal(seen.error, undefined, String(seen.error));
  assert.equal(seen.diagnostics, true, 'diagnostics arrived');
  assert.equal(seen.clients, 1, 'two specs of one project share one server');
  assert.ok((seen.actions as string[]).includes("Change to 'XGBoostTraining'"), `fixes at column 0: ${JSON.stringify(seen.actions)}`);
  assert.ok((seen.lenses as string[]).includes('▶ Run pipeline'), `code lenses: ${JSON.stringify(seen.lenses)}`);
});

test('Emacs batch with eglot: findings in flymake, code actions at point, plain-text hover, only declared requests', (t) => {
  if (!has('emacs', ['--batch', '-q', '--eval', "(progn (package-initialize) (require 'eglot))"])) {
    t.skip('emacs with eglot is not installed (Debian: apt-get install emacs-nox elpa-eglot); the eglot setup was not tried');
    return;
  }
  const dir = workspace();
  const seen = run('emacs', ['--batch', '-q', '-l', join(repoRoot, 'test/editors/eglot-check.el')], dir);
  assert.equal(seen.error, undefined, String(seen.error));
  assert.ok((seen.diagnostics as number) > 0, 'findings reached flymake');
  assert.ok((seen.actions as string[]).includes("Change to 'XGBoostTraining'"), `code actions: ${JSON.stringify(seen.actions)}`);
  assert.equal(seen.preferredKeys, 1, 'isPreferred is sent only on the one preferred fix');
  assert.equal(seen.hoverKind, 'plaintext', 'eglot 1.9 declares plain-text hover');
  assert.deepEqual([...(seen.serverRequests as string[])].sort(), ['client/registerCapability', 'workspace/configuration'], 'eglot 1.9 declares both');
});
