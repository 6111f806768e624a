/** `cursus-lint [check] [paths..]`: lint spec files and folders, optionally fixing what is safe to fix. */
import { existsSync, lstatSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { applySafeFixes, checkFile, CHUNKED_FROM, LineIndex, readSpecFile, type AnalysedFile, type CheckOptions, type ProjectIndex } from '../engine/index.js';
import { rulesFor, type ProjectConfig } from '../workspace/config.js';
import { findSpecFiles, toPosix } from '../workspace/discover.js';
import { EditError, decodeLossless, readForEdit, writeInPlace } from '../workspace/edit-file.js';
import { UsageError } from './errors.js';
import { formatters } from './formatters/index.js';
import { Projects, isDirectory, splitConfigArg } from './project.js';
import { CheckCache, CHECK_CACHE_FILE, type ProjectSummary } from './check-cache.js';
import type { ProjectIndexer } from '../workspace/project-index.js';
import type { FileReport } from './report.js';
import { HeapGrowth } from './heap-growth.js';
import { languageOf } from '../engine/syntax/parse.js';
import { digestOf, readChunksInParallel } from './parallel-chunks.js';
import { capYoungGeneration, checkYoungGeneration, CLI_SEMI_SPACE_CAP_MIB, releaseYoungGeneration } from '../workspace/young-generation.js';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Whether stdout / stderr are terminals (progress redraws in place, colour); false when absent. */
  tty?: { stdout: boolean; stderr: boolean };
}

export async function runCheck(argv: string[], io: CliIO): Promise<number> {
  // The young generation is held at most at 2 x 8 MiB, that size reached once a big file's reading starts (V8
  // grows it to 2 x 16 MiB of resident pages otherwise; young-generation.ts).
  capYoungGeneration(CLI_SEMI_SPACE_CAP_MIB);
  try {
    return await check(argv, io);
  } finally {
    bigFiles.release();
    releaseYoungGeneration();
  }
}

