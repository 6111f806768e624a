/** Finds the spec files under folders: by name, then by a cheap look at the content, skipping virtualenvs and build output. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { kindFromName, mightBeOurs } from '../engine/index.js';
import { DEFAULT_EXCLUDE, type ProjectConfig } from './config.js';

const SPEC_EXTENSIONS = /\.(ya?ml|json)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', '.tox', '__pycache__', 'site-packages', '.mypy_cache', '.pytest_cache', '.cursus-runs', 'dist', 'build']);
const MAX_SPEC_BYTES = 20 * 1024 * 1024;

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** A matcher for files to leave out: the defaults plus the config's `exclude`. */
export function excludeMatcher(config: ProjectConfig): (relPath: string) => boolean {
  const m = picomatch([...DEFAULT_EXCLUDE, ...config.exclude], { dot: true });
  return (rel) => m(rel);
}

/**
 * Candidate spec files under `dir`: files whose name implies a kind, files the config's `include` names,
 * and any other YAML or JSON file whose text mentions one of our top-level keys.
 */
export function findSpecFiles(dir: string, config: ProjectConfig): string[] {
  const excluded = excludeMatcher(config);
  const included = config.include.length ? picomatch(config.include, { dot: true }) : undefined;
  const out: string[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const full = join(d, e.name);
      const rel = toPosix(relative(config.root, full));
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !excluded(`${rel}/`)) walk(full);
        continue;
      }
      if (!e.isFile() || !SPEC_EXTENSIONS.test(e.name) || excluded(rel)) continue;
      if (included) {
        if (included(rel)) out.push(full);
        continue;
      }
      if (kindFromName(rel) || looksLikeSpec(full)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function looksLikeSpec(file: string): boolean {
  try {
    if (statSync(file).size > MAX_SPEC_BYTES) return false;
    return mightBeOurs(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
