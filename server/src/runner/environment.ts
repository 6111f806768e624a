/**
 * Asks an interpreter, once, what it can import and which distributions it has (server/python/cursus_env.py),
 * and remembers the answer per interpreter until the interpreter or one of its sys.path folders changes
 * (installing a package changes its site-packages folder). No user code runs: the helper only lists.
 * The CLI also keeps the answer in the project's `.cursus-runs/python-facts.json`, so the next command does not
 * start Python for it either; the same stamps decide whether that answer still holds.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { PythonFacts } from '../engine/python/environment.js';
import { HARNESS_DIR, interpreterStamp, runPython, type PythonChoice } from './python.js';
import { readRemembered, remember, type Remember } from '../workspace/remembered.js';

/** What server/python/cursus_env.py answers. */
export interface EnvironmentReply {
  executable: string;
  version: string;
  in_venv: boolean;
  prefix?: string;
  paths: string[];
  /** Places stamped too (the user site folder, pyvenv.cfg), whether they exist or not. */
  watch?: string[];
  stdlib: string[];
  modules: string[];
  distributions: Record<string, { name: string; version: string }>;
  top_level: Record<string, string[]>;
}

/**
 * The helper's answer checked field by field (by hand rather than with a zod schema: a fully cached `run` reads
 * a remembered answer of about 400 module names on every start, and building and running the schema cost it
 * about 2 ms); throws naming the field that is wrong.
 */
