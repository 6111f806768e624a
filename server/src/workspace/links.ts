/** Where a path really leads: symbolic links on the way followed, for the parts of it that exist. */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

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
