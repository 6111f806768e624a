#!/usr/bin/env node
import { statSync } from 'node:fs';

// The bundle (npm run build) when it is at least as new as the compiled sources; otherwise those (a tsc-only build).
const mtime = (rel) => statSync(new URL(rel, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundled = mtime('../dist/server/src/bundle/cursus-lint.js') >= mtime('../dist/server/src/cli/main.js');
const { main } = bundled ? await import('../dist/server/src/bundle/cursus-lint.js') : await import('../dist/server/src/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
