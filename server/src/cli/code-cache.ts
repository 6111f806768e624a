/**
 * Loads the bundled CLI (dist/server/src/bundle/cursus-lint.cjs, scripts/bundle-cli.mjs) with V8's code cache: the
 * bytecode of what a command compiled last time, kept in the project's `.cursus-runs/` folder, so that a command
 * that does little (a fully cached `run`) does not spend most of its time compiling 1.4 MB of JavaScript.
 * Node 20 has no compile cache of its own (`module.enableCompileCache` is Node 22), hence vm.Script.
 *
 * The cache is an optimisation and never a reason to fail: it is used only when it was made from the same bundle
 * bytes (SHA-256), by the same Node version and architecture, and its own SHA-256 holds (V8 checks only the
 * length of what it is given); V8 also refuses data that another V8 version or other flags made. Anything else (missing, torn, stale, unreadable, unwritable) compiles
 * from source. It is read and written only in a `.cursus-runs/` folder that exists (the folder `run` creates for
 * its results), found from the working folder up to the project's root at most (the nearest folder with
 * pyproject.toml or .cursus-lsp.yaml; the working folder alone when there is none), so a command never reads or
 * writes the cache of another project around this one. Written atomically, and never when `--no-cache` was given
 * or CURSUS_LINT_CODE_CACHE=off is set.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { findProjectRoot } from '../workspace/project-root.js';
import { runsDirTrouble } from '../workspace/remembered.js';
import { writeAtomic } from '../workspace/write-atomic.js';
import { exposeCollector } from '../workspace/v8-collector.js';
import vm from 'node:vm';
import { commandOf } from './commands.js';
import type { MatchIO } from './match.js';
import { memoKey, replayable, startRecording, type RunCapture } from './run-memo.js';
import { replayRun } from './run-output.js';
import { defaultIO } from './io.js';

const FORMAT = 'cursus-lint-code-cache 1';

export type CliMain = (argv: string[], io?: MatchIO) => Promise<number>;

/** What the bundle exports (cli/main.ts). */
export interface CliExports {
  main: CliMain;
  captureRun(): void;
  takeRunCapture(): RunCapture | undefined;
}

export interface LoadedCli {
  main: CliMain;
  exports: CliExports;
  /** How the bytecode was obtained: from the cache, or compiled (no cache, a stale one, or one V8 refused). */
  cache: 'used' | 'compiled' | 'off';
  /** Writes the cache for this command when none was usable (call after the command ran, so it holds all it compiled). */
  save(exitCode: number): void;
}

/**
 * The file a command's bytecode is kept in, below the nearest `.cursus-runs/` from `cwd` up to the project's root;
 * undefined when none.
 */
export function codeCacheFile(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CURSUS_LINT_CODE_CACHE === 'off' || argv.includes('--no-cache')) return undefined;
  const runs = nearestRunsDir(cwd);
  return runs && join(runs, `code-cache-${commandOf(argv)}.v8`);
}

/**
 * Runs a command as bin/cursus-lint.cjs does; its exit code. A `run` is first looked up among the remembered
 * fully cached runs (run-memo.ts) and shown again when every observation holds (by cli/run-output.ts, bundled
 * into this loader: the bundle is not loaded); otherwise it runs, recorded, and is remembered when it can be.
 */
