#!/usr/bin/env node
// The `cursus-lint` command (package.json "bin"). CommonJS, so that starting it takes Node's CommonJS loader only:
// the ES module loader costs a fully cached `run` several milliseconds more. It runs the bundle
// (dist/server/src/bundle/cursus-lint.cjs) through load-cli.cjs (server/src/cli/code-cache.ts: V8's code cache, and
// a fully cached `run` shown again from what it observed, cli/run-memo.ts) when the bundle is at least as new as
// the compiled sources; otherwise those (a tsc-only build).
'use strict';
const { statSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '../dist/server/src/bundle/cursus-lint.cjs');
const mtime = (p) => statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const argv = process.argv.slice(2);
if (mtime(bundle) >= mtime(join(__dirname, '../dist/server/src/cli/main.js'))) {
  const { runCli } = require('../dist/server/src/bundle/load-cli.cjs');
  runCli(bundle, argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // main reports its own errors; this is one it could not (exit 2: an internal error, with the message).
      process.stderr.write(`cursus-lint: internal error: ${e && e.stack ? e.stack : String(e)}\n`);
      process.exitCode = 2;
    },
  );
} else {
  import('../dist/server/src/cli/main.js').then(async ({ main }) => {
    process.exitCode = await main(argv);
  });
}
