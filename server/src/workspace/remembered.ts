/**
 * Small answers the CLI keeps between commands in the project's `.cursus-runs/` folder (which interpreter passed
 * the version check, what it can import, which scripts it parses): JSON files written whole and atomically.
 * Remembering is an optimisation: a file that cannot be read counts as absent, one that cannot be written is
 * skipped, and nothing is written outside that folder.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from './write-atomic.js';

/** `if-present`: write only beside a `.cursus-runs/` that exists already (a check never creates it); `always`: create it. */
export type Remember = 'if-present' | 'always';

export const RUNS_DIR = '.cursus-runs';

/** The parsed JSON of `<root>/<rel>`, or undefined when it is missing or unreadable. */
export function readRemembered(root: string, rel: string): unknown {
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
    if (!existsSync(dir)) {
      if (mode !== 'always') return false;
      mkdirSync(dir, { recursive: true });
    }
    writeAtomic(join(root, rel), JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}