async function check(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      fix: { type: 'boolean', default: false },
      'unsafe-fixes': { type: 'boolean', default: false },
      config: { type: 'string', short: 'c' },
      python: { type: 'string' },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      'no-cache': { type: 'boolean', default: false },
    },
  });
  const format = formatters[values.format as string];
  if (!format) throw new UsageError(`Unknown --format '${values.format}'. Use one of: ${Object.keys(formatters).join(', ')}.`);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const { toolConfig, pipelineConfig } = splitConfigArg(io.cwd, values.config);
  const projects = new Projects(io.cwd, toolConfig, 'if-present');
  const targets = positionals.length ? positionals : ['.'];

  const files: { abs: string; config: ProjectConfig; explicit: boolean }[] = [];
  // Folders and candidate files that cannot be read are said on stderr; the rest is still checked.
  const notListed = (path: string, code: string) => io.stderr(`cursus-lint: cannot read ${display(io.cwd, path)} (${code}); it was not searched for specs.\n`);
  const brokenLink = (path: string) => io.stderr(`cursus-lint: skipped ${display(io.cwd, path)}: ${linkTrouble(path)}.\n`);
  const unreadable: string[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const abs = resolve(io.cwd, target);
    if (!existsSync(abs) && !isLink(abs)) throw new UsageError(`No such file or folder: ${target}`);
    const config = projects.forPath(abs);
    const found = isDirectory(abs) ? findSpecFiles(abs, config, notListed, brokenLink).map((f) => ({ abs: f, explicit: false })) : [{ abs, explicit: true }];
    for (const f of found) {
      if (seen.has(f.abs)) continue;
      seen.add(f.abs);
      files.push({ ...f, config: f.explicit ? config : projects.forPath(f.abs) });
    }
  }

  // The interpreter is asked what it can import and whether the scripts parse (processes of their own) while the
  // contracts are indexed here.
  const configs = [...new Set(files.map((f) => f.config))];
  const asked = Promise.all(
    configs.map(async (config) => {
      await projects.loadPython(config, values.python, io.stderr);
      await projects.prefetchSyntax(config, values.python);
    }),
  );
  const unsafe = Boolean(values['unsafe-fixes']);
  const fix = Boolean(values.fix) || unsafe;
  // Findings kept by an earlier check (check-cache.ts) are used where the project has them; such a project is
  // indexed only when a file has to be checked afresh.
  const useCache = !fix && !values['no-cache'];
  const cached = new Set(useCache ? configs.filter((c) => existsSync(join(c.root, CHECK_CACHE_FILE))) : []);
  // The scripts' readings are kept there too (as `run` keeps them), so a check after a change reads only changed scripts.
  if (useCache) for (const config of configs) projects.indexerFor(config).rememberReadings('if-present');
  for (const config of configs) if (!cached.has(config)) projects.indexerFor(config).index();
  // While the interpreter is still answering, the next spec files are read and parsed (that needs no Python), so
  // this process does not sit idle; with --fix each file is read when it is fixed.
  const early = new Map<string, ReadSpec>();
  if (!fix) {
    let answered = false;
    const answer = () => (answered = true);
    asked.then(answer, answer);
    for (const f of files) {
      await new Promise((r) => setImmediate(r));
      if (answered) break;
      if (!cached.has(f.config)) early.set(f.abs, await readOne(f.abs, f.config, io));
    }
  }
  await asked;
  const caches = new Map<ProjectConfig, CheckCache | undefined>();
  if (useCache) {
    for (const config of configs) {
      const indexer = projects.indexerFor(config);
      const syntax = { interpreter: indexer.pythonFacts()?.executable ?? indexer.syntaxInterpreter ?? null, off: process.env.CURSUS_LSP_PYTHON_SYNTAX === 'off' };
      caches.set(config, CheckCache.open(config, { files: indexer.fileStamps(), python: indexer.pythonFacts() ?? null, syntax, pipelineConfig: pipelineConfig ?? null }));
    }
  }
  const probes = new Map<ProjectConfig, ReturnType<ProjectIndexer['probes']>>();
  const probesOf = (config: ProjectConfig) => {
    let p = probes.get(config);
    if (!p) probes.set(config, (p = projects.indexerFor(config).probes()));
    return p;
  };
  const tally: FixTally = { applied: 0, files: 0, failed: [] };
  const reports: FileReport[] = [];
  /** Per project: DAG or pipeline files checked with no contract at all, and step interfaces Cursus would not load. */
  const unchecked = new Map<ProjectConfig, { wiring: string[]; strayInterfaces: string[] }>();
  // A signal during --fix stops after the file being written, never in the middle of a write.
  const interrupt = fix ? holdSignals() : undefined;
  try {
    for (const f of files) {
      let read = early.get(f.abs);
      early.delete(f.abs);
      // Read here (not in checkOne) when not fixing, so that a big file's chunks are read on two threads.
      if (!read && !fix && !caches.get(f.config)) read = await readOne(f.abs, f.config, io);
      const cache = caches.get(f.config);
      const specPipelineConfig = pipelineConfig ? Projects.engineRelative(f.config, pipelineConfig) : f.config.pipelineConfig;
      const report = cache
        ? await checkCached(f.abs, f.config, () => projects.indexerFor(f.config).index(), cache, () => probesOf(f.config), io, specPipelineConfig, read)
        : checkOne(f.abs, f.config, projects.indexerFor(f.config).index(), fix ? { unsafe, tally } : undefined, io, specPipelineConfig, read);
      // The file read early (its tree and model) is not needed any more; this frame would keep it alive until the
      // report is written (a stale register of this async function held a 40,000-node pipeline's 200 MB).
      read = undefined;
      if (report === 'unreadable') {
        unreadable.push(f.abs);
        continue;
      }
      if (!report) {
        if (f.explicit) io.stderr(`cursus-lint: skipped ${display(io.cwd, f.abs)}: not a Cursus script spec, pipeline spec or DAG file.\n`);
        continue;
      }
      noteUnchecked(unchecked, f.config, summaryOf(projects, f.config, caches.get(f.config)), report, Projects.engineRelative(f.config, f.abs));
      if (values.quiet) report.diagnostics = report.diagnostics.filter((d) => d.severity === 'error');
      reports.push(report);
      if (interrupt) {
        await new Promise((r) => setImmediate(r));
        if (interrupt.signal) break;
      }
    }
  } finally {
    interrupt?.release();
  }
  // The big files' trees are dropped before the report is made.
  bigFiles.release();
  for (const [config, cache] of caches) {
    if (!cache) continue;
    cache.save(summaryOf(projects, config, cache));
    projects.indexerFor(config).saveReadings();
  }
  io.stdout(format(values.format === 'github' || values.format === 'sarif' ? fromRepositoryRoot(reports, io.cwd) : reports, { fixing: fix }));
  for (const [config, u] of unchecked) io.stderr(uncheckedNote(config, u));
  if (fix) {
    const summary = fixSummary(tally, reports, unsafe);
    if (values.format === 'stylish') io.stdout(summary);
    else io.stderr(summary);
  }

  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`cursus-lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}.\n`);
    return 1;
  }
  if (unreadable.length) {
    io.stderr(`cursus-lint: ${unreadable.length === 1 ? '1 spec file' : `${unreadable.length} spec files`} could not be read and ${unreadable.length === 1 ? 'was' : 'were'} not checked (see above).\n`);
    return 2;
  }
  return errors > 0 || tally.failed.length > 0 ? 1 : 0;
}

