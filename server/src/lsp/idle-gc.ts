/**
 * Keeps the heap near what is live. V8 grows its heap from the garbage of an open or a stretch of typing, up to
 * about four times the live data before it collects the old generation (its growing factor when that generation
 * fills fast), and gives memory back only on its own schedule. Two things are done about it here:
 * - once the event loop has been nearly idle for a second after some work, and the heap grew since the last
 *   collection or holds much more than is in use, a full collection gives back what the work grew;
 * - while busy (typing), right after a publication (afterPublish), a full collection is started when the old
 *   generation holds 24 MiB more than after the last one. A keystroke leaves little there (the analysis it
 *   replaces dies young: the trees of the specs after the edit are lazy copies, see incremental-yaml.ts), so this
 *   runs about once in fifty keystrokes. It is V8's full collection, which stops the thread (about 20-40 ms with
 *   the 45 MiB a 1,000-node pipeline keeps; `execution: 'async'` only runs it in a task of its own): started
 *   right after the findings went out, it falls between keystrokes rather than inside one's analysis.
 */
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { v8Collector } from '../workspace/v8-collector.js';
import { PerformanceObserver, constants } from 'node:perf_hooks';

/** How often the server looks at whether it was idle. */
const CHECK_MS = 1000;
/** Idle: the event loop busy for less than this share of the last check's interval. */
const IDLE_UTILIZATION = 0.02;
/** An idle collection is started only when the heap grew by at least this much since the last one. */
const MIN_GROWTH_BYTES = 16 * 1024 * 1024;
/** An idle collection is also started when the heap holds this much more than is in use (garbage, half-empty pages). */
const SLACK_BYTES = 32 * 1024 * 1024;
/** A collection is started while busy when the old generation grew by this much since the last one. */
const BUSY_GROWTH_BYTES = 24 * 1024 * 1024;
/**
 * While typing, V8 starts its own (incremental, mostly concurrent) collection of the old generation when it grew
 * by this share of what was live after the last one. Left to itself V8 picks up to 300% for a program that
 * allocates fast, and the busy check above then collected at 24 MiB of growth: each keystroke leaves a copy of the
 * document's text in the old generation (a 450 KB string is a large object, and the current version is alive at
 * every young collection), so the heap read anywhere up to 24 MiB above the live data. Set after the first
 * publication (the first open's parse keeps V8's own factor; the factor is process-wide and never set back, so later
 * opens, and a read-ahead worker started later, run at 25% too), and again after each: V8 reads it at each full collection.
 */
export const TYPING_GROWTH_PERCENT = 25;

/** What the old generation (regular and large objects) holds now, garbage not yet collected included. */
export function oldGenerationUsed(): number {
  let used = 0;
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'old_space' || s.space_name === 'large_object_space') used += s.space_used_size;
  return used;
}

let busyCheck: (() => void) | undefined;

/** Called after the server published findings: a collection starts in the next task when the old generation grew by 24 MiB. */
export function afterPublish(): void {
  if (!busyCheck) return;
  // A V8 without the flag says so on stderr and keeps its own factor (more memory, same findings).
  setFlagsFromString(`--heap-growing-percent=${TYPING_GROWTH_PERCENT}`);
  setImmediate(busyCheck);
}

/** Starts the watch (timers that do not keep the process alive); false when V8's collector cannot be reached. */
export function collectWhenIdle(): boolean {
  const collect = v8Collector();
  if (!collect) return false;
  let since = performance.eventLoopUtilization();
  let sizeAfter = getHeapStatistics().total_heap_size;
  let liveAfter = oldGenerationUsed();
  let collecting = false;
  const start = () => {
    collecting = true;
    void Promise.resolve(collect({ type: 'major', execution: 'async' }))
      .catch(() => undefined)
      .finally(() => {
        collecting = false;
        sizeAfter = getHeapStatistics().total_heap_size;
        liveAfter = oldGenerationUsed();
      });
  };
  // V8's own full collections count as the last one too.
  try {
    new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) liveAfter = oldGenerationUsed();
    }).observe({ entryTypes: ['gc'] });
  } catch {
    // No gc entries: the busy check then counts from its own collections only.
  }
  // Idle: one collection per stretch of work, when the heap grew since the last one or holds much more than is used.
  let workedSinceIdleCollection = true;
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, since).utilization;
    since = now;
    if (busy > IDLE_UTILIZATION) workedSinceIdleCollection = true;
    if (collecting || busy > IDLE_UTILIZATION || !workedSinceIdleCollection) return;
    const heap = getHeapStatistics();
    if (heap.total_heap_size < sizeAfter + MIN_GROWTH_BYTES && heap.total_heap_size < heap.used_heap_size + SLACK_BYTES) return;
    workedSinceIdleCollection = false;
    start();
  }, CHECK_MS).unref();
  busyCheck = () => {
    if (!collecting && oldGenerationUsed() > liveAfter + BUSY_GROWTH_BYTES) start();
  };
  return true;
}
