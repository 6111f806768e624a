/**
 * Finding and running Python: the interpreter in DESIGN section 8's order, and a child process with a timeout
 * that kills the whole process tree. Never throws for the user's faults: every outcome is a result.
 */
import type { ChildProcess } from 'node:child_process';
import { atBackgroundPriority, backgroundPriority, childProcess } from '../workspace/child-process.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { trackTree } from './live-runs.js';
import { describe, ProcessTree, RUN_TOKEN_VAR } from './process-tree.js';
import { assetPath } from '../workspace/assets.js';
import { readRemembered, remember } from '../workspace/remembered.js';

export const HARNESS_DIR = assetPath('server/python', 'python');

import { interpreterStamp, type PythonChoice } from '../workspace/python-choice.js';
export { choosePython, interpreterStamp, type PythonChoice, type PythonOptions } from '../workspace/python-choice.js';

export interface RunResult {
  ok: boolean;
  exitCode?: number;
  /** The signal that ended the main process, if one did. */
  signal?: string;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** Set when the process could not start at all (no such interpreter, not executable). */
  startError?: string;
  /** Set when the process was stopped by a cancellation signal. */
  cancelled: boolean;
  /** Processes still running when the main process had ended on its own (all of them were then killed). */
  leftovers: string[];
  /** Every process of the run that was killed (the main one included, after a timeout or a cancel). */
  killed: string[];
  /** Processes of the run that could not be killed (they are still running). */
  survivors: string[];
}

export interface RunOptions {
  cwd: string;
  input?: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Only the last this many characters of each stream are kept (the run goes on). */
  keepTail?: number;
  /** Processes the child reported as its descendants, read when it ends (the harness lists them). */
  reported?: () => { pid: number; start: number }[];
  /** Each piece of output as it arrives (for `--verbose` streaming). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Work nobody waits for: the process runs at a lower priority (see backgroundPriority). */
  background?: boolean;
}

const POLL_MS = 250;
const STREAM_GRACE_MS = 300;

/**
 * Runs `python args` in a session of its own and tracks every process it starts (see process-tree.ts). When
 * the main process ends, on timeout and on cancellation, every process of the run still alive is killed; the
 * result says which. Output pipes held open by an escaped grandchild are not waited for.
 */
