/**
 * Builds the engine's ProjectIndex from disk: finds contract and script files by the configured globs, reads
 * contracts eagerly (they are small and needed to map entry points) and scripts lazily, and re-reads only the
 * files whose modification time or size changed.
 */
import { linkResolver } from './links.js';
import { listingExists } from './dir-listing.js';
// fs.stat with a callback rather than node:fs/promises: loading that module (and the readline and watcher modules
// it pulls in) costs every CLI command that builds an index a few milliseconds, a fully cached `run` among them.
import { existsSync, readFileSync, stat as statCallback, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
// Each from its own module, not the engine's index: a command that only runs does not load every rule.
import { mergeExecuted, type ExecutedContract } from '../engine/contracts/executed.js';
import { mightDefineContract, readContracts, type ContractFileResult } from '../engine/contracts/python.js';
import { readScript, withCpythonVerdict, type ScriptInfo } from '../engine/python/scripts.js';
import { readStepInterface, type StepInterface } from '../engine/contracts/step-interface.js';
import type { ContractInfo } from '../engine/contracts/model.js';
import type { ProjectIndex, ScriptFile } from '../engine/project.js';
import type { PythonFacts } from '../engine/python/environment.js';
import type { ProjectConfig } from './config.js';
import { excludeMatcher, toPosix } from './discover.js';
import { walkProject } from './walk.js';
import { PythonSyntax, type Verdict } from './python-syntax.js';
import { choosePython, interpreterStamp } from './python-choice.js';
import type { Remember } from './remembered.js';
import { ContractReadings, ScriptReadings } from './script-readings.js';
import { readAhead, type Reading } from './read-ahead.js';

const SKIP_DIRS = new Set(['node_modules', '.git', '.venv', 'venv', 'env', '.tox', '__pycache__', 'site-packages', '.mypy_cache', '.pytest_cache', '.cursus-runs', 'dist', 'build', '.eggs']);
/** Python files larger than this are not parsed (and contract files over it are reported as unread). */
const MAX_PY_BYTES = 32 * 1024 * 1024;
/** Larger files named by a spec (a pipeline configuration) are not read. */
const MAX_TEXT_BYTES = 16 * 1024 * 1024;
/** A step interface is a page or two of YAML; anything far larger is not read (and says so). */
const MAX_INTERFACE_BYTES = 1024 * 1024;
const INTERFACE_NAME = /\.step\.ya?ml$/i;
/** How long an answer to "does this path exist" is trusted (inputs are checked on every keystroke). */
const EXISTS_TTL_MS = 2000;
/** At most this many folders are watched (watchDisk); the files of any others are polled. */
const MAX_WATCHED_FOLDERS = 1000;
/** Files in a watched folder are still looked at this rarely, in case the file system sends no events. */
const WATCHED_POLL_MS = 30_000;

interface Cached {
  mtimeMs: number;
  size: number;
  /** When the file was last seen in this state on disk (Date.now()); the disk poll leaves it alone for a while. */
  seenAt: number;
  /** The editor's text it was read from, when the file is open. */
  overlay?: string;
  contracts?: ContractFileResult;
  /** The script as @lezer/python reads it, before the interpreter's syntax verdict is applied. */
  reading?: ScriptInfo;
  /** The script with the interpreter's syntax verdict (or the parser's own where no interpreter can be asked). */
  script?: ScriptInfo;
  /** `script` carries the parser's verdict only because the interpreter's answer is still on its way. */
  provisional?: boolean;
  iface?: StepInterface;
}

/** Returns the editor's text for a file that is open and maybe unsaved. */
export type Overlay = (absPath: string) => string | undefined;

/** Files stat'ed at once by the disk poll (refreshChanged) before it lets other work run. */
const STAT_BATCH = 128;

export class ProjectIndexer {
  private readonly cache = new Map<string, Cached>();
  /**
   * File stats, taken once and trusted until the file is invalidated (an event, the disk poll) or the index is
   * rebuilt: rules ask for a script many times per analysis, and each asking used to cost a statSync. Only the
   * time and size are kept: a whole Stats object (four Dates, a dozen numbers) was 1.7 MB for 2,000 files.
   */
  private readonly stats = new Map<string, Stamp | undefined>();
  private files?: { contracts: string[]; scripts: string[]; other: string[]; interfaces: string[] };
  private current?: ProjectIndex;
  /** Contracts loaded by executing Python, by file; dropped when the file changes. */
  private readonly executed = new Map<string, { mtimeMs: number; size: number; byName: Map<string, ExecutedContract> }>();
  private version = 0;
  private python?: PythonFacts;
  /** Asks the project's interpreter for syntax verdicts; null when turned off. */
  private syntaxChecker?: PythonSyntax | null;
  private readonly isContract: (rel: string) => boolean;
  private readonly isScript: (rel: string) => boolean;
  private readonly isInterface: (rel: string) => boolean;
  private readonly excluded: (rel: string) => boolean;
  /** Whether syntax verdicts are kept in the project's `.cursus-runs/` between commands (the CLI's choice). */
  rememberVerdicts?: Remember;
  /** False in an untrusted workspace: no interpreter is started (the parser's syntax verdict stands). */
  pythonAllowed = true;
  /** Whether the syntax verdicts asked in the background run at a lower priority (the server's choice: it does not wait for them). */
  backgroundAsks = false;
  /** The interpreter that judges syntax until its facts are known (the CLI's `--python`); else the configured one. */
  syntaxInterpreter?: string;
  /** The scripts whose syntax verdicts are being asked in the background (prefetchSyntax), and its end. */
  private prefetching?: { files: Set<string>; done: Promise<void> };
  /**
   * Called when background answers changed what the index says (syntax verdicts that replaced the parser's
   * provisional ones): the server checks the open specs again.
   */
  onAnswers: () => void = () => undefined;
  /** Script readings kept in the project's `.cursus-runs/` between commands (the CLI's choice, see rememberReadings). */
  private readings?: ScriptReadings;
  /** Contract readings kept likewise. */
  private contractReadings?: ContractReadings;
  /** Watched folders (see watchDisk), and whether watching is on. */
  private readonly watchers = new Map<string, FSWatcher>();
  private watching = false;
  /** Called when a watched folder says one of the project's files changed (the server checks the open specs again). */
  onDiskChange: () => void = () => undefined;
  /**
   * Readings made by the read-ahead worker (see startReadAhead), by path, not yet taken into the cache: load()
   * takes one while the file's modification time and size are still those it was read with.
   */
  private readonly readAheads = new Map<string, Reading>();
  /** How many of the worker's readings the index took instead of reading the file itself (tests and traces). */
  readAheadTaken = 0;
  /** Whether the last read-ahead was made by the worker the server prestarted (tests and traces). */
  readAheadWarm = false;
  /** The read-ahead in progress, with the files changed since it started (their readings are dropped). */
  private readingAhead?: { done: Promise<void>; stop: () => void; changed: Set<string> };

  constructor(readonly config: ProjectConfig, private readonly overlay: Overlay = () => undefined) {
    this.isContract = picomatch(config.contracts.map(asGlob), { dot: true });
    this.isScript = picomatch(config.scripts.map(asGlob), { dot: true });
    this.isInterface = picomatch(config.interfaces.map(asInterfaceGlob), { dot: true });
    this.excluded = excludeMatcher(config);
  }

  /**
   * Keeps the static readings of scripts and contract files on disk in the project's `.cursus-runs/` (by content),
   * so that the next command parses only files that changed; saveReadings writes the new ones.
   */
  rememberReadings(mode: Remember): void {
    this.readings ??= new ScriptReadings(this.config.root, mode);
    this.contractReadings ??= new ContractReadings(this.config.root, mode);
  }

  saveReadings(): void {
    this.readings?.save();
    this.contractReadings?.save();
  }

  /** The index, built on first use and after invalidation. */
  index(): ProjectIndex {
    if (this.current) return this.current;
    this.files ??= this.scan();
    const contracts: ContractInfo[] = [];
    const unread: { path: string; why: string }[] = [];
    for (const abs of this.files.contracts) {
      const read = this.contractsOf(abs);
      if (!read) unread.push({ path: this.rel(abs), why: this.whyUnread(abs) });
      contracts.push(...this.withExecuted(abs, read?.contracts ?? []));
    }
    const interfaces = this.files.interfaces.map((abs) => this.interfaceOf(abs));
    for (const i of interfaces) if (i.contract) contracts.push(i.contract);
    const scripts = this.files.scripts.map((abs) => this.scriptFile(abs));
    const otherPython = new Map<string, ScriptFile[]>();
    for (const abs of this.files.other) {
      const list = otherPython.get(basename(abs)) ?? [];
      list.push(this.scriptFile(abs));
      otherPython.set(basename(abs), list);
    }
    this.current = {
      root: toPosix(this.config.root),
      contracts,
      interfaces,
      scripts,
      otherPython,
      python: this.python,
      version: ++this.version,
      unread,
      ...this.probes(),
    };
    return this.current;
  }

  /**
   * The index's questions to the disk (does a path exist, does it lead out of the project through a link, a file's
   * text, a Python file by path), answered afresh without reading any contract: the CLI asks them again to tell
   * whether findings it kept still hold.
   */
  probes(): Pick<ProjectIndex, 'exists' | 'linkEscape' | 'readText' | 'pythonFile'> {
    const root = this.config.root;
    const seen = new Map<string, { at: number; exists: boolean }>();
    const escapes = new Map<string, { at: number; target: string | undefined }>();
    const onDisk = listingExists(EXISTS_TTL_MS);
    const links = linkResolver(EXISTS_TTL_MS, onDisk);
    return {
      exists: (p: string) => {
        const now = Date.now();
        const hit = seen.get(p);
        if (hit && now - hit.at < EXISTS_TTL_MS) return hit.exists;
        const exists = onDisk(isAbsolute(p) ? p : join(root, p));
        seen.set(p, { at: now, exists });
        return exists;
      },
      linkEscape: (p: string) => {
        const now = Date.now();
        const hit = escapes.get(p);
        if (hit && now - hit.at < EXISTS_TTL_MS) return hit.target;
        const abs = isAbsolute(p) ? p : join(root, p);
        const target = links.leavesRoot(abs, root) ? links.resolveLinks(abs) : undefined;
        escapes.set(p, { at: now, target });
        return target;
      },
      pythonFile: (p: string) => {
        const abs = isAbsolute(p) ? p : join(root, p);
        return p.endsWith('.py') && existsSync(abs) ? this.scriptFile(abs) : undefined;
      },
      readText: (p: string) => {
        const abs = isAbsolute(p) ? p : join(root, p);
        const open = this.overlay(abs);
        if (open !== undefined) return open;
        try {
          return statSync(abs).size <= MAX_TEXT_BYTES ? readFileSync(abs, 'utf8') : undefined;
        } catch {
          return undefined;
        }
      },
    };
  }

  /**
   * Every Python file and step interface the index would read, with its modification time and size (nothing is
   * read): what the findings of a check depend on, besides the spec itself and the disk answers above.
   */
  fileStamps(): string[] {
    this.files ??= this.scan();
    const out: string[] = [];
    for (const [kind, list] of [['contract', this.files.contracts], ['script', this.files.scripts], ['other', this.files.other], ['interface', this.files.interfaces]] as const) {
      for (const abs of list) out.push(`${kind}\0${abs}\0${stateOf(this.stat(abs))}`);
    }
    return out;
  }

  /** Whether the index has been built (and not invalidated since). */
  get indexed(): boolean {
    return this.current !== undefined;
  }

  /**
   * Starts reading the contract files and scripts on disk in a worker thread (the language server's start), so
   * that the index built afterwards parses none of them on this thread; `readAheadDone` says when it is over.
   * Only files not read yet and not open in the editor are given to the worker.
   */
  startReadAhead(): void {
    if (this.readingAhead || this.readings || this.contractReadings) return;
    this.files ??= this.scan();
    const files = [
      ...this.files.contracts.map((abs) => ({ abs, rel: this.rel(abs), kind: 'contract' as const })),
      ...this.files.scripts.map((abs) => ({ abs, rel: this.rel(abs), kind: 'script' as const })),
    ].filter((f) => !this.cache.has(f.abs) && !this.readAheads.has(f.abs) && this.overlay(f.abs) === undefined);
    if (!files.length) return;
    const changed = new Set<string>();
    const started = readAhead({ files, maxBytes: MAX_PY_BYTES }, (part) => {
      for (const r of part) if (!changed.has(r.abs) && !this.cache.has(r.abs)) this.readAheads.set(r.abs, r);
    });
    this.readAheadWarm = started.warm;
    const state = { done: started.done, stop: started.stop, changed };
    state.done = started.done.then(() => {
      if (this.readingAhead === state) this.readingAhead = undefined;
    });
    this.readingAhead = state;
  }

  /** Resolves when the read-ahead worker has ended; undefined when none is running. */
  readAheadDone(): Promise<void> | undefined {
    return this.readingAhead?.done;
  }

  /** Whether the project has script files (found by the configured globs; nothing is read). */
  hasScriptFiles(): boolean {
    this.files ??= this.scan();
    return this.files.scripts.length > 0;
  }

  /**
   * Asks the interpreter for the syntax verdicts of every script on disk now, without blocking (the CLI indexes
   * contracts meanwhile); the rules then find them known instead of waiting for a batch at the first script.
   */
  async prefetchSyntax(): Promise<void> {
    if (this.prefetching) return this.prefetching.done;
    const syntax = this.pythonSyntax();
    if (!syntax) return;
    this.files ??= this.scan();
    const items = this.files.scripts.filter((p) => this.overlay(p) === undefined).map((p) => ({ abs: p, state: stateOf(this.stat(p)) }));
    const unknown = items.filter((i) => syntax.known(i.abs, i.state) === undefined);
    if (!unknown.length) return;
    const asking = { files: new Set(unknown.map((i) => i.abs)), done: syntax.prefetch(unknown) };
    this.prefetching = asking;
    await asking.done;
    if (this.prefetching !== asking) return; // the interpreter changed meanwhile: its checker starts afresh
    this.prefetching = undefined;
    // Scripts read meanwhile carry the parser's verdict: they take the interpreter's at their next reading. One
    // the interpreter also finds without error reads the same, and needs no new index.
    let changed = false;
    for (const [abs, c] of this.cache) {
      if (!c.provisional) continue;
      c.provisional = false;
      if (!c.script?.syntaxError && syntax.known(abs, stateOf(this.stat(abs))) === null) continue;
      c.script = undefined;
      changed = true;
    }
    if (changed) {
      this.current = undefined;
      this.onAnswers();
    }
  }

  /** Whether syntax verdicts are being asked in the background (see prefetchSyntax). */
  syntaxPending(): boolean {
    return this.prefetching !== undefined;
  }

  /** Resolves when the syntax verdicts asked in the background (prefetchSyntax) have arrived; at once if none are. */
  syntaxAnswered(): Promise<void> {
    return this.prefetching?.done ?? Promise.resolve();
  }

  /** Absolute paths of the contract files (for executed discovery). */
  contractFiles(): string[] {
    this.files ??= this.scan();
    return [...this.files.contracts];
  }

  pythonFacts(): PythonFacts | undefined {
    return this.python;
  }

  /** The chosen interpreter's facts (X604, X605); a different answer makes a new index version. */
  setPython(facts: PythonFacts | undefined): void {
    if (facts === this.python) return;
    this.python = facts;
    // The checker keeps its verdicts when it runs the command these facts came from (a pyenv shim runs another
    // file than the interpreter it leads to), or that interpreter's file.
    const checker = this.syntaxChecker;
    if (checker && facts && checker.interpreter !== facts.command && checker.interpreter !== facts.executable && !sameInterpreterFile(checker.interpreter, facts.executable)) {
      // Scripts are judged again by the interpreter now chosen.
      this.syntaxChecker = undefined;
      this.prefetching = undefined;
      for (const c of this.cache.values()) {
        c.script = undefined;
        c.provisional = false;
      }
    }
    this.current = undefined;
  }

  /** Records contracts loaded by executing Python; they stand in for the static reading until the file changes. */
  applyExecuted(absPath: string, contracts: ExecutedContract[]): void {
    const st = safeStat(absPath);
    if (!st) return;
    this.executed.set(resolve(absPath), { mtimeMs: st.mtimeMs, size: st.size, byName: new Map(contracts.map((c) => [c.name, c])) });
    this.current = undefined;
  }

  private withExecuted(abs: string, contracts: ContractInfo[]): ContractInfo[] {
    const run = this.executed.get(resolve(abs));
    if (!run) return contracts;
    const st = safeStat(abs);
    if (!st || st.mtimeMs !== run.mtimeMs || st.size !== run.size || this.overlay(abs) !== undefined) {
      this.executed.delete(resolve(abs));
      return contracts;
    }
    return contracts.map((c) => {
      const e = run.byName.get(c.name);
      return e ? mergeExecuted(c, e) : c;
    });
  }

  /** Forget one changed file (its next use re-reads it), or everything including the file list. */
  invalidate(absPath?: string): void {
    this.current = undefined;
    if (absPath === undefined) {
      this.files = undefined;
      this.stats.clear();
      return;
    }
    this.cache.delete(resolve(absPath));
    this.stats.delete(resolve(absPath));
    // A reading the worker made, or is making, may be of the text before the change: it is read again here.
    this.readAheads.delete(resolve(absPath));
    this.readingAhead?.changed.add(resolve(absPath));
    const rel = this.rel(absPath);
    const known = this.files && [...this.files.contracts, ...this.files.scripts, ...this.files.other, ...this.files.interfaces].includes(resolve(absPath));
    if (!known && ((absPath.endsWith('.py') && (this.isContract(rel) || this.isScript(rel))) || this.isInterfaceFile(absPath))) this.files = undefined;
  }

  /**
   * Checks known files for changes on disk (for clients that do not report file events); true when any changed.
   * A file read or checked less than `freshMs` ago is not looked at again. The stats are taken in the background
   * a batch at a time, so that edits and requests arriving meanwhile are not held up (a project of 2,000 files
   * takes 10-40 ms of statSync, which used to land inside a keystroke every 2 s).
   */
  async refreshChanged(freshMs = 0, now = Date.now()): Promise<boolean> {
    if (!this.files) return false;
    const files = [...this.files.contracts, ...this.files.scripts, ...this.files.interfaces].filter((abs) => {
      const cached = this.cache.get(abs);
      return cached !== undefined && now - cached.seenAt >= (this.watchers.has(dirname(abs)) ? Math.max(freshMs, WATCHED_POLL_MS) : freshMs);
    });
    let changed = false;
    for (let i = 0; i < files.length; i += STAT_BATCH) {
      const part = files.slice(i, i + STAT_BATCH);
      const stats = await Promise.all(part.map((abs) => new Promise<Stats | undefined>((done) => statCallback(abs, (err, st) => done(err ? undefined : st)))));
      part.forEach((abs, j) => {
        const cached = this.cache.get(abs);
        if (!cached) return;
        cached.seenAt = now;
        const st = stats[j];
        // A file read again after its stat was taken compares against the new reading: at worst it is read once more.
        if (!st || st.mtimeMs !== cached.mtimeMs || st.size !== cached.size) {
          this.cache.delete(abs);
          this.stats.delete(abs);
          changed = true;
        }
      });
    }
    if (changed) this.current = undefined;
    return changed;
  }

  /**
   * For clients that send no file events: the folders holding the project's contracts, scripts and step
   * interfaces are watched (fs.watch), so the disk poll (refreshChanged) need not stat each of their files
   * every time; a folder that cannot be watched is polled as before.
   */
  watchDisk(): void {
    this.watching = true;
    if (this.files) this.syncWatchers(this.files);
  }

  /** Stops watching (the indexer is being replaced). */
  dispose(): void {
    this.readingAhead?.stop();
    this.readAheads.clear();
    this.watching = false;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private syncWatchers(files: { contracts: string[]; scripts: string[]; interfaces: string[] }): void {
    if (!this.watching) return;
    const dirs = new Set([...files.contracts, ...files.scripts, ...files.interfaces].map((f) => dirname(f)));
    for (const [dir, w] of this.watchers) {
      if (dirs.has(dir)) continue;
      w.close();
      this.watchers.delete(dir);
    }
    for (const dir of dirs) {
      if (this.watchers.has(dir) || this.watchers.size >= MAX_WATCHED_FOLDERS) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => this.changedOnDisk(dir, name));
        w.on('error', () => {
          w.close();
          this.watchers.delete(dir);
        });
        this.watchers.set(dir, w);
      } catch {
        // Not watchable (gone, or no watches left): its files are polled.
      }
    }
  }

  /** A watched folder reported `name` (or, with no name, something) changed. */
  private changedOnDisk(dir: string, name: string | null): void {
    if (name === null) this.invalidate();
    else {
      const abs = join(dir, name);
      const known = Boolean(this.files && [...this.files.contracts, ...this.files.scripts, ...this.files.interfaces].includes(abs));
      if (!known && !this.isProjectPython(abs) && !this.isInterfaceFile(abs)) return; // an editor's backup, a cache
      this.invalidate(abs);
    }
    this.onDiskChange();
  }

  /** Whether a path is one of the project's contract or script files (a change to it affects the checks). */
  isProjectPython(absPath: string): boolean {
    const rel = this.rel(absPath);
    return absPath.endsWith('.py') && (this.isContract(rel) || this.isScript(rel) || Boolean(this.files?.other.includes(resolve(absPath))));
  }

  /** Whether a path is a step interface this project reads (by the `interfaces` globs). */
  isInterfaceFile(absPath: string): boolean {
    const rel = this.rel(absPath);
    return INTERFACE_NAME.test(absPath) && !rel.startsWith('..') && this.isInterface(rel) && !this.excluded(rel);
  }

  private rel(abs: string): string {
    return toPosix(relative(this.config.root, abs));
  }

  private scan(): { contracts: string[]; scripts: string[]; other: string[]; interfaces: string[] } {
    const out = { contracts: [] as string[], scripts: [] as string[], other: [] as string[], interfaces: [] as string[] };
    walkProject(this.config.root, this.config.root, {
      enter: (e) => !SKIP_DIRS.has(e.name) && !e.name.endsWith('.egg-info') && !this.excluded(`${e.rel}/`),
      file: ({ abs, rel, name }) => {
        if (name.endsWith('.py') && name !== '__init__.py' && !this.excluded(rel)) {
          if (this.isContract(rel)) out.contracts.push(abs);
          else if (this.isScript(rel)) out.scripts.push(abs);
          else out.other.push(abs);
        } else if (INTERFACE_NAME.test(name) && this.isInterface(rel) && !this.excluded(rel)) {
          out.interfaces.push(abs);
        }
      },
    });
    this.syncWatchers(out);
    return out;
  }

  private stat(abs: string): Stamp | undefined {
    if (this.stats.has(abs)) return this.stats.get(abs);
    const st = safeStat(abs);
    const stamp = st ? { mtimeMs: st.mtimeMs, size: st.size } : undefined;
    this.stats.set(abs, stamp);
    return stamp;
  }

  /** A step interface, read again only when it changed; one that cannot be read still yields a record saying why. */
  private interfaceOf(abs: string): StepInterface {
    const loaded = this.load(abs, MAX_INTERFACE_BYTES);
    if (!loaded) {
      const size = safeStat(abs)?.size ?? 0;
      const why = size > MAX_INTERFACE_BYTES ? `The file is ${Math.round(size / 1024)} KB; step interfaces over ${MAX_INTERFACE_BYTES / 1024} KB are not read.` : 'The file cannot be read.';
      return { ...readStepInterface(this.rel(abs), ''), problems: [{ message: why, span: { start: 0, end: 0 } }] };
    }
    if (loaded.text !== undefined || !loaded.cached.iface) loaded.cached.iface = readStepInterface(this.rel(abs), loaded.text ?? readText(abs) ?? '');
    return loaded.cached.iface;
  }

  private load(abs: string, maxBytes = MAX_PY_BYTES): { cached: Cached; text?: string } | undefined {
    const open = this.overlay(abs);
    const st = open === undefined ? this.stat(abs) : undefined;
    if (!st && open === undefined) return undefined;
    const mtimeMs = open !== undefined ? -1 : st!.mtimeMs;
    const size = open !== undefined ? open.length : st!.size;
    const hit = this.cache.get(abs);
    if (hit && hit.mtimeMs === mtimeMs && hit.size === size && hit.overlay === open) return { cached: hit };
    if (open === undefined && size > maxBytes) return undefined;
    const ahead = this.readAheads.get(abs);
    if (ahead) {
      this.readAheads.delete(abs);
      // Read by the worker in the state the file is in now: its reading stands in for reading it here.
      if (open === undefined && ahead.mtimeMs === mtimeMs && ahead.size === size) {
        const cached: Cached = { mtimeMs, size, seenAt: Date.now(), contracts: ahead.contracts, reading: ahead.script };
        this.cache.set(abs, cached);
        this.readAheadTaken++;
        return { cached };
      }
    }
    const text = open ?? readText(abs);
    if (text === undefined) return undefined;
    const cached: Cached = { mtimeMs, size, seenAt: Date.now(), overlay: open };
    this.cache.set(abs, cached);
    return { cached, text };
  }

  private whyUnread(abs: string): string {
    const st = safeStat(abs);
    if (!st) return 'it cannot be read';
    if (st.size > MAX_PY_BYTES) return `it is ${Math.round(st.size / (1024 * 1024))} MB, over the ${MAX_PY_BYTES / (1024 * 1024)} MB read limit`;
    return 'it cannot be read (permissions?)';
  }

  private contractsOf(abs: string): ContractFileResult | undefined {
    const loaded = this.load(abs);
    if (!loaded) return undefined;
    if (loaded.text !== undefined || !loaded.cached.contracts) {
      const rel = this.rel(abs);
      const text = loaded.text ?? loaded.cached.overlay ?? readText(abs);
      if (text === undefined) return undefined;
      loaded.cached.contracts = this.contractReadings && loaded.cached.overlay === undefined ? this.contractReadings.read(rel, text) : mightDefineContract(text) ? readContracts(rel, text) : { contracts: [] };
    }
    return loaded.cached.contracts;
  }

  /**
   * The syntax verdict of the project's interpreter, for a script on disk (asked in one batch) or unsaved;
   * `provisional` when the verdict is being asked in the background (the parser's own stands until it arrives).
   */
  private checkedByPython(abs: string, text: () => string, info: ScriptInfo, unsaved: boolean): { info: ScriptInfo; provisional?: boolean } {
    const syntax = this.pythonSyntax();
    if (!syntax) return { info };
    let verdict: Verdict;
    if (unsaved) verdict = syntax.text(text());
    else {
      const state = stateOf(safeStat(abs));
      verdict = syntax.known(abs, state);
      if (verdict === undefined && this.prefetching?.files.has(abs)) {
        // Until the interpreter answers, the parser's error keeps the other script rules quiet but is not reported.
        return { info: info.syntaxError ? { ...info, syntaxError: { ...info.syntaxError, pending: true } } : info, provisional: true };
      }
      if (verdict === undefined) {
        // Every script not asked about yet goes in the same batch: one interpreter start per check.
        const batch = new Set([abs, ...(this.files?.scripts ?? [])]);
        const items = [...batch].filter((p) => this.overlay(p) === undefined).map((p) => ({ abs: p, state: p === abs ? state : stateOf(safeStat(p)) }));
        verdict = syntax.files(items).get(abs);
      }
    }
    return { info: verdict === undefined ? info : withCpythonVerdict(info, verdict ? text() : '', verdict, syntax.interpreter) };
  }

  private pythonSyntax(): PythonSyntax | undefined {
    if (this.syntaxChecker === undefined) {
      const command = this.python?.executable ?? this.syntaxInterpreter ?? choosePython({ setting: this.config.python, root: this.config.root }).command;
      this.syntaxChecker = process.env.CURSUS_LSP_PYTHON_SYNTAX === 'off' || !this.pythonAllowed ? null : new PythonSyntax(command, this.config.root, this.rememberVerdicts, this.backgroundAsks);
    }
    return this.syntaxChecker ?? undefined;
  }

  private scriptFile(abs: string): ScriptFile {
    const name = basename(abs, '.py');
    return {
      path: this.rel(abs),
      name,
      read: () => {
        const loaded = this.load(abs);
        if (!loaded) return undefined;
        const cached = loaded.cached;
        if (loaded.text !== undefined || !cached.script) {
          // The file is read again only when its text is needed: not read yet, or a syntax error to place.
          let text = loaded.text;
          const textOf = () => (text ??= readText(abs) ?? '');
          const unsaved = cached.mtimeMs === -1;
          if (loaded.text !== undefined || !cached.reading) cached.reading = this.readings && !unsaved ? this.readings.read(textOf()) : readScript(textOf());
          const checked = this.checkedByPython(abs, textOf, cached.reading, unsaved);
          cached.script = checked.info;
          cached.provisional = checked.provisional;
        }
        return cached.script;
      },
    };
  }
}

/** A folder given without glob characters means every step interface below it. */
function asInterfaceGlob(entry: string): string {
  const clean = entry.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  return /[*?{}[\]]/.test(clean) ? clean : `${clean}/**/*.step.{yaml,yml}`;
}

/** A folder given without glob characters means every Python file below it. */
function asGlob(entry: string): string {
  const clean = entry.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/$/, '');
  return /[*?{}[\]]/.test(clean) ? clean : `${clean}/**/*.py`;
}

/** What a file's state is told by: its modification time and size. */
interface Stamp {
  mtimeMs: number;
  size: number;
}

function stateOf(st: Stamp | undefined): string {
  return st ? `${st.mtimeMs}|${st.size}` : 'missing';
}

function safeStat(abs: string) {
  try {
    return statSync(abs);
  } catch {
    return undefined;
  }
}

function readText(abs: string): string | undefined {
  try {
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}

/** Two commands that run the same interpreter file (a venv's `python` links to its base): the same syntax verdicts. */
function sameInterpreterFile(a: string, b: string): boolean {
  const stamp = interpreterStamp(a);
  return stamp !== undefined && stamp === interpreterStamp(b);
}
