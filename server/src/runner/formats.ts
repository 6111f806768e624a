/** Run reports as text, JSON, JUnit XML and a self-contained HTML page with the DAG drawn. */
import type { NodeResult, RunReport } from './report.js';

const MARK: Record<NodeResult['status'], string> = { passed: '✔', provided: '◆', failed: '✖', timeout: '⏱', 'missing-input': '✖', refused: '⛔', skipped: '⤼', cancelled: '■' };

/** ANSI styling, or none: `paint('red', s)`. */
export type Paint = (style: 'red' | 'green' | 'yellow' | 'dim' | 'bold' | 'cyan', s: string) => string;
const CODES = { red: '31', green: '32', yellow: '33', dim: '2', bold: '1', cyan: '36' };
export const plain: Paint = (_style, s) => s;
export const ansi: Paint = (style, s) => `\u001b[${CODES[style]}m${s}\u001b[0m`;

export function statusStyle(r: NodeResult): 'red' | 'green' | 'yellow' | 'dim' {
  return r.status === 'passed' ? 'green' : r.status === 'skipped' || r.status === 'cancelled' ? 'dim' : r.status === 'refused' ? 'yellow' : 'red';
}

export function nodeLine(name: string, r: NodeResult, paint: Paint = plain, root?: string): string {
  const time = r.status === 'passed' ? (r.cached ? ' (reused: unchanged since the last run)' : ` in ${r.execution_time.toFixed(2)}s`) : r.status === 'failed' || r.status === 'timeout' ? ` after ${r.execution_time.toFixed(2)}s` : '';
  const head = `${paint(statusStyle(r), `${MARK[r.status]} ${name}`)} (${r.script_name}) ${paint(statusStyle(r), r.status)}${time}`;
  const notes = (r.notes ?? []).map((n) => `\n    note: ${n}`).join('');
  if (r.success) return head + notes;
  if (r.skipped_because) return `${head}: ${r.skipped_because}${notes}`;
  const last = [...r.traceback].reverse().find((f) => root && isUserFrame(f.file, root)) ?? r.traceback[r.traceback.length - 1];
  const file = last && root && last.file.startsWith(`${root}/`) ? last.file.slice(root.length + 1) : last?.file;
  return `${head}: ${r.error_message ?? ''}${last ? ` at ${file}:${last.line}` : ''}${notes}`;
}

/** A frame of the user's code: under the project root, not in an installed package or a virtualenv. */
export function isUserFrame(file: string, root: string): boolean {
  return file.startsWith(`${root}/`) && !/\/(site-packages|dist-packages|\.venv|venv|\.tox)\//.test(file.slice(root.length));
}

export interface DetailOptions {
  /** Every frame (library ones too) and more output lines. */
  verbose?: boolean;
  /** The project root: frames under it are the user's; paths are shown relative to it. */
  root?: string;
  paint?: Paint;
  /** How many lines of the script's output to show for a failure (default 12; verbose: no tail, it was streamed). */
  tailLines?: number;
}

/** What to show under a failed node: the traceback (the user's frames; all with verbose) and the last lines it printed. */
export function nodeDetails(r: NodeResult, o: DetailOptions = {}): string[] {
  if (r.success || r.status === 'skipped' || r.status === 'cancelled' || r.status === 'refused' || r.status === 'missing-input') return [];
  const paint = o.paint ?? plain;
  const lines: string[] = [];
  const rel = (f: string) => (o.root && f.startsWith(`${o.root}/`) ? f.slice(o.root.length + 1) : f);
  const mine = r.traceback.filter((f) => !o.root || isUserFrame(f.file, o.root));
  const frames = o.verbose || !mine.length ? r.traceback : mine;
  if (frames.length) {
    lines.push(paint('dim', `    Traceback${frames.length < r.traceback.length ? ` (your code; ${r.traceback.length - frames.length} library frame(s) hidden, --verbose shows them)` : ''}:`));
    for (const f of frames) {
      lines.push(`      ${rel(f.file)}:${f.line ?? '?'} in ${f.name}`);
      if (f.code) lines.push(paint('dim', `        ${f.code}`));
    }
  }
  const n = o.tailLines ?? 12;
  if (!o.verbose && n > 0) {
    for (const [label, text] of [['stderr', r.stderr_tail], ['stdout', r.stdout_tail]] as const) {
      const tail = text.replace(/\s+$/, '').split('\n').filter((l, i, all) => l.length || i < all.length - 1);
      if (!tail.length || !tail.some((l) => l.trim())) continue;
      const shown = tail.slice(-n);
      lines.push(paint('dim', `    Last ${shown.length} line(s) of ${label}${tail.length > shown.length ? ` (of ${tail.length})` : ''}:`));
      for (const l of shown) lines.push(`      │ ${l}`);
    }
  }
  return lines;
}

