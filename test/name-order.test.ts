/** compareNames (the walk's order without ICU) against localeCompare itself, for every pair it may decide. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compareNames, rootOrderLocale } from '../server/src/workspace/name-order.js';
import { repoRoot } from './helpers/paths.js';

const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

function strings(alphabet: string[], maxLength: number): string[] {
  let level = [''];
  const all = [''];
  for (let n = 1; n <= maxLength; n++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c));
    all.push(...level);
  }
  return all;
}

function agree(pairs: Iterable<[string, string]>): void {
  let n = 0;
  for (const [a, b] of pairs) {
    const want = Math.sign(a.localeCompare(b));
    if (Math.sign(compareNames(a, b)) !== want) assert.fail(`compareNames(${JSON.stringify(a)}, ${JSON.stringify(b)}) should be ${want}`);
    n++;
  }
  assert.ok(n > 0);
}

function* allPairs(list: string[]): Generator<[string, string]> {
  for (const a of list) for (const b of list) yield [a, b];
}

test('compareNames orders as localeCompare: every pair of printable characters, short strings of case, digits and punctuation', () => {
  agree(allPairs(printable));
  agree(allPairs(strings(['a', 'A', 'b', 'B', 'z', 'Z', '_', '-', '.', ' ', '0', '9', '~', '$'], 2)));
  agree(allPairs(strings(['a', 'A', '_', '.', '1'], 3)));
});

test('compareNames orders as localeCompare on random file-like names, and leaves other characters to it', () => {
  let seed = 13;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const parts = ['step', 'Step', 'step_', 'a', 'A', '1', '10', '2', '.py', '.PY', '-', '_', '.', ' ', 'x', 'é', 'ß', '\t'];
  const name = () => Array.from({ length: rand(6) }, () => (rand(4) === 0 ? printable[rand(95)] : parts[rand(parts.length)])).join('');
  const pairs: [string, string][] = [];
  for (let i = 0; i < 30_000; i++) {
    const a = name();
    pairs.push([a, rand(3) === 0 ? a + name() : name()]);
  }
  agree(pairs);
  // The walk's sort gives the same order as before.
  const names = pairs.flat().slice(0, 3000);
  assert.deepEqual([...names].sort(compareNames), [...names].sort((a, b) => a.localeCompare(b)));
});

test('the default locale decides whether the root order applies (ICU reads LC_ALL, LC_MESSAGES, LANG), and a tailored one is left to ICU', () => {
  assert.equal(rootOrderLocale({}), true);
  assert.equal(rootOrderLocale({ LANG: 'C.UTF-8' }), true);
  assert.equal(rootOrderLocale({ LANG: 'en_GB.UTF-8' }), true);
  assert.equal(rootOrderLocale({ LANG: 'da_DK.UTF-8' }), false);
  assert.equal(rootOrderLocale({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'da_DK.UTF-8' }), false);
  assert.equal(rootOrderLocale({ LANG: 'da_DK.UTF-8', LC_ALL: 'C' }), true);
  // Danish sorts "aa" as "å", after "z": the comparison in a Danish process is ICU's.
  const module = join(repoRoot, 'dist/server/src/workspace/name-order.js');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { compareNames } from ${JSON.stringify(module)}; console.log(compareNames('aa', 'z'), 'aa'.localeCompare('z'))`], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'da_DK.UTF-8' } });
  const [ours, icu] = r.stdout.trim().split(' ').map(Number);
  assert.equal(ours, icu, r.stderr);
});
