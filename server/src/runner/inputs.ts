/**
 * A step's input data, kept as it was: a content digest of every file before the run, the files made read-only
 * for the run (inside the project only), a copy of them kept for the run (up to a size budget) so that a script
 * that changes or deletes them is caught and its damage undone, and the full digest taken again afterwards.
 *
 * The digest is SHA-256 of each file's bytes, whatever its size; a script cannot pass a change off by restoring
 * sizes and modification times. Before the run, a digest already taken for the same file (same device, inode,
 * size, modification and change time; the change time cannot be set back by a script) is reused.
 */
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, realpathSync, rmdirSync, rmSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { leavesRoot } from '../workspace/links.js';
import { runsDirTrouble } from '../workspace/remembered.js';
import { writeAtomic } from '../workspace/write-atomic.js';

/** Inputs up to this many bytes in all are copied for the run, so that damage can be undone. */
export const COPY_BUDGET = 64 * 1024 * 1024;

/** One input's content: each file by its path relative to the input (`''` for a single file) and its digest. */
export type Manifest = Map<string, { size: number; digest: string }>;

const memo = new Map<string, string>();

/** The manifest of a file or folder; `reuse` takes earlier digests of files whose identity and times are unchanged. */
export function manifestOf(path: string, reuse: boolean): Manifest {
  const out: Manifest = new Map();
  const visit = (p: string, rel: string, depth: number) => {
    let st: Stats;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      if (depth > 64) return; // a symlink loop
      for (const name of readdirSync(p).sort()) visit(join(p, name), rel ? `${rel}/${name}` : name, depth + 1);
      return;
    }
    if (!st.isFile()) return;
    const id = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    const known = reuse ? memo.get(id) : undefined;
    const digest = known ?? digestFile(p);
    memo.set(id, digest);
    out.set(rel, { size: st.size, digest });
  };
  visit(path, '', 0);
  return out;
}

/** One digest standing for a whole manifest (for cache keys). */
export function manifestDigest(m: Manifest): string {
  const h = createHash('sha256');
  if (m.size === 0) h.update('missing-or-empty\0');
  for (const [rel, f] of m) h.update(`${rel}\0${f.size}\0${f.digest}\0`);
  return h.digest('hex');
}

