/** `cursus-lint init DAG [--config FILE] [--out FILE] [--force]`: writes a runnable pipeline spec from a DAG. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readSpecFile, viewOf } from '../engine/index.js';
import { writePipelineSpec, type InitResult } from '../engine/edit/init-spec.js';
import { isPipelineConfig, readPipelineConfig, type PipelineConfigModel } from '../engine/model/pipeline-config.js';
import { parse } from '../engine/syntax/parse.js';
import { toPosix } from '../workspace/discover.js';
import type { CliIO } from './check.js';
import { UsageError } from './errors.js';
import { Projects } from './project.js';

export const INIT_USAGE = 'Usage: cursus-lint init DAG [--config PIPELINE_CONFIG.json] [--out FILE] [--force]';

export function runInit(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean', default: false },
      'workspace-root': { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new UsageError(INIT_USAGE);
  const planned = planInit(io.cwd, positionals[0], values.config, values['workspace-root']);
  const out = resolve(io.cwd, values.out ?? defaultOut(planned.dagAbs));
  const outRel = relative(planned.root, out);
  if (outRel.startsWith('..') || isAbsolute(outRel)) throw new UsageError(`--out ${values.out ?? out} is outside the project (${planned.root}); the spec must live in the project it describes.`);
  if (existsSync(out) && !values.force) throw new UsageError(`${display(io.cwd, out)} exists; nothing was written. Use --force to overwrite it, or --out to write elsewhere.`);
  const tmp = `${out}.cursus-lint-${process.pid}.tmp`;
  writeFileSync(tmp, planned.result.text, 'utf8');
  renameSync(tmp, out);
  io.stdout(summary(display(io.cwd, out), planned.result));
  return 0;
}

/** Everything `init` decides, without writing: also what `run DAG` explains when no spec exists. */
export function planInit(cwd: string, dagArg: string, configArg: string | undefined, workspaceRoot?: string): { dagAbs: string; root: string; result: InitResult; configRel?: string } {
  const dagAbs = resolve(cwd, dagArg);
  let text: string;
  try {
    text = readFileSync(dagAbs, 'utf8');
  } catch {
    throw new UsageError(`Cannot read ${dagArg}.`);
  }
  const projects = new Projects(cwd);
  const config = projects.forPath(dagAbs);
  const file = readSpecFile(Projects.engineRelative(config, dagAbs), text);
  const dag = file?.model.kind === 'dag-file' ? file.model.dag : undefined;
  if (!file || !dag) throw new UsageError(`${dagArg} is not a DAG file (a JSON or YAML file with dag: {nodes, edges}).`);
  if (file.parsed.problems.length) throw new UsageError(`${dagArg} has a syntax error (${file.parsed.problems[0].message}); fix it first (cursus-lint check ${dagArg}).`);
  let pipelineConfig: PipelineConfigModel | undefined;
  let configRel: string | undefined;
  if (configArg) {
    const abs = resolve(cwd, configArg);
    pipelineConfig = readConfigArg(abs, configArg);
    const rel = relative(config.root, abs);
    configRel = toPosix(rel.startsWith('..') || isAbsolute(rel) ? abs : rel);
  }
  const index = projects.indexerFor(config).index();
  const result = writePipelineSpec(dag, viewOf(index), {
    dagPath: toPosix(relative(config.root, dagAbs)),
    configPath: configRel,
    config: pipelineConfig,
    workspaceRoot,
    threshold: config.semanticThreshold,
  });
  return { dagAbs, root: config.root, result, configRel };
}

/** A pipeline configuration named on the command line, read, or a usage error saying why not. */
export function readConfigArg(abs: string, arg: string): PipelineConfigModel {
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the pipeline configuration ${arg}.`);
  }
  const tree = parse(text, 'json');
  if (tree.problems.length) throw new UsageError(`${arg} is not valid JSON: ${tree.problems[0].message}.`);
  if (!isPipelineConfig(tree.root)) throw new UsageError(`${arg} is not a Cursus pipeline configuration (it has no configuration.specific or metadata.config_types).`);
  return readPipelineConfig(tree.root, text);
}

/** `dags/x.dag.json` -> `dags/x.pipeline.yaml`. */
export function defaultOut(dagAbs: string): string {
  const stem = basename(dagAbs).replace(/(\.dag)?\.(json|ya?ml)$/i, '');
  return join(dirname(dagAbs), `${stem}.pipeline.yaml`);
}

function summary(out: string, r: InitResult): string {
  const run = r.nodes.filter((n) => n.run).length;
  const provided = r.nodes.length - run;
  const lines = [`Wrote ${out}: ${r.nodes.length} steps, ${run} to run${provided ? `, ${provided} without a local script (run: false, their outputs are data you provide)` : ''}.`];
  const todo = r.nodes.flatMap((n) => n.todo.map((t) => `  ${n.node}: ${t}`));
  if (todo.length) lines.push('Still to do before running:', ...todo);
  lines.push(`Next: cursus-lint check ${out}, then cursus-lint run ${out}`);
  return lines.join('\n') + '\n';
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return toPosix(rel.startsWith('..') || isAbsolute(rel) ? abs : rel);
}
