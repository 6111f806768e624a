/** Files the tool keeps (caches, remembered answers, reports) are written whole or not at all, leaving no temporary file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

test('writeAtomic never writes through a symbolic link left at its temporary name, nor through one at the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cursus-atomic-'));
  try {
    const outside = join(dir, 'outside.txt');
    writeFileSync(outside, 'precious');
    mkdirSync(join(dir, 'project'));
    const file = join(dir, 'project', 'cache.json');
    symlinkSync(outside, `${file}.${process.pid}.tmp`);
    writeAtomic(file, 'new');
    assert.equal(readFileSync(outside, 'utf8'), 'precious', 'the link at the temporary name was not written through');
    assert.equal(readFileSync(file, 'utf8'), 'new');
    // A link at the file's own name is replaced by the file, its target left alone.
    const linked = join(dir, 'project', 'linked.json');
    symlinkSync(outside, linked);
    writeAtomic(linked, 'mine');
    assert.equal(readFileSync(outside, 'utf8'), 'precious');
    assert.equal(lstatSync(linked).isSymbolicLink(), false);
    assert.deepEqual(readdirSync(join(dir, 'project')).sort(), ['cache.json', 'linked.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
