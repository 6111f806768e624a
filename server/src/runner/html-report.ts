/**
 * The run report as one self-contained HTML page (no script, no stylesheet or font to fetch): the DAG laid out
 * by dagre (left to right, edge labels placed as nodes of their own so that no label sits on a node or on
 * another label), every node with its status, time, files written (with sizes) and last output line, every
 * edge with the names it matched; then a card per node with the traceback, the output tail and every file.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import dagre from '@dagrejs/dagre';
import { isUserFrame } from './formats.js';
import type { Plan } from './plan.js';
import type { EdgeResult, NodeResult, RunReport } from './report.js';

const COLOR: Record<string, string> = { passed: '#2e7d32', provided: '#1565c0', failed: '#c62828', timeout: '#c62828', 'missing-input': '#c62828', refused: '#b26a00', skipped: '#8a8a8a', cancelled: '#8a8a8a', 'not run': '#8a8a8a' };
const NODE_W = 250;
const LINE_H = 15;
const CHAR_W = 6.4;
const MAX_FILES_IN_BOX = 3;

export interface FileWritten {
  output: string;
  file: string;
  bytes: number | null;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function humanBytes(n: number | null): string {
  if (n === null) return '?';
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** The files a node wrote, with their sizes read now (the report lists names, relative to each output path). */
export function filesWritten(plan: Plan, name: string, r: NodeResult | undefined): FileWritten[] {
  const node = plan.nodes.find((n) => n.name === name);
  if (!r || !node) return [];
  return Object.entries(r.outputs).flatMap(([output, files]) =>
    files.map((file) => {
      const base = node.outputs[output];
      let bytes: number | null = null;
      for (const p of base ? [join(base, file), base] : []) {
        try {
          const st = statSync(p);
          if (st.isFile()) {
            bytes = st.size;
            break;
          }
        } catch {
          // Gone since the run.
        }
      }
      return { output, file, bytes };
    }),
  );
}

function lastLines(r: NodeResult, n: number): string[] {
  const text = [r.stdout_tail, r.stderr_tail].filter((t) => t.trim()).join('\n');
  return text.replace(/\s+$/, '').split('\n').filter((l) => l.trim()).slice(-n);
}

function edgeLabel(f: EdgeResult | undefined, e: Plan['edges'][number]): string[] {
  const matches = f?.matches ?? e.matches.map((m) => ({ output: m.source, input: m.dest }));
  if (!matches.length) return ['no match'];
  const lines = matches.slice(0, 3).map((m) => (m.output === m.input ? m.output : `${m.output} → ${m.input}`));
  if (matches.length > 3) lines.push(`+${matches.length - 3} more`);
  return lines;
}

