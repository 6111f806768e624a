/** Finds the spec files under folders: by name, then by a cheap look at the content, skipping virtualenvs and build output. */
import { readFileSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import picomatch from 'picomatch';
import { kindFromName, mightBeOurs } from '../engine/model/kind.js';
import { DEFAULT_EXCLUDE, type ProjectConfig } from './config.js';
import { walkProject } from './walk.js';

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
export function findSpecFiles(dir: string, config: ProjectConfig, unreadable?: (abs: string, code: string) => void, dangling?: (abs: string) => void): string[] {
  const excluded = excludeMatcher(config);
  const included = config.include.length ? picomatch(config.include, { dot: true }) : undefined;
  const out: string[] = [];
  walkProject(dir, config.root, {
    enter: (e) => !SKIP_DIRS.has(e.name) && !excluded(`${e.rel}/`),
    unreadable,
    // A link named like a spec that leads nowhere is not a spec to check, but is said (a moved spec, say).
    dangling: (e) => {
      if (dangling && SPEC_EXTENSIONS.test(e.name) && !excluded(e.rel) && (included ? included(e.rel) : kindFromName(e.rel))) dangling(e.abs);
    },
    file: (e) => {
      if (!SPEC_EXTENSIONS.test(e.name) || excluded(e.rel)) return;
      if (included) {
        if (included(e.rel)) out.push(e.abs);
        return;
      }
      if (kindFromName(e.rel) || looksLikeSpec(e.abs, unreadable)) out.push(e.abs);
    },
  });
  return out;
}

function looksLikeSpec(file: string, unreadable?: (abs: string, code: string) => void): boolean {
  try {
    if (statSync(file).size > MAX_SPEC_BYTES) return false;
    return mightBeOurs(readFileSync(file, 'utf8'));
  } catch (err) {
    unreadable?.(file, (err as NodeJS.ErrnoException).code ?? 'error');
    return false;
  }
}
