/** Where a path really leads: symbolic links on the way followed, for the parts of it that exist. */
import { realpathSync } from 'node:fs';
import { listingExists, type Exists } from './dir-listing.js';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The path with every symbolic link of its existing part resolved (the part not yet created is appended). */
export function resolveLinks(path: string): string {
  const abs = resolve(path);
  const rest: string[] = [];
  for (let p = abs; ; p = dirname(p)) {
    try {
      return join(realpathSync(p), ...rest.reverse());
    } catch {
      if (dirname(p) === p) return abs;
      rest.push(p.slice(dirname(p).length).replace(/^[\\/]/, ''));
    }
  }
}

/** Whether `path`, links followed, lies outside `root` (links followed too). */
export function leavesRoot(path: string, root: string): boolean {
  const rel = relative(resolveLinks(root), resolveLinks(path));
  return rel === '..' || rel.startsWith(`..${'/'}`) || rel.startsWith('..\\') || isAbsolute(rel);
}

/**
 * resolveLinks and leavesRoot with the real path of each folder remembered for `ttlMs` (a check of a big pipeline
 * asks about thousands of paths under the same few folders, most of them not created yet, and every failed
 * realpath costs an exception).
 */
export function linkResolver(ttlMs: number, exists: Exists = listingExists(ttlMs)): { resolveLinks(path: string): string; leavesRoot(path: string, root: string): boolean } {
  const known = new Map<string, { at: number; real: string | null }>();
  const realOf = (p: string, now: number): string | null => {
    const hit = known.get(p);
    if (hit && now - hit.at < ttlMs) return hit.real;
    // Most paths asked about do not exist yet: their folder's listing (itself kept for ttlMs) tells so without a
    // stat or an exception, and they are not remembered here (a big pipeline names tens of thousands of them).
    if (!exists(p)) return null;
    let real: string | null;
    try {
      real = realpathSync(p);
    } catch {
      real = null;
    }
    known.set(p, { at: now, real });
    return real;
  };
  const resolveCached = (path: string): string => {
    const now = Date.now();
    const abs = resolve(path);
    const rest: string[] = [];
    for (let p = abs; ; p = dirname(p)) {
      const real = realOf(p, now);
      if (real !== null) return join(real, ...rest.reverse());
      if (dirname(p) === p) return abs;
      rest.push(p.slice(dirname(p).length).replace(/^[\\/]/, ''));
    }
  };
  return {
    resolveLinks: resolveCached,
    leavesRoot(path: string, root: string): boolean {
      const realRoot = resolveCached(root);
      const real = resolveCached(path);
      // Below the root as its text says (the usual answer): what relative() would give then starts with the part
      // after the root, which is no `..`.
      if (real.length > realRoot.length + 1 && real.startsWith(realRoot) && real[realRoot.length] === sep && !real.startsWith('..', realRoot.length + 1)) return false;
      const rel = relative(realRoot, real);
      return rel === '..' || rel.startsWith(`..${'/'}`) || rel.startsWith('..\\') || isAbsolute(rel);
    },
  };
}