export interface TextOptions extends DetailOptions {
  /** Also list every node (when the progress was not shown live). */
  nodes?: boolean;
}

export function formatText(report: RunReport, o: TextOptions = {}): string {
  const paint = o.paint ?? plain;
  const lines: string[] = [];
  if (o.nodes) {
    for (const name of report.execution_order) {
      const r = report.script_results[name];
      if (!r) continue;
      lines.push(nodeLine(name, r, paint, o.root), ...nodeDetails(r, o));
    }
  }
  for (const [edge, f] of Object.entries(report.data_flow_results)) {
    if (!f.compatible) lines.push(`  ${paint('red', '✖')} ${edge}: ${f.compatibility_issues.join(' ')}`);
  }
  const s = report.stats;
  const summary = `${report.pipeline_success ? '✔ Pipeline passed' : report.cancelled ? '■ Pipeline cancelled' : '✖ Pipeline failed'}: ${Object.keys(report.script_results).length} node(s), ${s.executed} run, ${s.cached} reused unchanged, ${s.failed} failed, ${s.skipped} skipped${s.cancelled ? `, ${s.cancelled} cancelled` : ''}; ${Object.keys(report.data_flow_results).length} edge(s) checked; ${s.wall_time.toFixed(2)}s.`;
  lines.push(paint(report.pipeline_success ? 'green' : report.cancelled ? 'dim' : 'red', summary));
  for (const e of report.errors.filter((x) => !x.includes(': Not run:'))) lines.push(`  - ${e}`);
  return lines.join('\n') + '\n';
}

export function formatJson(report: RunReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export function formatJunit(report: RunReport): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const cases = Object.entries(report.script_results).map(([name, r]) => {
    const attrs = `classname="cursus-run" name="${esc(name)}" time="${r.execution_time.toFixed(3)}"`;
    if (r.success) return `  <testcase ${attrs}/>`;
    if (r.status === 'skipped') return `  <testcase ${attrs}><skipped message="${esc(r.error_message ?? '')}"/></testcase>`;
    const tb = r.traceback.map((f) => `${f.file}:${f.line} in ${f.name}`).join('\n');
    return `  <testcase ${attrs}><failure message="${esc(r.error_message ?? r.status)}">${esc(tb + (r.stderr_tail ? `\n${r.stderr_tail}` : ''))}</failure></testcase>`;
  });
  const flows = Object.entries(report.data_flow_results).map(([edge, f]) =>
    f.compatible ? `  <testcase classname="cursus-data-flow" name="${esc(edge)}"/>` : `  <testcase classname="cursus-data-flow" name="${esc(edge)}"><failure message="${esc(f.compatibility_issues.join(' '))}"/></testcase>`,
  );
  const all = [...cases, ...flows];
  const failures = Object.values(report.script_results).filter((r) => !r.success && r.status !== 'skipped').length + Object.values(report.data_flow_results).filter((f) => !f.compatible).length;
  const skippedCount = Object.values(report.script_results).filter((r) => r.status === 'skipped').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="cursus-run" tests="${all.length}" failures="${failures}" skipped="${skippedCount}" time="${report.stats.wall_time.toFixed(3)}">\n${all.join('\n')}\n</testsuite>\n`;
}

