/**
 * The process trees of every script running now, so that whatever ends this process (a signal, the editor
 * going away, `exit`) can kill them all first. Killing is synchronous: it works inside `process.on('exit')`.
 */
import type { KillOutcome, ProcessTree } from './process-tree.js';

const live = new Set<ProcessTree>();
let hooked = false;

/** Remembers a running tree until the returned function is called. */
export function trackTree(tree: ProcessTree): () => void {
  live.add(tree);
  if (!hooked) {
    hooked = true;
    // The last line of defence: however this process ends (short of SIGKILL), the runs' processes end first.
    process.on('exit', () => killEveryRun());
  }
  return () => live.delete(tree);
}

/** Kills every process of every running script now; returns what was killed and what survived. */
export function killEveryRun(): KillOutcome {
  const all: KillOutcome = { killed: [], survivors: [] };
  for (const tree of [...live]) {
    const r = tree.killAll();
    all.killed.push(...r.killed);
    all.survivors.push(...r.survivors);
  }
  return all;
}

export function runningTrees(): number {
  return live.size;
}
