/**
 * Memory of runs: each script run keyed by the content of its script, its contract, its spec entry and its
 * inputs (upstream inputs by the upstream run's key), the interpreter and the harness around the script, kept in
 * <root>/.cursus-runs/cache.json with the state of the files the run wrote (a result whose outputs were edited,
 * added to or removed since is not reused: the step runs again and writes them anew).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
    return same ? e.result : undefined;
  }

  /** Keeps a result, with its outputs' files as they are now (call right after the run). */
  set(key: string, result: NodeResult, outputs: Record<string, string>): void {
    this.entries[key] = { result, outputs: outputStates(outputs) };
    this.changed = true;
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
    h.update(fed ? `upstream ${upstreamKeys[fed.from] ?? 'unknown'}` : manifestDigest(manifestOf(path, true)));
  }
  return h.digest('hex');
}

/**
 * The harness's Python files, which load and call each script (cursus_harness.py and what it imports): another
 * version of them (an upgrade of this tool) may report a run otherwise, so its results are not reused.
 */
export function harnessDigest(): string {
  const h = createHash('sha256');
  for (const name of HARNESS_FILES) {
    h.update(`\0${name}\0`);
    try {
      h.update(readFileSync(join(HARNESS_DIR, name)));
    } catch {
      h.update('missing');
    }
  }
  return h.digest('hex');
}

const HARNESS_FILES = ['cursus_harness.py', 'cursus_contain.py', 'cursus_lsp_support.py'];

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
