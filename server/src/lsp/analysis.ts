/** Per-document analysis state for the server: configuration and project index per root, and each open spec's findings. */
import { statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, checkFile, readSpecFile, type AnalysedFile, type Diagnostic, type ProjectIndex, type RunMemory } from '../engine/index.js';
import { withStaleness, type StoredRun } from './runs.js';
import { CONFIG_FILE, ConfigError, checkSettings, defaultConfig, findProjectRoot, loadConfig, rulesFor, withSettings, type ProjectConfig, type Settings } from '../workspace/config.js';
import { toPosix } from '../workspace/discover.js';
import { ProjectIndexer, type Overlay } from '../workspace/project-index.js';
import { factsStale, pythonFacts } from '../runner/environment.js';
import { choosePython } from '../runner/python.js';

export interface DocAnalysis {
  version: number;
  indexVersion: number;
  file?: AnalysedFile;
  diagnostics: Diagnostic[];
  config: ProjectConfig;
  index: ProjectIndex;
  /** What the next analysis of the document reuses (none with CURSUS_LSP_FROM_SCRATCH). */
  cache?: AnalysisCache;
  run?: StoredRun;
  /** The last run's results with staleness, as the rules saw them. */
  runs?: RunMemory;
}

const DISK_POLL_MS = 2000;

/**
 * CURSUS_LSP_FROM_SCRATCH=1: every version of a document is read and checked from scratch, as the CLI reads a
 * file (nothing reused from the last keystroke, nor from the last publication). Slower on big files; for telling
 * whether a finding comes from the incremental path (test/lsp-fuzz.test.ts compares the two servers).
 */
export const fromScratch = Boolean(process.env.CURSUS_LSP_FROM_SCRATCH) && process.env.CURSUS_LSP_FROM_SCRATCH !== '0';

export class Analyzer {
  private readonly configs = new Map<string, ProjectConfig>();
  /** What the configuration files of each root looked like when read (size and time), to notice edits. */
  private readonly configSignatures = new Map<string, string>();
  private readonly indexers = new Map<string, ProjectIndexer>();
  private readonly results = new Map<string, DocAnalysis>();
  private readonly caches = new Map<string, AnalysisCache>();
  private lastPoll = 0;
  private settings: Settings = {};
  private settingsKey = '{}';
  private readonly files = new Map<string, { version: number; file?: AnalysedFile }>();
  /** The last run of each document, with what its results depended on. */
  readonly runs = new Map<string, StoredRun>();
  /** Problems met while reading configuration files, shown once per file. */
  readonly configErrors = new Map<string, string>();
  /** What is wrong with the editor's settings (unknown rule codes, bad severities): those entries are left out. */
  settingsProblems: string[] = [];

  constructor(private workspaceRoot: string, private readonly overlay: Overlay = () => undefined) {}

  setWorkspaceRoot(root: string): void {
    this.workspaceRoot = root;
  }

  /**
   * Editor settings changed: they apply under each project's own configuration. Settings equal to the current
   * ones change nothing (the warm index and every result stay); others re-derive the configuration, and the
   * project index survives unless what it is built from (root, contract and script globs, excludes) changed.
   * Returns whether anything changed.
   */
  setSettings(raw: Settings): boolean {
    const key = stableKey(raw);
    if (key === this.settingsKey) return false;
    const { settings, problems } = checkSettings(raw);
    this.settings = settings;
    this.settingsProblems = problems;
    this.settingsKey = key;
    this.reloadConfig();
    return true;
  }

  /** Forgets configuration (after pyproject.toml or .cursus-lsp.yaml changed); indexes are rebuilt only if their inputs changed. */
  reloadConfig(): void {
    this.configs.clear();
    this.configSignatures.clear();
    this.configErrors.clear();
    this.results.clear();
  }

  last(uri: string): DocAnalysis | undefined {
    return this.results.get(uri);
  }

  /** Drops a closed document's state. */
  forget(uri: string): void {
    this.results.delete(uri);
    this.caches.delete(uri);
    this.files.delete(uri);
  }

  /** The parsed document without running the checks (for completion, hover and navigation). */
  fileOf(doc: TextDocument): { file?: AnalysedFile; config: ProjectConfig; index: ProjectIndex } {
    const { file, config } = this.parsedFile(doc);
    return { file, config, index: this.indexerFor(config).index() };
  }

  /** The parsed document alone, without building the project index (which may still be being read). */
  parsedFile(doc: TextDocument): { file?: AnalysedFile; config: ProjectConfig } {
    const path = uriToPath(doc.uri);
    const config = this.configFor(path);
    const done = this.results.get(doc.uri);
    if (done && done.version === doc.version && done.config === config) return { file: done.file, config };
    const parsed = this.files.get(doc.uri);
    if (parsed && parsed.version === doc.version) return { file: parsed.file, config };
    const file = readSpecFile(enginePathOf(config, path, doc.languageId), doc.getText(), undefined, this.cacheOf(doc.uri));
    this.files.set(doc.uri, { version: doc.version, file });
    return { file, config };
  }

