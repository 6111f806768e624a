/**
 * A big YAML file's chunks read on two threads (the CLI's check of a file of CHUNKED_FROM or more). The engine
 * reads such a file in chunks (incremental-yaml.ts), each chunk parsed by the yaml package on its own, which is
 * most of the check's time on a 40,000-node pipeline: here a worker thread (chunk-worker.ts) reads chunks from the
 * end of the file backwards while this thread reads from the start, each chunk taken by whichever side claims it
 * first (a shared array of claims), so neither waits for the other by more than the chunk it is reading, however
 * busy the machine. The worker's readings come back as flat arrays (chunk-codec.ts) and are decoded into the
 * nodes a reading here makes; the engine then assembles the tree from both as it would from its own.
 *
 * The readings are the same either way: a chunk that the worker did not read (it declined it, failed, was
 * killed, or never started) is read by the engine as usual. Findings cannot be lost or changed by the worker,
 * only the time it saves.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { chunkPlan, type ReadyChunks } from '../engine/syntax/incremental-yaml.js';
import { parseYamlTreeAt } from '../engine/syntax/parse-yaml.js';
import { decodeChunks, type EncodedChunks } from '../engine/syntax/chunk-codec.js';
import type { YNode } from '../engine/syntax/ast.js';

/** Plans of fewer chunks are read on this thread alone: starting a worker costs more than it saves. */
export const MIN_PARALLEL_CHUNKS = 64;
/** Claim marks (0: nobody's yet). */
export const MAIN = 1;
export const WORKER = 2;
/** Chunks read here between two looks at the worker's messages. */
const YIELD_EVERY = 64;

/** What the worker is started with. */
export interface ChunkJob {
  /**
   * The file the text was read from: the worker reads it again, and uses it only when its bytes have `digest`
   * (the bytes this thread read), then decoded as this thread decodes them (edit-file.ts's decodeLossless, a
   * YAML byte-order mark dropped when `bom`). Sent to it, the text was cloned into a buffer of its size, which
   * stayed resident after it was freed (an 18 MB text: about 16 MB more at the check's peak).
   */
  source: FileSource;
  /** The text's length (a check that the worker's reading is this one). */
  length: number;
  /** [start, end) offset pairs, one per chunk. */
  plan: Int32Array;
  /** A SharedArrayBuffer of one Int32 claim per chunk. */
  claims: SharedArrayBuffer;
}

/** Where a text was read from, and the digest of the bytes read (digestOf). */
export interface FileSource {
  path: string;
  digest: string;
  bom: boolean;
}

/** The digest a file's bytes are compared by. */
export function digestOf(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Starts the worker on a job (tests give their own, to see a failing worker change nothing). */
export type StartWorker = (job: ChunkJob) => Worker;

/** How the last parallel reading went (for tests): chunks read by each side. */
export const parallelStats = { main: 0, worker: 0, used: 0 };

const startChunkWorker: StartWorker = (job) => {
  // Loaded here: a check of small files never loads worker_threads.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
  // Beside this module: dist/server/src/cli/ in the compiled tree, dist/server/src/bundle/ in the CLI's bundle.
  return new Worker(new URL('./chunk-worker.js', import.meta.url), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: 12 } });
};

/**
 * Reads the chunks the engine will ask for when it reads `text` (see chunkPlan) on this thread and a worker;
 * undefined when the text is not read in chunks or has too few of them (the engine reads it alone).
 */
export async function readChunksInParallel(text: string, source: FileSource, start: StartWorker = startChunkWorker): Promise<ReadyChunks | undefined> {
  const plan = chunkPlan(text);
  if (!plan || plan.length / 2 < MIN_PARALLEL_CHUNKS) return undefined;
  const n = plan.length / 2;
  const claims = new Int32Array(new SharedArrayBuffer(4 * n));
  const ready = new Map<number, { end: number; root: YNode | null }>();
  parallelStats.main = parallelStats.worker = parallelStats.used = 0;
  let worker: Worker | undefined;
  let finished: Promise<void> = Promise.resolve();
  try {
    worker = start({ source, length: text.length, plan: Int32Array.from(plan), claims: claims.buffer as SharedArrayBuffer });
    const w = worker;
    finished = new Promise<void>((resolve) => {
      w.on('message', (m: EncodedChunks | 'done') => {
        if (m === 'done') resolve();
        else
          decodeChunks(m, (s, e, root) => {
            ready.set(s, { end: e, root });
            parallelStats.worker++;
          });
      });
      // A worker that fails or ends early leaves its chunks to the engine's own reading.
      w.on('error', () => resolve());
      w.on('exit', () => resolve());
    });
  } catch {
    // No worker (none can be started here): this thread reads every chunk.
    worker = undefined;
  }
  let i = 0;
  try {
    for (; i < n; i++) {
      if (Atomics.compareExchange(claims, i, 0, MAIN) !== 0) break;
      // The worker's parts are taken as they come: left queued until the end, their buffers (as large as the
      // worker's whole share) stayed resident in its memory arena after they were freed.
      if (worker && i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
      const s = plan[2 * i];
      const e = plan[2 * i + 1];
      const read = parseYamlTreeAt(text.slice(s, e), s, true);
      if (!read) continue;
      ready.set(s, { end: e, root: read.root });
      parallelStats.main++;
    }
    // Every chunk claimed here: the worker has nothing left to send.
    if (i < n) await finished;
  } finally {
    // Also when a reading here throws: the worker would otherwise read its share on before the process could end.
    void worker?.terminate();
  }
  return (s, e) => {
    const r = ready.get(s);
    if (!r || r.end !== e) return undefined;
    ready.delete(s);
    parallelStats.used++;
    return { root: r.root, problems: [] };
  };
}

