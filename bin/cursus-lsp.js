#!/usr/bin/env node
// Before the server's modules load: V8's young generation grows only as the server decides (young-generation.ts),
// and, when it is to serve, the worker that reads the project's contracts and scripts starts loading and warming
// up meanwhile (read-ahead.ts).
import { capYoungGeneration, holdYoungGeneration } from '../dist/server/src/workspace/young-generation.js';
import { prestartReader } from '../dist/server/src/workspace/read-ahead.js';

holdYoungGeneration();
const argv = process.argv.slice(2);
if (!argv.includes('--version') && argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  // The cap watches for worker threads (each resets V8's growth factor) before the first one is made.
  capYoungGeneration();
  prestartReader();
}
const { startServer } = await import('../dist/server/src/lsp/server.js');
startServer(argv);
