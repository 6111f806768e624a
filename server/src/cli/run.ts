/** `cursus-lint run SPEC [--node N] [--edge SRC->DST] [--jobs N] [--timeout S] [--format ...] [--out FILE]`: executes. */
import { availableParallelism } from 'node:os';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { executePlan } from '../runner/execute.js';
import { formatHtml, formatJson, formatJunit, formatText, nodeLine } from '../runner/formats.js';
import { buildPlan, type Selection } from '../runner/plan.js';
import { checkPython, choosePython } from '../runner/python.js';
import type { CliIO } from './check.js';
import { UsageError } from './errors.js';
import { Projects, readSpecArg, splitConfigArg } from './project.js';
import { defaultOut, planInit } from './init.js';

const FORMATS = ['text', 'json', 'junit', 'html'];

export async function runRun(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      node: { type: 'string' },
      edge: { type: 'string' },
      jobs: { type: 'string' },
      timeout: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
      out: { type: 'string', short: 'o' },
      python: { type: 'string' },
      config: { type: 'string', short: 'c' },
      'no-cache': { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('Usage: cursus-lint run SPEC [--node N] [--edge SRC->DST] [--jobs N] [--timeout S] [--format text|json|junit|html] [--out FILE]');
  const format = String(values.format);
  if (!FORMATS.includes(format)) throw new UsageError(`Unknown --format '${format}' for run. Use one of: ${FORMATS.join(', ')}.`);
  if (values.node && values.edge) throw new UsageError('Give --node or --edge, not both.');
  const selection: Selection = values.node ? { kind: 'node', node: values.node } : values.edge ? parseEdge(values.edge) : { kind: 'all' };
  const { toolConfig, pipelineConfig } = splitConfigArg(io.cwd, values.config);
  const projects = new Projects(io.cwd, toolConfig);
  const { config, file } = readSpecArg(projects, io.cwd, positionals[0]);
  if (file?.kind === 'dag-file') throw new UsageError(explainDagRun(io.cwd, positionals[0], values.config && pipelineConfig ? values.config : undefined));
  if (!file || file.kind === 'pipeline-config') throw new UsageError(`${positionals[0]} is not a script spec or pipeline spec; nothing to run.`);
  const jobs = values.jobs !== undefined ? positiveInt(values.jobs, '--jobs') : config.jobs ?? availableParallelism();
  const timeoutS = values.timeout !== undefined ? positiveNumber(values.timeout, '--timeout') : config.timeout;
  const python = choosePython({ explicit: values.python, setting: config.python, root: config.root });
  const problem = await checkPython(python, config.root);
  if (problem) throw new UsageError(problem);

  const plan = buildPlan(file, projects.indexerFor(config).index(), config.root, config.semanticThreshold, selection);
  const live = format === 'text' && !values.out;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const report = await executePlan(plan, {
    python,
    jobs,
    timeoutMs: timeoutS * 1000,
    signal: controller.signal,
    useCache: !values['no-cache'],
    onEvent: (e) => {
      if (!live) return;
      if (e.type === 'start') io.stdout(`▶ ${e.node}\n`);
      else io.stdout(`${nodeLine(e.node, e.result)}\n`);
    },
  });
  process.removeListener('SIGINT', stop);
  const rendered = format === 'json' ? formatJson(report) : format === 'junit' ? formatJunit(report) : format === 'html' ? formatHtml(report, plan, positionals[0]) : formatText(report);
  if (values.out) {
    const out = resolve(io.cwd, values.out);
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, rendered);
    renameSync(tmp, out);
    io.stderr(`cursus-lint: wrote ${values.out} (${report.pipeline_success ? 'passed' : 'failed'})\n`);
  } else {
    io.stdout(rendered);
  }
  return report.pipeline_success ? 0 : 1;
}

function parseEdge(v: string): Selection {
  const m = /^\s*(\S.*?)\s*->\s*(\S.*?)\s*$/.exec(v);
  if (!m) throw new UsageError(`--edge takes SRC->DST, not '${v}'.`);
  return { kind: 'edge', src: m[1], dst: m[2] };
}

function positiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number of 1 or more, not '${v}'.`);
  return n;
}

function positiveNumber(v: string, flag: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new UsageError(`${flag} takes a number of seconds above 0, not '${v}'.`);
  return n;
}

/**
 * `run DAG [--config C]`: a DAG alone cannot run. Says which paths a run needs (Cursus's run-scripts asks for each at
 * the terminal on every run and keeps none) and how `init` writes them once.
 */
function explainDagRun(cwd: string, dagArg: string, configArg: string | undefined): string {
  const planned = planInit(cwd, dagArg, configArg);
  const out = relative(cwd, defaultOut(planned.dagAbs)) || defaultOut(planned.dagAbs);
  const running = planned.result.nodes.filter((n) => n.run);
  const count = (key: 'inputs' | 'outputs') => running.reduce((n, x) => n + x[key], 0);
  const exists = existsSync(resolve(cwd, out));
  const lines = [
    `${dagArg} is a DAG file: a run needs a local path for every input and output of its ${running.length} steps with a script (${count('inputs')} inputs, ${count('outputs')} outputs), plus the data of the ${planned.result.nodes.length - running.length} steps without one. Cursus asks for these at the terminal on every run and keeps none; a pipeline spec keeps them.`,
    exists ? `${out} already exists: run it with  cursus-lint run ${out}` : `Write one with:  cursus-lint init ${dagArg}${configArg ? ` --config ${configArg}` : ''}  (writes ${out}), then  cursus-lint run ${out}`,
  ];
  const todo = planned.result.nodes.flatMap((n) => n.todo.map((t) => `  ${n.node}: ${t}`));
  if (todo.length && !exists) lines.push('It will still need:', ...todo);
  return lines.join('\n');
}