export async function runPython(python: string, args: string[], o: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const token = randomBytes(12).toString('hex');
  const keep = o.keepTail ?? 64 * 1024;
  const out = new Tail(keep);
  const err = new Tail(keep);
  const base = { stdout: '', stderr: '', leftovers: [], killed: [], survivors: [] };
  if (o.signal?.aborted) return { ...base, ok: false, timedOut: false, cancelled: true, durationMs: 0 };
  let child: ChildProcess;
  let niced: boolean;
  try {
    const start = o.background ? atBackgroundPriority(python, args) : { command: python, args, niced: false };
    niced = start.niced;
    child = childProcess().spawn(start.command, start.args, {
      cwd: o.cwd,
      env: { ...process.env, ...(o.env ?? {}), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', [RUN_TOKEN_VAR]: token, CURSUS_LSP_PARENT_PID: String(process.pid) },
      detached: process.platform !== 'win32',
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
  } catch (e) {
    return { ...base, ok: false, timedOut: false, cancelled: false, durationMs: 0, startError: (e as Error).message };
  }
  let startError: string | undefined;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (child.pid === undefined) startError = `${e.code ?? 'error'}: ${e.message}`;
      resolveExit({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
  const stream = (name: 'stdout' | 'stderr', tail: Tail) => {
    const decoder = o.onOutput && new StringDecoder('utf8');
    return (d: Buffer) => {
      tail.push(d);
      const text = decoder?.write(d);
      if (text) o.onOutput!(name, text);
    };
  };
  child.stdout?.on('data', stream('stdout', out));
  child.stderr?.on('data', stream('stderr', err));
  child.stdin?.on('error', () => undefined); // a child that never reads its input is not our failure
  child.stdin?.end(o.input ?? '');

  if (o.background && !niced) backgroundPriority(child.pid);
  const tree = child.pid !== undefined ? new ProcessTree(child.pid, token) : undefined;
  const untrack = tree ? trackTree(tree) : () => undefined;
  const poll = tree ? setInterval(() => tree.scan(), POLL_MS) : undefined;
  let timedOut = false;
  let cancelled = false;
  let stop!: () => void;
  const stopped = new Promise<void>((r) => (stop = r));
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, o.timeoutMs);
  const onAbort = () => {
    cancelled = true;
    stop();
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const ended = await Promise.race([exited.then(() => 'exit' as const), stopped.then(() => 'stopped' as const)]);
  clearTimeout(timer);
  clearInterval(poll);
  o.signal?.removeEventListener('abort', onAbort);

  let leftovers: string[] = [];
  let killed: string[] = [];
  let survivors: string[] = [];
  if (tree) {
    if (ended === 'exit') {
      try {
        tree.adopt(o.reported?.() ?? []);
      } catch {
        // A reply we cannot read lists nothing; the scan still finds the run's processes.
      }
    }
    tree.scan();
    if (ended === 'exit') leftovers = tree.leftovers().map((p) => `${p.pid} (${describe(p)})`);
    // That scan found every process of the run there is to find: when none is alive, there is nothing to kill.
    const outcome = tree.alive().length ? tree.killAll() : { killed: [], survivors: [] };
    killed = outcome.killed.filter((p) => ended !== 'exit' || p.pid !== tree.rootPid).map((p) => `${p.pid} (${p.command})`);
    survivors = outcome.survivors.map((p) => `${p.pid} (${p.command})`);
  }
  untrack();
  const result = await Promise.race([exited, delay(2000).then(() => undefined)]);
  // An escaped grandchild may still hold the pipes: take what arrived, then stop listening.
  await Promise.race([Promise.all([closed(child.stdout), closed(child.stderr)]), delay(STREAM_GRACE_MS)]);
  child.stdout?.destroy();
  child.stderr?.destroy();
  const exitCode = result?.code ?? undefined;
  return {
    ok: ended === 'exit' && exitCode === 0 && !startError,
    exitCode,
    signal: result?.signal ?? undefined,
    timedOut,
    durationMs: Date.now() - started,
    stdout: out.text(),
    stderr: err.text(),
    startError,
    cancelled,
    leftovers,
    killed,
    survivors,
  };
}

/** The last `keep` characters of a stream, decoded without splitting a character between chunks. */
class Tail {
  private readonly decoder = new StringDecoder('utf8');
  private value = '';
  constructor(private readonly keep: number) {}
  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk.length > this.keep * 4 ? chunk.subarray(chunk.length - this.keep * 4) : chunk);
    this.value = this.value.length + text.length > this.keep * 2 ? (this.value + text).slice(-this.keep) : this.value + text;
  }
  text(): string {
    return (this.value + this.decoder.end()).slice(-this.keep);
  }
}

function closed(stream: Readable | null): Promise<void> {
  if (!stream || stream.destroyed || stream.readableEnded) return Promise.resolve();
  return new Promise((r) => {
    stream.once('close', () => r());
    stream.once('end', () => r());
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}

/** Where a project remembers which interpreters passed the check, so a run that is all cached starts no Python. */
export const CHECKED_PYTHONS = join('.cursus-runs', 'pythons.json');

function readChecked(root: string): string[] {
  const list = readRemembered(root, CHECKED_PYTHONS);
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

function rememberChecked(root: string, stamp: string): void {
  // Only runs that use the run cache remember (they write .cursus-runs/ anyway).
  remember(root, CHECKED_PYTHONS, [stamp, ...readChecked(root).filter((s) => s !== stamp)].slice(0, 8), 'always');
}

/**
 * Checks that the interpreter starts and is Python 3.8 or newer; a clear sentence when not. With `remember`
 * (runs that use the run cache), an interpreter that passed before in this project, unchanged since (see
 * interpreterStamp), is not started again.
 */
export async function checkPython(choice: PythonChoice, cwd: string, remember = false): Promise<string | undefined> {
  if (!remember) return askPython(choice, cwd);
  const stamp = interpreterStamp(choice.command, cwd);
  if (stamp && readChecked(cwd).includes(stamp)) return undefined;
  const problem = await askPython(choice, cwd);
  if (!problem && stamp) rememberChecked(cwd, stamp);
  return problem;
}

async function askPython(choice: PythonChoice, cwd: string): Promise<string | undefined> {
  const r = await runPython(choice.command, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { cwd, timeoutMs: 15_000 });
  if (r.startError) return `Python interpreter '${choice.command}' (from ${choice.source}) cannot be started (${r.startError}). Set --python, the python setting or CURSUS_PYTHON to a Python 3.8+ interpreter.`;
  if (r.timedOut) return `Python interpreter '${choice.command}' (from ${choice.source}) did not answer within 15 s.`;
  const [major, minor] = r.stdout.trim().split('.').map(Number);
  if (!r.ok || !(major === 3 && minor >= 8)) return `Python interpreter '${choice.command}' (from ${choice.source}) is not Python 3.8+ (it said: ${(r.stdout + r.stderr).trim().slice(0, 200) || 'nothing'}).`;
  return undefined;
}