export function formatHtml(report: RunReport, plan: Plan, title: string): string {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 46, edgesep: 14, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const names = report.execution_order.length ? report.execution_order : plan.nodes.map((n) => n.name);
  const boxes = new Map<string, string[]>();
  for (const name of names) {
    const r = report.script_results[name];
    const lines = [name, r ? `${r.status}${r.cached ? ' (reused)' : ''} · ${r.execution_time.toFixed(2)}s` : 'not run'];
    const files = filesWritten(plan, name, r);
    for (const f of files.slice(0, MAX_FILES_IN_BOX)) lines.push(`${clip(f.file, 28)} · ${humanBytes(f.bytes)}`);
    if (files.length > MAX_FILES_IN_BOX) lines.push(`+${files.length - MAX_FILES_IN_BOX} more file(s)`);
    const last = r ? lastLines(r, 1)[0] : undefined;
    if (last) lines.push(`› ${last}`);
    boxes.set(name, lines.map((l, i) => clip(l, i === 0 ? 34 : 38)));
    g.setNode(name, { width: NODE_W, height: 14 + lines.length * LINE_H });
  }
  const labels = new Map<string, string[]>();
  for (const e of plan.edges) {
    if (!boxes.has(e.src) || !boxes.has(e.dst)) continue;
    const lines = edgeLabel(report.data_flow_results[`${e.src}->${e.dst}`], e).map((l) => clip(l, 40));
    labels.set(`${e.src}->${e.dst}`, lines);
    g.setEdge(e.src, e.dst, { width: Math.max(...lines.map((l) => l.length)) * CHAR_W + 12, height: lines.length * 13 + 6, labelpos: 'c' });
  }
  dagre.layout(g);
  const { width = 0, height = 0 } = g.graph();

  const nodeSvg = names.map((name) => {
    const p = g.node(name);
    const r = report.script_results[name];
    const color = COLOR[r?.status ?? 'not run'];
    const x = p.x - p.width / 2;
    const y = p.y - p.height / 2;
    const text = boxes
      .get(name)!
      .map((l, i) => `<text x="${x + 10}" y="${y + 18 + i * LINE_H}" class="${i === 0 ? 'n-name' : i === 1 ? 'n-status' : l.startsWith('›') ? 'n-out' : 'n-file'}"${i === 1 ? ` fill="${color}"` : ''}>${esc(l)}</text>`)
      .join('');
    return `<a href="#node-${esc(name)}"><g class="node" data-node="${esc(name)}" data-status="${r?.status ?? 'not run'}"><title>${esc(name)}: ${esc(r ? `${r.status}${r.error_message ? ` - ${r.error_message}` : ''}` : 'not run')}</title><rect x="${x}" y="${y}" width="${p.width}" height="${p.height}" rx="8" fill="#fff" stroke="${color}" stroke-width="2.5"/>${text}</g></a>`;
  });
  const edgeSvg = plan.edges.flatMap((e) => {
    const key = `${e.src}->${e.dst}`;
    const lines = labels.get(key);
    const layout = lines && g.edge(e.src, e.dst);
    if (!layout || !lines) return [];
    const f = report.data_flow_results[key];
    const color = f ? (f.compatible ? COLOR.passed : COLOR.failed) : e.matches.length ? COLOR['not run'] : COLOR.failed;
    const d = (layout.points as { x: number; y: number }[]).map((pt, i) => `${i ? 'L' : 'M'}${pt.x.toFixed(1)},${pt.y.toFixed(1)}`).join(' ');
    const lw = layout.width ?? 0;
    const lh = layout.height ?? 0;
    const lx = (layout.x ?? 0) - lw / 2;
    const ly = (layout.y ?? 0) - lh / 2;
    const status = f ? (f.compatible ? 'compatible' : `incompatible: ${f.compatibility_issues.join(' ')}`) : 'not run';
    const text = lines.map((l, i) => `<text x="${(layout.x ?? 0).toFixed(1)}" y="${(ly + 13 + i * 13).toFixed(1)}" text-anchor="middle" fill="${color}">${esc(l)}</text>`).join('');
    return [
      `<g class="edge" data-edge="${esc(key)}" data-compatible="${f ? f.compatible : 'unknown'}"><title>${esc(`${e.src} → ${e.dst}: ${status}`)}</title><path d="${d}" fill="none" stroke="${color}" stroke-width="2" marker-end="url(#arrow-${color.slice(1)})"/><g class="edge-label"><rect x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" width="${lw.toFixed(1)}" height="${lh.toFixed(1)}" rx="3" fill="#fff" fill-opacity="0.92" stroke="${color}" stroke-width="0.6"/>${text}</g></g>`,
    ];
  });
  const markers = [...new Set(Object.values(COLOR))].map((c) => `<marker id="arrow-${c.slice(1)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`);

  const cards = names.map((name) => nodeCard(name, report.script_results[name], filesWritten(plan, name, report.script_results[name]), plan.root));
  const flowRows = Object.entries(report.data_flow_results).map(
    ([edge, f]) => `<tr><td>${esc(edge)}</td><td style="color:${f.compatible ? COLOR.passed : COLOR.failed}">${f.compatible ? 'compatible' : 'incompatible'}</td><td>${esc(f.matches.map((m) => `${m.output} → ${m.input} (${m.match_type} ${m.confidence.toFixed(2)})`).join(', '))}</td><td>${esc(f.compatibility_issues.join(' '))}</td></tr>`,
  );
  const s = report.stats;
  const verdict = report.pipeline_success ? 'passed' : report.cancelled ? 'cancelled' : 'failed';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}: ${verdict}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.dag{overflow:auto;border:1px solid #ddd;background:#fff;border-radius:6px;padding:4px}
svg text{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11px}
.n-name{font-weight:bold;font-size:12.5px;font-family:system-ui,sans-serif}.n-file{fill:#444}.n-out{fill:#777}
.card{background:#fff;border:1px solid #ddd;border-left:5px solid #999;border-radius:6px;padding:8px 12px;margin:10px 0}
.card h3{margin:0 0 4px;font-size:14px}.meta{color:#555;font-size:13px}
pre{margin:6px 0;white-space:pre-wrap;font-size:12px;background:#f4f4f4;padding:6px;border-radius:4px;max-height:320px;overflow:auto}
table{border-collapse:collapse;margin:6px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;vertical-align:top;text-align:left}
</style></head>
<body><h1>${esc(title)}: <span style="color:${report.pipeline_success ? COLOR.passed : COLOR.failed}">${verdict}</span></h1>
<p class="meta">${Object.keys(report.script_results).length} node(s): ${s.executed} run, ${s.cached} reused, ${s.failed} failed, ${s.skipped} skipped${s.cancelled ? `, ${s.cancelled} cancelled` : ''}; ${Object.keys(report.data_flow_results).length} edge(s) checked; ${s.wall_time.toFixed(2)}s.</p>
<div class="dag"><svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" role="img" aria-label="pipeline DAG"><defs>${markers.join('')}</defs>${edgeSvg.join('')}${nodeSvg.join('')}</svg></div>
<h2>Steps</h2>${cards.join('\n')}
<h2>Data flow</h2><table><tr><th>edge</th><th>result</th><th>matches</th><th>issues</th></tr>${flowRows.join('')}</table>
${report.errors.length ? `<h2>Errors</h2><ul>${report.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>` : ''}
</body></html>
`;
}

function nodeCard(name: string, r: NodeResult | undefined, files: FileWritten[], root: string): string {
  const color = COLOR[r?.status ?? 'not run'];
  if (!r) return `<div class="card" id="node-${esc(name)}" style="border-left-color:${color}"><h3>${esc(name)}</h3><div class="meta">not run</div></div>`;
  const rel = (f: string) => (f.startsWith(`${root}/`) ? f.slice(root.length + 1) : f);
  const frames = r.traceback.filter((f) => isUserFrame(f.file, root));
  const shown = frames.length ? frames : r.traceback;
  const tb = shown.length ? `<pre>${esc(shown.map((f) => `${rel(f.file)}:${f.line ?? '?'} in ${f.name}${f.code ? `\n    ${f.code}` : ''}`).join('\n'))}</pre>` : '';
  const tail = lastLines(r, 20);
  const out = tail.length ? `<div class="meta">Last ${tail.length} line(s) of output:</div><pre>${esc(tail.join('\n'))}</pre>` : '';
  const fileRows = files.length ? `<table><tr><th>output</th><th>file</th><th>size</th></tr>${files.map((f) => `<tr><td>${esc(f.output)}</td><td>${esc(f.file)}</td><td>${humanBytes(f.bytes)}</td></tr>`).join('')}</table>` : r.success ? '<div class="meta">No files written.</div>' : '';
  const notes = r.notes?.length ? `<ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<div class="card" id="node-${esc(name)}" style="border-left-color:${color}"><h3>${esc(name)} <span class="meta">(${esc(r.script_name)})</span></h3><div class="meta" style="color:${color}">${r.status}${r.cached ? ' (reused: unchanged since the last run)' : ''} · ${r.execution_time.toFixed(2)}s${r.loaded_as ? ` · loaded ${r.loaded_as === 'package' ? 'with its package context' : 'on its own'}` : ''}</div>${r.error_message ? `<pre>${esc(r.error_message)}</pre>` : ''}${tb}${out}${fileRows}${notes}</div>`;
}
