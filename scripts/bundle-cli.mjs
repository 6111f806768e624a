// Bundles the compiled CLI (dist/server/src/cli/main.js) into one script, dist/server/src/bundle/cursus-lint.cjs,
// that bin/cursus-lint.cjs compiles with V8's code cache through load-cli.cjs (server/src/cli/code-cache.ts):
// Node 20 has no compile cache for ES modules, and resolving, reading and compiling hundreds of modules was most
// of a fully cached `cursus-lint run`. Each subcommand's modules are still evaluated only when it is asked for
// (esbuild keeps a dynamic import lazy). bin/cursus-lint.cjs uses the bundle only when it is newer than the
// compiled sources (a `tsc`-only build falls back to them).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyPythonGrammar } from './lazy-python-grammar.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The bundle sits at the same depth as the compiled sources, so paths relative to a module (package.json, the
// Python harness) resolve the same from both.
const outdir = join(root, 'dist/server/src/bundle');
rmSync(outdir, { recursive: true, force: true });

// zod's `locales` namespace holds the error messages of 45 languages, a fifth of the bundle, evaluated at every
// start; the CLI uses none of them (zod's default, English, is set by its own schemas module). `z.locales` is
// left holding English only.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-english-only' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};
// @lezer/python's grammar is built on first use, not at every start: scripts/lazy-python-grammar.mjs.
await build({
  entryPoints: [join(root, 'dist/server/src/cli/main.js')],
  outfile: join(outdir, 'cursus-lint.cjs'),
  bundle: true,
  platform: 'node',
  // A script (not a module): bin/cursus-lint.cjs runs it as CommonJS through vm.Script, which takes a code cache.
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD build requires its own files at run time; its ESM build bundles.
  mainFields: ['module', 'main'],
  // The sources are ES modules: their import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__cursusModuleUrl' },
  banner: { js: "var __cursusModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [zodEnglishOnly, lazyPythonGrammar],
  logLevel: 'warning',
});

// load-cli.cjs reads the bundle as Latin-1 (a copy, not a UTF-8 decoding): esbuild writes non-ASCII
// characters as escapes, and this keeps it so.
const bytes = readFileSync(join(outdir, 'cursus-lint.cjs'));
const wide = bytes.findIndex((b) => b > 0x7f);
if (wide >= 0) throw new Error(`dist/server/src/bundle/cursus-lint.cjs has a non-ASCII byte at ${wide}; load-cli.cjs reads it as Latin-1`);

// The loader itself, CommonJS too: bin/cursus-lint.cjs requires it without starting the ES module loader.
await build({
  entryPoints: [join(root, 'dist/server/src/cli/code-cache.js')],
  outfile: join(outdir, 'load-cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { 'import.meta.url': '__cursusModuleUrl' },
  banner: { js: "var __cursusModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The worker thread that reads a big YAML file's chunks beside the main thread (server/src/cli/parallel-chunks.ts
// starts ./chunk-worker.js beside the module it is in: this file, beside the bundle). An ES module, as the
// compiled one it stands for (the package is "type": "module").
await build({
  entryPoints: [join(root, 'dist/server/src/cli/chunk-worker.js')],
  outfile: join(outdir, 'chunk-worker.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
