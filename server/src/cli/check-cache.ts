/**
 * `check`'s findings kept between commands in the project's `.cursus-runs/check-cache.json`, as ESLint's and
 * ruff's caches are, used only where that folder exists (a check never creates it; `run` does). A file's
 * findings are reused when all they were computed from is unchanged:
 * - the project: this tool's build (workspace/build-stamp.ts: its compiled modules and installed dependencies), the configuration, every contract, script, other Python file and step
 *   interface the index reads (by path, modification time and size), and the interpreter's facts and the
 *   interpreter judging syntax;
 * - the file: its text (a SHA-256 digest) and the settings that apply to it;
 * - the disk: every question its checks asked (does a path exist, does a path leave the project through a link,
 *   a named file's text, a Python file by path), asked again and answered the same.
 * Anything else counts as a miss and the file is checked afresh. Like the other remembered answers, a cache
 * that cannot be read is ignored and one that cannot be written is skipped.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Diagnostic, FileKind, ProjectIndex } from '../engine/index.js';
import type { ProjectConfig } from '../workspace/config.js';
import { buildStamp } from '../workspace/build-stamp.js';
import { RUNS_DIR, readRemembered, remember, runsDirTrouble } from '../workspace/remembered.js';

export const CHECK_CACHE_FILE = join(RUNS_DIR, 'check-cache.json');
const FORMAT = 1;
/** Entries kept at most (the files of the latest checks win). */
const MAX_FILES = 20_000;

/** A question the checks of a file asked the disk, and the answer they got. */
type DiskAnswer = ['exists', string, boolean] | ['link', string, string | null] | ['text', string, string | null] | ['python', string, string | null];

interface Entry {
  /** SHA-256 of the text checked. */
  text: string;
  /** The options the file was checked with (its rule settings among them). */
  settings: string;
  kind: FileKind;
  diagnostics: Diagnostic[];
  disk: DiskAnswer[];
}

/** What `check`'s notes need of the project's index (see noteUnchecked). */
export interface ProjectSummary {
  /** How many contracts the index holds. */
  contracts: number;
  /** The step interfaces the index reads, project-relative. */
  interfaces: string[];
}

interface Stored {
  format: number;
  project: string;
  summary?: ProjectSummary;
  files: Record<string, Entry>;
}

type Probes = Pick<ProjectIndex, 'exists' | 'linkEscape' | 'readText' | 'pythonFile'>;

