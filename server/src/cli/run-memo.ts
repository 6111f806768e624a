/**
 * The whole of a fully cached `cursus-lint run`, remembered: what the run observed of the file system, and what it
 * reported, so that the next run of the same command finds everything unchanged by looking again at what the
 * last one looked at, before loading any of the engine, parsing the spec or opening the run cache.
 *
 * Recorded (bin/cursus-lint.cjs, through code-cache.ts) while a `run` executes: every synchronous file-system read
 * the command makes goes through the `node:fs` module (the bundle calls its functions through the module object),
 * and each is noted with what it saw: a path's identity (device, inode, mode, size, modification and change time,
 * or absent) for a stat, an existence check, a read or an open; a folder's entries for a listing; the resolved
 * path for realpath and readlink; and the answer of each `node:os` call. A run that does anything else (writes or
 * removes a file, starts a process or a worker, reads asynchronously) is not remembered: only a run that ran no
 * script and changed nothing, i.e. one whose every step was reused, is. Nor one that printed anything but its
 * progress and report, one that wrote its report to a file (`--out`), an html report, or one whose exit was a
 * usage error.
 *
 * Reused when the command is the same (arguments, working folder, every environment variable, whether stdout and
 * stderr are terminals and their width, Node's version, the bundle's identity) and every observation gives the
 * same answer now. Then the progress and report are rendered again from the remembered events and report by the
 * same code a run uses, with this command's own wall time. A file whose change time was within a clock tick of the
 * recording (50 ms; 2.5 s on a file system that keeps whole seconds) could change again without its identity
 * changing: such a run is not remembered (the next one is). `--no-cache` and CURSUS_LINT_RUN_MEMO=off neither
 * read nor write it; CURSUS_LINT_RUN_MEMO=explain says on stderr whether a run was shown again, kept, or why not.
 *
 * Paths under /proc (the kernel's process table, listed to find and kill a run's processes; a fully cached run
 * starts none) and the `.cursus-runs/` folder's own times (this memory is written there) are not observed.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from '../workspace/write-atomic.js';

const FORMAT = 'cursus-lint-run-memo 1';
/** Entries kept per `.cursus-runs/` (one per distinct command line and environment); the oldest go first. */
const KEEP = 8;
export const MEMO_FILE = 'run-memo.json';

/** One observation: [kind, path or call, answer]. */
export type Observation = [string, string, string];

/** What the run reported, to render again (cli/run-output.ts). */
export interface RunCapture {
  root: string;
  events: unknown[];
  report: { stats: { wall_time: number } } & Record<string, unknown>;
}

interface Entry {
  observations: Observation[];
  capture: RunCapture;
}

/** The key of a command: everything outside the file system its output depends on. */
export function memoKey(argv: readonly string[], cwd: string, bundle: string, env: NodeJS.ProcessEnv = process.env): string {
  const envList = Object.entries(env)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out = process.stdout as NodeJS.WriteStream;
  const err = process.stderr as NodeJS.WriteStream;
  return createHash('sha256')
    .update(JSON.stringify([FORMAT, process.version, process.arch, process.platform, argv, cwd, envList, identity(fs.statSync, bundle), out.isTTY === true, err.isTTY === true, out.columns ?? 0, err.columns ?? 0]))
    .digest('hex');
}

/** A path's identity as statSync or lstatSync sees it, or why there is none. */
function identity(stat: typeof fs.statSync, path: string): string {
  try {
    const st = stat(path, { throwIfNoEntry: false });
    return st ? `${st.dev}:${st.ino}:${st.mode}:${st.nlink}:${st.uid}:${st.gid}:${st.size}:${st.mtimeMs}:${st.ctimeMs}` : 'absent';
  } catch (e) {
    return `error ${(e as NodeJS.ErrnoException).code}`;
  }
}

/**
 * What a look at `path` gives now. The `.cursus-runs/` folder itself is seen by its kind only: this memory and
 * the code cache are written into it, which changes its times.
 */
