/**
 * The editor's `cursus-lsp.rules` and `cursus-lsp.perPathRules` settings are checked like the configuration
 * file: an unknown rule code or a severity that is not one is told to the user (window/showMessage, with the
 * fix), that entry is left out, and the rest applies.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkSettings, defaultConfig, rulesFor, withSettings } from '../server/src/workspace/config.js';
import { LspClient } from './helpers/lsp.js';
import { workspace } from './helpers/cli.js';

test('unknown codes and bad severities in the editor settings are reported and left out; the rest applies, per path too', () => {
  const { settings, problems } = checkSettings({
    rules: { C2O7: 'off', C207: 'warnign' as 'warning', D405: 'off' },
    perPathRules: { 'legacy/**': { Z9: 'off', C2: 'off' } },
  });
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0], /cursus-lsp\.rules: 'C2O7': no rule has this code or name\. Did you mean 'C207'\? The entry is ignored\./);
  assert.match(problems[1], /cursus-lsp\.rules\.C207: "warnign" is not a severity; use error, warning, info, hint, off\./);
  assert.match(problems[2], /cursus-lsp\.perPathRules\."legacy\/\*\*": 'Z9': no rule has this code or name\./);
  assert.deepEqual(settings.rules, { D405: 'off' });
  const config = withSettings(defaultConfig('/p'), settings);
  assert.equal(rulesFor(config, 'legacy/a.pipeline.yaml').C2, 'off');
  assert.equal(rulesFor(config, 'specs/a.pipeline.yaml').C2, undefined);
  assert.deepEqual(checkSettings({ rules: ['C207'] as unknown as Record<string, 'off'> }).problems, ['the editor setting cursus-lsp.rules must be an object of rule code, prefix or name to a severity; it is ignored.']);
});

test('the server tells the user about a rule setting it cannot use, and applies the others', async () => {
  const root = workspace({ 'pyproject.toml': '[project]\nname = "s"\n' });
  const client = new LspClient(root);
  client.settings = { rules: { D4O5: 'off', D405: 'off' } };
  try {
    await client.initialize(root, { workspace: { configuration: true } });
    const uri = pathToFileURL(join(root, 'a.dag.yaml')).href;
    await client.open(uri, 'dag:\n  nodes: [a, b, c]\n  edges:\n    - [a, b]\n');
    // D405 (c is isolated) is off by the valid entry; the misspelt one is reported.
    const published = await client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'D405'));
    assert.deepEqual(published.diagnostics.map((d) => d.code), []);
    const deadline = Date.now() + 60_000;
    while (!client.messages.some((m) => m.includes('D4O5')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const told = client.messages.filter((m) => m.includes('D4O5'));
    assert.equal(told.length, 1, client.messages.join('\n'));
    assert.match(told[0], /^2: cursus-lsp: the editor setting cursus-lsp\.rules: 'D4O5': no rule has this code or name\. Did you mean 'D405'\?/);
    assert.equal(await client.shutdown(), 0);
  } finally {
    if (client.alive) await client.shutdown().catch(() => undefined);
  }
});
