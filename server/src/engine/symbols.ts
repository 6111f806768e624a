/** The outline of a spec file: the DAG's nodes and edges, and each script spec with its sections. */
import { dagOf, pipelineOf } from './model/build.js';
import type { DagModel, ScriptSpecModel } from './model/types.js';
import type { AnalysedFile } from './file.js';
import type { Span } from './span.js';
import type { MapEntry } from './syntax/ast.js';
import { interfaceOutline } from './features/interface.js';

export type SymbolKind = 'file' | 'dag' | 'node' | 'edge' | 'spec' | 'section' | 'key';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: Span;
  selectionSpan: Span;
  children: OutlineSymbol[];
}

export function outline(file: AnalysedFile): OutlineSymbol[] {
  if (file.kind === 'step-interface') return interfaceOutline(file);
  const model = file.model;
  const out: OutlineSymbol[] = [];
  const dag = dagOf(model);
  if (dag) out.push(dagSymbol(dag));
  if (model.kind === 'script-spec' || model.kind === 'enhanced-script-spec') out.push(...specSections(model.script));
  const pipeline = pipelineOf(model);
  if (pipeline?.specsEntry) {
    out.push({
      name: 'script_specs',
      kind: 'section',
      detail: `${pipeline.specs.length} specs`,
      span: pipeline.specsEntry.span,
      selectionSpan: pipeline.specsEntry.key.span,
      children: pipeline.specs.map((s) => ({
        name: s.node.name,
        detail: s.spec?.scriptName?.name,
        kind: 'spec',
        span: s.entry.span,
        selectionSpan: s.node.span,
        children: s.spec ? specSections(s.spec) : [],
      })),
    });
  }
  return out;
}

function dagSymbol(dag: DagModel): OutlineSymbol {
  const children: OutlineSymbol[] = [];
  if (dag.nodesEntry) {
    children.push({
      name: 'nodes',
      kind: 'section',
      detail: `${dag.nodes.length}`,
      span: dag.nodesEntry.span,
      selectionSpan: dag.nodesEntry.key.span,
      children: dag.nodes.map((n) => ({ name: n.name, kind: 'node', span: n.span, selectionSpan: n.span, children: [] })),
    });
  }
  if (dag.edgesEntry) {
    children.push({
      name: 'edges',
      kind: 'section',
      detail: `${dag.edges.length}`,
      span: dag.edgesEntry.span,
      selectionSpan: dag.edgesEntry.key.span,
      children: dag.edges.map((e) => ({ name: `${e.src.name} -> ${e.dst.name}`, kind: 'edge', span: e.span, selectionSpan: e.span, children: [] })),
    });
  }
  const span = dag.key ? { start: dag.key.span.start, end: dag.node.span.end } : dag.node.span;
  return { name: 'dag', kind: 'dag', detail: `${dag.nodes.length} nodes, ${dag.edges.length} edges`, span, selectionSpan: dag.key?.span ?? dag.node.span, children };
}

function specSections(spec: ScriptSpecModel): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  const section = (e: MapEntry | undefined, names: { name: string; span: Span; entry: MapEntry }[]) => {
    if (!e) return;
    out.push({
      name: String(e.key.value),
      kind: 'section',
      span: e.span,
      selectionSpan: e.key.span,
      children: names.map((n) => ({ name: n.name, kind: 'key', span: n.entry.span, selectionSpan: n.span, children: [] })),
    });
  };
  if (spec.scriptName) out.push({ name: 'script_name', detail: spec.scriptName.name, kind: 'key', span: spec.scriptName.entry.span, selectionSpan: spec.scriptName.entry.key.span, children: [] });
  section(spec.inputsEntry, spec.inputs.map((p) => ({ name: p.key.name, span: p.key.span, entry: p.entry })));
  section(spec.outputsEntry, spec.outputs.map((p) => ({ name: p.key.name, span: p.key.span, entry: p.entry })));
  section(spec.envEntry, spec.env.map((v) => ({ name: v.key.name, span: v.key.span, entry: v.entry })));
  section(spec.jobArgsEntry, spec.jobArgs.map((v) => ({ name: v.key.name, span: v.key.span, entry: v.entry })));
  return out;
}
