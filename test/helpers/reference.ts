/** The stdlib Python readings of CURSUS-TODAY that the TypeScript ports are compared with (test/reference/). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** Runs `test/reference/<script>` with one JSON case a line in, and returns its one JSON answer a line out. */
export function askReference<T>(script: string, cases: unknown[]): T[] {
  const r = spawnSync('python3', [join(repoRoot, 'test/reference', script)], {
    input: cases.map((c) => JSON.stringify(c)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.status, 0, `${script} failed: ${r.stderr || r.error?.message}`);
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as T);
}

/** A seeded source of whole numbers below n (so a failing case can be replayed from its seed). */
export function rng(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}
