/** `cursus-lint run SPEC [--node N] [--edge SRC->DST] [--jobs N] [--timeout S] [--format ...] [--out FILE]`: executes. */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { writeAtomic } from '../workspace/write-atomic.js';
import { runsDirWarning } from '../workspace/remembered.js';
import { executePlan } from '../runner/execute.js';
import { killEveryRun } from '../runner/live-runs.js';
import { formatHtml } from '../runner/html-report.js';
import { buildPlan, type Selection } from '../runner/plan.js';
import { checkPython, choosePython } from '../runner/python.js';
import type { CliIO } from './check.js';
import { UsageError } from './errors.js';
import { Projects, readSpecArg, splitConfigArg } from './project.js';
import { capturing, FORMATS, parseRunArgs, RunOutput } from './run-output.js';

export async function runRun(argv: string[], streams: CliIO): Promise<number> {
  const { values, positionals } = parseRunArgs(argv);
  // A run being captured (to be remembered, run-memo.ts) notes anything it prints before its progress: `io` is
  // `streams` watched for that; the progress and the report go to `streams` itself.
  let spoke = false;
  const io: CliIO = capturing() ? { ...streams, stdout: (s) => ((spoke = true), streams.stdout(s)), stderr: (s) => ((spoke = true), streams.stderr(s)) } : streams;
  if (positionals.length !== 1) throw new UsageError('Usage: cursus-lint run SPEC [--node N] [--edge SRC->DST] [--jobs N] [--timeout S] [--format text|json|junit|html] [--out FILE] [--verbose]');
  const format = String(values.format);
  if (!FORMATS.includes(format)) throw new UsageError(`Unknown --format '${format}' for run. Use one of: ${FORMATS.join(', ')}.`);
  if (values.node && values.edge) throw new UsageError('Give --node or --edge, not both.');
  const selection: Selection = values.node ? { kind: 'node', node: values.node } : values.edge ? parseEdge(values.edge) : { kind: 'all' };
  const { toolConfig, pipelineConfig } = splitConfigArg(io.cwd, values.config);
  const projects = new Projects(io.cwd, toolConfig, values['no-cache'] ? undefined : 'always');
  const { config, file } = readSpecArg(projects, io.cwd, positionals[0]);
  if (file?.kind === 'dag-file') throw new UsageError(await explainDagRun(io.cwd, positionals[0], values.config && pipelineConfig ? values.config : undefined));
  if (!file || file.kind === 'pipeline-config') throw new UsageError(`${positionals[0]} is not a script spec or pipeline spec; nothing to run.`);
  // Cursus cannot load a spec that does not parse (or is not UTF-8 text): neither do we run one.
  const broken = file.parsed.problems[0];
  if (broken) {
    const at = file.lines.position(broken.span.start);
    throw new UsageError(`${positionals[0]} cannot be read as Cursus reads it (line ${at.line + 1}, column ${at.character + 1}: ${broken.message}); fix it first (cursus-lint check ${positionals[0]}).`);
  }
  const jobs = values.jobs !== undefined ? positiveInt(values.jobs, '--jobs') : config.jobs ?? availableParallelism();
  const timeoutS = values.timeout !== undefined ? positiveNumber(values.timeout, '--timeout') : config.timeout;
  const python = choosePython({ explicit: values.python, setting: config.python, root: config.root });
  const problem = await checkPython(python, config.root, !values['no-cache']);
  if (problem) throw new UsageError(problem);

  // A .cursus-runs/ that cannot be used (a link out of the project) is said once; the run goes on keeping nothing.
  const runsWarning = runsDirWarning(config.root);
  if (runsWarning) io.stderr(runsWarning);
  const facts = await projects.loadPython(config, values.python, io.stderr);
  const indexer = projects.indexerFor(config);
  // The scripts' readings (for X604) are kept with the run's other memory; --no-cache keeps nothing.
  if (!values['no-cache']) indexer.rememberReadings('always');
  const plan = buildPlan(file, indexer.index(), config.root, config.semanticThreshold, selection);
  indexer.saveReadings();
  if (plan.selectionError) throw new UsageError(plan.selectionError);
  const output = new RunOutput({ format, out: values.out, verbose: values.verbose === true, root: config.root }, streams);
  const controller = new AbortController();
  const release = stopOnSignals(controller, streams);
  let report;
  try {
    report = await executePlan(plan, { python, facts, jobs, timeoutMs: timeoutS * 1000, signal: controller.signal, useCache: !values['no-cache'], onEvent: output.onEvent });
  } finally {
    output.stop();
    release();
  }
  const rendered = output.render(report, () => formatHtml(report, plan, positionals[0]));
  output.keep(report, spoke);
  if (values.out) {
    writeAtomic(resolve(io.cwd, values.out), rendered);
    streams.stderr(`cursus-lint: wrote ${values.out} (${report.pipeline_success ? 'passed' : 'failed'})\n`);
  } else {
    streams.stdout(rendered);
  }
  return report.pipeline_success ? 0 : 1;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBER: Record<(typeof STOP_SIGNALS)[number], number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };

/**
 * Ctrl-C, SIGTERM (CI cancelling a job) and SIGHUP (the terminal closed) cancel the run: every process it
 * started is killed and the report says cancelled. A second signal, or a run that does not wind down within a
 * few seconds, kills everything at once and exits with 128 + the signal's number.
 */
function stopOnSignals(controller: AbortController, io: CliIO): () => void {
  let force: NodeJS.Timeout | undefined;
  const quit = (sig: (typeof STOP_SIGNALS)[number]) => {
    killEveryRun();
    process.exit(128 + SIGNAL_NUMBER[sig]);
  };
  const handlers = STOP_SIGNALS.map((sig) => {
    const handler = () => {
      if (sig === 'SIGHUP') {
        // The terminal may be gone: a failed write must not end the process before the kill.
        process.stdout.on('error', () => undefined);
        process.stderr.on('error', () => undefined);
      }
      if (controller.signal.aborted) return quit(sig);
      try {
        io.stderr(`cursus-lint: ${sig} received, stopping the run...\n`);
      } catch {
        // Nowhere to say it.
      }
      controller.abort();
      force = setTimeout(() => quit(sig), 10_000);
      force.unref();
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  return () => {
    clearTimeout(force);
    for (const [sig, handler] of handlers) process.removeListener(sig, handler);
  };
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
async function explainDagRun(cwd: string, dagArg: string, configArg: string | undefined): Promise<string> {
  const { defaultOut, planInit } = await import('./init.js');
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
