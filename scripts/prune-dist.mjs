// Before each build: removes compiled files in dist/ whose TypeScript source is gone (a deleted or renamed
// module, a deleted test), so a stale test or module never runs from an old build. tsc does not do this.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

function prune(dir) {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) {
      prune(abs);
      continue;
    }
    const m = /^(.*)\.js(\.map)?$/.exec(e.name);
    if (!m) continue;
    const source = join(root, relative(dist, dir), `${m[1]}.ts`);
    if (!existsSync(source)) rmSync(abs, { force: true });
  }
}

for (const top of ['server', 'test', 'bench']) prune(join(dist, top));
