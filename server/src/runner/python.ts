/**
 * Finding and running Python: the interpreter in DESIGN section 8's order, and a child process with a timeout
 * that kills the whole process tree. Never throws for the user's faults: every outcome is a result.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { assetPath } from '../workspace/assets.js';

export const HARNESS_DIR = assetPath('server/python', 'python');

export interface PythonChoice {
  command: string;
  /** Where the choice came from, for messages: `--python`, `setting`, `CURSUS_PYTHON`, ... */
  source: string;
}

export interface PythonOptions {
  explicit?: string;
  setting?: string;
  root: string;
  env?: NodeJS.ProcessEnv;
}

/** `--python`, the setting, `CURSUS_PYTHON`, an active virtualenv, `<root>/.venv`, then `python3`. */
export function choosePython(o: PythonOptions): PythonChoice {
  const env = o.env ?? process.env;
  if (o.explicit) return { command: o.explicit, source: '--python' };
  if (o.setting) return { command: o.setting, source: 'the python setting' };
  if (env.CURSUS_PYTHON) return { command: env.CURSUS_PYTHON, source: 'CURSUS_PYTHON' };
  const bin = process.platform === 'win32' ? join('Scripts', 'python.exe') : join('bin', 'python');
  if (env.VIRTUAL_ENV && existsSync(join(env.VIRTUAL_ENV, bin))) return { command: join(env.VIRTUAL_ENV, bin), source: 'the active virtualenv' };
  if (existsSync(join(o.root, '.venv', bin))) return { command: join(o.root, '.venv', bin), source: '.venv' };
  return { command: process.platform === 'win32' ? 'python' : 'python3', source: 'PATH' };
}

export interface RunResult {
  ok: boolean;
  exitCode?: number;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** Set when the process could not start at all (no such interpreter, not executable). */
  startError?: string;
  /** Set when the process was stopped by a cancellation signal. */
  cancelled: boolean;
}

export interface RunOptions {
  cwd: string;
  input?: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Only the last this many characters of each stream are kept (the run goes on). */
  keepTail?: number;
  /** Each piece of output as it arrives (for `--verbose` streaming). */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

/**
 * Runs `python args` in its own process group; on timeout or cancellation the whole group is killed,
 * so children the script spawned do not outlive it.
 */
export async function runPython(python: string, args: string[], o: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const child = execa(python, args, {
    cwd: o.cwd,
    input: o.input ?? '',
    env: { ...(o.env ?? {}), PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
    extendEnv: true,
    reject: false,
    detached: process.platform !== 'win32',
    stripFinalNewline: false,
    buffer: false,
    cancelSignal: o.signal,
    forceKillAfterDelay: 2000,
  });
  const keep = o.keepTail ?? 64 * 1024;
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    const text = d.toString('utf8');
    stdout = (stdout + text).slice(-keep);
    o.onOutput?.('stdout', text);
  });
  child.stderr?.on('data', (d: Buffer) => {
    const text = d.toString('utf8');
    stderr = (stderr + text).slice(-keep);
    o.onOutput?.('stderr', text);
  });
  let timedOut = false;
  const killGroup = () => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, o.timeoutMs);
  const onAbort = () => killGroup();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const r = await child;
  clearTimeout(timer);
  o.signal?.removeEventListener('abort', onAbort);
  // The group may still hold grandchildren after the direct child exited on its own.
  if (timedOut || o.signal?.aborted) killGroup();
  const startError = r.failed && r.exitCode === undefined && !timedOut && !r.isCanceled && r.code ? `${r.code}: ${r.shortMessage}` : undefined;
  return {
    ok: !r.failed && r.exitCode === 0 && !timedOut,
    exitCode: r.exitCode,
    timedOut,
    durationMs: Date.now() - started,
    stdout,
    stderr,
    startError,
    cancelled: Boolean(o.signal?.aborted),
  };
}

/** Checks that the interpreter starts and is Python 3.8 or newer; a clear sentence when not. */
export async function checkPython(choice: PythonChoice, cwd: string): Promise<string | undefined> {
  const r = await runPython(choice.command, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { cwd, timeoutMs: 15_000 });
  if (r.startError) return `Python interpreter '${choice.command}' (from ${choice.source}) cannot be started (${r.startError}). Set --python, the python setting or CURSUS_PYTHON to a Python 3.8+ interpreter.`;
  if (r.timedOut) return `Python interpreter '${choice.command}' (from ${choice.source}) did not answer within 15 s.`;
  const [major, minor] = r.stdout.trim().split('.').map(Number);
  if (!r.ok || !(major === 3 && minor >= 8)) return `Python interpreter '${choice.command}' (from ${choice.source}) is not Python 3.8+ (it said: ${(r.stdout + r.stderr).trim().slice(0, 200) || 'nothing'}).`;
  return undefined;
}
