/** The rule registry's invariants: unique sorted codes, docs for every rule, a fixture per rule, generated files fresh. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractMarkers, parseSidecar } from './helpers/markers.js';
import { rules } from '../server/src/engine/index.js';
import { runGenerate } from '../server/src/cli/generate.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

test('codes and names are unique and the registry is in catalogue order (S1xx, C2xx, ... R7xx, I8xx)', () => {
  const codes = rules.map((r) => r.meta.code);
  assert.equal(new Set(codes).size, codes.length);
  assert.equal(new Set(rules.map((r) => r.meta.name)).size, rules.length);
  assert.deepEqual(codes, [...codes].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
  for (const r of rules) {
    assert.match(r.meta.code, /^[SCPDMXRIK]\d{3}$/);
    assert.match(r.meta.name, /^[a-z]+(-[a-z]+)*$/);
  }
});

test('every rule has docs with a summary, a reason and examples', () => {
  for (const r of rules) {
    const d = r.meta.docs;
    for (const field of ['summary', 'why', 'bad', 'good'] as const) assert.ok(d[field].trim().length > 10, `${r.meta.code} docs.${field}`);
    assert.notEqual(d.bad, d.good, `${r.meta.code}: bad and good examples are the same`);
  }
});

test('every rule is expected somewhere in the fixtures (a marker or a sidecar line names its code)', () => {
  const expected = new Set<string>();
  const visit = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else if (e.name.endsWith('.expected')) parseSidecar(readFileSync(path, 'utf8')).forEach((x) => expected.add(x.code));
      else if (/\.ya?ml$/.test(e.name)) extractMarkers(readFileSync(path, 'utf8')).expected.forEach((x) => expected.add(x.code));
    }
  };
  visit(fixturesDir);
  const missing = rules.map((r) => r.meta.code).filter((c) => !expected.has(c));
  assert.deepEqual(missing, [], 'rules no fixture exercises');
});

test('schemas/, docs/rules.md and the README rule table are up to date', () => {
  let said = '';
  const code = runGenerate(['--check', repoRoot], (s) => {
    said += s;
  });
  assert.equal(code, 0, said);
});
