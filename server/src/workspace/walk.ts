/**
 * Walks a folder tree for the project's files: sorted, depth first, without recursion, following symbolic
 * links to folders and files (a `scripts/` folder linked in from elsewhere is part of the project), entering
 * each real folder once, and never following a link to the project root or a folder above it (a loop).
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { compareNames } from './name-order.js';

export interface WalkEntry {
  abs: string;
  /** Forward-slash path from the project root, through links as written. */
  rel: string;
  name: string;
}

export interface WalkVisitor {
  /** Whether to go into a folder (the skipped folders, excludes). */
  enter: (e: WalkEntry) => boolean;
  file: (e: WalkEntry) => void;
  /** A folder that could not be listed. */
  unreadable?: (abs: string, code: string) => void;
  /** A symbolic link that leads nowhere (its target is missing, or links loop). */
  dangling?: (e: WalkEntry) => void;
}

export function walkProject(dir: string, root: string, visit: WalkVisitor): void {
  const realRoot = realOr(root);
  const holdsRoot = (real: string) => real === realRoot || realRoot.startsWith(real.endsWith(sep) ? real : real + sep);
  const seen = new Set<string>();
  const startReal = realOr(dir);
  seen.add(startReal);
  const stack: { dir: string; entries: Dirent[]; at: number }[] = [];
  const open = (d: string) => {
    try {
      const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
      stack.push({ dir: d, entries, at: 0 });
    } catch (err) {
      visit.unreadable?.(d, (err as NodeJS.ErrnoException).code ?? 'error');
    }
  };
  open(dir);
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.at >= top.entries.length) {
      stack.pop();
      continue;
    }
    const e = top.entries[top.at++];
    const abs = join(top.dir, e.name);
    const entry = { abs, rel: toPosixPath(relative(root, abs)), name: e.name };
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync.native(abs);
        const st = statSync(abs);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        visit.dangling?.(entry);
        continue;
      }
      if (isDir) {
        if (seen.has(real) || holdsRoot(real)) continue;
        seen.add(real);
      }
    } else if (isDir) {
      const real = realOr(abs);
      if (seen.has(real)) continue;
      seen.add(real);
    }
    if (isDir) {
      if (visit.enter(entry)) open(abs);
    } else if (isFile) {
      visit.file(entry);
    }
  }
}

function realOr(p: string): string {
  try {
    // The system call: one instead of an lstat per path component (same answer for paths that exist).
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

function toPosixPath(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}
