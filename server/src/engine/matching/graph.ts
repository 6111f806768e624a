/** The DAG drawn as Mermaid or Graphviz DOT, each edge labelled with its best match and red where none. */
import { dagOf, pipelineOf } from '../model/build.js';
import type { SpecModel } from '../model/types.js';
import { matchEdges } from './edges.js';
import type { ProjectView } from '../project.js';
import { wireDag } from '../dag/wiring.js';
import type { PathMatch } from './path-matcher.js';

export type GraphFormat = 'mermaid' | 'dot';

interface GraphEdge {
  src: string;
  dst: string;
  label: string;
  /** `none` when the edge has specs on both ends and no match; `unknown` when there is nothing to match. */
  state: 'matched' | 'semantic' | 'none' | 'unknown';
}

const SHORT: Record<PathMatch['type'], string> = {
  exact_logical: 'exact',
  logical_to_alias: 'alias',
  alias_to_logical: 'alias',
  alias_to_alias: 'alias',
  semantic: 'semantic',
  resolver: 'resolver',
};

export function graphEdges(model: SpecModel, threshold: number, project?: ProjectView): { nodes: string[]; edges: GraphEdge[] } {
  const dag = dagOf(model);
  if (!dag) return { nodes: [], edges: [] };
  const nodes = [...new Set([...dag.nodes.map((n) => n.name), ...dag.edges.flatMap((e) => [e.src.name, e.dst.name])])];
  const pipeline = pipelineOf(model);
  if (!pipeline) {
    // A DAG file: the resolver's bindings label the edges between step interfaces.
    const wiring = project?.hasInterfaces ? wireDag(dag, project) : undefined;
    return {
      nodes,
      edges: dag.edges.map((e, i): GraphEdge => {
        const w = wiring?.edges[i];
        if (!w?.scored) return { src: e.src.name, dst: e.dst.name, label: '', state: 'unknown' };
        if (w.bindings.length === 0) return { src: e.src.name, dst: e.dst.name, label: 'binds nothing', state: 'none' };
        return { src: e.src.name, dst: e.dst.name, label: w.bindings.map((b) => `${b.output} → ${b.dep} ${b.parts.score.toFixed(2)}`).join('\n'), state: 'matched' };
      }),
    };
  }
  const edges = matchEdges(pipeline, threshold, undefined, project).map((m): GraphEdge => {
    const base = { src: m.edge.src.name, dst: m.edge.dst.name };
    if (m.strategy === 'resolver') {
      if (m.matches.length === 0) return { ...base, label: 'binds nothing', state: 'none' };
      return { ...base, label: m.matches.map((x) => `${x.source} → ${x.dest} ${x.confidence.toFixed(2)}`).join('\n'), state: 'matched' };
    }
    if (!m.source || !m.target || (m.matches.length === 0 && (m.source.outputs.length === 0 || m.target.inputs.length === 0))) return { ...base, label: '', state: 'unknown' };
    if (m.matches.length === 0) return { ...base, label: 'no match', state: 'none' };
    const best = m.matches[0];
    const more = new Set(m.matches.map((x) => x.dest)).size - 1;
    return { ...base, label: `${best.source} → ${best.dest}: ${SHORT[best.type]} ${best.confidence.toFixed(2)}${more > 0 ? ` (+${more})` : ''}`, state: best.type === 'semantic' ? 'semantic' : 'matched' };
  });
  return { nodes, edges };
}

export function renderGraph(model: SpecModel, format: GraphFormat, threshold: number, project?: ProjectView): string {
  const { nodes, edges } = graphEdges(model, threshold, project);
  return format === 'mermaid' ? mermaid(nodes, edges) : dot(nodes, edges);
}

function mermaid(nodes: string[], edges: GraphEdge[]): string {
  const id = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const esc = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const n of nodes) lines.push(`  ${id.get(n)}["${esc(n)}"]`);
  edges.forEach((e) => lines.push(`  ${id.get(e.src)} -->${e.label ? `|"${esc(e.label)}"|` : ''} ${id.get(e.dst)}`));
  edges.forEach((e, i) => {
    if (e.state === 'none') lines.push(`  linkStyle ${i} stroke:#d32f2f,stroke-width:2px,color:#d32f2f`);
    else if (e.state === 'semantic') lines.push(`  linkStyle ${i} stroke:#f9a825,stroke-width:2px`);
  });
  return lines.join('\n') + '\n';
}

function dot(nodes: string[], edges: GraphEdge[]): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph pipeline {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const n of nodes) lines.push(`  ${q(n)};`);
  for (const e of edges) {
    const attrs = [e.label ? `label=${q(e.label)}` : '', e.state === 'none' ? 'color="#d32f2f", fontcolor="#d32f2f", penwidth=2' : e.state === 'semantic' ? 'color="#f9a825"' : ''].filter(Boolean);
    lines.push(`  ${q(e.src)} -> ${q(e.dst)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
