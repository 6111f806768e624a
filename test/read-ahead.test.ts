/**
 * The language server's read-ahead: the project's contracts and scripts read in a worker thread give the same
 * index as reading them on the main thread (real files, a sample of CPython's standard library, mutated contracts),
 * whether one worker made at the time reads them or the server's prestarted, warmed-up workers share them; and a
 * file changed before, during or after the worker read it is seen as it is now.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { prestartReader, releaseReader, shares, type ReadAheadJob } from '../server/src/workspace/read-ahead.js';
import { workspace } from './helpers/cli.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** An indexer that asks no interpreter (the parser's verdicts): the readings alone are compared. */
function indexer(root: string): ProjectIndexer {
  const ix = new ProjectIndexer(loadConfig(root));
  ix.pythonAllowed = false;
  return ix;
}

/** Everything the index says of the project's Python files: contracts, unread files, each script's reading. */
function everything(ix: ProjectIndexer) {
  const index = ix.index();
  return { contracts: index.contracts, unread: index.unread, scripts: index.scripts.map((s) => [s.path, s.read()]), other: [...index.otherPython].map(([k, v]) => [k, v.map((s) => [s.path, s.read()])]) };
}

/** `prestarted`: the server's way, two workers started (and warmed up) before the project is known. */
async function readAhead(root: string, prestarted = false): Promise<ProjectIndexer> {
  const ix = indexer(root);
  if (prestarted) {
    prestartReader(2);
    // The workers have warmed up (or are warming up) before they get their files, as in the server.
    await new Promise((r) => setTimeout(r, 300));
  }
  ix.startReadAhead();
  await releaseReader();
  assert.ok(ix.readAheadDone(), 'the worker was started');
  await ix.readAheadDone();
  return ix;
}

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONTRACT = (i: number) =>
  `"""Contract ${i}."""\nfrom ..base import ProcessingScriptContract\n\nSTEP_${i}_CONTRACT = ProcessingScriptContract(\n    entry_point="step_${i}.py",\n    expected_input_paths={\n        "data": "/opt/ml/processing/input/data",  # upstream\n        "METADATA": "/opt/ml/processing/input/meta",\n    },\n    expected_output_paths=dict(out="/opt/ml/processing/output"),\n    required_env_vars=["LABEL_FIELD", "TRAIN_RATIO"],\n    optional_env_vars={"SEED": "7"},\n    expected_arguments={"job-type": "training"},\n    description="Step ${i} "\n    "of the test",\n)\n`;
const SCRIPT = (i: number) => `import os\nimport argparse\n\ndef main(input_paths, output_paths, environ_vars, job_args):\n    p = argparse.ArgumentParser()\n    p.add_argument("--job-type")\n    return input_paths["data"], output_paths["out"], environ_vars["LABEL_FIELD"], os.environ.get("SEED_${i}")\n`;

test('the worker\'s readings equal the main thread\'s: the repository\'s real contracts and scripts, CPython\'s standard library as scripts, mutated contracts', async () => {
  const roots: string[] = [join(repo, 'test/workspaces/cursus-repo')];
  for (const name of readdirSync(join(repo, 'test/fixtures'))) {
    const dir = join(repo, 'test/fixtures', name);
    if (statSync(dir).isDirectory() && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.py'))) roots.push(dir);
  }
  // Real Python of every shape: a sample of the interpreter's standard library, read as the project's scripts.
  const stdlib = spawnSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).stdout.trim();
  const lib = workspace({ 'pyproject.toml': '[project]\nname = "lib"\n' });
  const sample = readdirSync(stdlib).filter((f) => f.endsWith('.py')).sort().filter((_, i) => i % 4 === 0);
  assert.ok(sample.length > 20, `a sample of ${stdlib}`);
  for (const f of sample) cpSync(join(stdlib, f), join(lib, 'scripts', f));
  roots.push(lib);
  // Contracts cut and damaged at random places (seeded), beside whole ones.
  const next = random(13);
  const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "m"\n' };
  for (let i = 0; i < 220; i++) {
    let text = CONTRACT(i);
    const cut = Math.floor(next() * text.length);
    if (i % 3 === 1) text = text.slice(0, cut);
    if (i % 3 === 2) text = text.slice(0, cut) + ['(', '"', ')', '\n', '#', '}', '\\'][i % 7] + text.slice(cut + 1);
    files[`contracts/step_${i}_contract.py`] = text;
    files[`scripts/step_${i}.py`] = i % 5 === 0 ? SCRIPT(i).slice(0, Math.floor(next() * 120)) : SCRIPT(i);
  }
  roots.push(workspace(files));
  for (const root of roots) {
    const main = everything(indexer(root));
    for (const prestarted of [false, true]) {
      const worker = await readAhead(root, prestarted);
      const ahead = everything(worker);
      assert.deepStrictEqual(ahead, main, `${root}${prestarted ? ', prestarted workers' : ''}`);
      // The readings compared are the worker's (a worker that read nothing would leave every file to this thread).
      assert.ok(worker.readAheadTaken > 0, `the index took the worker's readings in ${root}`);
      assert.equal(worker.readAheadWorkers.warm, prestarted ? worker.readAheadWorkers.all : 0, root);
    }
  }
  // The mutated project (440 files) was shared between the two prestarted workers.
  const mutated = await readAhead(roots[roots.length - 1], true);
  assert.deepEqual(mutated.readAheadWorkers, { warm: 2, all: 2 });
});

