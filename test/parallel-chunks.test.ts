/**
 * A big YAML file's chunks read on two threads (cli/parallel-chunks.ts, cli/chunk-worker.ts, and the flat encoding
 * of engine/syntax/chunk-codec.ts) give the reading the engine makes alone: the same tree (values, quoting, Python
 * types, offsets), problems and comments; and a worker that fails, is killed, never starts or reads a file that
 * changed since loses nothing: its chunks are read on the main thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { pipelineSpec } from '../bench/generate.js';
import { CHUNKED_FROM, readSpecFile } from '../server/src/engine/file.js';
import { chunkPlan, parseYamlInChunks, type ReadyChunks } from '../server/src/engine/syntax/incremental-yaml.js';
import { parseYaml, parseYamlTreeAt } from '../server/src/engine/syntax/parse-yaml.js';
import { ChunkEncoder, decodeChunks, type EncodedChunks } from '../server/src/engine/syntax/chunk-codec.js';
import { plainTree } from '../server/src/engine/syntax/compact-tree.js';
import type { ParseResult } from '../server/src/engine/syntax/parse.js';
import type { YNode } from '../server/src/engine/syntax/ast.js';
import { digestOf, parallelStats, readChunksInParallel, WORKER, type ChunkJob, type StartWorker } from '../server/src/cli/parallel-chunks.js';
import { rng } from './helpers/reference.js';
import { tempDir } from './helpers/temp.js';
import { repoRoot } from './helpers/paths.js';
import { main } from '../server/src/cli/main.js';

/** A generated pipeline with every kind of scalar the reader makes, flow collections, block scalars and non-ASCII text here and there. */
function variedPipeline(nodes: number, seed: number): string {
  const random = rng(seed);
  const extras = [
    '    ratio: 0.25\n    count: 12\n    big: 12345678901234\n    neg: -7\n',
    '    enabled: true\n    disabled: no\n    nothing: ~\n    empty:\n',
    '    when: 2024-05-01\n    stamp: 2024-05-01 10:20:30\n    inf: .inf\n    nan: .NaN\n',
    "    quoted: \"0.7\"\n    single: 'it''s'\n    octal: 0o17\n    hex: 0x1f\n",
    '    flow: [a, 1, true, {k: v, n: 2}]\n    map: {x: 1.5, y: "q"}\n',
    '    text: |\n      first line\n      second line\n    folded: >-\n      one\n      two\n',
    '    "quoted key": value\n    名前: 値 # 注釈 😀\n    ascii: plain\n',
  ];
  const lines = pipelineSpec(nodes).split('\n');
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    if (/^ {4}step_name: /.test(line) && random(3) === 0) out.push(extras[random(extras.length)].slice(0, -1));
    if (/^ {2}Step\d+_training:$/.test(line) && random(9) === 0) out.push('    # comment: ünïcode — 🚀');
  }
  return out.join('\n');
}

/** The engine's own reading and the given one, compared through plain trees (compact nodes are classes). */
function assertSameReading(label: string, got: ParseResult, want: ParseResult): void {
  assert.deepEqual(plainTree(got.root), plainTree(want.root), `${label}: tree`);
  assert.deepEqual(got.problems, want.problems, `${label}: problems`);
  assert.deepEqual(got.comments, want.comments, `${label}: comments`);
}

/**
 * A stand-in for the worker thread, in this thread: it claims chunks from the end as the real one does, reads
 * them with the same reader, and sends them encoded; `fail` makes it stop after some chunks and report an error
 * (or just end), without sending the part it was on.
 */
function fakeWorker(text: string, fail?: { after: number; how: 'error' | 'exit' }): StartWorker {
  return (job: ChunkJob) => {
    const w = new EventEmitter() as EventEmitter & { terminate: () => Promise<number> };
    w.terminate = async () => 0;
    const claims = new Int32Array(job.claims);
    // Claimed before the main thread starts: the half from the end is this worker's, whatever the machine does.
    const mine: number[] = [];
    for (let i = claims.length - 1; i >= claims.length / 2; i--) if (Atomics.compareExchange(claims, i, 0, WORKER) === 0) mine.push(i);
    setImmediate(() => {
      let encoder = new ChunkEncoder();
      let inPart = 0;
      for (let k = 0; k < mine.length; k++) {
        if (fail && k === fail.after) {
          w.emit(fail.how, fail.how === 'error' ? new Error('worker failed') : 1);
          return;
        }
        const [start, end] = [job.plan[2 * mine[k]], job.plan[2 * mine[k] + 1]];
        const read = parseYamlTreeAt(text.slice(start, end), start, true);
        if (read) encoder.add(start, end, read.root);
        if (++inPart === 16) {
          w.emit('message', encoder.take());
          encoder = new ChunkEncoder();
          inPart = 0;
        }
      }
      if (inPart) w.emit('message', encoder.take());
      w.emit('message', 'done');
    });
    return w as unknown as Worker;
  };
}