export class CheckCache {
  private readonly kept: Map<string, Entry>;
  private readonly fresh = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly root: string,
    /** The digest of everything project-wide the findings depend on. */
    private readonly project: string,
    kept: Map<string, Entry>,
    /** The project's summary as the check that wrote the cache saw it. */
    readonly summary: ProjectSummary | undefined,
  ) {
    this.kept = kept;
  }

  /**
   * The cache of a project whose `.cursus-runs/` exists; undefined otherwise. `depends` lists what the project's
   * findings depend on beyond each file (see the file comment); the entries of another state are dropped.
   */
  static open(config: ProjectConfig, depends: unknown): CheckCache | undefined {
    if (!existsSync(join(config.root, RUNS_DIR)) || runsDirTrouble(config.root)) return undefined;
    const project = digest(JSON.stringify([FORMAT, buildStamp(), config, depends], plain));
    const stored = readRemembered(config.root, CHECK_CACHE_FILE) as Partial<Stored> | undefined;
    const kept = new Map<string, Entry>();
    let summary: ProjectSummary | undefined;
    if (stored && stored.format === FORMAT && stored.project === project && stored.files && typeof stored.files === 'object') {
      for (const [path, entry] of Object.entries(stored.files)) if (isEntry(entry)) kept.set(path, entry);
      if (isSummary(stored.summary)) summary = stored.summary;
    }
    return new CheckCache(config.root, project, kept, summary);
  }

  /** The findings kept for a file, when its text and settings are the same and the disk answers as before. */
  lookup(enginePath: string, text: string, settings: string, probes: () => Probes): { diagnostics: Diagnostic[]; kind: FileKind } | undefined {
    const entry = this.kept.get(enginePath);
    if (!entry || entry.settings !== settings || entry.text !== digest(text) || !entry.disk.every((a) => this.answersSame(a, probes))) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.fresh.set(enginePath, entry);
    return { diagnostics: entry.diagnostics, kind: entry.kind };
  }

  /**
   * Runs `work` (the checks of one file) noting every question it asks the index about the disk; `keep` then
   * stores the findings with those answers.
   */
  recording<T>(index: ProjectIndex, work: () => T): { result: T; keep: (enginePath: string, text: string, settings: string, kind: FileKind, diagnostics: Diagnostic[]) => void } {
    const disk: DiskAnswer[] = [];
    const saved = { exists: index.exists, linkEscape: index.linkEscape, readText: index.readText, pythonFile: index.pythonFile };
    if (saved.exists) {
      const exists = saved.exists;
      index.exists = function (this: ProjectIndex, p: string) {
        const answer = exists.call(this, p);
        disk.push(['exists', p, answer]);
        return answer;
      };
    }
    if (saved.linkEscape) {
      const linkEscape = saved.linkEscape;
      index.linkEscape = function (this: ProjectIndex, p: string) {
        const answer = linkEscape.call(this, p);
        disk.push(['link', p, answer ?? null]);
        return answer;
      };
    }
    if (saved.readText) {
      const readText = saved.readText;
      index.readText = function (this: ProjectIndex, p: string) {
        const answer = readText.call(this, p);
        disk.push(['text', p, answer === undefined ? null : digest(answer)]);
        return answer;
      };
    }
    const pythonFile = saved.pythonFile;
    index.pythonFile = (p: string) => {
      const answer = pythonFile.call(index, p);
      disk.push(['python', p, answer ? this.pythonStamp(p) : null]);
      return answer;
    };
    let result: T;
    try {
      result = work();
    } finally {
      Object.assign(index, saved);
    }
    return {
      result,
      keep: (enginePath, text, settings, kind, diagnostics) => {
        this.fresh.set(enginePath, { text: digest(text), settings, kind, diagnostics, disk: dedupe(disk) });
      },
    };
  }

  /** Writes the entries of this check (and those of files it did not check, while the project is unchanged). */
  save(summary: ProjectSummary): void {
    const files: Record<string, Entry> = {};
    let n = 0;
    for (const [path, entry] of this.fresh) if (n++ < MAX_FILES) files[path] = entry;
    for (const [path, entry] of this.kept) if (!this.fresh.has(path) && n++ < MAX_FILES) files[path] = entry;
    const stored: Stored = { format: FORMAT, project: this.project, summary, files };
    remember(this.root, CHECK_CACHE_FILE, stored, 'if-present');
  }

  private answersSame(a: DiskAnswer, probes: () => Probes): boolean {
    const [what, path, was] = a;
    switch (what) {
      case 'exists':
        return probes().exists?.(path) === was;
      case 'link':
        return (probes().linkEscape?.(path) ?? null) === was;
      case 'text': {
        const text = probes().readText?.(path);
        return (text === undefined ? null : digest(text)) === was;
      }
      case 'python':
        // Asked as the index asks it (the same probes), so a file it turned down is turned down again.
        return (probes().pythonFile(path) ? this.pythonStamp(path) : null) === was;
    }
  }

  /** A Python file's identity for the findings made from reading it: modification time and size. */
  private pythonStamp(path: string): string | null {
    try {
      const st = statSync(isAbsolute(path) ? path : join(this.root, path));
      return `${st.mtimeMs}|${st.size}`;
    } catch {
      return null;
    }
  }
}

/** Sets and maps (the interpreter's module list) as arrays: JSON would write them as `{}`. */
function plain(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...(value as Set<unknown>)];
  if (value instanceof Map) return [...(value as Map<unknown, unknown>)];
  return value;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/** The same question asked twice (a rule per spec) is kept once. */
function dedupe(disk: DiskAnswer[]): DiskAnswer[] {
  const seen = new Set<string>();
  return disk.filter((a) => {
    const key = `${a[0]}\0${a[1]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isSummary(v: unknown): v is ProjectSummary {
  const s = v as ProjectSummary | undefined;
  return typeof s === 'object' && s !== null && typeof s.contracts === 'number' && Array.isArray(s.interfaces) && s.interfaces.every((i) => typeof i === 'string');
}

function isEntry(v: unknown): v is Entry {
  const e = v as Entry | undefined;
  return typeof e === 'object' && e !== null && typeof e.text === 'string' && typeof e.settings === 'string' && typeof e.kind === 'string' && Array.isArray(e.diagnostics) && Array.isArray(e.disk);
}

