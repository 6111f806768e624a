/** Rule settings per path (like ruff's per-file-ignores) and rule keys that name no rule, in both configuration files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, workspace } from './helpers/cli.js';

const spec = 'script_name: a\nstep_name: b\ncolor: red\n';

function codesByFile(stdout: string): Record<string, string[]> {
  return Object.fromEntries((JSON.parse(stdout) as { file: string; diagnostics: { code: string; severity: string }[] }[]).map((f) => [f.file, f.diagnostics.map((d) => `${d.code} ${d.severity}`)]));
}

test('per-path-rules switch rules off or re-grade them for the files a glob matches', () => {
  const files = { 'legacy/old.spec.yaml': spec, 'legacy/deep/older.spec.yaml': spec, 'new/x.spec.yaml': spec, 'new/strict/y.spec.yaml': spec };
  const yaml = workspace({ ...files, '.cursus-lsp.yaml': 'rules: {S102: info}\nper-path-rules:\n  "legacy/**": {S1: off}\n  "new/strict/": {unknown-key: error}\n' });
  assert.deepEqual(codesByFile(runCli(['check', '--format', 'json', '.'], yaml).stdout), {
    'legacy/deep/older.spec.yaml': [],
    'legacy/old.spec.yaml': [],
    'new/strict/y.spec.yaml': ['S102 error'],
    'new/x.spec.yaml': ['S102 info'],
  });
  const toml = workspace({ ...files, 'pyproject.toml': '[tool.cursus-lsp.per-path-rules]\n"legacy/*.yaml" = { S102 = "off" }\n' });
  const found = codesByFile(runCli(['check', '--format', 'json', '.'], toml).stdout);
  assert.deepEqual(found['legacy/old.spec.yaml'], []);
  assert.deepEqual(found['legacy/deep/older.spec.yaml'], ['S102 warning'], 'a single * stays in its folder');
});

test('every fault of a configuration is named at once, each with the value written and the nearest fix', () => {
  const root = workspace({ 'x.spec.yaml': spec, 'pyproject.toml': '[tool.cursus-lsp]\nsemantic-treshold = 0.8\nexlude = []\ntimeout = "60"\nrules = { D4O5 = "off", C2 = "eror" }\n' });
  const r = runCli(['check', '.'], root);
  assert.equal(r.code, 2);
  // Two unknown keys are two problems (zod reports them as one issue): the count is that of the list.
  assert.match(r.stderr, /pyproject\.toml: 5 problems in the cursus-lsp settings:/);
  assert.equal(r.stderr.split('\n').filter((l) => l.startsWith('  - ')).length, 5, r.stderr);
  assert.match(r.stderr, /unknown key 'exlude'\. Did you mean 'exclude'\?/);
  assert.match(r.stderr, /unknown key 'semantic-treshold'\. Did you mean 'semantic-threshold'\?/);
  assert.match(r.stderr, /'timeout' \("60"\): .*number/);
  assert.match(r.stderr, /'rules\.C2' \("eror"\): expected one of "error", "warning", "info", "hint", "off"\. Did you mean 'error'\?/);
  assert.match(r.stderr, /rules\.D4O5: no rule has this code or name\. Did you mean 'D405'\?/);
});

test('a rule key that names no rule is an error naming the file, the key and the fix', () => {
  const cases: [string, RegExp][] = [
    ['rules: {C299: off}\n', /\.cursus-lsp\.yaml: rules\.C299: no rule has this code or name\. The C codes are C200, .*C212\./],
    ['rules: {unknwn-env-var: off}\n', /rules\.unknwn-env-var: no rule has this code or name\. Did you mean 'unknown-env-var'\?/],
    ['per-path-rules:\n  "a/**": {Z1: off}\n', /per-path-rules\."a\/\*\*"\.Z1: no rule has this code or name\. Use a code \(C207\)/],
    ['per-path-rules:\n  "a/**": {C2: loud}\n', /invalid cursus-lsp setting at 'per-path-rules\.a\/\*\*\.C2'/],
  ];
  for (const [config, message] of cases) {
    const root = workspace({ 'x.spec.yaml': spec, '.cursus-lsp.yaml': config });
    const r = runCli(['check', '.'], root);
    assert.equal(r.code, 2, config);
    assert.match(r.stderr, message);
  }
});
