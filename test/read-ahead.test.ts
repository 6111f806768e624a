/**
 * The language server's read-ahead: the project's contracts and scripts read in a worker thread give the same
 * index as reading them on the main thread (real files, a sample of CPython's standard library, mutated contracts),
 * whether a worker made at the time reads them or the one the server prestarted and warmed up; and a
 * file changed before, during or after the worker read it is seen as it is now.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { cpSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { prestartReader, releaseReader } from '../server/src/workspace/read-ahead.js';
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

/** `prestarted`: the server's way, the worker started (and warmed up) before the project is known. */
async function readAhead(root: string, prestarted = false): Promise<ProjectIndexer> {
  const ix = indexer(root);
  if (prestarted) {
    prestartReader();
    // The worker has warmed up (or is warming up) before it gets the files, as in the server.
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
  for (let i = 0; i < 120; i++) {
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
      assert.equal(worker.readAheadWarm, prestarted, root);
    }
  }
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
  for (const [which, prestarted] of [[0, false], [200, false], [399, false], [0, true], [200, true], [399, true]] as const) {
    const path = join(root, `contracts/step_${which}_contract.py`);
    writeFileSync(path, CONTRACT(which));
    const ix = indexer(root);
    // The server's prestarted worker, still warming up when it gets the files.
    if (prestarted) prestartReader();
    ix.startReadAhead();
    assert.equal(ix.readAheadWarm, prestarted);
    // The editor's file event for a save made while the worker runs (it may have read the file already, or not).
    writeFileSync(path, CONTRACT(which).replace('"METADATA"', '"CONFIG_CHANGED"'));
    ix.invalidate(path);
    await ix.readAheadDone();
    assert.deepEqual(ix.index().contracts.find((c) => c.name === `STEP_${which}_CONTRACT`)?.inputs.map((e) => e.name), ['data', 'CONFIG_CHANGED'], `contract ${which}`);
  }
});

/** A worker thread this process made, and whether (and how) it has ended. */
interface Seen {
  worker: Worker;
  exitCode?: number;
  ended: Promise<number>;
}

/** Every worker thread this process makes until `stop` (Node's `worker_threads` diagnostics channel, published as each is made). */
function watchWorkers(): { seen: Seen[]; stop: () => void } {
  const seen: Seen[] = [];
  const onWorker = (message: unknown) => {
    const { worker } = message as { worker: Worker };
    const entry: Seen = { worker, ended: new Promise((resolve) => worker.once('exit', resolve)) };
    void entry.ended.then((code) => (entry.exitCode = code));
    seen.push(entry);
  };
  diagnostics.subscribe('worker_threads', onWorker);
  return { seen, stop: () => diagnostics.unsubscribe('worker_threads', onWorker) };
}

test('the prestarted worker, never given files, is ended when released; a later read-ahead starts its own, which ends when it has read', async () => {
  const few: Record<string, string> = { 'pyproject.toml': '[project]\nname = "f"\n' };
  for (let i = 0; i < 5; i++) few[`contracts/step_${i}_contract.py`] = CONTRACT(i);
  const root = workspace(few);
  const { seen, stop } = watchWorkers();
  try {
    prestartReader();
    assert.equal(seen.length, 1, 'the prestarted worker is made');
    const prestarted = seen[0];
    assert.equal(prestarted.exitCode, undefined, 'the prestarted worker waits for files');
    // Released (the server's warm-up does so when its project has nothing to read ahead): it has ended when
    // releaseReader resolves.
    await releaseReader();
    assert.notEqual(prestarted.exitCode, undefined, 'the released worker has ended');
    const ix = indexer(root);
    ix.startReadAhead();
    assert.equal(ix.readAheadWarm, false, 'the released worker is not used');
    assert.equal(seen.length, 2, 'the read-ahead makes a worker of its own');
    await ix.readAheadDone();
    assert.equal(seen[1].exitCode, 0, 'the read-ahead\'s worker ended by itself once it had read its files');
    assert.equal(ix.index().contracts.length, 5);
    assert.ok(ix.readAheadTaken > 0);
  } finally {
    stop();
  }
});

test('the prestarted worker, never given files nor released, ends by itself after its idle delay (CURSUS_READER_IDLE_MS, 30 s unset), and is not used after', async () => {
  const IDLE = 1000;
  const { seen, stop } = watchWorkers();
  try {
    // The worker reads the variable from the environment it is made with (a copy of this process's).
    process.env.CURSUS_READER_IDLE_MS = String(IDLE);
    const start = performance.now();
    try {
      prestartReader();
    } finally {
      delete process.env.CURSUS_READER_IDLE_MS;
    }
    assert.equal(seen.length, 1, 'the prestarted worker is made');
    // Nothing keeps this process waiting for it (unref'd): the test does, with a ceiling only a hang reaches.
    let ceiling: NodeJS.Timeout | undefined;
    const code = await Promise.race([seen[0].ended, new Promise((resolve) => (ceiling = setTimeout(resolve, 120_000, 'still running')))]);
    clearTimeout(ceiling);
    assert.equal(code, 0, 'the idle worker ended by itself, cleanly');
    // It waited out its delay (a lower bound: a loaded machine only makes it later).
    assert.ok(performance.now() - start >= IDLE - 20, `ended after ${(performance.now() - start).toFixed(0)} ms, not before its ${IDLE} ms`);
    // The server's read-ahead then starts a worker of its own instead of posting its job to the ended one.
    const few: Record<string, string> = { 'pyproject.toml': '[project]\nname = "i"\n' };
    for (let i = 0; i < 3; i++) few[`contracts/step_${i}_contract.py`] = CONTRACT(i);
    const ix = indexer(workspace(few));
    ix.startReadAhead();
    assert.equal(ix.readAheadWarm, false, 'the ended worker is not used');
    await ix.readAheadDone();
    assert.equal(ix.index().contracts.length, 3);
    assert.ok(ix.readAheadTaken > 0, 'the new worker read the files');

    // Unset, the delay is the default: such a worker is still there well after the short delay above.
    prestartReader();
    const idle = seen[seen.length - 1];
    await new Promise((resolve) => setTimeout(resolve, 2 * IDLE));
    assert.equal(idle.exitCode, undefined, 'a worker made without CURSUS_READER_IDLE_MS waits longer');
    await releaseReader();
    assert.notEqual(idle.exitCode, undefined);
  } finally {
    stop();
  }
});
