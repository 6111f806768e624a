// Builds the extension: bundles it and the server with esbuild, copies the harness, docs and schemas, packages a .vsix.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const out = join(here, 'out');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, 'src/extension.ts')],
  outfile: join(out, 'extension.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});
await build({
  entryPoints: [join(root, 'bin/cursus-lsp.js')],
  outfile: join(out, 'server.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // jsonc-parser's UMD build requires its own files at run time; its ESM build bundles.
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire as __cursusRequire } from 'node:module'; const require = __cursusRequire(import.meta.url);" },
  logLevel: 'warning',
});
// The worker thread that reads a project's contracts and scripts at the server's start, beside the server: it is
// started from the file next to the module that starts it (server/src/workspace/read-ahead.ts).
await build({
  entryPoints: [join(root, 'dist/server/src/workspace/read-worker.js')],
  outfile: join(out, 'read-worker.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});
cpSync(join(root, 'server/python'), join(out, 'python'), { recursive: true });
cpSync(join(root, 'docs/rules.md'), join(out, 'rules.md'));
// No JSON Schemas in the extension: the server checks, completes and hovers those files itself, and VS Code's
// JSON service would report every fault a second time.
rmSync(join(here, 'schemas'), { recursive: true, force: true });

if (!process.argv.includes('--no-package')) {
  const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
  const vsix = join(here, 'cursus-lsp-vscode.vsix');
  // vsce lists every packaged file; a build says one line unless it fails (then everything vsce said).
  try {
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--skip-license', '--out', vsix], { cwd: here, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    process.stderr.write(`${err.stdout ?? ''}${err.stderr ?? ''}`);
    throw err;
  }
  process.stdout.write(`client: packaged ${relative(root, vsix)} (${Math.round(statSync(vsix).size / 1024)} KiB)\n`);
}
