/**
 * Reading a project's contracts and scripts in a worker thread (read-worker.ts), for the language server's
 * start: parsing 1,000 contract files and 1,000 scripts with @lezer/python takes a few hundred milliseconds of
 * CPU, which on the main thread would hold up the first spec opened (its parse, its checks, every message).
 *
 * The server starts its reader before its own modules load (`prestartReader`, from bin/cursus-lsp.js): it
 * loads the reader and warms its JIT on made-up Python while the main thread loads and the editor sends
 * `initialize`, then reads the project as soon as it is given the files. A fresh isolate parses its first
 * hundred contracts several times slower than the rest, and a reader started at `initialized` was the open's
 * longest path (1,000 contracts and scripts: read about 370 ms after the didOpen, the spec's parse ending 70 ms
 * before). The warm-up is work moved, not saved: on a machine whose cores are all busy the server answers
 * `initialize` later by about as much (the bench's start rows show both). One reader only: on two cores a
 * second one slowed the main thread's start more than it sped up the reading. A reader made later (another
 * project's) starts cold.
 * The worker ends by itself when it has read its files; one never given any is ended when the server knows it
 * has none to give (`releaseReader`), or after 30 s; a process that exits (the server on `exit`, a signal, its
 * input closed) ends it with it.
 */
import { createRequire } from 'node:module';
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

const failed = (err: unknown) => console.error(`cursus-lsp: the worker thread reading the project's contracts and scripts failed (${err instanceof Error ? err.message : String(err)}); they are read on the main thread instead.`);

/** The worker started ahead of need (prestartReader), until a read-ahead takes it or it is released. */
let spare: Spare | undefined;

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
 * Starts a worker with no job (the language server, before its modules load): it loads the reader and warms it
 * up meanwhile. It does not keep the process alive.
 */
export function prestartReader(): void {
  if (spare) return;
  try {
    const worker = newWorker({});
    const state: Spare = { worker, exited: false };
    worker.unref();
    worker.on('error', (err) => (state.error = err));
    worker.on('exit', () => (state.exited = true));
    spare = state;
  } catch {
    // No worker now: a read-ahead makes its own when it needs one (and says so if that fails too).
  }
}

/** Ends the worker prestartReader started if no read-ahead has taken it (the project has nothing to read); resolves when it has ended. */
export async function releaseReader(): Promise<void> {
  const s = spare;
  spare = undefined;
  if (s && !s.exited) await s.worker.terminate().catch(() => undefined);
}

/**
 * Starts reading `job` in a worker: the prestarted one, warm, when there is one, else a new one. `onPart`
 * receives the readings as they come. The promise resolves when the worker has ended, however it ended (never
 * rejects): a file it did not read is read on the main thread when needed. `stop` ends the worker early.
 * `warm` says whether the prestarted worker reads.
 */
export function readAhead(job: ReadAheadJob, onPart: (readings: Reading[]) => void): { done: Promise<void>; stop: () => void; warm: boolean } {
  const ready = spare && !spare.exited && spare.error === undefined ? spare.worker : undefined;
  if (!ready) void releaseReader();
  spare = undefined;
  let worker: Worker;
  if (ready) {
    worker = ready;
    worker.ref();
    worker.postMessage(job);
  } else {
    try {
      worker = newWorker({ job });
    } catch (err) {
      failed(err);
      return { done: Promise.resolve(), stop: () => undefined, warm: false };
    }
  }
  let stopped = false;
  const done = new Promise<void>((resolve) => {
    worker.on('message', (part: Reading[]) => onPart(part));
    worker.on('error', (err) => {
      if (!stopped) failed(err);
      resolve();
    });
    worker.on('exit', () => resolve());
  });
  const stop = () => {
    stopped = true;
    void worker.terminate().catch(() => undefined);
  };
  return { done, stop, warm: ready !== undefined };
}
