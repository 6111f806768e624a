/**
 * Python syntax errors as CPython itself sees them: the project's interpreter runs `ast.parse` over the
 * scripts (files by path, so coding cookies, BOMs and undecodable bytes count exactly as on import; unsaved
 * editor text as text), one process for a batch, each verdict remembered by file state. @lezer/python, which
 * reads the scripts' structure, is looser and stricter than CPython in places (bare `yield`, `1.`,
 * `with ... as (a, b)`, coding cookies); its verdict is used only when no interpreter can be asked.
 * The CLI keeps the verdicts of files on disk in `.cursus-runs/python-syntax.json` (by path, modification time
 * and size, for one interpreter file), so a check or run of unchanged scripts starts no Python for them.
 */
import { createHash } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { atBackgroundPriority, backgroundPriority, childProcess } from './child-process.js';
import { join } from 'node:path';
import { interpreterStamp } from './python-choice.js';
import { readRemembered, remember, type Remember } from './remembered.js';

export const PYTHON_SYNTAX_FILE = join('.cursus-runs', 'python-syntax.json');
const MAX_VERDICTS = 20_000;
/** Files per interpreter process: a few hundred keeps each answer quick on a loaded machine. */
const BATCH = 200;
/**
 * In the background (prefetch), two processes share the files up to this many each: every start of the
 * interpreter costs more than parsing a few hundred small files (a pyenv shim starts a shell and pyenv first).
 */
const MAX_PREFETCH_BATCH = 1000;

/** Where CPython stopped: 1-based line and column, and its message. */
export interface CpythonSyntaxError {
  line: number;
  column: number;
  message: string;
}

/** null: it parses; an error; undefined: the interpreter could not be asked. */
export type Verdict = CpythonSyntaxError | null | undefined;

const SCRIPT = `
import ast, json, sys, warnings
warnings.simplefilter("ignore")
out = []
for item in json.load(sys.stdin):
    try:
        if "path" in item:
            with open(item["path"], "rb") as f:
                src = f.read()
        else:
            src = item["text"]
        ast.parse(src, item.get("path", "<unsaved>"))
        out.append(None)
    except SyntaxError as e:
        out.append([e.lineno or 1, e.offset or 1, e.msg])
    except (ValueError, UnicodeError) as e:
        out.append([1, 1, str(e)])
    except Exception:
        out.append(False)
sys.stdout.write(json.dumps(out))
`;

export class PythonSyntax {
  private readonly verdicts = new Map<string, CpythonSyntaxError | null>();
  private broken = false;
  /** The interpreter file's identity when verdicts are remembered on disk (see interpreterStamp). */
  private readonly stamp?: string;

  /**
   * With `persist`, verdicts of files on disk are read from and written to the project's `.cursus-runs/`; with
   * `background`, the interpreters asked by prefetch run at a lower priority (nobody waits for them).
   */
  constructor(readonly interpreter: string, private readonly cwd: string, private readonly persist?: Remember, private readonly background = false) {
    if (!persist) return;
    this.stamp = interpreterStamp(interpreter, cwd);
    const kept = readRemembered(cwd, PYTHON_SYNTAX_FILE) as { interpreter?: unknown; verdicts?: unknown } | undefined;
    if (!this.stamp || kept?.interpreter !== this.stamp || !Array.isArray(kept.verdicts)) return;
    for (const item of kept.verdicts.slice(0, MAX_VERDICTS)) {
      if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
      const v: unknown = item[1];
      if (v === null) this.verdicts.set(item[0], null);
      else if (isSyntaxError(v)) this.verdicts.set(item[0], { line: v.line, column: v.column, message: v.message });
    }
  }

  /** A verdict already known for a file in this state (undefined: not asked yet, or not answerable). */
  known(abs: string, state: string): Verdict {
    return this.verdicts.get(`${abs}|${state}`);
  }

  /** Verdicts for files on disk (keyed by path and state, e.g. mtime and size), asking for the unknown ones at once. */
  files(items: { abs: string; state: string }[]): Map<string, Verdict> {
    const out = new Map<string, Verdict>();
    const missing = items.filter((i) => !this.verdicts.has(`${i.abs}|${i.state}`));
    if (this.verdicts.size + missing.length > 20_000) this.verdicts.clear();
    if (missing.length) {
      const got = this.ask(missing.map((i) => ({ path: i.abs })));
      let added = false;
      missing.forEach((m, n) => {
        const v = got?.[n];
        if (v !== undefined) {
          this.verdicts.set(`${m.abs}|${m.state}`, v);
          added = true;
        }
      });
      if (added) this.save();
    }
    for (const i of items) out.set(i.abs, this.verdicts.get(`${i.abs}|${i.state}`));
    return out;
  }

  /**
   * Asks for the verdicts of files on disk not known yet, in batches run two at a time without blocking, so the
   * caller can index contracts meanwhile; later `known`/`files` calls find them. Never rejects.
   */
  async prefetch(items: { abs: string; state: string }[]): Promise<void> {
    const missing = items.filter((i) => !this.verdicts.has(`${i.abs}|${i.state}`));
    if (!missing.length || this.broken) return;
    const batches: { abs: string; state: string }[][] = [];
    const size = Math.min(MAX_PREFETCH_BATCH, Math.max(BATCH, Math.ceil(missing.length / 2)));
    for (let i = 0; i < missing.length; i += size) batches.push(missing.slice(i, i + size));
    let added = false;
    const worker = async () => {
      for (let batch = batches.shift(); batch && !this.broken; batch = batches.shift()) {
        const got = await this.askAsync(batch.map((i) => ({ path: i.abs })));
        batch.forEach((m, n) => {
          const v = got?.[n];
          if (v !== undefined) {
            this.verdicts.set(`${m.abs}|${m.state}`, v);
            added = true;
          }
        });
      }
    };
    await Promise.all([worker(), worker()]);
    if (added) this.save();
  }