  /** A Python file changed (event, open document or disk): later analyses see the new contracts and scripts. */
  pythonChanged(absPath: string): boolean {
    let affected = false;
    for (const indexer of this.indexers.values()) {
      if (relative(indexer.config.root, absPath).startsWith('..')) continue;
      indexer.invalidate(absPath);
      affected = true;
    }
    return affected;
  }

  /** Python files created or deleted: rescan the file lists. */
  pythonFilesMoved(): void {
    for (const indexer of this.indexers.values()) indexer.invalidate();
  }

  private polling = false;

  /**
   * For clients that send no file events: re-stat configuration files, contracts and scripts, at most every 2 s.
   * The files are stat'ed in the background (see ProjectIndexer.refreshChanged); true if anything changed.
   */
  async pollDisk(now = Date.now()): Promise<boolean> {
    if (this.polling || now - this.lastPoll < DISK_POLL_MS) return false;
    this.lastPoll = now;
    this.polling = true;
    try {
      for (const [root, signature] of this.configSignatures) {
        if (configSignature(root) === signature) continue;
        this.reloadConfig();
        return true;
      }
      let changed = false;
      // Files read since the last poll (the warm-up's, say) are as fresh as a poll would make them.
      for (const indexer of [...this.indexers.values()]) changed = (await indexer.refreshChanged(DISK_POLL_MS, now)) || changed;
      return changed;
    } finally {
      this.polling = false;
    }
  }

  /**
   * Called when an interpreter's answers arrive or change: its facts (X604, X605) or the scripts' syntax verdicts
   * (X603) asked in the background; the open specs then need checking again.
   */
  onPythonFacts: () => void = () => undefined;
  /**
   * False in an untrusted workspace: no interpreter of the project is started (it may be the workspace's own
   * `.venv/bin/python`), so X604/X605 are not checked and syntax errors are the parser's verdict.
   */
  pythonAllowed = true;
  private readonly pythonAsks = new Map<string, { command: string; indexer: ProjectIndexer; pending: boolean; at: number; done: Promise<void> }>();

  /** For clients that send no file events: the project's folders are watched instead of polled (see watchDisk). */
  watchFolders = false;
  /** Called when a watched folder says a contract, script or step interface changed. */
  onDiskChange: () => void = () => undefined;

  /**
   * Starts asking the interpreter of the project of `path` (processes of their own, not waited for) what the
   * checks need from it: its facts, and the syntax verdicts of the scripts on disk not known yet; and starts
   * reading the project's contracts and scripts in a worker thread.
   */
  startAsking(path: string | undefined): void {
    const config = this.configFor(path);
    const indexer = this.indexerFor(config);
    indexer.startReadAhead();
    this.ensurePython(config, indexer);
    if (this.pythonAllowed) void indexer.prefetchSyntax();
  }

  /**
   * What a first check of a spec of the project of `path` waits for (see startAsking): the contracts and scripts
   * being read in the worker, without which findings such as "no contract" would be false. A promise that
   * resolves when they are read, or undefined when nothing is being read. The interpreter's answers are not
   * waited for: without them the checks only leave out what depends on them (X603-X605, see ProjectIndexer's
   * provisional verdicts), and their arrival checks the open specs again (onPythonFacts).
   */
  readsPending(path: string | undefined): Promise<void> | undefined {
    return this.indexerFor(this.configFor(path)).readAheadDone();
  }

