// Bundles the compiled CLI (dist/server/src/cli/main.js) into dist/server/src/bundle/: a few files instead of
// hundreds of modules, each subcommand in a chunk loaded when asked for. Node 20 resolves, reads and compiles
// every ES module separately, which was most of a fully cached `cursus-lint run`. bin/cursus-lint.js uses the
// bundle only when it is newer than the compiled sources (a `tsc`-only build falls back to them).
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
  entryPoints: { 'cursus-lint': join(root, 'dist/server/src/cli/main.js') },
  outdir,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's UMD build requires its own files at run time; its ESM build bundles.
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __cursusRequire } from 'node:module'; const require = __cursusRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
