/**
 * Keeps V8's young generation (the new space: two semi-spaces) of the server's thread at 2 x 4 MiB instead of
 * V8's 2 x 16 MiB. V8 doubles a semi-space whenever more than its size survived scavenges since it last grew; the
 * server grows it to 8 MiB while its modules load and to the largest size during a 1,000-node pipeline's open,
 * and those pages stay resident: 32 MiB of the 160 MiB an editor saw after typing (session 6's measurements,
 * see the bench notes). Typing does not need them: a keystroke allocates about 3 MB, and what survives it is
 * mostly the analysis it replaces.
 *
 * V8 fixes the largest size when the isolate is made (`--max-semi-space-size` on the command line), which an
 * editor starting `cursus-lsp` does not pass. The growth factor (`--semi-space-growth-factor`) is read at each
 * growth: bin/cursus-lsp.js sets it to 1 (no growth) before the server's modules load, and the server grows the
 * semi-space to the cap itself, with the factor set to reach it in one step around a young-generation
 * collection of its own, then back to 1. The factor is one for the whole process, and V8 puts it back to 2 (its
 * least) whenever an isolate is made: each worker thread (the project's read-ahead) undoes it, so it is set
 * again once a worker is online, after every collection and before each analysis (a growth while a worker
 * starts, before any of those, cannot be undone: now and then the semi-space ends one step above the cap, 8 MiB,
 * when the read-ahead worker starts during a large open). Workers themselves would keep their first, smallest
 * semi-space under a factor of 1, so their isolates start at V8's largest size instead
 * (`--min-semi-space-size` is read when an isolate is made), as large as they grew to before.
 *
 * The CLI's `check` caps it too, at CLI_SEMI_SPACE_CAP_MIB, for the length of the command (releaseYoungGeneration
 * gives V8 its own settings back before the code cache is written: code-cache.ts). A 40,000-node pipeline's check
 * grew it to 16 MiB while the contracts were indexed; at 8 the check's peak resident memory was about 30 MB lower
 * at the same CPU time (4 cost more collections; see the bench notes).
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { v8Collector } from './v8-collector.js';

/** The semi-space size the server's thread is given, in MiB. */
export const SEMI_SPACE_CAP_MIB = 4;
/** The semi-space size worker threads start with, in MiB (V8's largest on 64-bit machines). */
const WORKER_SEMI_SPACE_MIB = 16;
/** The semi-space size the CLI's `check` is given, in MiB. */
export const CLI_SEMI_SPACE_CAP_MIB = 8;
/** How many young-generation collections may be spent on reaching the cap (each about a millisecond). */
const MAX_ATTEMPTS = 20;

/** The size of one semi-space now, in MiB (the new space's size is that of both). */
export function semiSpaceMiB(): number {
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_size / 2 / (1024 * 1024);
  return 0;
}

let factor = 2;
let capped = false;
/** The cap of this process, in MiB (the first capYoungGeneration's). */
let cap = SEMI_SPACE_CAP_MIB;
let observer: PerformanceObserver | undefined;
const onWorker = (worker: Worker) => worker.once('online', () => capped && setFactor(1, true));
let attempts = 0;
/**
 * The cap was reached once: no more growing. An idle pause lets V8 shrink the new space (and release half of it),
 * and `semiSpaceMiB` then reads below the cap; growing again from there with a factor of at least 2 overshot it
 * (13-16 MiB of new space seen after pauses in typing). A semi-space V8 shrank stays smaller: less memory.
 */
let reached = false;

/** Sets the growth factor; `again` when V8 may have changed it behind our back (an isolate was made). */
function setFactor(wanted: number, again = false): void {
  if (wanted === factor && !again) return;
  setFlagsFromString(`--semi-space-growth-factor=${wanted}`);
  factor = wanted;
}

/** No growth of the young generation from now on but the server's own (first thing, before the modules load). */
export function holdYoungGeneration(): void {
  setFactor(1);
}

/**
 * Grows the semi-space to the cap: V8 grows it at a young-generation collection when more than its size survived
 * since it last grew, so the first collection often only counts what survived; up to three are spent each time.
 */
function grow(): void {
  const collect = v8Collector();
  if (!collect) return;
  for (let i = 0; i < 3 && !reached; i++) {
    const semi = semiSpaceMiB();
    if (semi >= cap) reached = true;
    if (semi <= 0 || semi >= cap || attempts >= MAX_ATTEMPTS) return;
    attempts++;
    setFactor(Math.max(2, Math.floor(cap / semi)));
    try {
      void collect({ type: 'minor' });
    } finally {
      setFactor(1);
    }
  }
}

/**
 * Caps the young generation at `capMiB` (once per process; before the read-ahead worker is made): no growth beyond
 * its size now or the cap, and a first attempt at reaching the cap when it is smaller. Returns the semi-space's size
 * in MiB.
 */
export function capYoungGeneration(capMiB = SEMI_SPACE_CAP_MIB): number {
  if (!capped) {
    capped = true;
    cap = capMiB;
    setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MIB}`);
    setFactor(1, true);
    // A worker's isolate sets the factor back to 2 while it starts: set it again once the worker runs, after each
    // collection and before each analysis (a growth in between cannot be undone, but goes no further).
    process.on('worker', onWorker);
    try {
      observer = new PerformanceObserver(() => capped && setFactor(1, true));
      observer.observe({ entryTypes: ['gc'] });
    } catch {
      // No gc entries: set again when workers start only.
    }
  }
  grow();
  return semiSpaceMiB();
}

/**
 * V8's own settings back (the CLI, when its command is done): growth as V8 chooses, workers started at V8's size.
 * The semi-space keeps the size it has. Flags are part of the stamp V8 puts on the code cache it writes.
 */
export function releaseYoungGeneration(): void {
  if (!capped) return;
  capped = false;
  reached = false;
  attempts = 0;
  process.removeListener('worker', onWorker);
  observer?.disconnect();
  observer = undefined;
  setFlagsFromString('--min-semi-space-size=0');
  setFactor(2, true);
}

/**
 * Before an analysis: the factor set again (a worker's isolate may have reset it before its 'online' event came),
 * and another attempt at reaching the cap while it is not reached (rarely more than one).
 */
export function checkYoungGeneration(): void {
  if (!capped) return;
  setFactor(1, true);
  grow();
}