function digestFile(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** What happened to one step's inputs during its run. */
export interface InputCheck {
  /** `name: file (modified|deleted|added)` for every difference found. */
  changes: string[];
  /** Whether every modified or deleted file was put back from the copy. */
  restored: boolean;
  /** Why the inputs could not be copied for the run (a full disk, a read-only .cursus-runs/), when they could not. */
  notCopied?: string;
}

interface Guarded {
  name: string;
  path: string;
  before: Manifest;
  /** Where the copy of this input was kept, if it was. */
  copy?: string;
}

/** Protects a step's inputs for its run; `release` (always call it) restores modes, verifies, and undoes damage. */
export function guardInputs(root: string, inputs: [string, string][]): { release(): InputCheck } {
  // An existing path of the project, links followed (a path that leads out through a link is not).
  const inside = (p: string) => safeRealpath(p) !== undefined && !leavesRoot(p, root);
  // A .cursus-runs/ (or its originals/) that leads outside the project is not used: no copies, no journal.
  const state = runsDirTrouble(root) === undefined ? join(root, '.cursus-runs') : undefined;
  if (state) recoverModes(state, inside);
  const guarded: Guarded[] = inputs.map(([name, path]) => ({ name, path, before: manifestOf(path, true) }));
  const total = guarded.reduce((n, g) => n + [...g.before.values()].reduce((a, f) => a + f.size, 0), 0);
  const copies = state && total <= COPY_BUDGET && !isLink(join(state, 'originals')) ? join(state, 'originals', `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`) : undefined;
  let notCopied: string | undefined;
  if (copies) {
    try {
      for (const [i, g] of guarded.entries()) {
        if (!inside(g.path)) continue;
        g.copy = join(copies, String(i));
        for (const rel of g.before.keys()) {
          const to = join(g.copy, rel || 'file');
          mkdirSync(dirname(to), { recursive: true });
          copyFileSync(rel ? join(g.path, rel) : g.path, to, constants.COPYFILE_FICLONE);
        }
      }
    } catch (e) {
      // A copy that failed (a full disk, a read-only .cursus-runs/) is not left half-made in the project: the step
      // runs as one with inputs over the budget does, its changes to them detected but not undone, and says so.
      removeCopies(copies);
      for (const g of guarded) g.copy = undefined;
      notCopied = (e as Error).message;
    }
  }
  const locked = lockReadOnly(state, guarded.filter((g) => inside(g.path)).map((g) => g.path));
  return {
    release() {
      unlock(state, locked);
      const changes: string[] = [];
      let restored = true;
      for (const g of guarded) {
        const after = manifestOf(g.path, false);
        const diff = differences(g.before, after);
        for (const [rel, what] of diff) changes.push(`${g.name}: ${rel || g.path.split(sep).pop()} ${what}`);
        const damaged = diff.filter(([, what]) => what !== 'added');
        if (damaged.length === 0) continue;
        if (!g.copy) {
          restored = false;
          continue;
        }
        for (const [rel] of damaged) {
          const target = rel ? join(g.path, rel) : g.path;
          try {
            mkdirSync(dirname(target), { recursive: true });
            if (existsSync(target) && lstatSync(target).isSymbolicLink()) unlinkSync(target);
            copyFileSync(join(g.copy, rel || 'file'), target);
          } catch {
            restored = false;
          }
        }
        const again = differences(g.before, manifestOf(g.path, false)).filter(([, what]) => what !== 'added');
        if (again.length) restored = false;
      }
      if (copies && notCopied === undefined) removeCopies(copies);
      return { changes, restored, notCopied };
    },
  };
}

/** Removes one run's copies of its inputs, and originals/ when no other run keeps copies there. */
function removeCopies(copies: string): void {
  try {
    rmSync(copies, { recursive: true, force: true });
    rmdirSync(dirname(copies));
  } catch {
    // Not empty (another step's copies), or not removable: the next run's recovery drops what a dead run left.
  }
}

function differences(before: Manifest, after: Manifest): [string, 'modified' | 'deleted' | 'added'][] {
  const out: [string, 'modified' | 'deleted' | 'added'][] = [];
  for (const [rel, f] of before) {
    const now = after.get(rel);
    if (!now) out.push([rel, 'deleted']);
    else if (now.digest !== f.digest) out.push([rel, 'modified']);
  }
  for (const rel of after.keys()) if (!before.has(rel)) out.push([rel, 'added']);
  return out;
}

/**
 * Read-only for the run: write permission is taken from the input files and folders (so they can be neither
 * changed nor deleted by a script running as an ordinary user) and given back afterwards. Steps running at
 * once may share an input: each path is locked once, and unlocked when its last user is done. The original
 * modes are written to a journal first, so a run that is killed outright has them restored by the next run.
 */
const locks = new Map<string, { mode: number; users: number }>();

function lockReadOnly(state: string | undefined, paths: string[]): string[] {
  const mine: string[] = [];
  const visit = (p: string, depth: number) => {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (st.isSymbolicLink() || (!st.isFile() && !st.isDirectory())) return;
    mine.push(p);
    const held = locks.get(p);
    if (held) held.users++;
    else locks.set(p, { mode: st.mode & 0o7777, users: 1 });
    if (st.isDirectory() && depth < 64) for (const name of readdirSync(p)) visit(join(p, name), depth + 1);
  };
  for (const p of paths) visit(p, 0);
  writeJournal(state);
  for (const p of mine) {
    const held = locks.get(p)!;
    if (held.users === 1) tryChmod(p, held.mode & ~0o222);
  }
  return mine;
}

function unlock(state: string | undefined, paths: string[]): void {
  // Folders last in, first out: a folder gets its write permission back after its files.
  for (const p of [...paths].reverse()) {
    const held = locks.get(p);
    if (!held) continue;
    if (--held.users > 0) continue;
    locks.delete(p);
    tryChmod(p, held.mode);
  }
  writeJournal(state);
}

function journalPath(state: string): string {
  return join(state, `read-only.${process.pid}.json`);
}

function writeJournal(state: string | undefined): void {
  if (!state) return;
  const file = journalPath(state);
  const entries = [...locks].map(([p, l]) => [p, l.mode]);
  try {
    if (entries.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    mkdirSync(state, { recursive: true });
    writeAtomic(file, JSON.stringify(entries));
  } catch {
    // Without a journal the modes are still restored at the end of the run; only a crash would lose them.
  }
}

/**
 * Gives back the modes a killed run (whose process is gone) left read-only, and drops the copies it kept. A
 * journal is a file in the project like any other (a checkout may bring one): it is trusted only to give write
 * permission back (no other bit changes) to files and folders of the project (`inside`), never through a
 * symbolic link; an originals/ that is a symbolic link is not followed.
 */
function recoverModes(state: string, inside: (p: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(state);
  } catch {
    return;
  }
  try {
    if (isLink(join(state, 'originals'))) throw new Error('not followed');
    for (const name of readdirSync(join(state, 'originals'))) {
      const pid = Number(name.split('-')[0]);
      if (pid && pid !== process.pid && !alive(pid)) rmSync(join(state, 'originals', name), { recursive: true, force: true });
    }
    rmdirSync(join(state, 'originals'));
  } catch {
    // No copies, or some still in use.
  }
  for (const name of names) {
    const m = /^read-only\.(\d+)\.json$/.exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    try {
      for (const [p, mode] of JSON.parse(readFileSync(join(state, name), 'utf8')) as [string, number][]) giveWriteBack(p, mode, inside);
      rmSync(join(state, name), { force: true });
    } catch {
      // A journal we cannot read is left for a person to look at.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Adds back the write bits of `mode` that `p` lacks, when `p` is a file or folder of the project (not a link). */
function giveWriteBack(p: unknown, mode: unknown, inside: (p: string) => boolean): void {
  if (typeof p !== 'string' || typeof mode !== 'number' || !isAbsolute(p) || !inside(p) || isLink(p)) return;
  let now: number;
  try {
    now = lstatSync(p).mode & 0o7777;
  } catch {
    return;
  }
  const write = mode & 0o222;
  if ((now | write) !== now) tryChmod(p, now | write);
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function tryChmod(p: string, mode: number): void {
  try {
    chmodSync(p, mode);
  } catch {
    // Not ours to change (another owner): it stays as it was.
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