function sourceOf(dir: string, name: string, text: string): { path: string; digest: string; bom: boolean } {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, digest: digestOf(Buffer.from(text)), bom: false };
}

test('encoded and decoded, a chunk reads as the reader made it: values, quoting, Python types, flow and offsets', () => {
  for (let seed = 1; seed <= 4; seed++) {
    const text = variedPipeline(120, seed);
    const plan = chunkPlan(text)!;
    assert.ok(plan.length / 2 > 20, 'the text is cut into chunks');
    const encoder = new ChunkEncoder();
    const direct = new Map<number, unknown>();
    for (let i = 0; i < plan.length; i += 2) {
      const read = parseYamlTreeAt(text.slice(plan[i], plan[i + 1]), plan[i], true);
      if (!read) continue;
      encoder.add(plan[i], plan[i + 1], read.root);
      direct.set(plan[i], plainTree(read.root));
    }
    let decoded = 0;
    decodeChunks(encoder.take(), (start, end, root) => {
      decoded++;
      assert.deepEqual(plainTree(root), direct.get(start), `seed ${seed}: chunk at ${start}`);
      assert.ok(end > start);
    });
    assert.equal(decoded, direct.size);
    assert.ok(decoded > 0);
  }
});

test('chunks read ahead by a worker give the whole-file reading, and each is used where the engine asks for it', async () => {
  const dir = tempDir('cursus-parallel-');
  for (let seed = 1; seed <= 3; seed++) {
    const text = variedPipeline(400, seed);
    const ready = await readChunksInParallel(text, sourceOf(dir, `p${seed}.yaml`, text), fakeWorker(text));
    assert.ok(ready, 'read in parallel');
    assert.ok(parallelStats.worker > 0 && parallelStats.main > 0, JSON.stringify(parallelStats));
    assertSameReading(`seed ${seed}`, parseYamlInChunks(text, ready), parseYaml(text));
    // Every chunk read ahead was asked for (the plan is the engine's cutting), none twice.
    assert.equal(parallelStats.used, parallelStats.worker + parallelStats.main, JSON.stringify(parallelStats));
  }
});

test('a worker that fails, ends early or cannot be started loses no chunk: the engine reads the rest', async () => {
  const dir = tempDir('cursus-parallel-');
  const text = variedPipeline(400, 7);
  const source = sourceOf(dir, 'p.yaml', text);
  const whole = parseYaml(text);
  for (const start of [fakeWorker(text, { after: 40, how: 'error' }), fakeWorker(text, { after: 25, how: 'exit' }), fakeWorker(text, { after: 0, how: 'error' })]) {
    const ready = await readChunksInParallel(text, source, start);
    assertSameReading('failed worker', parseYamlInChunks(text, ready), whole);
    // What the worker claimed and never sent was read by the engine itself.
    assert.ok(parallelStats.used < parallelStats.main + parallelStats.worker + 1 && parallelStats.used <= chunkPlan(text)!.length / 2);
  }
  const noWorker: StartWorker = () => {
    throw new Error('no threads here');
  };
  assertSameReading('no worker', parseYamlInChunks(text, await readChunksInParallel(text, source, noWorker)), whole);
});

test('the real worker thread: the same reading of a big file, also when killed at once or when the file changed after it was read', async () => {
  const dir = tempDir('cursus-parallel-');
  // Over CHUNKED_FROM, so that readSpecFile reads it in chunks (as the CLI does), with non-ASCII text in it.
  const text = variedPipeline(2600, 11);
  assert.ok(text.length >= CHUNKED_FROM);
  const source = sourceOf(dir, 'big.pipeline.yaml', text);
  const alone = readSpecFile('big.pipeline.yaml', text)!;
  const check = async (label: string, ready: ReadyChunks | undefined) => {
    const file = readSpecFile('big.pipeline.yaml', text, undefined, undefined, ready)!;
    assertSameReading(label, file.parsed, alone.parsed);
    assert.deepEqual(file.model, alone.model, `${label}: model`);
  };
  await check('real worker', await readChunksInParallel(text, source));
  const killed: StartWorker = (job) => {
    const w = new Worker(new URL('../server/src/cli/chunk-worker.js', import.meta.url), { workerData: job });
    void w.terminate();
    return w;
  };
  await check('killed worker', await readChunksInParallel(text, source, killed));
  // The file on disk changed after this thread read it (the same length, in the worker's first chunk): the worker
  // finds other bytes and reads nothing.
  const at = text.lastIndexOf('job_type: training');
  writeFileSync(source.path, `${text.slice(0, at)}job_type: trainin2${text.slice(at + 18)}`);
  const changed = await readChunksInParallel(text, source);
  assert.equal(parallelStats.worker, 0, 'no chunk of another text');
  await check('file changed', changed);
  // A text with a syntax error in a chunk: that chunk is left to the engine (its repair needs the whole text).
  const broken = text.replace('    step_name: Step1200_training\n', '    step_name: "Step1200_training\n');
  const brokenSource = sourceOf(dir, 'broken.pipeline.yaml', broken);
  const brokenAlone = readSpecFile('broken.pipeline.yaml', broken)!;
  const brokenFile = readSpecFile('broken.pipeline.yaml', broken, undefined, undefined, await readChunksInParallel(broken, brokenSource))!;
  assert.ok(brokenAlone.parsed.problems.length > 0);
  assertSameReading('syntax error', brokenFile.parsed, brokenAlone.parsed);
});

