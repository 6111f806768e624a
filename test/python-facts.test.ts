/**
 * The interpreter's facts (what it can import, its distributions) as runner/environment.ts reads them: from
 * server/python/cursus_env.py, and from `.cursus-runs/python-facts.json`, where a fully cached `run` finds them
 * on every start. Either may be damaged: a bad answer is a clear problem, a bad remembered one is asked again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { factsFromReply, pythonFacts, PYTHON_FACTS_FILE, readReply } from '../server/src/runner/environment.js';
import { HARNESS_DIR } from '../server/src/runner/python.js';
import { workspace } from './helpers/cli.js';

const answer = (): Record<string, unknown> => JSON.parse(spawnSync('python3', [join(HARNESS_DIR, 'cursus_env.py')], { encoding: 'utf8' }).stdout) as Record<string, unknown>;

test("cursus_env.py's answer is read whole, and a wrong field is named", () => {
  const real = answer();
  const read = readReply({ ...real, extra: 1 });
  assert.equal((read as unknown as Record<string, unknown>).extra, undefined, 'unknown fields are dropped');
  assert.deepEqual(read, real);
  const facts = factsFromReply(real, { command: 'python3', source: 'PATH' });
  assert.ok(facts.stdlib.has('os') && facts.modules.size > 0 && facts.distributions.size === Object.keys(real.distributions as object).length);
  for (const [change, field] of [
    [{ modules: 'os' }, /^modules: expected a list of strings/],
    [{ stdlib: ['os', 3] }, /^stdlib: expected a list of strings/],
    [{ in_venv: 'no' }, /^in_venv: expected true or false/],
    [{ executable: undefined }, /^executable: expected a string/],
    [{ distributions: { numpy: { name: 'numpy' } } }, /^distributions\.numpy: expected a name and a version/],
    [{ top_level: { numpy: 'numpy' } }, /^top_level\.numpy: expected a list of strings/],
    [{ watch: [1] }, /^watch: expected a list of strings/],
  ] as const) {
    assert.throws(() => readReply({ ...real, ...change }), { message: field });
  }
  assert.throws(() => readReply([]), { message: /^the answer: expected an object/ });
});

test('remembered facts that are damaged, of another shape or of another interpreter are not used: Python is asked again', async () => {
  const root = workspace({ 'pyproject.toml': '[project]\nname = "f"\n' });
  mkdirSync(join(root, '.cursus-runs'));
  const file = join(root, PYTHON_FACTS_FILE);
  const choice = { command: 'python3', source: 'PATH' };
  const first = await pythonFacts(choice, root, undefined, 'if-present');
  assert.ok('facts' in first, JSON.stringify(first));
  const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string; stamps: unknown; reply: Record<string, unknown> }[];
  assert.equal(kept.length, 1);
  // A remembered answer with a made-up module, so the test can tell whether it was used.
  const planted = [{ ...kept[0], reply: { ...kept[0].reply, modules: [...(kept[0].reply.modules as string[]), 'cursus_planted_module'] } }];
  const fresh = async () => {
    // Another process (a new command) reads the file: the in-memory answer of this one is set aside.
    const r = await import(`../server/src/runner/environment.js?${Math.random()}`) as { pythonFacts: typeof pythonFacts };
    const got = await r.pythonFacts(choice, root, undefined, 'if-present');
    assert.ok('facts' in got);
    return got.facts.modules.has('cursus_planted_module');
  };
  writeFileSync(file, JSON.stringify(planted));
  assert.equal(await fresh(), true, 'a whole remembered answer is used');
  for (const damaged of ['{not json', JSON.stringify({ key: 'x' }), JSON.stringify([{ ...planted[0], stamps: 'none' }]), JSON.stringify([{ ...planted[0], reply: { ...planted[0].reply, modules: 'os' } }]), JSON.stringify([{ ...planted[0], key: 'another interpreter' }])]) {
    writeFileSync(file, damaged);
    assert.equal(await fresh(), false, `not used: ${damaged.slice(0, 60)}`);
  }
});
