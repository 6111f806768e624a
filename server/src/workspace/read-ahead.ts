/**
 * Reading a project's contracts and scripts in worker threads (read-worker.ts), for the language server's
 * start: parsing 1,000 contract files and 1,000 scripts with @lezer/python takes a few hundred milliseconds of
 * CPU, which on the main thread would hold up the first spec opened (its parse, its checks, every message).
 *
 * The server starts its readers before its own modules load (`prestartReader`, from bin/cursus-lsp.js): each
 * loads the reader and warms its JIT on made-up Python while the main thread loads and the editor sends
 * `initialize`, then reads its share of the project as soon as it is given the files. A fresh isolate parses
 * its first hundred contracts several times slower than the rest, and a single reader started at `initialized`
 * was the open's longest path (1,000 contracts and scripts: read about 370 ms after the didOpen, the spec's parse
 * ending 70 ms before). A reader made later (another project's) starts cold, alone.
 * A worker ends by itself when it has read its files; those never given any are ended when the server knows it
 * has none to give (`releaseReader`); a process that exits (the server on `exit`, a signal, its input closed)
 * ends them with it.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ContractFileResult } from '../engine/contracts/python.js';
import type { ScriptInfo } from '../engine/python/scripts.js';

export interface ReadAheadJob {
  files: { abs: string; rel: string; kind: 'contract' | 'script' }[];
  /** Files larger than this are left to the main thread (which reports them as unread). */
  maxBytes: number;
}

/** What a worker is started with: a job to read at once, or none (it warms up and waits for one). */
export interface ReaderData {
  job?: ReadAheadJob;
}

/** A file's static reading, with the modification time and size it had before its text was read. */
export interface Reading {
  abs: string;
  mtimeMs: number;
  size: number;
  contracts?: ContractFileResult;
  script?: ScriptInfo;
}

const failed = (err: unknown) => console.error(`cursus-lsp: a worker thread reading the project's contracts and scripts failed (${err instanceof Error ? err.message : String(err)}); what it did not read is read on the main thread instead.`);

/** Workers prestartReader starts: one per core, up to two (the main thread needs a core for the spec's parse). */
const PRESTARTED = 2;
/** Files a warm worker reads in about 40 ms: a job smaller than two of these goes to one worker. */
const FILES_PER_WORKER = 200;

/** Workers started ahead of need (prestartReader), until a read-ahead takes them or they are released. */
let spares: Spare[] = [];

interface Spare {
  worker: Worker;
  exited: boolean;
  error?: unknown;
}

function newWorker(data: ReaderData): Worker {
  // Loaded here, not at the top: a CLI command that never reads ahead does not load worker_threads.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  // The worker's module sits beside this one (in the compiled tree, and in the extension, which bundles it as its own file).
  return new Worker(new URL('./read-worker.js', import.meta.url), { workerData: data, stdout: true, stderr: true });
}

/**
 * Starts workers with no job (the language server, before its modules load): they load the reader and warm it
 * up meanwhile. They do not keep the process alive.
 */
export function prestartReader(cores = availableParallelism()): void {
  if (spares.length) return;
  for (let i = 0; i < Math.min(PRESTARTED, cores); i++) {
    try {
      const worker = newWorker({});
      const state: Spare = { worker, exited: false };
      worker.unref();
      worker.on('error', (err) => (state.error = err));
      worker.on('exit', () => (state.exited = true));
      spares.push(state);
    } catch {
      // No worker now: a read-ahead makes its own when it needs one (and says so if that fails too).
      break;
    }
  }
}

/**
 * Ends the workers prestartReader started that no read-ahead has taken (the project has nothing to read, or
 * needs fewer); resolves when they have ended.
 */
export function releaseReader(): Promise<void> {
  const left = spares;
  spares = [];
  return Promise.all(left.map((s) => (s.exited ? undefined : s.worker.terminate().catch(() => undefined)))).then(() => undefined);
}

/**
 * The job's files shared among `count` workers, dealt in turn, contracts and scripts each, so that every worker
 * gets as many of each (their sizes are not known: the main thread has not stat'ed them). Order is kept within a share.
 */
export function shares(job: ReadAheadJob, count: number): ReadAheadJob[] {
  if (count <= 1) return [job];
  const out = Array.from({ length: count }, () => [] as ReadAheadJob['files']);
  const dealt = { contract: 0, script: 0 };
  for (const f of job.files) out[dealt[f.kind]++ % count].push(f);
  return out.map((files) => ({ files, maxBytes: job.maxBytes }));
}

/**
 * Starts reading `job` in workers: the prestarted ones, warm, shared the files (as many as the job is worth),
 * or else one new worker. `onPart` receives the readings as they come. The promise resolves when every worker
 * has ended, however it ended (never rejects): a file no worker read is read on the main thread when needed.
 * `stop` ends the workers early. `warm` and `workers` say how many prestarted workers read, of how many.
 */
export function readAhead(job: ReadAheadJob, onPart: (readings: Reading[]) => void): { done: Promise<void>; stop: () => void; warm: number; workers: number } {
  const ready = spares.filter((s) => !s.exited && s.error === undefined);
  const count = Math.max(1, Math.min(ready.length, Math.floor(job.files.length / FILES_PER_WORKER)));
  const taken = ready.slice(0, count);
  spares = spares.filter((s) => !taken.includes(s));
  void releaseReader();
  const workers: Worker[] = [];
  const parts = shares(job, taken.length || 1);
  parts.forEach((share, i) => {
    const spare = taken[i];
    if (spare) {
      spare.worker.ref();
      spare.worker.postMessage(share);
      workers.push(spare.worker);
      return;
    }
    try {
      workers.push(newWorker({ job: share }));
    } catch (err) {
      failed(err);
    }
  });
  let stopped = false;
  const ends = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        worker.on('message', (part: Reading[]) => onPart(part));
        worker.on('error', (err) => {
          if (!stopped) failed(err);
          resolve();
        });
        worker.on('exit', () => resolve());
      }),
  );
  const stop = () => {
    stopped = true;
    for (const w of workers) void w.terminate().catch(() => undefined);
  };
  return { done: Promise.all(ends).then(() => undefined), stop, warm: taken.length, workers: workers.length };
}