test('the worker the CLI ships (its bundle, as bin/cursus-lint.cjs runs it) reads every chunk it is given, as the engine reads it', async () => {
  // The CLI's own worker file, not the compiled module: the bundled one once ended at its first line (the yaml
  // package's require('process') in an ES module), and the engine then read every chunk alone, silently.
  const bundled = join(repoRoot, 'dist/server/src/bundle/chunk-worker.js');
  const dir = tempDir('cursus-parallel-');
  const text = variedPipeline(400, 5);
  const source = sourceOf(dir, 'p.yaml', text);
  const plan = Int32Array.from(chunkPlan(text)!);
  const claims = new Int32Array(new SharedArrayBuffer(4 * (plan.length / 2)));
  // No claim taken by a main thread: the worker reads the whole plan, from the last chunk back.
  const job: ChunkJob = { source, length: text.length, plan, claims: claims.buffer as SharedArrayBuffer };
  const read = new Map<number, YNode | null>();
  await new Promise<void>((resolve, reject) => {
    const w = new Worker(bundled, { workerData: job });
    w.on('message', (m: EncodedChunks | 'done') => {
      if (m === 'done') {
        resolve();
        void w.terminate();
        return;
      }
      decodeChunks(m, (start, _end, root) => read.set(start, root));
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the worker ended (exit ${code}) before it said done`)));
  });
  assert.equal(read.size, plan.length / 2, 'every chunk read by the worker');
  assert.ok([...claims].every((c) => c === WORKER), 'and claimed by it');
  for (let i = 0; i < plan.length; i += 2) {
    const own = parseYamlTreeAt(text.slice(plan[i], plan[i + 1]), plan[i], true);
    assert.deepEqual(plainTree(read.get(plan[i])!), plainTree(own!.root), `chunk at ${plan[i]}`);
  }
});

test("a check in a project with .cursus-runs/ (the findings cache) reads a big file it has not kept on two threads, and one it kept not at all", async () => {
  const root = tempDir('cursus-parallel-');
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "big"\n');
  const text = variedPipeline(2600, 3);
  assert.ok(text.length >= CHUNKED_FROM);
  writeFileSync(join(root, 'big.pipeline.yaml'), text);
  const check = async (...flags: string[]) => {
    const out: string[] = [];
    const code = await main(['check', 'big.pipeline.yaml', '--format', 'json', ...flags], { cwd: root, stdout: (s) => out.push(s), stderr: () => undefined, readStdin: async () => '' });
    assert.ok(code === 0 || code === 1, `exit ${code}`);
    return out.join('');
  };
  const fresh = await check('--no-cache');
  mkdirSync(join(root, '.cursus-runs'));
  // Not kept yet: read through the cache's path, in chunks on both threads; the same findings.
  assert.equal(await check(), fresh);
  assert.ok(parallelStats.worker > 0 && parallelStats.main > 0, `both threads read: ${JSON.stringify(parallelStats)}`);
  assert.equal(parallelStats.used, parallelStats.worker + parallelStats.main, JSON.stringify(parallelStats));
  // Kept: the findings come from the cache, nothing is parsed.
  parallelStats.main = parallelStats.worker = parallelStats.used = 0;
  assert.equal(await check(), fresh);
  assert.deepEqual(parallelStats, { main: 0, worker: 0, used: 0 });
  // Changed: read again on both threads.
  appendFileSync(join(root, 'big.pipeline.yaml'), '# edited\n');
  assert.equal(JSON.parse(await check())[0].diagnostics.length, JSON.parse(fresh)[0].diagnostics.length);
  assert.ok(parallelStats.worker > 0 && parallelStats.used > 0, JSON.stringify(parallelStats));
});