  private askAsync(items: { path: string }[]): Promise<(CpythonSyntaxError | null | undefined)[] | undefined> {
    return new Promise((resolveAsk) => {
      let out = '';
      let settled = false;
      const done = (v: (CpythonSyntaxError | null | undefined)[] | undefined) => {
        if (!settled) {
          settled = true;
          forget();
          clearTimeout(timer);
          resolveAsk(v);
        }
      };
      const start = this.background ? atBackgroundPriority(this.interpreter, ['-I', '-c', SCRIPT]) : { command: this.interpreter, args: ['-I', '-c', SCRIPT], niced: false };
      // The server's asks lead a process group of their own, ended whole (see killAsking); the CLI's stay in its
      // group, where a Ctrl-C at the terminal reaches them as it reaches the CLI.
      const group = this.background && process.platform !== 'win32';
      const child = childProcess().spawn(start.command, start.args, { cwd: this.cwd, stdio: ['pipe', 'pipe', 'ignore'], detached: group });
      const forget = killedAtExit(child, group);
      if (this.background && !start.niced) backgroundPriority(child.pid);
      // A batch that runs out of time is not held against the interpreter (the synchronous path asks again).
      const timer = setTimeout(() => {
        kill(child, group);
        done(undefined);
      }, 60_000);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => (out += d));
      child.stdin.on('error', () => undefined);
      child.on('error', () => {
        this.broken = true;
        done(undefined);
      });
      child.on('close', (code) => {
        if (code !== 0) {
          this.broken = true;
          return done(undefined);
        }
        done(parseVerdicts(out));
      });
      child.stdin.end(JSON.stringify(items));
    });
  }

  /** Writes the verdicts of files on disk (not those of unsaved text) for the next command. */
  private save(): void {
    if (!this.persist || !this.stamp) return;
    const verdicts = [...this.verdicts].filter(([k]) => !k.startsWith('text|')).slice(-MAX_VERDICTS);
    remember(this.cwd, PYTHON_SYNTAX_FILE, { interpreter: this.stamp, verdicts }, this.persist);
  }

  /** The verdict for text not saved to disk (an open editor buffer). */
  text(text: string): Verdict {
    const key = `text|${createHash('sha1').update(text).digest('hex')}`;
    if (!this.verdicts.has(key)) {
      const v = this.ask([{ text }])?.[0];
      if (v === undefined) return undefined;
      if (this.verdicts.size > 5000) this.verdicts.clear();
      this.verdicts.set(key, v);
    }
    return this.verdicts.get(key);
  }

  private ask(items: ({ path: string } | { text: string })[]): (CpythonSyntaxError | null | undefined)[] | undefined {
    if (this.broken) return undefined;
    if (items.length > BATCH) {
      const out: (CpythonSyntaxError | null | undefined)[] = [];
      for (let i = 0; i < items.length; i += BATCH) out.push(...(this.ask(items.slice(i, i + BATCH)) ?? Array<undefined>(Math.min(BATCH, items.length - i)).fill(undefined)));
      return out;
    }
    const r = childProcess().spawnSync(this.interpreter, ['-I', '-c', SCRIPT], { cwd: this.cwd, input: JSON.stringify(items), encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0 || r.error) {
      // No such interpreter, or one that cannot run this script: the parser's own verdict stands from now on
      // (a batch that only ran out of time is not held against the interpreter).
      if ((r.error as NodeJS.ErrnoException | undefined)?.code !== 'ETIMEDOUT') this.broken = true;
      return undefined;
    }
    return parseVerdicts(r.stdout);
  }
}

/**
 * Interpreters asked in the background and still running (with whether each leads a process group of its own): a
 * process that exits (the server) ends them first.
 */
const asking = new Map<ChildProcess, boolean>();

function killedAtExit(child: ChildProcess, group: boolean): () => void {
  if (asking.size === 0 && !process.listeners('exit').includes(killAsking)) process.on('exit', killAsking);
  asking.set(child, group);
  return () => asking.delete(child);
}

function killAsking(): void {
  for (const [child, group] of asking) kill(child, group);
}

/**
 * Ends an ask. A pyenv shim (or a script run through `#!/usr/bin/env python3`) forks subshells on its way to the
 * interpreter: killing the first process alone left such a subshell running on its own for a while (seen when the
 * server exited during an ask). A group is killed with one signal, which the kernel delivers to all of it at once.
 */
function kill(child: ChildProcess, group: boolean): void {
  if (group && child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
      return;
    } catch {
      // The group is gone: so is the child.
    }
  }
  child.kill('SIGKILL');
}

function isSyntaxError(v: unknown): v is CpythonSyntaxError {
  const o = v as CpythonSyntaxError | undefined;
  return typeof o === 'object' && o !== null && typeof o.line === 'number' && typeof o.column === 'number' && typeof o.message === 'string';
}

function parseVerdicts(stdout: string): (CpythonSyntaxError | null | undefined)[] | undefined {
  try {
    const parsed = JSON.parse(stdout) as ([number, number, string] | null | false)[];
    return parsed.map((v) => (v === false ? undefined : v === null ? null : { line: v[0], column: v[1], message: v[2] }));
  } catch {
    return undefined;
  }
}