  /**
   * Makes sure the project's interpreter has been asked what it can import, and asks again (in the background)
   * when it or its sys.path folders changed, at most every 2 s. Projects without scripts never ask.
   */
  private ensurePython(config: ProjectConfig, indexer: ProjectIndexer): void {
    if (!this.pythonAllowed) return;
    const choice = choosePython({ setting: config.python, root: config.root });
    const asked = this.pythonAsks.get(config.root);
    const ask = asked?.indexer === indexer ? asked : undefined;
    const now = Date.now();
    if (ask && ask.command === choice.command && (ask.pending || now - ask.at < DISK_POLL_MS)) return;
    if (ask && ask.command === choice.command && !factsStale(choice, config.root)) {
      ask.at = now;
      return;
    }
    if (!indexer.hasScriptFiles()) return;
    const state = { command: choice.command, indexer, pending: true, at: now, done: Promise.resolve() };
    this.pythonAsks.set(config.root, state);
    // Facts the CLI remembered in the project's .cursus-runs/ serve while their stamps hold (no Python started).
    // Nobody waits for the answer (see readsPending): it is asked at a lower priority than the server's own work.
    state.done = pythonFacts(choice, config.root, undefined, 'if-present', true).then((r) => {
      state.pending = false;
      state.at = Date.now();
      const facts = 'facts' in r ? r.facts : undefined;
      if (facts === indexer.pythonFacts()) return;
      indexer.setPython(facts);
      this.onPythonFacts();
    }).catch((e: unknown) => {
      // Never a rejection for the first checks waiting on it: they go on without the interpreter's facts.
      state.pending = false;
      state.at = Date.now();
      console.error(`cursus-lsp: asking the interpreter ${choice.command} failed: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /** Ask every interpreter again at the next analysis (after installing into one). */
  forgetPython(): void {
    this.pythonAsks.clear();
  }

  analyse(doc: TextDocument): DocAnalysis {
    const path = uriToPath(doc.uri);
    const config = this.configFor(path);
    const indexer = this.indexerFor(config);
    this.ensurePython(config, indexer);
    const index = indexer.index();
    const cached = this.results.get(doc.uri);
    const stored = this.runs.get(doc.uri);
    if (cached && cached.version === doc.version && cached.indexVersion === index.version && cached.config === config && cached.run === stored) return cached;
    const enginePath = enginePathOf(config, path, doc.languageId);
    const cache = this.cacheOf(doc.uri);
    const file = readSpecFile(enginePath, doc.getText(), undefined, cache);
    const runs = file && stored ? withStaleness(stored, file, index, config) : undefined;
    const diagnostics = file ? checkFile(file, { rules: rulesFor(config, file.path), engine: { semanticThreshold: config.semanticThreshold }, runs }, index, cache) : [];
    const result = { version: doc.version, indexVersion: index.version, file, diagnostics, config, index, cache, run: stored, runs };
    this.results.set(doc.uri, result);
    return result;
  }

  private cacheOf(uri: string): AnalysisCache | undefined {
    if (fromScratch) return undefined;
    let cache = this.caches.get(uri);
    if (!cache) this.caches.set(uri, (cache = new AnalysisCache()));
    return cache;
  }

  configFor(path: string | undefined): ProjectConfig {
    const root = path ? findProjectRoot(dirname(path), this.workspaceRoot) : this.workspaceRoot;
    let config = this.configs.get(root);
    if (!config) {
      this.configSignatures.set(root, configSignature(root));
      try {
        config = loadConfig(root, undefined, this.settings);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        this.configErrors.set(root, err.message);
        config = withSettings(defaultConfig(root), this.settings);
      }
      this.configs.set(root, config);
    }
    return config;
  }

  indexerFor(config: ProjectConfig): ProjectIndexer {
    let indexer = this.indexers.get(config.root);
    if (!indexer || indexKey(indexer.config) !== indexKey(config)) {
      indexer = new ProjectIndexer(config, this.overlay);
      // Syntax verdicts are kept in the project's .cursus-runs/ where it exists, shared with the CLI.
      indexer.rememberVerdicts = 'if-present';
      indexer.backgroundAsks = true;
      indexer.pythonAllowed = this.pythonAllowed;
      indexer.onAnswers = () => this.onPythonFacts();
      indexer.onDiskChange = () => this.onDiskChange();
      if (this.watchFolders) indexer.watchDisk();
      this.indexers.get(config.root)?.dispose();
      this.indexers.set(config.root, indexer);
    }
    return indexer;
  }

  allIndexers(): ProjectIndexer[] {
    return [...this.indexers.values()];
  }
}

/** What a project index is built from: a configuration that differs elsewhere (rules, threshold, python) keeps it. */
function indexKey(c: ProjectConfig): string {
  return JSON.stringify([c.root, c.contracts, c.scripts, c.exclude]);
}

/** JSON with sorted keys, so that settings sent in another key order compare equal. */
function stableKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

function configSignature(root: string): string {
  return [CONFIG_FILE, 'pyproject.toml']
    .map((f) => {
      try {
        const st = statSync(join(root, f));
        return `${st.size}:${st.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** The absolute path of a project-relative path in a related-information record. */
export function projectPath(config: ProjectConfig, rel: string): string {
  return resolve(config.root, rel);
}

/** The path the engine sees: relative to the project root; untitled documents get a name from their language. */
function enginePathOf(config: ProjectConfig, path: string | undefined, languageId: string): string {
  if (!path) return languageId === 'json' ? 'untitled.json' : 'untitled.yaml';
  const rel = toPosix(relative(config.root, path));
  const named = rel.startsWith('..') ? toPosix(path) : rel;
  if (extname(named) === '' && languageId === 'json') return `${named}.json`;
  return named;
}
