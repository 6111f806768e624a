/**
 * Small answers the CLI keeps between commands in the project's `.cursus-runs/` folder (which interpreter passed
 * the version check, what it can import, which scripts it parses): JSON files written whole and atomically.
 * Remembering is an optimisation: a file that cannot be read counts as absent, one that cannot be written is
 * skipped, and nothing is written outside that folder.
 */
import { lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { leavesRoot } from './links.js';
import { writeAtomic } from './write-atomic.js';

/** `if-present`: write only beside a `.cursus-runs/` that exists already (a check never creates it); `always`: create it. */
export type Remember = 'if-present' | 'always';

export const RUNS_DIR = '.cursus-runs';

/**
 * Why `<root>/.cursus-runs` may not be used, or undefined when it may (a folder of the project, or absent). A
 * symbolic link that leads outside the project (a checkout's link to elsewhere, planted or not) would have the
 * tool read caches from, and write them and copies of the inputs into, a folder outside the project.
 */
export function runsDirTrouble(root: string): string | undefined {
  const dir = join(root, RUNS_DIR);
  let link: boolean;
  try {
    link = lstatSync(dir).isSymbolicLink();
  } catch {
    return undefined; // absent: made inside the project when needed
  }
  if (link) {
    let target: string;
    try {
      target = realpathSync(dir);
    } catch {
      return `${dir} is a symbolic link to ${safeReadlink(dir)}, which does not exist`;
    }
    if (leavesRoot(target, root)) return `${dir} is a symbolic link to ${target}, outside the project`;
  }
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  } catch {
    return `${dir} cannot be read`;
  }
  return undefined;
}

/** The message a command shows once when `.cursus-runs/` cannot be used; undefined when it can. */
export function runsDirWarning(root: string): string | undefined {
  const trouble = runsDirTrouble(root);
  return trouble && `cursus-lint: warning: ${trouble}: nothing is kept there (no cached results, no copies of the inputs). Remove it, or make it a folder of the project.\n`;
}

function safeReadlink(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '?';
  }
}

/** The parsed JSON of `<root>/<rel>`, or undefined when it is missing or unreadable (or `.cursus-runs/` may not be used). */
export function readRemembered(root: string, rel: string): unknown {
  if (runsDirTrouble(root)) return undefined;
  try {
    return JSON.parse(readFileSync(join(root, rel), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes `<root>/<rel>` (inside `.cursus-runs/`) atomically; false when it was not written. */
export function remember(root: string, rel: string, value: unknown, mode: Remember): boolean {
  const dir = join(root, RUNS_DIR);
  try {
    if (!lstatSync(dir, { throwIfNoEntry: false })) {
      if (mode !== 'always') return false;
      mkdirSync(dir, { recursive: true });
    } else if (runsDirTrouble(root)) return false;
    writeAtomic(join(root, rel), JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}
