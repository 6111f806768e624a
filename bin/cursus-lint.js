#!/usr/bin/env node
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundle (npm run build), compiled with V8's code cache (dist/server/src/cli/code-cache.js), when it is at
// least as new as the compiled sources; otherwise those (a tsc-only build).
const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const argv = process.argv.slice(2);
if (mtime('../dist/server/src/bundle/cursus-lint.cjs') >= mtime('../dist/server/src/cli/main.js')) {
  const { loadCli } = await import('../dist/server/src/cli/code-cache.js');
  const cli = loadCli(fileURLToPath(new URL('../dist/server/src/bundle/cursus-lint.cjs', import.meta.url)), argv);
  process.exitCode = await cli.main(argv);
  cli.save(process.exitCode);
} else {
  const { main } = await import('../dist/server/src/cli/main.js');
  process.exitCode = await main(argv);
}
