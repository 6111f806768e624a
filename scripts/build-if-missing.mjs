// npm postinstall: a fresh clone (or pre-commit installing this repository as a hook) gets the compiled
// server that bin/ runs. Does nothing when it is there already (an installed tarball carries it), and only
// says why when it cannot build (no TypeScript: an install without dev dependencies).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist/server/src/cli/main.js'))) {
  let tsc;
  try {
    tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('cursus-lsp: dist/ is missing and TypeScript is not installed; run `npm ci && npm run build` in the repository.\n');
    process.exit(0);
  }
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
