/**
 * Whether paths exist, answered from one listing of each folder instead of one stat per path: a big pipeline
 * names tens of thousands of input and output paths under a few folders, most of them not created yet, and
 * a folder known to be missing answers for everything below it without asking the disk. Listings are trusted
 * for `ttlMs` (the editor asks on every keystroke). On file systems that may ignore case (macOS, Windows) a
 * listing cannot say no, so every path is stat'ed there as before.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';

export type Exists = (abs: string) => boolean;

export function listingExists(ttlMs: number): Exists {
  if (process.platform !== 'linux') return (abs) => existsSync(abs);
  /** A folder's entry names; null: the folder does not exist; undefined: it cannot be listed (stat instead). */
  const listings = new Map<string, { at: number; names: Set<string> | null | undefined }>();
  const fresh = (dir: string, now: number) => {
    const hit = listings.get(dir);
    return hit && now - hit.at < ttlMs ? hit : undefined;
  };
  const listing = (dir: string, now: number): Set<string> | null | undefined => {
    const hit = fresh(dir, now);
    if (hit) return hit.names;
    // The nearest folder above that is listed already answers without asking the disk: a folder it says is missing
    // (or one below such) is missing, and is not remembered (a big pipeline names tens of thousands of them).
    for (let child = dir, p = dirname(dir); p !== child; child = p, p = dirname(p)) {
      const above = fresh(p, now);
      if (!above) continue;
      if (above.names === null || (above.names && !above.names.has(basename(child)))) return null;
      break;
    }
    let names: Set<string> | null | undefined;
    try {
      names = new Set(readdirSync(dir));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      names = code === 'ENOENT' || code === 'ENOTDIR' ? null : undefined;
    }
    listings.set(dir, { at: now, names });
    // A missing folder's parent is listed (up to the first that exists), so that its siblings are answered from
    // there. The folders above one that exists are never listed: their entries change with the rest of the
    // machine and say nothing about these paths (and a remembered run, cli/run-memo.ts, would see them change).
    const parent = dirname(dir);
    if (names === null && parent !== dir) listing(parent, now);
    return names;
  };
  return (abs) => {
    const dir = dirname(abs);
    if (dir === abs) return existsSync(abs);
    const names = listing(dir, Date.now());
    if (names === null) return false;
    if (names && !names.has(basename(abs))) return false;
    // Listed (a link may still lead nowhere) or not listable: the disk decides.
    return existsSync(abs);
  };
}
