/**
 * Memory of runs: each script run keyed by the content of its script, its contract, its spec entry and its
 * inputs (upstream inputs by the upstream run's key), the interpreter and the harness around the script, kept in
 * <root>/.cursus-runs/cache.json with the state of the files the run wrote (a result whose outputs were edited,
 * added to or removed since is not reused: the step runs again and writes them anew) and the digests of the
 * project's modules the script imported (the harness lists them; one edited or removed since runs the step again).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { manifestDigest, manifestOf } from './inputs.js';
import { outputStates } from './outputs.js';
import { HARNESS_DIR } from './python.js';
import { join, resolve } from 'node:path';
import { writeAtomic } from '../workspace/write-atomic.js';
import type { NodeResult } from './report.js';
import type { PlannedNode } from './plan.js';
import type { PythonChoice } from './python.js';
import type { PythonFacts } from '../engine/python/environment.js';
import { interpreterStamp } from '../workspace/python-choice.js';
import { runsDirTrouble } from '../workspace/remembered.js';

/** A kept result, and each output's files as the run left them (path relative to the output, stat identity). */
interface Entry {
  result: NodeResult;
  outputs: Record<string, [string, string][]>;
  /** The project's modules the script imported (absolute path -> content digest), as they were when it ran. */
  modules?: Record<string, string>;
}

export class RunCache {
  private readonly file: string;
  private entries: Record<string, Entry> = {};
  /** Whether anything was added since the file was read (a fully cached run writes nothing). */
  private changed = false;
  private readonly usable: boolean;

  constructor(readonly root: string) {
    this.file = join(root, '.cursus-runs', 'cache.json');
    // A .cursus-runs/ that leads outside the project is neither read nor written (the run warns).
    this.usable = runsDirTrouble(root) === undefined;
    try {
      this.entries = this.usable ? JSON.parse(readFileSync(this.file, 'utf8')) : {};
    } catch {
      this.entries = {};
    }
  }

  /** The result kept for `key` when the node's outputs are still the files its run wrote, unchanged. */
  get(key: string, outputs: Record<string, string>): NodeResult | undefined {
    const e = this.entries[key];
    if (!e || typeof e !== 'object' || !e.result || !e.outputs) return undefined; // none, or kept by an older version
    const now = outputStates(outputs);
    const same = Object.keys(outputs).every((name) => JSON.stringify(now[name]) === JSON.stringify(e.outputs[name]));
    // A helper module the script imports (its own `util.py`), edited or removed since: the step runs again.
    return same && Object.entries(modulesOf(e)).every(([path, digest]) => moduleDigest(path) === digest) ? e.result : undefined;
  }

  /**
   * Keeps a result, with its outputs' files as they are now and the project modules the script imported (call
   * right after the run).
   */
  set(key: string, result: NodeResult, outputs: Record<string, string>, modules: string[] = []): void {
    this.entries[key] = { result, outputs: outputStates(outputs), modules: Object.fromEntries(modules.map((m) => [m, moduleDigest(m)])) };
    this.changed = true;
  }

  /**
   * What downstream steps key their inputs by: the run's key, with the modules its kept result imported (a helper
   * edited since makes another result, so the steps fed by it run again too).
   */
  resultKey(key: string): string {
    const modules = Object.entries(modulesOf(this.entries[key])).sort();
    return modules.length === 0 ? key : createHash('sha256').update(key).update(JSON.stringify(modules)).digest('hex');
  }

  save(): void {
    if (!this.changed || !this.usable) return;
    try {
      mkdirSync(join(this.root, '.cursus-runs'), { recursive: true });
      writeAtomic(this.file, JSON.stringify(this.entries));
    } catch {
      // Not writable (a full disk, a read-only .cursus-runs/): the results stand, the next run runs them again.
    }
  }
}

/**
 * The key of a node's run; `upstreamKeys` stand for the inputs that upstream runs produce, `interpreter` for the
 * Python that runs it (see interpreterIdentity).
 */
