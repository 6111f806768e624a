/**
 * Gives back the memory a burst of work grew once the server is idle. V8 keeps the heap an open or a stretch of
 * typing grew (the live data after a full collection is a fraction of it) and returns it only on its own
 * schedule; a full collection started when the event loop has been nearly idle for a second, and only when the
 * heap grew since the last one, returns it without delaying the work itself (it runs incrementally, between
 * messages, not in one pause).
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How often the server looks at whether it was idle. */
const CHECK_MS = 1000;
/** Idle: the event loop busy for less than this share of the last check's interval. */
const IDLE_UTILIZATION = 0.02;
/** A collection is started only when the heap grew by at least this much since the last one. */
const MIN_GROWTH_BYTES = 16 * 1024 * 1024;

type Collect = (options?: { type: 'major'; execution: 'async' }) => Promise<void> | void;

/** Starts the watch (a timer that does not keep the process alive); false when V8's collector cannot be reached. */
export function collectWhenIdle(): boolean {
  let collect: Collect;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  } catch {
    return false;
  }
  if (typeof collect !== 'function') return false;
  let since = performance.eventLoopUtilization();
  let sizeAfter = getHeapStatistics().total_heap_size;
  let collecting = false;
  setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, since).utilization;
    since = now;
    if (collecting || busy > IDLE_UTILIZATION || getHeapStatistics().total_heap_size < sizeAfter + MIN_GROWTH_BYTES) return;
    collecting = true;
    void Promise.resolve(collect({ type: 'major', execution: 'async' }))
      .catch(() => undefined)
      .finally(() => {
        collecting = false;
        sizeAfter = getHeapStatistics().total_heap_size;
      });
  }, CHECK_MS).unref();
  return true;
}