function answer(kind: string, path: string, runsDir: string, fns: FsFns): string {
  if ((kind === 's' || kind === 'l') && path === runsDir) {
    const st = (kind === 's' ? fns.statSync : fns.lstatSync)(path, { throwIfNoEntry: false });
    return `runs-dir ${st ? `${st.isDirectory()} ${st.isSymbolicLink()}` : 'absent'}`;
  }
  return observe[kind](path, fns);
}

/** The `node:os` functions that only read; a run calling any other (setPriority, say) is not remembered. */
const OS_READS = new Set(['availableParallelism', 'arch', 'cpus', 'endianness', 'freemem', 'getPriority', 'homedir', 'hostname', 'loadavg', 'machine', 'networkInterfaces', 'platform', 'release', 'tmpdir', 'totalmem', 'type', 'uptime', 'userInfo', 'version']);

/** The kinds of observation, each a function of the path that gives the same answer while nothing changed. */
const observe: Record<string, (path: string, fns: FsFns) => string> = {
  s: (p, f) => identity(f.statSync, p),
  l: (p, f) => identity(f.lstatSync, p),
  /** A folder's entries, each with its type. */
  d: (p, f) => {
    try {
      return JSON.stringify(
        f
          .readdirSync(p, { withFileTypes: true })
          .map((d) => `${d.isFile() ? 'f' : d.isDirectory() ? 'd' : d.isSymbolicLink() ? 'l' : 'o'}${d.name}`)
          .sort(),
      );
    } catch (e) {
      return `error ${(e as NodeJS.ErrnoException).code}`;
    }
  },
  r: (p, f) => {
    try {
      return f.realpathSync(p);
    } catch (e) {
      return `error ${(e as NodeJS.ErrnoException).code}`;
    }
  },
  k: (p, f) => {
    try {
      return f.readlinkSync(p);
    } catch (e) {
      return `error ${(e as NodeJS.ErrnoException).code}`;
    }
  },
  a: (p, f) => {
    const [mode, path] = [Number(p.slice(0, p.indexOf(':'))), p.slice(p.indexOf(':') + 1)];
    try {
      f.accessSync(path, mode);
      return 'ok';
    } catch (e) {
      return `error ${(e as NodeJS.ErrnoException).code}`;
    }
  },
  o: (call) => {
    const [name, args] = JSON.parse(call) as [string, unknown[]];
    // Only a function that reads is called again (the memo file is data: it never chooses what runs).
    if (!OS_READS.has(name) || !Array.isArray(args)) return 'not a read';
    return JSON.stringify((os as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args)) ?? 'undefined';
  },
};

interface FsFns {
  statSync: typeof fs.statSync;
  lstatSync: typeof fs.lstatSync;
  readdirSync: typeof fs.readdirSync;
  realpathSync: typeof fs.realpathSync;
  readlinkSync: typeof fs.readlinkSync;
  accessSync: typeof fs.accessSync;
}

/** The capture kept for `key` in `runsDir` when every observation it made gives the same answer now. */
export function replayable(runsDir: string, key: string): RunCapture | undefined {
  let entry: Entry | undefined;
  try {
    const kept = JSON.parse(fs.readFileSync(join(runsDir, MEMO_FILE), 'utf8')) as { format?: string; entries?: Record<string, Entry> };
    entry = kept.format === FORMAT ? kept.entries?.[key] : undefined;
  } catch {
    return undefined;
  }
  // A damaged file is never a reason to fail: anything but the shape written is no memory.
  const c = entry?.capture;
  if (!entry || !Array.isArray(entry.observations) || !c || typeof c.root !== 'string' || !Array.isArray(c.events) || !c.events.every((e) => e && typeof e === 'object')) return undefined;
  const report = c.report as Record<string, unknown> | undefined;
  if (!report || typeof report.stats !== 'object' || !report.stats || typeof report.script_results !== 'object' || typeof report.data_flow_results !== 'object' || !Array.isArray(report.errors) || !Array.isArray(report.execution_order)) return undefined;
  for (const o of entry.observations) {
    if (!Array.isArray(o) || typeof o[1] !== 'string' || !Object.hasOwn(observe, o[0])) return undefined;
    try {
      if (answer(o[0], o[1], runsDir, fs) !== o[2]) return undefined;
    } catch {
      return undefined;
    }
  }
  return entry.capture;
}