/**
 * In GitHub Actions, annotations and code-scanning alerts land on a pull request's files only when their paths are
 * relative to the repository root (GITHUB_WORKSPACE), not to a step's `working-directory`: rewrite them so.
 */
function fromRepositoryRoot(reports: FileReport[], cwd: string): FileReport[] {
  const root = process.env.GITHUB_WORKSPACE;
  if (!root) return reports;
  return reports.map((r) => {
    const rel = relative(resolve(root), resolve(cwd, r.file));
    return rel.startsWith('..') || rel === '' || isAbsolute(rel) ? r : { ...r, file: toPosix(rel) };
  });
}

interface FixTally {
  applied: number;
  files: number;
  /** Files whose fixes were not written, and why. */
  failed: { file: string; reason: string }[];
}

/** `Fixed 3 problems in 2 files. Left: 1 more with --unsafe-fixes, 4 to fix by hand.` */
function fixSummary(tally: FixTally, reports: FileReport[], unsafe: boolean): string {
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  let notFixed = 0;
  let conflicting = 0;
  let unsafeLeft = 0;
  let manual = 0;
  for (const r of reports) {
    for (const d of r.diagnostics) {
      const fixable = d.fixes.some((f) => f.safe) || (unsafe && d.fixes.length > 0);
      if (fixable && r.notFixed) notFixed++;
      else if (fixable) conflicting++;
      else if (d.fixes.length) unsafeLeft++;
      else manual++;
    }
  }
  const left: string[] = [];
  if (notFixed) left.push(`${notFixed} in files left unfixed (see above)`);
  if (conflicting) left.push(`${conflicting} whose fix clashed with another (run --fix again)`);
  if (unsafeLeft) left.push(`${unsafeLeft} more with --unsafe-fixes (review the result)`);
  if (manual) left.push(`${manual} to fix by hand`);
  return `Fixed ${plural(tally.applied, 'problem')} in ${plural(tally.files, 'file')}.${left.length ? ` Left: ${left.join(', ')}.` : ''}\n`;
}

