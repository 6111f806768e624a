/** `cursus-lint [check] [paths..]`: lint spec files and folders, optionally fixing what is safe to fix. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applySafeFixes, checkFile, readSpecFile, type CheckOptions, type ProjectIndex } from '../engine/index.js';
import type { ProjectConfig } from '../workspace/config.js';
import { findSpecFiles, toPosix } from '../workspace/discover.js';
import { UsageError } from './errors.js';
import { formatters } from './formatters/index.js';
import { Projects, isDirectory, splitConfigArg } from './project.js';
import type { FileReport } from './report.js';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export function runCheck(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      fix: { type: 'boolean', default: false },
      config: { type: 'string', short: 'c' },
      python: { type: 'string' },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
    },
  });
  const format = formatters[values.format as string];
  if (!format) throw new UsageError(`Unknown --format '${values.format}'. Use one of: ${Object.keys(formatters).join(', ')}.`);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  const { toolConfig, pipelineConfig } = splitConfigArg(io.cwd, values.config);
  const projects = new Projects(io.cwd, toolConfig);
  const targets = positionals.length ? positionals : ['.'];

  const files: { abs: string; config: ProjectConfig; explicit: boolean }[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const abs = resolve(io.cwd, target);
    if (!existsSync(abs)) throw new UsageError(`No such file or folder: ${target}`);
    const config = projects.forPath(abs);
    const found = isDirectory(abs) ? findSpecFiles(abs, config).map((f) => ({ abs: f, explicit: false })) : [{ abs, explicit: true }];
    for (const f of found) {
      if (seen.has(f.abs)) continue;
      seen.add(f.abs);
      files.push({ ...f, config: f.explicit ? config : projects.forPath(f.abs) });
    }
  }

  const reports: FileReport[] = [];
  for (const f of files) {
    const report = checkOne(f.abs, f.config, projects.indexerFor(f.config).index(), Boolean(values.fix), io, pipelineConfig ? Projects.engineRelative(f.config, pipelineConfig) : f.config.pipelineConfig);
    if (!report) {
      if (f.explicit) io.stderr(`cursus-lint: skipped ${display(io.cwd, f.abs)}: not a Cursus script spec, pipeline spec or DAG file.\n`);
      continue;
    }
    if (values.quiet) report.diagnostics = report.diagnostics.filter((d) => d.severity === 'error');
    reports.push(report);
  }
  io.stdout(format(reports));

  const all = reports.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`cursus-lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}.\n`);
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

function checkOne(abs: string, config: ProjectConfig, index: ProjectIndex, fix: boolean, io: CliIO, pipelineConfig?: string): FileReport | undefined {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new UsageError(`Cannot read ${display(io.cwd, abs)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const enginePath = Projects.engineRelative(config, abs);
  const options: CheckOptions = { rules: config.rules, engine: { semanticThreshold: config.semanticThreshold }, pipelineConfig };
  if (fix && readSpecFile(enginePath, text)) {
    const fixed = applySafeFixes(enginePath, text, options, index);
    if (fixed.text !== text) {
      writeAtomically(abs, fixed.text);
      text = fixed.text;
    }
  }
  const file = readSpecFile(enginePath, text);
  if (!file) return undefined;
  return { file: display(io.cwd, abs), lines: file.lines, diagnostics: checkFile(file, options, index) };
}

/** Writes through a temporary file and a rename, so an interrupted write never leaves half a spec behind. */
function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.cursus-lint-${process.pid}.tmp`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, path);
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
