/** Run reports as text, JSON, JUnit XML and a self-contained HTML page with the DAG drawn. */
import type { Plan } from './plan.js';
import type { NodeResult, RunReport } from './report.js';

const MARK: Record<NodeResult['status'], string> = { passed: '✔', provided: '◆', failed: '✖', timeout: '⏱', 'missing-input': '✖', refused: '⛔', skipped: '⤼', cancelled: '■' };

export function nodeLine(name: string, r: NodeResult): string {
  const head = `${MARK[r.status]} ${name} (${r.script_name}) ${r.status}${r.status === 'passed' ? (r.cached ? ' (reused: unchanged since the last run)' : ` in ${r.execution_time.toFixed(2)}s`) : ''}`;
  if (r.success) return head;
  const where = r.traceback.length ? ` at ${r.traceback[r.traceback.length - 1].file}:${r.traceback[r.traceback.length - 1].line}` : '';
  return `${head}: ${r.error_message ?? ''}${where}`;
}

export function formatText(report: RunReport): string {
  const lines: string[] = [];
  for (const [edge, f] of Object.entries(report.data_flow_results)) {
    if (!f.compatible) lines.push(`  ✖ ${edge}: ${f.compatibility_issues.join(' ')}`);
  }
  const s = report.stats;
  lines.push(
    `${report.pipeline_success ? '✔ Pipeline passed' : '✖ Pipeline failed'}: ${Object.keys(report.script_results).length} node(s), ${s.executed} run, ${s.cached} reused unchanged, ${s.failed} failed, ${s.skipped} skipped; ${Object.keys(report.data_flow_results).length} edge(s) checked; ${s.wall_time.toFixed(2)}s.`,
  );
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