export function runKey(node: PlannedNode, upstreamKeys: Record<string, string>, interpreter: string): string {
  const h = createHash('sha256');
  h.update('cursus-run-v4\0');
  h.update(interpreter);
  h.update('\0script\0');
  h.update(node.script && existsSync(node.script) ? readFileSync(node.script) : 'no-script');
  if (node.contract) {
    h.update('\0contract\0');
    h.update(JSON.stringify({ name: node.contract.name, inputs: node.contract.inputs.map((e) => [e.name, e.value]), outputs: node.contract.outputs.map((e) => [e.name, e.value]) }));
  }
  // How main is called (a contract or a step interface) decides what the script receives.
  h.update(JSON.stringify({ inputs: node.inputs, outputs: node.outputs, environ: node.environ, jobArgs: node.jobArgs, convention: node.convention }));
  for (const [name, path] of Object.entries(node.inputs).sort()) {
    h.update(`\0input ${name}\0`);
    const fed = node.feeds.find((f) => f.input === name);
    // An input fed by a step that runs stands for that step's key; one fed by a `run: false` step (data the user
    // provides, no key of its own) or by nothing is the data itself.
    const upstream = fed ? upstreamKeys[fed.from] : undefined;
    h.update(upstream !== undefined ? `upstream ${upstream}` : manifestDigest(manifestOf(path, true)));
  }
  return h.digest('hex');
}

/**
 * The harness's Python files, which load and call each script (cursus_harness.py and what it imports): another
 * version of them (an upgrade of this tool) may report a run otherwise, so its results are not reused.
 */
export function harnessDigest(): string {
  const h = createHash('sha256');
  // Every Python file of the harness folder, so a module the harness comes to import is never left out.
  let files: string[];
  try {
    files = readdirSync(HARNESS_DIR).filter((n) => n.endsWith('.py')).sort();
  } catch {
    files = [];
  }
  if (files.length === 0) h.update('no harness files');
  for (const name of files) {
    h.update(`\0${name}\0`);
    try {
      h.update(readFileSync(join(HARNESS_DIR, name)));
    } catch {
      h.update('missing');
    }
  }
  return h.digest('hex');
}

/** The modules a kept entry recorded (none for an entry kept by an older version, or a damaged one). */
function modulesOf(e: Entry | undefined): Record<string, string> {
  return e?.modules && typeof e.modules === 'object' ? e.modules : {};
}

/** A module file's content digest ('missing' once it is gone); earlier digests of unchanged files are reused. */
function moduleDigest(path: string): string {
  const m = manifestOf(path, true);
  return m.size === 0 ? 'missing' : manifestDigest(m);
}

/** A digest of a file's or folder's content, every byte read (for tests and callers that must not trust times). */
export function hashPath(path: string): string {
  return manifestDigest(manifestOf(resolve(path), false));
}

/**
 * What a run's results depend on in the interpreter: the command as given and the file it leads to (path, size,
 * time, inode: another interpreter, or the same one rebuilt; for a pyenv shim, the version pyenv selects in `cwd`,
 * the folder scripts run in), the variables that change what it imports, and,
 * when known, its version and installed distributions (a `pip install` or upgrade re-runs the steps).
 */
export function interpreterIdentity(python: PythonChoice, facts?: PythonFacts, cwd: string = process.cwd()): string {
  const env = ['PYTHONPATH', 'PYTHONHOME', 'PYTHONNOUSERSITE', 'PYTHONUSERBASE', 'PYTHONSAFEPATH', 'PYTHONPLATLIBDIR'].map((v) => process.env[v] ?? '');
  const installed = facts ? [...facts.distributions.values()].map((d) => `${d.name}==${d.version}`).sort() : [];
  return JSON.stringify([python.command, interpreterStamp(python.command, cwd) ?? 'not found', env, facts?.executable ?? '', facts?.version ?? '', installed]);
}
