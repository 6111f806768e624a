// Lint config. The layer arrows of DESIGN section 10 are enforced here, so nobody has to remember them.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'execa', 'net', 'node:net'];
const lspModules = ['vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-textdocument', 'vscode-jsonrpc'];

const forbid = (names, layers, why) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message: why })),
      patterns: layers.map((layer) => ({ group: [`**/${layer}/**`, `../${layer}/*`, `../../${layer}/*`], message: why })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'client/out/**', 'client/node_modules/**', 'client/schemas/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/engine/**/*.ts'],
    rules: forbid([...ioModules, ...lspModules], ['lsp', 'cli', 'runner', 'workspace'], 'The engine is pure: no IO, no LSP, and no imports from the layers that use it (STYLE.md habit 1).'),
  },
  {
    files: ['server/src/workspace/**/*.ts'],
    rules: forbid(lspModules, ['lsp', 'cli', 'runner'], 'The workspace layer is shared by CLI and server and knows neither.'),
  },
  {
    files: ['server/src/runner/**/*.ts'],
    rules: forbid(lspModules, ['lsp', 'cli'], 'The runner is used by CLI and server and knows neither.'),
  },
  {
    files: ['server/src/cli/**/*.ts'],
    rules: forbid(lspModules, ['lsp'], 'The CLI does not depend on the language server.'),
  },
  {
    files: ['server/src/lsp/**/*.ts'],
    rules: forbid([], ['cli'], 'The language server does not depend on the CLI.'),
  },
  {
    files: ['bin/*.js', 'eslint.config.js', 'client/build.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['bin/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { process: 'readonly', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
