/** Files the tool keeps (caches, remembered answers, reports) are written whole or not at all, leaving no temporary file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from '../server/src/workspace/write-atomic.js';

test('writeAtomic replaces a file whole, and a write that fails leaves the folder as it was', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cursus-atomic-'));
  try {
    const file = join(dir, 'cache.json');
    writeFileSync(file, 'old');
    writeAtomic(file, 'new');
    assert.equal(readFileSync(file, 'utf8'), 'new');
    // The rename cannot replace a folder: the error reaches the caller and the temporary file is gone.
    const blocked = join(dir, 'blocked');
    mkdirSync(join(blocked, 'inside'), { recursive: true });
    assert.throws(() => writeAtomic(blocked, 'x'));
    assert.deepEqual(readdirSync(dir).sort(), ['blocked', 'cache.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
