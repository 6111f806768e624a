// Bundles the compiled CLI (dist/server/src/cli/main.js) into one script, dist/server/src/bundle/cursus-lint.cjs,
// that bin/cursus-lint.js compiles with V8's code cache (Node 20 has no compile cache for ES modules, and
// resolving, reading and compiling hundreds of modules was most of a fully cached `cursus-lint run`). Each
// subcommand's modules are still evaluated only when it is asked for (esbuild keeps a dynamic import lazy).
// bin/cursus-lint.js uses the bundle only when it is newer than the compiled sources (a `tsc`-only build falls
// back to them).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The bundle sits at the same depth as the compiled sources, so paths relative to a module (package.json, the
// Python harness) resolve the same from both.
const outdir = join(root, 'dist/server/src/bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'dist/server/src/cli/main.js')],
  outfile: join(outdir, 'cursus-lint.cjs'),
  bundle: true,
  platform: 'node',
  // A script (not a module): bin/cursus-lint.js runs it as CommonJS through vm.Script, which takes a code cache.
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's UMD build requires its own files at run time; its ESM build bundles.
  mainFields: ['module', 'main'],
  // The sources are ES modules: their import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__cursusModuleUrl' },
  banner: { js: "var __cursusModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