export function readReply(x: unknown): EnvironmentReply {
  const fail = (field: string, what: string): never => {
    throw new Error(`${field}: expected ${what}`);
  };
  if (!isObject(x)) return fail('the answer', 'an object');
  const str = (k: string) => (typeof x[k] === 'string' ? (x[k] as string) : fail(k, 'a string'));
  const strs = (v: unknown, k: string) => (Array.isArray(v) && v.every((e) => typeof e === 'string') ? (v as string[]) : fail(k, 'a list of strings'));
  const record = <T>(k: string, each: (v: unknown, at: string) => T): Record<string, T> => {
    const v = x[k];
    if (!isObject(v)) return fail(k, 'an object');
    const out: Record<string, T> = {};
    for (const [name, item] of Object.entries(v)) out[name] = each(item, `${k}.${name}`);
    return out;
  };
  if (typeof x.in_venv !== 'boolean') fail('in_venv', 'true or false');
  if (x.prefix !== undefined && typeof x.prefix !== 'string') fail('prefix', 'a string');
  return {
    executable: str('executable'),
    version: str('version'),
    in_venv: x.in_venv as boolean,
    ...(x.prefix === undefined ? {} : { prefix: x.prefix as string }),
    paths: strs(x.paths, 'paths'),
    ...(x.watch === undefined ? {} : { watch: strs(x.watch, 'watch') }),
    stdlib: strs(x.stdlib, 'stdlib'),
    modules: strs(x.modules, 'modules'),
    distributions: record('distributions', (v, at) => (isObject(v) && typeof v.name === 'string' && typeof v.version === 'string' ? { name: v.name, version: v.version } : fail(at, 'a name and a version'))),
    top_level: record('top_level', (v, at) => strs(v, at)),
  };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

interface Entry {
  facts: PythonFacts;
  /** Modification times of the executable and of every sys.path folder when asked. */
  stamps: [string, number][];
  /** The command's interpreter when asked (interpreterStamp: a pyenv shim's selected version among it). */
  identity: string | undefined;
}

const cache = new Map<string, Entry>();

/** The facts from the helper's JSON (also used by tests to hand in made-up interpreters). */
export function factsFromReply(reply: unknown, choice: PythonChoice): PythonFacts {
  const r = readReply(reply);
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

function fresh(e: { stamps: [string, number][] }): boolean {
  return e.stamps.every(([p, t]) => mtime(p) === t);
}

/** A kept answer still holds: the same interpreter (a pyenv switch changes it), nothing it stamped changed. */
function holds(e: Entry, choice: PythonChoice, cwd: string): boolean {
  return e.identity === interpreterStamp(choice.command, cwd) && fresh(e);
}

function stampsOf(reply: EnvironmentReply): [string, number][] {
  return [reply.executable, ...reply.paths, ...(reply.watch ?? [])].map((p) => [p, mtime(p)]);
}

/** Where the CLI keeps interpreter facts between commands, inside the project. */
export const PYTHON_FACTS_FILE = join('.cursus-runs', 'python-facts.json');

interface RememberedEntry {
  key: string;
  stamps: [string, number][];
  reply: unknown;
}

/** The answers kept in PYTHON_FACTS_FILE: entries of another shape are left out (the file is ours, but on disk). */
function rememberedList(x: unknown): RememberedEntry[] {
  if (!Array.isArray(x)) return [];
  const stamp = (t: unknown) => Array.isArray(t) && t.length === 2 && typeof t[0] === 'string' && typeof t[1] === 'number';
  return x.filter((e): e is RememberedEntry => isObject(e) && typeof e.key === 'string' && Array.isArray(e.stamps) && e.stamps.every(stamp));
}

/**
 * What else decides the answer besides the stamped files: the command as given and the interpreter file it
 * leads to (a venv's `python` is a link to its base interpreter, so the path as given tells two venvs apart),
 * and the environment variables that change sys.path.
 */
function persistKey(choice: PythonChoice, stamp: string | undefined): string | undefined {
  if (!stamp) return undefined;
  const env = ['PYTHONPATH', 'PYTHONHOME', 'PYTHONNOUSERSITE', 'PYTHONUSERBASE', 'PYTHONSAFEPATH', 'PYTHONPLATLIBDIR'].map((v) => `${v}=${process.env[v] ?? ''}`);
  return JSON.stringify([choice.command, stamp, ...env]);
}

function rememberedFacts(choice: PythonChoice, cwd: string, key: string, identity: string | undefined): Entry | undefined {
  const hit = rememberedList(readRemembered(cwd, PYTHON_FACTS_FILE)).find((e) => e.key === key);
  if (!hit || !fresh(hit)) return undefined;
  try {
    return { facts: factsFromReply(hit.reply, choice), stamps: hit.stamps, identity };
  } catch {
    return undefined;
  }
}

/** Whether asking again could give another answer: never asked, or the interpreter or a sys.path folder changed. */
export function factsStale(choice: PythonChoice, cwd: string): boolean {
  const hit = cache.get(`${choice.command}\0${cwd}`);
  return !hit || !holds(hit, choice, cwd);
}

/**
 * The interpreter's facts, from memory when nothing changed; `{ problem }` when it cannot be asked (it does
 * not start, is too old, or answers nonsense), so callers can say what was not checked. With `persist`, facts
 * remembered in the project's `.cursus-runs/` are used when their stamps still hold, and a new answer is
 * remembered there (`if-present`: only when that folder exists already; `always`: creating it).
 */
export async function pythonFacts(choice: PythonChoice, cwd: string, signal?: AbortSignal, persist?: Remember, background = false): Promise<{ facts: PythonFacts } | { problem: string }> {
  const key = `${choice.command}\0${cwd}`;
  const hit = cache.get(key);
  const identity = interpreterStamp(choice.command, cwd);
  if (hit && hit.identity === identity && fresh(hit)) return { facts: hit.facts.source === choice.source ? hit.facts : { ...hit.facts, source: choice.source } };
  const diskKey = persist ? persistKey(choice, identity) : undefined;
  const kept = diskKey ? rememberedFacts(choice, cwd, diskKey, identity) : undefined;
  if (kept) {
    cache.set(key, kept);
    return { facts: kept.facts };
  }
  const r = await runPython(choice.command, [join(HARNESS_DIR, 'cursus_env.py')], { cwd, timeoutMs: 30_000, signal, background });
  if (r.startError) return { problem: `Python '${choice.command}' (from ${choice.source}) cannot be started (${r.startError})` };
  if (!r.ok) return { problem: `Python '${choice.command}' (from ${choice.source}) could not list its modules: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit code ${r.exitCode}`}` };
  let facts: PythonFacts;
  let reply: EnvironmentReply;
  try {
    reply = readReply(JSON.parse(r.stdout));
    facts = factsFromReply(reply, choice);
  } catch (err) {
    return { problem: `Python '${choice.command}' (from ${choice.source}) gave an unreadable module list (${(err as Error).message.slice(0, 120)})` };
  }
  const stamps = stampsOf(reply);
  cache.set(key, { facts, stamps, identity });
  if (diskKey && persist) {
    const others = rememberedList(readRemembered(cwd, PYTHON_FACTS_FILE)).filter((e) => e.key !== diskKey);
    remember(cwd, PYTHON_FACTS_FILE, [{ key: diskKey, stamps, reply }, ...others].slice(0, 8), persist);
  }
  return { facts };
}
