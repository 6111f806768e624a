/**
 * The static readings of scripts (readScript: `main`, the keys read, imports, argparse arguments) and of contract
 * files (readContracts), kept by the CLI in the project's `.cursus-runs/script-readings.json` and
 * `contract-readings.json` between commands: a fully cached `run` or a repeated `check` then parses no Python. A
 * reading is keyed by the SHA-256 of the file's text (and, for a contract, its project path, which the reading
 * names), so an edited file is read again whatever its time stamps say, and the file as a whole belongs to one
 * build of this tool (a changed reader may read differently).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildStamp } from './build-stamp.js';
import { readScript, type ScriptInfo } from '../engine/python/scripts.js';
import { mightDefineContract, readContracts, type ContractFileResult } from '../engine/contracts/python.js';
import { readRemembered, remember, type Remember } from './remembered.js';

export const SCRIPT_READINGS_FILE = join('.cursus-runs', 'script-readings.json');
export const CONTRACT_READINGS_FILE = join('.cursus-runs', 'contract-readings.json');
/** Readings kept at most; the ones used by the last command first. */
const MAX_READINGS = 5_000;

/** Readings of one kind kept in one file of `.cursus-runs/`, by the SHA-256 of what they were read from. */
class KeptReadings<T> {
  private readonly kept = new Map<string, T>();
  private readonly used = new Map<string, T>();
  private added = false;

  constructor(private readonly root: string, private readonly mode: Remember, private readonly file: string, isReading: (v: unknown) => v is T, private readonly build: string) {
    const stored = readRemembered(root, file) as { build?: unknown; readings?: unknown } | undefined;
    if (stored?.build !== build || !Array.isArray(stored.readings)) return;
    for (const item of stored.readings.slice(0, MAX_READINGS)) {
      if (Array.isArray(item) && typeof item[0] === 'string' && isReading(item[1])) this.kept.set(item[0], item[1]);
    }
  }

  /** The reading of `source` (the text, with what else the reading depends on): remembered, or `read` now (and remembered at the next save). */
  protected reading(source: string, read: () => T): T {
    const key = createHash('sha256').update(source).digest('base64');
    let info = this.used.get(key) ?? this.kept.get(key);
    if (!info) {
      info = read();
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
    if (remember(this.root, this.file, { build: this.build, readings }, this.mode)) this.added = false;
  }
}

export class ScriptReadings extends KeptReadings<ScriptInfo> {
  constructor(root: string, mode: Remember, build: string = buildStamp()) {
    super(root, mode, SCRIPT_READINGS_FILE, isReading, build);
  }

  /** The reading of a script's text: remembered, or read now (and remembered at the next save). */
  read(text: string): ScriptInfo {
    return this.reading(text, () => readScript(text));
  }
}

export class ContractReadings extends KeptReadings<ContractFileResult> {
  constructor(root: string, mode: Remember, build: string = buildStamp()) {
    super(root, mode, CONTRACT_READINGS_FILE, isContractReading, build);
  }

  /** The reading of a contract file (project-relative path, text): remembered, or read now. */
  read(path: string, text: string): ContractFileResult {
    return this.reading(`${path}\0${text}`, () => (mightDefineContract(text) ? readContracts(path, text) : { contracts: [] }));
  }
}

/** The shape of a contract file's reading, enough to trust a file this tool wrote. */
function isContractReading(v: unknown): v is ContractFileResult {
  const r = v as ContractFileResult;
  return typeof v === 'object' && v !== null && Array.isArray(r.contracts) && r.contracts.every((c) => typeof c === 'object' && c !== null && typeof c.name === 'string' && Array.isArray(c.inputs) && Array.isArray(c.outputs) && Array.isArray(c.unresolved));
}

/** The shape of a ScriptInfo, enough to trust a file this tool wrote (a damaged one is ignored whole or in part). */
function isReading(v: unknown): v is ScriptInfo {
  const r = v as ScriptInfo;
  return typeof v === 'object' && v !== null && Array.isArray(r.reads) && Array.isArray(r.parserArguments) && Array.isArray(r.osEnvReads) && Array.isArray(r.imports) && typeof r.hasParser === 'boolean';
}
