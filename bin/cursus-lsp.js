#!/usr/bin/env node
// Before the server's modules load: V8's young generation grows only as the server decides (young-generation.ts).
import { holdYoungGeneration } from '../dist/server/src/lsp/young-generation.js';

holdYoungGeneration();
const { startServer } = await import('../dist/server/src/lsp/server.js');
startServer(process.argv.slice(2));