/** Holds SIGINT, SIGTERM and SIGHUP back while files are being written; release() re-raises one that came. */
function holdSignals(): { signal?: NodeJS.Signals; release: () => void } {
  const state: { signal?: NodeJS.Signals; release: () => void } = {
    release: () => {
      for (const s of signals) process.removeListener(s, hold);
      if (state.signal) process.kill(process.pid, state.signal);
    },
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const hold = (s: NodeJS.Signals) => {
    state.signal ??= s;
  };
  for (const s of signals) process.on(s, hold);
  return state;
}

/**
 * The heap's growth is held near what is live (heap-growth.ts) from the first file of CHUNKED_FROM or more read
 * until its findings are in: such a file's tree and findings are most of what a check holds.
 */
const bigFiles = new HeapGrowth();

/** Before a file's checks: a big one's are run with the heap held nearer to what is live. */
function beforeChecks(text: string): void {
  if (text.length >= CHUNKED_FROM) bigFiles.checking();
}

/** A spec file read and parsed, before its checks: undefined file when it is not one of ours; 'unreadable' when it cannot be read (said on stderr). */
type ReadSpec = { text: string; file: AnalysedFile | undefined } | 'unreadable';

/**
 * Reads a spec file (without fixing it) through the parse and model; nothing here needs the project or Python. A
 * big YAML file's chunks are read on two threads (parallel-chunks.ts).
 */
async function readOne(abs: string, config: ProjectConfig, io: CliIO): Promise<ReadSpec> {
  const read = readText(abs, undefined, io);
  if (read === 'unreadable') return read;
  return { text: read.text, file: await parseRead(abs, Projects.engineRelative(config, abs), read) };
}

/** A file's text read into its tree and model; a big YAML file's chunks on two threads (parallel-chunks.ts). */
async function parseRead(abs: string, enginePath: string, read: { text: string; bom: string; digest?: string }): Promise<AnalysedFile | undefined> {
  const ready = read.digest && languageOf(enginePath) === 'yaml' ? await readChunksInParallel(read.text, { path: abs, digest: read.digest, bom: read.bom !== '' }) : undefined;
  return readSpecFile(enginePath, read.text, undefined, undefined, ready);
}

/** A spec file's text, decoded losslessly and without a YAML byte-order mark; 'unreadable' (said on stderr) when it cannot be read. */
function readText(abs: string, fix: object | undefined, io: CliIO): { text: string; bytes?: Buffer; bom: string; digest?: string } | 'unreadable' {
  let text: string;
  let bytes: Buffer | undefined;
  let digest: string | undefined;
  try {
    // Bytes that are not UTF-8 are kept (as Python's surrogateescape does) so the engine can point at them.
    if (fix) ({ text, bytes } = readForEdit(abs));
    else {
      const read = readFileSync(abs);
      // A big file's chunks are read on two threads; the worker reads the file again and compares it by this.
      if (read.length >= CHUNKED_FROM) digest = digestOf(read);
      text = decodeLossless(read);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied; give the user running the check read access'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'ELOOP' || (code === 'ENOENT' && isLink(abs))
            ? `${linkTrouble(abs)}; point it at the spec or remove it`
            : (code ?? (err as Error).message);
    io.stderr(`cursus-lint: cannot read ${display(io.cwd, abs)}: ${why}. It was not checked; the other files were.\n`);
    return 'unreadable';
  }
  if (text.length >= CHUNKED_FROM) {
    bigFiles.reading();
    // The cap is reached by a young-generation collection after enough survived (the contracts' index, by now):
    // at the start of the command little had.
    checkYoungGeneration();
  }
  // Editors hide a YAML file's byte-order mark and PyYAML skips it: positions are counted without it (a JSON
  // file's is kept, to be reported: json.load refuses it).
  const bom = !/\.json$/i.test(abs) && text.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
  return { text: bom ? text.slice(1) : text, bytes, bom, digest };
}

/**
 * One file's findings (not fixing) through the cache: kept ones when nothing they depend on changed, else
 * computed (the project indexed then, if not yet) and kept for the next check.
 */
async function checkCached(abs: string, config: ProjectConfig, indexOf: () => ProjectIndex, cache: CheckCache, probes: () => Pick<ProjectIndex, 'exists' | 'linkEscape' | 'readText' | 'pythonFile'>, io: CliIO, pipelineConfig?: string, early?: ReadSpec): Promise<FileReport | undefined | 'unreadable'> {
  const read = early ?? readText(abs, undefined, io);
  if (read === 'unreadable') return read;
  const enginePath = Projects.engineRelative(config, abs);
  const options = optionsFor(config, enginePath, pipelineConfig);
  const settings = JSON.stringify(options);
  const hit = cache.lookup(enginePath, read.text, settings, probes);
  if (hit) return { file: display(io.cwd, abs), lines: new LineIndex(read.text), diagnostics: hit.diagnostics, kind: hit.kind };
  // Not kept: read now (a big file's chunks on two threads, as without the cache).
  const file = 'bom' in read ? await parseRead(abs, enginePath, read) : read.file;
  if (!file) return undefined;
  const index = indexOf();
  beforeChecks(read.text);
  const { result: diagnostics, keep } = cache.recording(index, () => checkFile(file, options, index));
  keep(enginePath, read.text, settings, file.model.kind, diagnostics);
  return { file: display(io.cwd, abs), lines: file.lines, diagnostics, kind: file.model.kind };
}

function optionsFor(config: ProjectConfig, enginePath: string, pipelineConfig: string | undefined): CheckOptions {
  return { rules: rulesFor(config, enginePath), engine: { semanticThreshold: config.semanticThreshold }, pipelineConfig };
}

/** One file's findings; undefined when it is not one of ours, 'unreadable' (said on stderr) when it cannot be read. */
function checkOne(abs: string, config: ProjectConfig, index: ProjectIndex, fix: { unsafe: boolean; tally: FixTally } | undefined, io: CliIO, pipelineConfig?: string, early?: ReadSpec): FileReport | undefined | 'unreadable' {
  const enginePath = Projects.engineRelative(config, abs);
  const options = optionsFor(config, enginePath, pipelineConfig);
  let file: AnalysedFile | undefined;
  let notFixed: string | undefined;
  if (early) {
    if (early === 'unreadable') return early;
    file = early.file;
  } else {
    const read = readText(abs, fix, io);
    if (read === 'unreadable') return read;
    const { bytes, bom } = read;
    let text = read.text;
    if (fix && bytes && readSpecFile(enginePath, text)) {
      const fixed = applySafeFixes(enginePath, text, options, index, undefined, fix.unsafe);
      if (fixed.refused) {
        notFixed = fixed.refused;
        io.stderr(`cursus-lint: not fixing ${display(io.cwd, abs)}: ${fixed.refused}.\n`);
      }
      if (fixed.text !== text) {
        try {
          const outside = outsideRoot(abs, config.root);
          if (outside) throw new EditError(`it links to ${outside}, outside the project ${config.root}`);
          writeInPlace(abs, bytes, bom + fixed.text);
          text = fixed.text;
          fix.tally.applied += fixed.fixed;
          fix.tally.files++;
        } catch (err) {
          if (!(err instanceof EditError)) throw err;
          fix.tally.failed.push({ file: display(io.cwd, abs), reason: err.message });
          notFixed = err.message;
          io.stderr(`cursus-lint: could not write the fixes to ${display(io.cwd, abs)}: ${err.message}. Its findings are reported unfixed.\n`);
        }
      }
    }
    file = readSpecFile(enginePath, text);
  }
  if (!file) return undefined;
  beforeChecks(file.text);
  // The findings are reported, not fixed (fixes were applied above, from a check of their own).
  return { file: display(io.cwd, abs), lines: file.lines, diagnostics: checkFile(file, { ...options, reportOnly: true }, index), notFixed, kind: file.model.kind };
}

/**
 * Honest about what was checked: a DAG or pipeline checked in a project where no contract was found had its nodes
 * checked for structure only, and a `.step.yaml` outside the folders Cursus loads interfaces from is checked as a
 * file but no DAG node resolves to it. Both are said once per project, with the setting that changes it.
 */
function noteUnchecked(unchecked: Map<ProjectConfig, { wiring: string[]; strayInterfaces: string[] }>, config: ProjectConfig, summary: ProjectSummary, report: FileReport, enginePath: string): void {
  const entry = () => {
    let u = unchecked.get(config);
    if (!u) unchecked.set(config, (u = { wiring: [], strayInterfaces: [] }));
    return u;
  };
  if ((report.kind === 'dag-file' || report.kind === 'pipeline-spec') && summary.contracts === 0) entry().wiring.push(report.file);
  if (report.kind === 'step-interface' && !summary.interfaces.includes(enginePath)) entry().strayInterfaces.push(report.file);
}

/**
 * What the notes above need of a project's index: from the index when this check built it, else as the cache
 * kept it (valid while the project is unchanged), else from an index built now.
 */
function summaryOf(projects: Projects, config: ProjectConfig, cache: CheckCache | undefined): ProjectSummary {
  const indexer = projects.indexerFor(config);
  const kept = cache?.summary;
  if (kept && !indexer.indexed) return kept;
  const index = indexer.index();
  const made = summaries.get(index);
  if (made?.version === index.version) return made.summary;
  const summary = { contracts: index.contracts.length, interfaces: index.interfaces.map((i) => i.file) };
  summaries.set(index, { version: index.version, summary });
  return summary;
}

/** One summary per version of an index (it is asked for every file reported). */
const summaries = new WeakMap<ProjectIndex, { version: number; summary: ProjectSummary }>();

function uncheckedNote(config: ProjectConfig, u: { wiring: string[]; strayInterfaces: string[] }): string {
  const some = (files: string[], one: string, many: string) => (files.length === 1 ? `${one} ${files[0]}` : `${files.length} ${many} (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', ...' : ''})`);
  const where = `Cursus loads step interfaces from steps/interfaces/*.step.yaml and <pack>/interfaces/*.step.yaml; this project (${config.root}) reads them from ${config.interfaces.join(', ')}`;
  let out = '';
  const stray = u.strayInterfaces;
  if (stray.length) {
    const [was, it, its, they] = stray.length === 1 ? ['was checked as a file', 'it', 'its', 'it is'] : ['were checked as files', 'them', 'their', 'they are'];
    out += `cursus-lint: note: ${some(stray, 'the step interface', 'step interfaces')} ${was}, but ${they} outside the interface folders, so no DAG node resolves to ${it}. ${where}. To use ${it}, set \`interfaces\` in .cursus-lsp.yaml (or [tool.cursus-lsp] in pyproject.toml) to ${its} folder.\n`;
  }
  if (u.wiring.length) {
    out += `cursus-lint: note: ${some(u.wiring, 'the DAG or pipeline', 'DAG and pipeline files')} ${u.wiring.length === 1 ? 'was' : 'were'} checked for structure only: no ScriptContract and no step interface was found in ${config.root}, so nodes were not checked against contracts, nor edges by the dependency resolver. Set \`contracts\` or \`interfaces\` in .cursus-lsp.yaml to where they are.\n`;
  }
  return out;
}

/** Where a file really is, when that is outside the project root (a symlink leading out); undefined inside. */
function outsideRoot(abs: string, root: string): string | undefined {
  const real = realpathSync(abs);
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // the root is where the file was found; keep it as given
  }
  return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep) ? undefined : real;
}

/** Why a symbolic link cannot be read: its target is missing, or links lead back to themselves. */
function linkTrouble(abs: string): string {
  try {
    realpathSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') return 'it is a symbolic link that leads back to itself (a loop)';
  }
  return `it is a symbolic link to ${readlinkSync(abs)}, which does not exist`;
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return toPosix(rel === '' ? '.' : rel);
}

function parseMaxWarnings(v: string | boolean | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--max-warnings takes a whole number of 0 or more, not '${v}'.`);
  return n;
}
