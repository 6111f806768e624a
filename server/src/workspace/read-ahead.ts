/**
 * Reading a project's contracts and scripts in a worker thread (read-worker.ts), for the language server's
 * start: parsing 1,000 contract files and 1,000 scripts with @lezer/python takes a few hundred milliseconds of
 * CPU, which on the main thread would hold up the first spec opened (its parse, its checks, every message).
 * The worker ends by itself when it has read every file; a process that exits (the server on `exit`, a signal,
 * its input closed) ends it with it.
 */
import { createRequire } from 'node:module';
import type { ContractFileResult } from '../engine/contracts/python.js';
import type { ScriptInfo } from '../engine/python/scripts.js';

export interface ReadAheadJob {
  files: { abs: string; rel: string; kind: 'contract' | 'script' }[];
  /** Files larger than this are left to the main thread (which reports them as unread). */
  maxBytes: number;
}

/** A file's static reading, with the modification time and size it had before its text was read. */
export interface Reading {
  abs: string;
  mtimeMs: number;
  size: number;
  contracts?: ContractFileResult;
  script?: ScriptInfo;
}


/**
 * Starts reading `job` in a worker; `onPart` receives the readings as they come. The promise resolves when the
 * worker has ended, however it ended (never rejects): a file it did not read is read on the main thread when
 * needed. `stop` ends the worker early.
 */
export function readAhead(job: ReadAheadJob, onPart: (readings: Reading[]) => void): { done: Promise<void>; stop: () => void } {
  const failed = (err: unknown) => console.error(`cursus-lsp: the worker thread reading the project's contracts and scripts failed (${err instanceof Error ? err.message : String(err)}); they are read on the main thread instead.`);
  let worker: import('node:worker_threads').Worker;
  try {
    // Loaded here, not at the top: a CLI command that never reads ahead does not load worker_threads.
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    // The worker's module sits beside this one (in the compiled tree, and in the extension, which bundles it as its own file).
    worker = new Worker(new URL('./read-worker.js', import.meta.url), { workerData: job, stdout: true, stderr: true });
  } catch (err) {
    failed(err);
    return { done: Promise.resolve(), stop: () => undefined };
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
  return { done, stop };
}
