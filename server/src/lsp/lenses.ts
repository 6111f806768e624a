/** Code lenses: Run pipeline on the DAG, Run script on each spec, Run edge on each edge, with the last result. */
import type { CodeLens } from 'vscode-languageserver/node';
import { dagOf, pipelineOf } from '../engine/model/build.js';
import { loneSpecName, type AnalysedFile, type RunMemory } from '../engine/index.js';
import { toRange } from './convert.js';

export const RUN_COMMAND = 'cursus-lsp.run';

export function codeLenses(uri: string, file: AnalysedFile, memory: RunMemory | undefined): CodeLens[] {
  const lenses: CodeLens[] = [];
  const lens = (span: { start: number; end: number }, title: string, selection: object) =>
    lenses.push({ range: toRange(file.lines, span), command: { title, command: RUN_COMMAND, arguments: [uri, selection] } });
  const last = (r: { status: string; stale: boolean; cached?: boolean } | undefined) => (r ? ` (last: ${r.status}${r.stale ? ', stale' : ''})` : '');
  const model = file.model;
  if (model.kind === 'script-spec' || model.kind === 'enhanced-script-spec') {
    const name = loneSpecName(model.script.stepName?.name, model.script.scriptName?.name);
    lens(model.script.scriptName?.span ?? model.script.anchor, `▶ Run script${last(memory?.nodes[name])}`, { kind: 'all' });
    return lenses;
  }
  const pipeline = pipelineOf(model);
  const dag = dagOf(model);
  if (!pipeline || !dag) return lenses;
  const results = Object.values(memory?.nodes ?? {});
  const overall = results.every((r) => r.status === 'passed' || r.status === 'provided') ? 'passed' : results.some((r) => r.status === 'cancelled') ? 'cancelled' : 'failed';
  const summary = results.length ? ` (last: ${overall}${results.some((r) => r.stale) ? ', stale' : ''})` : '';
  lens(dag.key?.span ?? dag.node.span, `▶ Run pipeline${summary}`, { kind: 'all' });
  for (const s of pipeline.specs) if (s.spec) lens(s.node.span, `▶ Run script${last(memory?.nodes[s.node.name])}`, { kind: 'node', node: s.node.name });
  for (const e of dag.edges) lens(e.span, `▶ Run edge${last(edgeResult(memory, e.src.name, e.dst.name))}`, { kind: 'edge', src: e.src.name, dst: e.dst.name });
  return lenses;
}

/** An edge whose end did not run through says which end and why ("XGBoostTraining failed"), not "incompatible". */
function edgeResult(memory: RunMemory | undefined, src: string, dst: string): { status: string; stale: boolean } | undefined {
  const edge = memory?.edges[`${src}->${dst}`];
  if (!edge) return undefined;
  const stopped = edge.compatible ? undefined : [src, dst].find((n) => !['passed', 'provided'].includes(memory!.nodes[n]?.status ?? 'passed'));
  return { status: edge.compatible ? 'compatible' : stopped ? `${stopped} ${memory!.nodes[stopped].status}` : 'incompatible', stale: edge.stale };
}
