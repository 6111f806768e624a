#!/usr/bin/env node
// The same command as bin/cursus-lint.cjs (package.json "bin"), for scripts that name this file.
import './cursus-lint.cjs';
