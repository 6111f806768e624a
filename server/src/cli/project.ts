/** Per-file project context for the CLI: the root and configuration that apply to a path, cached by root. */
import { dirname, relative, resolve } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { decodeLossless } from '../workspace/edit-file.js';
import { readSpecFile, type AnalysedFile } from '../engine/file.js';
import type { PythonFacts } from '../engine/python/environment.js';
import { pythonFacts } from '../runner/environment.js';
import { choosePython } from '../runner/python.js';
import { isPipelineConfig } from '../engine/model/pipeline-config.js';
import { parse } from '../engine/syntax/parse.js';
import { UsageError } from './errors.js';
import { findProjectRoot, loadConfig, type ProjectConfig } from '../workspace/config.js';
import { ProjectIndexer } from '../workspace/project-index.js';
import type { Remember } from '../workspace/remembered.js';
import { toPosix } from '../workspace/discover.js';

export class Projects {
  private readonly byRoot = new Map<string, ProjectConfig>();
  private readonly indexers = new Map<string, ProjectIndexer>();
  private readonly pythonAsked = new Map<string, PythonFacts | undefined>();

  /**
   * `remember`: keep the interpreter's facts and syntax verdicts in each project's `.cursus-runs/` between
   * commands (`if-present`: only where that folder exists; `always`: creating it, as a run does).
   */
  constructor(private readonly cwd: string, private readonly explicitConfig?: string, private readonly remember?: Remember) {}

  /** The configuration governing `path` (a file or a folder). */
  forPath(path: string): ProjectConfig {
    const abs = resolve(this.cwd, path);
    const start = isDirectory(abs) ? abs : dirname(abs);
    const root = findProjectRoot(start, this.cwd);
    let config = this.byRoot.get(root);
    if (!config) {
      config = loadConfig(root, this.explicitConfig);
      this.byRoot.set(root, config);
    }
    return config;
  }

  /** The contract and script index of the project a configuration belongs to, built once per run. */
  indexerFor(config: ProjectConfig): ProjectIndexer {
    let indexer = this.indexers.get(config.root);
    if (!indexer) {
      indexer = new ProjectIndexer(config);
      indexer.rememberVerdicts = this.remember;
      this.indexers.set(config.root, indexer);
    }
    return indexer;
  }

  /**
   * Asks the project's interpreter what it can import (for X604/X605), once per project; says on stderr when it
   * cannot be asked, so a check that skipped those rules does not pass silently. Projects without scripts skip it.
   */
  async loadPython(config: ProjectConfig, explicit: string | undefined, stderr: (s: string) => void): Promise<PythonFacts | undefined> {
    if (this.pythonAsked.has(config.root)) return this.pythonAsked.get(config.root);
    const indexer = this.indexerFor(config);
    if (!indexer.hasScriptFiles() && !explicit) {
      this.pythonAsked.set(config.root, undefined);
      return undefined;
    }
    const choice = choosePython({ explicit, setting: config.python, root: config.root });
    const r = await pythonFacts(choice, config.root, undefined, this.remember);
    const facts = 'facts' in r ? r.facts : undefined;
    if ('problem' in r) stderr(`cursus-lint: ${r.problem}; missing modules and framework requirements (X604, X605) were not checked.\n`);
    indexer.setPython(facts);
    this.pythonAsked.set(config.root, facts);
    return facts;
  }

  /** Starts the syntax verdicts of the project's scripts (see ProjectIndexer.prefetchSyntax) with the interpreter chosen. */
  async prefetchSyntax(config: ProjectConfig, explicit: string | undefined): Promise<void> {
    const indexer = this.indexerFor(config);
    if (!indexer.hasScriptFiles()) return;
    indexer.syntaxInterpreter ??= choosePython({ explicit, setting: config.python, root: config.root }).command;
    await indexer.prefetchSyntax();
  }

  /** The path as the engine sees it: relative to the project root, forward slashes. */
  static engineRelative(config: ProjectConfig, abs: string): string {
    const rel = relative(config.root, abs);
    return toPosix(rel.startsWith('..') ? abs : rel);
  }
}

export function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A spec named on the command line, read and analysed, with the project it belongs to; a clear error otherwise. */
export function readSpecArg(projects: Projects, cwd: string, arg: string): { abs: string; config: ProjectConfig; file: AnalysedFile | undefined } {
  const abs = resolve(cwd, arg);
  let text: string;
  try {
    text = decodeLossless(readFileSync(abs));
  } catch {
    throw new UsageError(`Cannot read ${arg}.`);
  }
  const config = projects.forPath(abs);
  return { abs, config, file: readSpecFile(Projects.engineRelative(config, abs), text) };
}

/**
 * `--config FILE` names either this tool's configuration (`.cursus-lsp.yaml`, `pyproject.toml`) or, as in Cursus's
 * `-c`, a Cursus 2.9 pipeline configuration JSON: told apart by content.
 */
export function splitConfigArg(cwd: string, value: string | undefined): { toolConfig?: string; pipelineConfig?: string } {
  if (!value) return {};
  const abs = resolve(cwd, value);
  if (!/\.json$/i.test(abs)) return { toolConfig: value };
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new UsageError(`Cannot read --config ${value}.`);
  }
  const tree = parse(text, 'json');
  if (tree.problems.length === 0 && isPipelineConfig(tree.root)) return { pipelineConfig: abs };
  throw new UsageError(`--config ${value} is neither a cursus-lsp configuration (.cursus-lsp.yaml or pyproject.toml) nor a Cursus pipeline configuration (JSON with configuration.specific).`);
}
