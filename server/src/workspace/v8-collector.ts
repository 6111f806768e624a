/**
 * V8's collector (the `gc` function `--expose-gc` makes), reached at run time: the server's idle and typing
 * collections (lsp/idle-gc.ts, young-generation.ts) and the CLI's on big files (cli/heap-growth.ts) use it.
 *
 * Setting a V8 flag changes the hash V8 stamps on code it caches, and V8 refuses a code cache made under other
 * flags. The CLI's loader (cli/code-cache.ts) therefore sets the flag (exposeCollector) before it compiles the
 * bundle, in every command: a cache saved by a command that collected is then used by one that did not, and the
 * other way round.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export type Collect = (options?: { type: 'major' | 'minor'; execution?: 'async' }) => Promise<void> | void;

let exposed = false;
let collector: Collect | null | undefined;

/** Sets `--expose-gc` (once); the flag only makes `gc` in contexts made afterwards. */
export function exposeCollector(): void {
  if (exposed) return;
  exposed = true;
  try {
    setFlagsFromString('--expose-gc');
  } catch {
    // A runtime that refuses run-time flags: v8Collector finds no collector.
  }
}

/** V8's collector, reached once; undefined when it cannot be. */
export function v8Collector(): Collect | undefined {
  if (collector === undefined) {
    exposeCollector();
    try {
      const found = runInNewContext('gc') as unknown;
      collector = typeof found === 'function' ? (found as Collect) : null;
    } catch {
      collector = null;
    }
  }
  return collector ?? undefined;
}
