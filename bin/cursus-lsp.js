#!/usr/bin/env node
import { startServer } from '../dist/server/src/lsp/server.js';

startServer(process.argv.slice(2));
