/**
 * This build of the tool, as one digest, for what is kept between commands in `.cursus-runs/` and must not be
 * reused by another build (check's findings, the readings of scripts and contracts): the size and modification
 * time of every compiled module under dist/server/src (the CLI bundle and the separate modules; every build
 * writes them anew), the package's version, and the version of each dependency installed in node_modules (a
 * tsc-only build loads `yaml` or `@lezer/python` from there, so upgrading one changes what is read; the bundle
 * carries its own copy, which its stamp covers: bundled, only the bundle's own size and time are taken).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let stamp: string | undefined;

export function buildStamp(): string {
  if (stamp !== undefined) return stamp;
  // dist/server/src, from this module (dist/server/src/workspace) or from the bundle (dist/server/src/bundle).
  const self = fileURLToPath(import.meta.url);
  // Bundled (the CLI's bundle, the editor extension's server), this module is part of one file that carries all the
  // code and its dependencies: that file's stamp says it all, without a walk (a fully cached `run` is ~100 ms).
  if (!/build-stamp\.js$/.test(self)) return (stamp = bundleStamp(self));
  return (stamp = buildStampOf(fileURLToPath(new URL('..', import.meta.url))));
}

function bundleStamp(file: string): string {
  const st = statSync(file, { throwIfNoEntry: false });
  return createHash('sha256').update(`bundle\0${file}\0${st?.size}\0${st?.mtimeMs}`).digest('base64');
}

/** The stamp of the build whose compiled modules are under `top` (a package's dist/server/src); not memoised. */
export function buildStampOf(top: string): string {
  const parts = [...moduleStamps(top), ...packageVersions(join(top, '../../..'))];
  return createHash('sha256').update(parts.join('\n')).digest('base64');
}

function moduleStamps(top: string): string[] {
  const parts: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const abs = join(dir, name);
      try {
        const st = statSync(abs);
        if (st.isDirectory()) walk(abs);
        else if (/\.[cm]?js$/.test(name)) parts.push(`${abs}\0${st.size}\0${st.mtimeMs}`);
      } catch {
        // gone meanwhile
      }
    }
  };
  walk(top);
  return parts;
}

/** The package's version and its dependencies' installed versions; `?` for what cannot be read (no package layout). */
function packageVersions(root: string): string[] {
  const version = (dir: string): string => {
    try {
      return String((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '?');
    } catch {
      return '?';
    }
  };
  let deps: string[] = [];
  try {
    deps = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {}).sort();
  } catch {
    // not in a package layout
  }
  return [`package ${version(root)}`, ...deps.map((d) => `${d} ${version(join(root, 'node_modules', d))}`)];
}
