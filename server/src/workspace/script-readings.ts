/**
 * The static readings of scripts (readScript: `main`, the keys read, imports, argparse arguments), kept by the CLI
 * in the project's `.cursus-runs/script-readings.json` between commands: a fully cached `run` or a repeated `check`
 * then parses no Python. A reading is keyed by the SHA-256 of the script's text, so an edited script is read
 * again whatever its time stamps say, and the file as a whole belongs to one build of this tool (a changed reader
 * may read differently).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readScript, type ScriptInfo } from '../engine/python/scripts.js';
import { readRemembered, remember, type Remember } from './remembered.js';

export const SCRIPT_READINGS_FILE = join('.cursus-runs', 'script-readings.json');
/** Readings kept at most; the ones used by the last command first. */
const MAX_READINGS = 5_000;

export class ScriptReadings {
  private readonly kept = new Map<string, ScriptInfo>();
  private readonly used = new Map<string, ScriptInfo>();
  private added = false;

  constructor(private readonly root: string, private readonly mode: Remember, private readonly build: string = buildStamp()) {
    const file = readRemembered(root, SCRIPT_READINGS_FILE) as { build?: unknown; readings?: unknown } | undefined;
    if (file?.build !== build || !Array.isArray(file.readings)) return;
    for (const item of file.readings.slice(0, MAX_READINGS)) {
      if (Array.isArray(item) && typeof item[0] === 'string' && isReading(item[1])) this.kept.set(item[0], item[1]);
    }
  }

  /** The reading of a script's text: remembered, or read now (and remembered at the next save). */
  read(text: string): ScriptInfo {
    const key = createHash('sha256').update(text).digest('base64');
    let info = this.used.get(key) ?? this.kept.get(key);
    if (!info) {
      info = readScript(text);
      this.added = true;
    }
    this.used.set(key, info);
    return info;
  }

  /** Writes the readings when some were new; a file that cannot be written is skipped (see remember). */
  save(): void {
    if (!this.added) return;
    const readings = [...this.used];
    for (const entry of this.kept) if (readings.length < MAX_READINGS && !this.used.has(entry[0])) readings.push(entry);
    if (remember(this.root, SCRIPT_READINGS_FILE, { build: this.build, readings }, this.mode)) this.added = false;
  }
}

/**
 * This build of the reader: the package's version, and the size and time of the file this code was loaded from
 * (the bundle, or the compiled module: every build writes it anew; an npm install stamps one time on all files,
 * hence the version).
 */
function buildStamp(): string {
  const self = fileURLToPath(import.meta.url);
  const st = statSync(self, { throwIfNoEntry: false });
  let version = '?';
  try {
    // The compiled module and the bundle sit at the same depth below the package root.
    version = (JSON.parse(readFileSync(join(dirname(self), '../../../../package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    // Not in a package layout: the file's stamp alone.
  }
  return `${version}|${self}|${st?.size}|${st?.mtimeMs}`;
}

/** The shape of a ScriptInfo, enough to trust a file this tool wrote (a damaged one is ignored whole or in part). */
function isReading(v: unknown): v is ScriptInfo {
  const r = v as ScriptInfo;
  return typeof v === 'object' && v !== null && Array.isArray(r.reads) && Array.isArray(r.parserArguments) && Array.isArray(r.osEnvReads) && Array.isArray(r.imports) && typeof r.hasParser === 'boolean';
}
