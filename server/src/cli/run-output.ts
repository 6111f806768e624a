/**
 * What `cursus-lint run` shows, from the run's events and report: the progress while it runs and the report at the
 * end, in the chosen format. Shared by a run (cli/run.ts) and by the replay of a remembered fully cached run
 * (cli/run-memo.ts), so that both print the same thing. While a run is captured (bin/cursus-lint.cjs asks, to
 * remember it), its events and report are kept here for the loader to take.
 */
import type { ParseArgsConfig } from 'node:util';
import { parseArgs } from 'node:util';
import type { RunEvent } from '../runner/execute.js';
import { ansi, formatJson, formatJunit, formatText, plain } from '../runner/formats.js';
import type { RunReport } from '../runner/report.js';
import type { CliIO } from './check.js';
import type { RunCapture } from './run-memo.js';
import { RunProgress, wantColor } from './progress.js';

export const FORMATS = ['text', 'json', 'junit', 'html'];

export const RUN_OPTIONS = {
  node: { type: 'string' },
  edge: { type: 'string' },
  jobs: { type: 'string' },
  timeout: { type: 'string' },
  format: { type: 'string', short: 'f', default: 'text' },
  out: { type: 'string', short: 'o' },
  python: { type: 'string' },
  config: { type: 'string', short: 'c' },
  'no-cache': { type: 'boolean', default: false },
  verbose: { type: 'boolean', short: 'v', default: false },
} satisfies ParseArgsConfig['options'];

export function parseRunArgs(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: RUN_OPTIONS });
}

export interface OutputChoice {
  format: string;
  /** The report goes to this file instead of stdout. */
  out?: string;
  verbose: boolean;
  root: string;
}

export class RunOutput {
  /** Progress goes to stdout when the text report does; otherwise to stderr, so the report stays clean. */
  readonly onStdout: boolean;
  private readonly color: boolean;
  private readonly progress: RunProgress;
  private readonly events: RunEvent[] = [];

  constructor(
    private readonly choice: OutputChoice,
    io: CliIO,
  ) {
    this.onStdout = choice.format === 'text' && !choice.out;
    const tty = (this.onStdout ? io.tty?.stdout : io.tty?.stderr) === true;
    this.color = wantColor(tty);
    this.progress = new RunProgress({ write: this.onStdout ? io.stdout : io.stderr, tty, color: this.color, verbose: choice.verbose, root: choice.root });
  }

  readonly onEvent = (e: RunEvent): void => {
    if (capture) this.events.push(e);
    this.progress.onEvent(e);
  };

  /** Stops the progress (call once the run is over). */
  stop(): void {
    this.progress.stop();
  }

  /** The report in the chosen format (`html` renders the page, which needs the plan). */
  render(report: RunReport, html: () => string): string {
    const { format, verbose, root } = this.choice;
    return format === 'json'
      ? formatJson(report)
      : format === 'junit'
        ? formatJunit(report)
        : format === 'html'
          ? html()
          : formatText(report, { nodes: !this.onStdout, verbose, root, paint: this.onStdout && this.color ? ansi : plain });
  }

  /**
   * Keeps the run to be remembered when it is being captured and can be shown again from its events and report
   * alone: printed to stdout (no --out file), not as html, and not cancelled. `spoke` says the run printed something else before.
   */
  keep(report: RunReport, spoke: boolean): void {
    if (capture && !spoke && !report.cancelled && !this.choice.out && this.choice.format !== 'html') capture.kept = { root: this.choice.root, events: this.events, report } as unknown as RunCapture;
  }
}

let capture: { kept?: RunCapture } | undefined;

/** Keep the next run's events and report (bin/cursus-lint.cjs, to remember a fully cached run). */
export function captureRun(): void {
  capture = {};
}

/** The run kept since captureRun(), if it can be shown again. */
export function takeRunCapture(): RunCapture | undefined {
  const kept = capture?.kept;
  capture = undefined;
  return kept;
}

/** Whether runs are being captured (run.ts notes output printed before the progress). */
export function capturing(): boolean {
  return capture !== undefined;
}

/**
 * Shows a remembered run again (`argv` without the subcommand): its progress and report as the run printed them,
 * the wall time this command's own (`wallMs`: the time it took to find the results unchanged). The exit code a
 * run gives.
 */
export function replayRun(argv: string[], kept: RunCapture, wallMs: number, io: CliIO): number {
  const { values } = parseRunArgs(argv);
  const output = new RunOutput({ format: String(values.format), verbose: values.verbose === true, root: kept.root }, io);
  for (const e of kept.events as RunEvent[]) output.onEvent(e);
  output.stop();
  const report = kept.report as unknown as RunReport;
  report.stats.wall_time = wallMs / 1000;
  io.stdout(output.render(report, () => ''));
  return report.pipeline_success ? 0 : 1;
}
