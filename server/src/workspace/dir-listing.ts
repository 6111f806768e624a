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
  const listing = (dir: string, now: number): Set<string> | null | undefined => {
    const hit = listings.get(dir);
    if (hit && now - hit.at < ttlMs) return hit.names;
    const parent = dirname(dir);
    const above = parent === dir ? undefined : listing(parent, now);
    // A folder its parent's listing (kept itself) says is missing is not remembered: the parent answers for it
    // again at the cost of one look-up, and a big pipeline names tens of thousands of such folders.
    if (above === null || (above && !above.has(basename(dir)))) return null;
    let names: Set<string> | null | undefined;
    try {
      names = new Set(readdirSync(dir));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      names = code === 'ENOENT' || code === 'ENOTDIR' ? null : undefined;
    }
    listings.set(dir, { at: now, names });
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