/** Recording: set up before the command runs, `finish` after. */
export interface Recorder {
  /** Stops observing; why the run cannot be remembered, or undefined when it can. */
  stop(): string | undefined;
  /** Keeps what was observed with the run's capture (after stop() said it can be). */
  save(capture: RunCapture): void;
}

/** Fs functions that only read, by how each is observed; any other function of node:fs used during the run taints it. */
const READS: Record<string, (args: unknown[]) => [string, string] | undefined> = {
  statSync: (a) => ['s', a[0] as string],
  lstatSync: (a) => ['l', a[0] as string],
  existsSync: (a) => ['s', a[0] as string],
  readFileSync: (a) => (typeof a[0] === 'number' ? undefined : ['s', a[0] as string]),
  readdirSync: (a) => ['d', a[0] as string],
  realpathSync: (a) => ['r', a[0] as string],
  readlinkSync: (a) => ['k', a[0] as string],
  accessSync: (a) => ['a', `${(a[1] as number | undefined) ?? fs.constants.F_OK}:${a[0] as string}`],
  openSync: (a) => ['s', a[0] as string],
  // By descriptor: what they read was observed when it was opened.
  fstatSync: () => undefined,
  readSync: () => undefined,
  closeSync: () => undefined,
};

export function startRecording(runsDir: string, key: string, startedAt: number = Date.now()): Recorder {
  const requireHere = createRequire(import.meta.url);
  const seen = new Map<string, Observation>();
  let taint: string | undefined;
  const restore: (() => void)[] = [];
  const real: FsFns = { statSync: fs.statSync, lstatSync: fs.lstatSync, readdirSync: fs.readdirSync, realpathSync: fs.realpathSync, readlinkSync: fs.readlinkSync, accessSync: fs.accessSync };
  const note = (kind: string, path: string) => {
    if (path === '/proc' || path.startsWith('/proc/')) return;
    const id = `${kind}\0${path}`;
    // The first look is what the run's answer came from; a later different answer is caught by stop().
    if (!seen.has(id)) seen.set(id, [kind, path, answer(kind, path, runsDir, real)]);
  };
  const patch = (obj: Record<string, unknown>, name: string, wrapper: (orig: (...a: unknown[]) => unknown) => unknown) => {
    const orig = obj[name] as (...a: unknown[]) => unknown;
    const wrapped = wrapper(orig);
    // realpathSync.native and the like stay reachable.
    Object.assign(wrapped as object, orig);
    obj[name] = wrapped;
    restore.push(() => (obj[name] = orig));
  };
  const fsObj = fs as unknown as Record<string, unknown>;
  for (const name of Object.keys(fsObj)) {
    if (typeof fsObj[name] !== 'function' || !/^[a-z]/.test(name)) continue;
    const read = READS[name];
    patch(fsObj, name, (orig) =>
      function (this: unknown, ...args: unknown[]) {
        if (!read) taint ??= `fs.${name}`;
        else if (name === 'openSync' && !isReadOnly(args[1])) taint ??= 'fs.openSync for writing';
        else if (typeof args[0] !== 'string' && typeof args[0] !== 'number') taint ??= `fs.${name} of a ${typeof args[0]}`;
        else {
          const o = read(args);
          if (o && typeof o[1] === 'string') note(o[0], o[1]);
        }
        return orig.apply(this, args);
      },
    );
  }
  // realpathSync.native is a function of its own.
  const rp = fs.realpathSync as unknown as { native: (...a: unknown[]) => unknown };
  const nativeOrig = rp.native;
  rp.native = (...args: unknown[]) => {
    if (typeof args[0] === 'string') note('r', args[0]);
    else taint ??= 'fs.realpathSync.native';
    return nativeOrig(...args);
  };
  restore.push(() => (rp.native = nativeOrig));
  const osObj = os as unknown as Record<string, unknown>;
  for (const name of Object.keys(osObj)) {
    if (typeof osObj[name] !== 'function' || !/^[a-z]/.test(name)) continue;
    patch(osObj, name, (orig) =>
      function (this: unknown, ...args: unknown[]) {
        if (!OS_READS.has(name)) taint ??= `os.${name}`;
        const result = orig.apply(this, args);
        const call = JSON.stringify([name, args]);
        if (!seen.has(`o\0${call}`)) seen.set(`o\0${call}`, ['o', call, JSON.stringify(result) ?? 'undefined']);
        return result;
      },
    );
  }
  // Processes, workers and asynchronous reads are not observed: a run that uses them is not remembered.
  for (const mod of ['node:child_process', 'node:fs/promises', 'node:worker_threads']) {
    const obj = requireHere(mod) as Record<string, unknown>;
    for (const name of Object.keys(obj)) {
      if (typeof obj[name] !== 'function') continue;
      if (/^[A-Z]/.test(name)) {
        if (name !== 'Worker') continue;
        const Orig = obj[name] as new (...a: unknown[]) => object;
        const Tainting = class extends Orig {
          constructor(...a: unknown[]) {
            taint ??= 'a worker thread';
            super(...a);
          }
        };
        obj[name] = Tainting;
        restore.push(() => (obj[name] = Orig));
        continue;
      }
      patch(obj, name, (orig) =>
        function (this: unknown, ...args: unknown[]) {
          taint ??= `${mod}.${name}`;
          return orig.apply(this, args);
        },
      );
    }
  }
  const fsPromises = Object.getOwnPropertyDescriptor(fs, 'promises');
  if (fsPromises?.configurable) {
    Object.defineProperty(fs, 'promises', {
      configurable: true,
      enumerable: fsPromises.enumerable,
      get() {
        taint ??= 'fs.promises';
        return fsPromises.get ? fsPromises.get.call(fs) : fsPromises.value;
      },
    });
    restore.push(() => Object.defineProperty(fs, 'promises', fsPromises));
  }
  let stopped = false;
  return {
    stop() {
      if (!stopped) for (const undo of restore.reverse()) undo();
      stopped = true;
      if (taint) return taint;
      for (const [kind, path, was] of seen.values()) {
        // Changed while the run looked: its output may stand on either state.
        if (kind !== 'o' && answer(kind, path, runsDir, real) !== was) return `${path} changed during the run`;
        if (kind === 's' || kind === 'l') {
          const ctime = Number(was.split(':')[8]);
          // A change within the same clock tick would keep the identity: look again next time.
          const tick = ctime % 1000 === 0 ? 2500 : 50;
          if (ctime > startedAt - tick) return `${path} changed just before the run`;
        }
      }
      return undefined;
    },
    save(capture) {
      const file = join(runsDir, MEMO_FILE);
      let entries: Record<string, Entry> = {};
      try {
        const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: string; entries?: Record<string, Entry> };
        if (kept.format === FORMAT && kept.entries && typeof kept.entries === 'object') entries = kept.entries;
      } catch {
        // None yet, or damaged: start afresh.
      }
      delete entries[key];
      const names = Object.keys(entries);
      for (const old of names.slice(0, Math.max(0, names.length - (KEEP - 1)))) delete entries[old];
      entries[key] = { observations: [...seen.values()], capture };
      try {
        writeAtomic(file, JSON.stringify({ format: FORMAT, entries }));
      } catch {
        // Not writable: the next run does the work again.
      }
    },
  };
}

function isReadOnly(flags: unknown): boolean {
  return flags === undefined || flags === 'r' || flags === fs.constants.O_RDONLY;
}
