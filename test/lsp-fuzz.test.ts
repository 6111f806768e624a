/**
 * The edit loop over the real server against a fresh check of every version (test/helpers/lsp-fuzz.ts): the
 * findings and quick fixes after each keystroke equal those of the same text opened afresh. A small seeded run
 * here; `CURSUS_FUZZ=1` for thousands of edits on the examples, the fixtures and the shared reference files
 * (`CURSUS_FUZZ_SEED`, `CURSUS_FUZZ_EDITS` to vary it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyProject, FuzzPair, fuzzFile, keepMismatch, referenceProject, targetsIn, type Mismatch, type Target } from './helpers/lsp-fuzz.js';
import { fixturesDir, repoRoot } from './helpers/paths.js';

const HEAVY = Boolean(process.env.CURSUS_FUZZ) && process.env.CURSUS_FUZZ !== '0';
const SEED = Number(process.env.CURSUS_FUZZ_SEED ?? 1);
const EDITS = Number(process.env.CURSUS_FUZZ_EDITS ?? (HEAVY ? 150 : 0));

function report(found: Mismatch[]): string {
  return found
    .map((m) => `${m.target} (seed ${m.seed}, step ${m.step}, ${m.kind}${m.replayed ? ', replayed alone from the text before it' : ''}): written to ${keepMismatch(m)}\n  incremental: ${JSON.stringify(m.incremental).slice(0, 600)}\n  fresh:       ${JSON.stringify(m.fresh).slice(0, 600)}`)
    .join('\n');
}

/** The targets of a copy of the project at `dir`, one after the other, with one pair of servers. */
async function fuzzProject(dir: string, targets: Target[] | undefined, edits: number, seed: number, options: { disk?: boolean } = {}): Promise<Map<string, number>> {
  const root = copyProject(dir);
  const kinds = new Map<string, number>();
  const found: Mismatch[] = [];
  const pair = new FuzzPair(root);
  try {
    await pair.start();
    for (const [i, target] of (targets ?? targetsIn(root)).entries()) {
      const r = await fuzzFile(pair, target, seed + i, edits, options);
      found.push(...r.mismatches);
      for (const [k, n] of r.kinds) kinds.set(k, (kinds.get(k) ?? 0) + n);
    }
  } finally {
    await pair.stop();
  }
  assert.deepEqual(found, [], `the incremental findings differ from a fresh check:\n${report(found)}`);
  return kinds;
}

test('typing into the example spec (LF and CRLF) and its project\'s contracts on disk: the server publishes what a fresh open of each version gives', async () => {
  const examples = join(repoRoot, 'examples');
  const spec: Target = { rel: 'specs/demo.pipeline.yaml', languageId: 'yaml' };
  const kinds = await fuzzProject(examples, [spec, { ...spec, crlf: true }], EDITS || 20, SEED, { disk: true });
  // The run went through the kinds of edit it is meant to (with the seed fixed, this is the same every run).
  assert.ok(kinds.size >= 8, `edits of several kinds: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
});

test('typing into a Cursus 2.9 step interface, DAG JSON and pipeline configuration JSON: the same as a fresh open', async () => {
  const project = join(repoRoot, 'examples/cursus-2.9');
  const targets: Target[] = [
    { rel: 'steps/interfaces/threshold_training.step.yaml', languageId: 'yaml' },
    { rel: 'dags/threshold_e2e.dag.json', languageId: 'json' },
    { rel: 'pipeline_config/config.json', languageId: 'json' },
  ];
  await fuzzProject(project, targets, EDITS || 10, SEED + 200, { disk: true });
});

test('heavy (CURSUS_FUZZ=1): every example, fixture and shared reference file', { skip: !HEAVY && 'set CURSUS_FUZZ=1' }, async () => {
  await fuzzProject(join(repoRoot, 'examples'), undefined, EDITS, SEED + 1000, { disk: true });
  await fuzzProject(join(repoRoot, 'examples'), [{ rel: 'specs/broken.pipeline.yaml', languageId: 'yaml', crlf: true }, { rel: 'specs/demo.pipeline.yaml', languageId: 'yaml', crlf: true }], EDITS, SEED + 2000);
  const shared = referenceProject(fileURLToPath(new URL('../../../../shared/reference/', import.meta.url)));
  if (shared) await fuzzProject(shared.root, shared.targets, EDITS, SEED + 3000);
  for (const [i, name] of readdirSync(fixturesDir).sort().entries()) {
    const dir = join(fixturesDir, name);
    if (statSync(dir).isDirectory()) await fuzzProject(dir, undefined, Math.ceil(EDITS / 5), SEED + 4000 + 100 * i, { disk: true });
  }
});
