/**
 * Where a project starts: the nearest folder holding pyproject.toml or .cursus-lsp.yaml. A module of its own (node:fs
 * and node:path only), so that the CLI's loader (cli/code-cache.ts, bundled apart) can bound its search by it
 * without loading the configuration's parsers.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const CONFIG_FILE = '.cursus-lsp.yaml';

/** The nearest ancestor of `start` (itself included) holding pyproject.toml or .cursus-lsp.yaml, else `fallback`. */
export function findProjectRoot(start: string, fallback: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE)) || existsSync(join(dir, 'pyproject.toml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(fallback);
    dir = parent;
  }
}
