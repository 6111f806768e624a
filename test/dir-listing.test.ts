/** Existence from folder listings answers exactly as a stat of each path would, links and odd entries included. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listingExists } from '../server/src/workspace/dir-listing.js';
import { tempDir } from './helpers/temp.js';

test('listing-based existence agrees with existsSync: files, folders, missing paths below missing folders, files used as folders, links', () => {
  const root = tempDir('cursus-lsp-listing-');
  mkdirSync(join(root, 'data/in'), { recursive: true });
  writeFileSync(join(root, 'data/in/a.csv'), 'a\n');
  writeFileSync(join(root, 'file.txt'), 'x');
  mkdirSync(join(root, 'elsewhere'));
  writeFileSync(join(root, 'elsewhere/b.csv'), 'b\n');
  symlinkSync(join(root, 'elsewhere'), join(root, 'data/linked'));
  symlinkSync(join(root, 'nowhere'), join(root, 'data/broken'));
  const exists = listingExists(60_000);
  const paths = ['', 'data', 'data/in', 'data/in/a.csv', 'data/in/missing.csv', 'data/out/x/y/z', 'missing/deeper/still', 'file.txt', 'file.txt/below', 'data/linked', 'data/linked/b.csv', 'data/linked/none', 'data/broken', 'data/broken/x', 'Data/in', 'data/in/A.csv', 'data/./in', 'data/../data/in/a.csv'];
  for (const rel of paths) {
    const abs = join(root, rel);
    assert.equal(exists(abs), existsSync(abs), rel || '(root)');
  }
  // A listing is trusted for its time to live: a file created since is seen once it expires.
  const fresh = listingExists(0);
  assert.equal(fresh(join(root, 'data/in/new.csv')), false);
  writeFileSync(join(root, 'data/in/new.csv'), '');
  assert.equal(fresh(join(root, 'data/in/new.csv')), true);
});
