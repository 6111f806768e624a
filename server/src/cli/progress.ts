/**
 * What `cursus-lint run` shows while it runs: each step as it starts and finishes with its time, the steps
 * still running with their elapsed time (a status line redrawn in place on a terminal, a line every 30 s
 * otherwise), a failing step's traceback and last output lines, and with `--verbose` every line a script
 * prints, prefixed by its node.
 */
import type { RunEvent } from '../runner/execute.js';
import { ansi, nodeDetails, nodeLine, plain, type Paint } from '../runner/formats.js';

export interface ProgressOptions {
  write: (s: string) => void;
  /** The stream is a terminal: redraw a status line in place. */
  tty: boolean;
  color: boolean;
  verbose: boolean;
  root: string;
  /** For tests: the clock and the tick (defaults: Date.now, 250 ms on a terminal, 30 s otherwise). */
  now?: () => number;
  tickMs?: number;
}

/** Colour on a terminal unless NO_COLOR is set (non-empty); FORCE_COLOR (not "0") turns it on anywhere. */
export function wantColor(isTTY: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export class RunProgress {
  private readonly running = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  private readonly paint: Paint;
  private readonly now: () => number;
  private timer?: NodeJS.Timeout;
  private statusShown = false;

  constructor(private readonly o: ProgressOptions) {
    this.paint = o.color ? ansi : plain;
    this.now = o.now ?? Date.now;
    this.timer = setInterval(() => this.tick(), o.tickMs ?? (o.tty ? 250 : 30_000));
    this.timer.unref();
  }

  readonly onEvent = (e: RunEvent): void => {
    if (e.type === 'start') {
      this.running.set(e.node, this.now());
      this.print(`${this.paint('cyan', '▶')} ${e.node}`);
    } else if (e.type === 'finish') {
      this.flushPartial(e.node);
      this.running.delete(e.node);
      this.print([nodeLine(e.node, e.result, this.paint, this.o.root), ...nodeDetails(e.result, { verbose: this.o.verbose, root: this.o.root, paint: this.paint })].join('\n'));
    } else if (this.o.verbose) {
      const text = (this.partial.get(`${e.node}\0${e.stream}`) ?? '') + e.text;
      const lines = text.split('\n');
      this.partial.set(`${e.node}\0${e.stream}`, lines.pop() ?? '');
      if (lines.length) this.print(lines.map((l) => this.prefix(e.node, e.stream, l)).join('\n'));
    }
  };

  /** Stops the clock and clears the status line (call once the run is over). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearStatus();
  }

  private prefix(node: string, stream: 'stdout' | 'stderr', line: string): string {
    return `${this.paint('dim', `[${node}]`)}${stream === 'stderr' ? this.paint('yellow', ' !') : ''} ${line}`;
  }

  private flushPartial(node: string): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.partial.get(`${node}\0${stream}`);
      if (rest) this.print(this.prefix(node, stream, rest));
      this.partial.delete(`${node}\0${stream}`);
    }
  }

  private print(text: string): void {
    this.clearStatus();
    this.o.write(`${text}\n`);
    this.drawStatus();
  }

  private tick(): void {
    if (!this.running.size) return;
    if (this.o.tty) {
      this.clearStatus();
      this.drawStatus();
    } else {
      this.o.write(`${this.paint('dim', `… still running: ${this.runningList()}`)}\n`);
    }
  }

  private runningList(): string {
    const now = this.now();
    return [...this.running].map(([n, t]) => `${n} ${Math.floor((now - t) / 1000)}s`).join(', ');
  }

  private drawStatus(): void {
    if (!this.o.tty || !this.running.size) return;
    const line = `… running: ${this.runningList()}`;
    const width = process.stderr.columns ?? process.stdout.columns ?? 100;
    this.o.write(this.paint('dim', line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line));
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.o.write('\r\u001b[K');
    this.statusShown = false;
  }
}
