/**
 * Asks an interpreter, once, what it can import and which distributions it has (server/python/cursus_env.py),
 * and remembers the answer per interpreter until the interpreter or one of its sys.path folders changes
 * (installing a package changes its site-packages folder). No user code runs: the helper only lists.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { PythonFacts } from '../engine/index.js';
import { HARNESS_DIR, runPython, type PythonChoice } from './python.js';

const Reply = z.object({
  executable: z.string(),
  version: z.string(),
  in_venv: z.boolean(),
  prefix: z.string().optional(),
  paths: z.array(z.string()),
  stdlib: z.array(z.string()),
  modules: z.array(z.string()),
  distributions: z.record(z.string(), z.object({ name: z.string(), version: z.string() })),
  top_level: z.record(z.string(), z.array(z.string())),
});

export type EnvironmentReply = z.infer<typeof Reply>;

interface Entry {
  facts: PythonFacts;
  /** Modification times of the executable and of every sys.path folder when asked. */
  stamps: [string, number][];
}

const cache = new Map<string, Entry>();

/** The facts from the helper's JSON (also used by tests to hand in made-up interpreters). */
export function factsFromReply(reply: unknown, choice: PythonChoice): PythonFacts {
  const r = Reply.parse(reply);
  return {
    command: choice.command,
    source: choice.source,
    executable: r.executable,
    version: r.version,
    inVenv: r.in_venv,
    stdlib: new Set(r.stdlib),
    modules: new Set(r.modules),
    distributions: new Map(Object.entries(r.distributions)),
    topLevel: new Map(Object.entries(r.top_level)),
  };
}

function mtime(p: string): number {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

function fresh(e: Entry): boolean {
  return e.stamps.every(([p, t]) => mtime(p) === t);
}

/** Whether asking again could give another answer: never asked, or the interpreter or a sys.path folder changed. */
export function factsStale(choice: PythonChoice, cwd: string): boolean {
  const hit = cache.get(`${choice.command}\0${cwd}`);
  return !hit || !fresh(hit);
}

/**
 * The interpreter's facts, from memory when nothing changed; `{ problem }` when it cannot be asked (it does
 * not start, is too old, or answers nonsense), so callers can say what was not checked.
 */
export async function pythonFacts(choice: PythonChoice, cwd: string, signal?: AbortSignal): Promise<{ facts: PythonFacts } | { problem: string }> {
  const key = `${choice.command}\0${cwd}`;
  const hit = cache.get(key);
  if (hit && fresh(hit)) return { facts: hit.facts.source === choice.source ? hit.facts : { ...hit.facts, source: choice.source } };
  const r = await runPython(choice.command, [join(HARNESS_DIR, 'cursus_env.py')], { cwd, timeoutMs: 30_000, signal });
  if (r.startError) return { problem: `Python '${choice.command}' (from ${choice.source}) cannot be started (${r.startError})` };
  if (!r.ok) return { problem: `Python '${choice.command}' (from ${choice.source}) could not list its modules: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit code ${r.exitCode}`}` };
  let facts: PythonFacts;
  let reply: EnvironmentReply;
  try {
    reply = Reply.parse(JSON.parse(r.stdout));
    facts = factsFromReply(reply, choice);
  } catch (err) {
    return { problem: `Python '${choice.command}' (from ${choice.source}) gave an unreadable module list (${(err as Error).message.slice(0, 120)})` };
  }
  cache.set(key, { facts, stamps: [reply.executable, ...reply.paths].map((p) => [p, mtime(p)]) });
  return { facts };
}
