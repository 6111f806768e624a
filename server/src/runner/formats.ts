/** Run reports as text, JSON, JUnit XML and a self-contained HTML page with the DAG drawn. */
import type { Plan } from './plan.js';
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

const COLOR: Record<string, string> = { passed: '#2e7d32', provided: '#1565c0', failed: '#c62828', timeout: '#c62828', 'missing-input': '#c62828', refused: '#c62828', skipped: '#9e9e9e', cancelled: '#9e9e9e' };

/** A page with nothing to fetch: the DAG as inline SVG in layers, nodes and edges coloured by their result. */
export function formatHtml(report: RunReport, plan: Plan, title: string): string {
  const depth = new Map<string, number>();
  const byName = new Map(plan.nodes.map((n) => [n.name, n]));
  for (const name of report.execution_order) {
    const node = byName.get(name);
    depth.set(name, Math.max(0, ...(node?.upstream ?? []).map((u) => (depth.get(u) ?? 0) + 1)));
  }
  const layers = new Map<number, string[]>();
  for (const [n, d] of depth) layers.set(d, [...(layers.get(d) ?? []), n]);
  const W = 220;
  const H = 56;
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, names] of layers) names.forEach((n, i) => pos.set(n, { x: 20 + d * (W + 70), y: 20 + i * (H + 30) }));
  const width = 40 + (Math.max(0, ...layers.keys()) + 1) * (W + 70);
  const height = 40 + Math.max(1, ...[...layers.values()].map((l) => l.length)) * (H + 30);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const edges = plan.edges.map((e) => {
    const a = pos.get(e.src);
    const b = pos.get(e.dst);
    const f = report.data_flow_results[`${e.src}->${e.dst}`];
    if (!a || !b) return '';
    const color = f ? (f.compatible ? COLOR.passed : COLOR.failed) : COLOR.skipped;
    const label = f?.matches[0] ? `${f.matches[0].output} → ${f.matches[0].input}` : 'no match';
    return `<g><title>${esc(`${e.src} -> ${e.dst}: ${f ? (f.compatible ? 'compatible' : f.compatibility_issues.join(' ')) : 'not run'}`)}</title><line x1="${a.x + W}" y1="${a.y + H / 2}" x2="${b.x}" y2="${b.y + H / 2}" stroke="${color}" stroke-width="2" marker-end="url(#arrow)"/><text x="${(a.x + W + b.x) / 2}" y="${(a.y + b.y) / 2 + H / 2 - 6}" font-size="10" text-anchor="middle" fill="${color}">${esc(label)}</text></g>`;
  });
  const nodes = [...pos].map(([n, p]) => {
    const r = report.script_results[n];
    const color = r ? COLOR[r.status] : COLOR.skipped;
    return `<g><title>${esc(r ? nodeLine(n, r) : `${n}: not run`)}</title><rect x="${p.x}" y="${p.y}" width="${W}" height="${H}" rx="8" fill="#fff" stroke="${color}" stroke-width="3"/><text x="${p.x + 10}" y="${p.y + 22}" font-size="13" font-weight="bold">${esc(n.length > 28 ? `${n.slice(0, 27)}…` : n)}</text><text x="${p.x + 10}" y="${p.y + 42}" font-size="11" fill="${color}">${esc(r ? `${r.status}${r.cached ? ' (cached)' : ''} · ${r.execution_time.toFixed(2)}s` : 'not run')}</text></g>`;
  });
  const rows = Object.entries(report.script_results).map(([n, r]) => `<tr><td>${esc(n)}</td><td>${esc(r.script_name)}</td><td style="color:${COLOR[r.status]}">${r.status}${r.cached ? ' (cached)' : ''}</td><td>${r.execution_time.toFixed(2)}s</td><td><pre>${esc(r.error_message ?? '')}${r.traceback.length ? `\n${esc(r.traceback.map((f) => `  ${f.file}:${f.line} in ${f.name}`).join('\n'))}` : ''}</pre></td></tr>`);
  const flowRows = Object.entries(report.data_flow_results).map(([edge, f]) => `<tr><td>${esc(edge)}</td><td style="color:${f.compatible ? COLOR.passed : COLOR.failed}">${f.compatible ? 'compatible' : 'incompatible'}</td><td>${esc(f.matches.map((m) => `${m.output} → ${m.input} (${m.match_type} ${m.confidence.toFixed(2)})`).join(', '))}</td><td>${esc(f.compatibility_issues.join(' '))}</td></tr>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}pre{margin:0;white-space:pre-wrap;font-size:12px}h1{font-size:20px}</style></head>
<body><h1>${esc(title)}: ${report.pipeline_success ? 'passed' : 'failed'}</h1>
<p>${Object.keys(report.script_results).length} node(s): ${report.stats.executed} run, ${report.stats.cached} reused, ${report.stats.failed} failed, ${report.stats.skipped} skipped; ${report.stats.wall_time.toFixed(2)}s.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="pipeline DAG"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>${edges.join('')}${nodes.join('')}</svg>
<h2>Scripts</h2><table><tr><th>node</th><th>script</th><th>result</th><th>time</th><th>error</th></tr>${rows.join('')}</table>
<h2>Data flow</h2><table><tr><th>edge</th><th>result</th><th>matches</th><th>issues</th></tr>${flowRows.join('')}</table>
</body></html>
`;
}