export async function runCli(bundle: string, argv: string[], cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const startedAt = Date.now();
  const memo = env.CURSUS_LINT_RUN_MEMO;
  const runs = commandOf(argv) === 'run' && !argv.includes('--no-cache') && memo !== 'off' ? nearestRunsDir(cwd) : undefined;
  const explain = (what: string) => void (memo === 'explain' && process.stderr.write(`cursus-lint: run memory: ${what}\n`));
  const key = runs && memoKey(argv, cwd, bundle, env);
  if (runs && key) {
    const kept = replayable(runs, key);
    if (kept) {
      // The run's wall time is the time it took to find every step's result unchanged.
      explain('every observation holds; shown again');
      // Shown by the loader's own copy of the run's output code: the bundle is not loaded.
      return replayRun(argv.slice(1), kept, Date.now() - startedAt, defaultIO());
    }
  }
  const cli = loadCli(bundle, argv, cwd, env);
  if (!runs || !key) {
    const code = await cli.main(argv);
    cli.save(code);
    return code;
  }
  cli.exports.captureRun();
  const recorder = startRecording(runs, key, startedAt);
  let code: number;
  let unfit: string | undefined;
  try {
    code = await cli.main(argv);
  } finally {
    unfit = recorder.stop();
  }
  const kept = cli.exports.takeRunCapture();
  if (kept && unfit === undefined && code !== 2) recorder.save(kept);
  explain(unfit !== undefined ? `not kept: ${unfit}` : !kept ? 'not kept: its output is not a report on stdout' : code === 2 ? 'not kept: exit 2' : 'kept');
  cli.save(code);
  return code;
}

export function loadCli(bundle: string, argv: string[], cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): LoadedCli {
  const bytes = readFileSync(bundle);
  const header = `${FORMAT} ${sha256(bytes)} ${process.version} ${process.arch}`;
  let file = codeCacheFile(argv, cwd, env);
  const off = env.CURSUS_LINT_CODE_CACHE === 'off' || argv.includes('--no-cache');
  const cachedData = file ? readCache(file, header) : undefined;
  // The flags a command may set later (a big file's collections, cli/heap-growth.ts) set before compiling, in
  // every command: V8 refuses a cache made under other flags (workspace/v8-collector.ts).
  exposeCollector();
  // The CommonJS wrapper, as Node's own loader puts it around a module. The bundle is ASCII (scripts/bundle-cli.mjs
  // checks): read as Latin-1, a copy rather than a UTF-8 decoding.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('latin1')}\n})`, {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as Partial<CliExports> };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  if (typeof module.exports.main !== 'function') throw new Error(`${bundle} does not export main; rebuild with npm run build`);
  const used = cachedData !== undefined && !script.cachedDataRejected;
  return {
    main: module.exports.main,
    exports: module.exports as CliExports,
    cache: off ? 'off' : used ? 'used' : 'compiled',
    save(exitCode) {
      // A usage or internal error (exit 2) ran too little of the command to be worth keeping.
      if (off || used || exitCode === 2) return;
      // A first `run` creates .cursus-runs/ itself: look again.
      file ??= codeCacheFile(argv, cwd, env);
      if (file) writeCache(file, header, script);
    },
  };
}

function nearestRunsDir(cwd: string): string | undefined {
  const root = findProjectRoot(cwd, cwd);
  for (let dir = resolve(cwd); ; ) {
    const runs = join(dir, '.cursus-runs');
    try {
      // One that leads outside the project (a symbolic link to elsewhere) is not used, nor any above it.
      if (statSync(runs, { throwIfNoEntry: false })?.isDirectory()) return runsDirTrouble(dir) ? undefined : runs;
    } catch {
      // A folder that cannot be searched (permissions): no cache there or above.
      return undefined;
    }
    const up = dirname(dir);
    if (dir === root || up === dir) return undefined;
    dir = up;
  }
}

/** The cached bytecode when the file was made for `header` and is whole; undefined otherwise. */
function readCache(file: string, header: string): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  const eol = data.indexOf(10);
  if (eol < 0) return undefined;
  const m = /^(.*) data ([0-9a-f]{64})$/.exec(data.toString('latin1', 0, eol));
  if (!m || m[1] !== header) return undefined;
  const payload = data.subarray(eol + 1);
  return sha256(payload) === m[2] ? payload : undefined;
}

function writeCache(file: string, header: string, script: vm.Script): void {
  try {
    const payload = script.createCachedData();
    writeAtomic(file, Buffer.concat([Buffer.from(`${header} data ${sha256(payload)}\n`, 'latin1'), payload]));
  } catch {
    // Not writable (a read-only checkout, a full disk): the next command compiles from source again.
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