test('a contract changed after the worker read it is read again: by its time and size, and after a file event even when those are unchanged', async () => {
  const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "p"\n' };
  for (let i = 0; i < 50; i++) files[`contracts/step_${i}_contract.py`] = CONTRACT(i);
  const root = workspace(files);
  const path = join(root, 'contracts/step_7_contract.py');
  const inputsOf = (ix: ProjectIndexer) => ix.index().contracts.find((c) => c.name === 'STEP_7_CONTRACT')?.inputs.map((e) => e.name);

  // The index takes the worker's readings and parses none of those files again: one rewritten behind its back
  // with its size and time kept (and no event) still reads as the worker read it, as the index's own cache would.
  // (Whole seconds: a time put back is then exactly the time the worker saw.)
  const keptTime = 1_700_000_000;
  utimesSync(path, keptTime, keptTime);
  let ix = await readAhead(root);
  writeFileSync(path, CONTRACT(7).replace('"data"', '"DATA"'));
  utimesSync(path, keptTime, keptTime);
  assert.deepEqual(inputsOf(ix), ['data', 'METADATA']);

  // Edited (another size) after the worker's reading arrived, with no event: its stamp no longer matches.
  ix = await readAhead(root);
  writeFileSync(path, CONTRACT(7).replace('"data"', '"features_and_more"'));
  assert.deepEqual(inputsOf(ix), ['features_and_more', 'METADATA']);

  // Edited to the same size with its old time put back (a coarse clock): only the file event tells, and it does.
  writeFileSync(path, CONTRACT(7));
  utimesSync(path, keptTime, keptTime);
  const before = statSync(path);
  ix = await readAhead(root);
  writeFileSync(path, CONTRACT(7).replace('"data"', '"info"'));
  utimesSync(path, keptTime, keptTime);
  assert.equal(statSync(path).size, before.size);
  assert.equal(statSync(path).mtimeMs, before.mtimeMs);
  ix.invalidate(path);
  assert.deepEqual(inputsOf(ix), ['info', 'METADATA']);
});

test('a contract changed while the worker is reading is seen, whichever of the two came first', async () => {
  const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "p"\n' };
  for (let i = 0; i < 400; i++) {
    files[`contracts/step_${i}_contract.py`] = CONTRACT(i);
    files[`scripts/step_${i}.py`] = SCRIPT(i);
  }
  const root = workspace(files);
  for (const [which, prestarted] of [[0, false], [200, false], [399, false], [0, true], [200, true], [399, true], [1, true]] as const) {
    const path = join(root, `contracts/step_${which}_contract.py`);
    writeFileSync(path, CONTRACT(which));
    const ix = indexer(root);
    // The server's prestarted pair, warm or still warming up (the file at 1 is the second worker's first).
    if (prestarted) prestartReader(2);
    ix.startReadAhead();
    if (prestarted) assert.deepEqual(ix.readAheadWorkers, { warm: 2, all: 2 });
    // The editor's file event for a save made while the worker runs (it may have read the file already, or not).
    writeFileSync(path, CONTRACT(which).replace('"METADATA"', '"CONFIG_CHANGED"'));
    ix.invalidate(path);
    await ix.readAheadDone();
    assert.deepEqual(ix.index().contracts.find((c) => c.name === `STEP_${which}_CONTRACT`)?.inputs.map((e) => e.name), ['data', 'CONFIG_CHANGED'], `contract ${which}`);
  }
});

test('the prestarted workers share a job by kind, each file once; a small job takes one, and those not taken end', async () => {
  const files: ReadAheadJob['files'] = [];
  for (let i = 0; i < 7; i++) files.push({ abs: `/p/c${i}.py`, rel: `c${i}.py`, kind: 'contract' });
  for (let i = 0; i < 5; i++) files.push({ abs: `/p/s${i}.py`, rel: `s${i}.py`, kind: 'script' });
  const [a, b] = shares({ files, maxBytes: 1 }, 2);
  const count = (job: ReadAheadJob, kind: string) => job.files.filter((f) => f.kind === kind).length;
  assert.deepEqual([count(a, 'contract'), count(b, 'contract'), count(a, 'script'), count(b, 'script')], [4, 3, 3, 2]);
  assert.deepEqual([...a.files, ...b.files].map((f) => f.abs).sort(), files.map((f) => f.abs).sort());

  // A project of a few files: one warm worker reads them; the other is ended, as are both when nothing is read.
  const few: Record<string, string> = { 'pyproject.toml': '[project]\nname = "f"\n' };
  for (let i = 0; i < 5; i++) few[`contracts/step_${i}_contract.py`] = CONTRACT(i);
  const root = workspace(few);
  prestartReader(2);
  const ix = indexer(root);
  ix.startReadAhead();
  assert.deepEqual(ix.readAheadWorkers, { warm: 1, all: 1 });
  await ix.readAheadDone();
  assert.equal(ix.index().contracts.length, 5);
  prestartReader(2);
  const ended = releaseReader();
  await ended;
  // Released workers are gone: a later read-ahead starts its own, cold one.
  const later = indexer(root);
  later.startReadAhead();
  assert.deepEqual(later.readAheadWorkers, { warm: 0, all: 1 });
  await later.readAheadDone();
  assert.deepEqual(later.index().contracts, ix.index().contracts);
});
