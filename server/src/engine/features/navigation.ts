/** Go to definition, references and rename: names in a spec lead to the contract, the script, or the node. */
import type { TextEdit } from '../diagnostics.js';
import type { AnalysedFile } from '../file.js';
import { wireDag } from '../dag/wiring.js';
import type { DagModel } from '../model/types.js';
import { dagOf, pipelineOf } from '../model/build.js';
import type { ProjectView } from '../project.js';
import { argKey } from '../rules/helpers.js';
import type { Position, Span } from '../span.js';
import { hitAt } from '../syntax/ast.js';
import { requote } from '../syntax/quote.js';
import { specAt } from './spec-at.js';
import { interfaceDefinition } from './interface.js';

/** A place: in this file (`file: ''`, by offsets) or in another project file (by line and column). */
export interface Place {
  file: string;
  span?: Span;
  range?: { start: Position; end: Position };
}

export function definition(file: AnalysedFile, offset: number, project: ProjectView): Place[] {
  if (file.kind === 'step-interface') return interfaceDefinition(file, offset, project);
  const node = nodeNameAt(file, offset);
  if (node) {
    const dag = dagOf(file.model);
    const declared = dag?.nodes.find((n) => n.name === node.name);
    if (node.role !== 'declaration' && declared) return [{ file: '', span: declared.span }];
    const spec = pipelineOf(file.model)?.specs.find((s) => s.node.name === node.name);
    if (spec) return [{ file: '', span: spec.node.span }];
    return dag ? nodeStepDefinition(dag, node.name, project) : [];
  }
  const hit = hitAt(file.parsed.root, offset);
  if (!hit) return [];
  const path = hit.path.map(String);
  const where = specAt(file.model, path.slice(0, -1));
  const spec = where.spec;
  if (!spec) return [];
  const contract = spec.scriptName ? project.contractFor(spec.scriptName.name) : undefined;
  const rest = where.rest ?? [];
  const name = path[path.length - 1];
  const at = (p: Position, length: number): Place[] => (contract ? [{ file: contract.file, range: { start: p, end: { line: p.line, character: p.character + length } } }] : []);
  if (hit.onKey && rest.length === 1 && contract) {
    const entries = rest[0].startsWith('input') ? contract.inputs : rest[0].startsWith('output') ? contract.outputs : rest[0] === 'environ_vars' ? [...contract.requiredEnv, ...contract.optionalEnv] : rest[0] === 'job_args' ? contract.args : [];
    const e = entries.find((x) => x.name === name || (rest[0] === 'job_args' && argKey(x.name) === argKey(name)));
    return e ? at(e.at, e.name.length + 2) : [];
  }
  if (!hit.onKey && rest.length === 0 && name === 'script_name') {
    const script = project.scriptNamed(spec.scriptName?.name ?? '');
    if (!script) return contract ? at(contract.nameAt, contract.name.length) : [];
    const main = script.read()?.main;
    const start = main?.at ?? { line: 0, character: 0 };
    return [{ file: script.path, range: { start, end: { line: start.line, character: start.character + (main ? 4 : 0) } } }];
  }
  return [];
}

/**
 * A node with no script spec in this file (a DAG file, or a spec not written yet) leads to what its name resolves
 * to, as Cursus resolves it: the step interface (or Python contract), else the script.
 */
function nodeStepDefinition(dag: DagModel, name: string, project: ProjectView): Place[] {
  if (!project.hasInterfaces && !project.hasScripts) return [];
  const step = wireDag(dag, project).steps.get(name);
  const point = (line: number, character: number, length: number) => ({ start: { line, character }, end: { line, character: character + length } });
  const c = step?.contract;
  if (c) return [{ file: c.file, range: point(c.nameAt.line, c.nameAt.character, c.name.length) }];
  const main = step?.script?.read()?.main;
  if (step?.script) return [{ file: step.script.path, range: main ? point(main.at.line, main.at.character, 4) : point(0, 0, 0) }];
  return [];
}

interface NodeName {
  name: string;
  span: Span;
  role: 'declaration' | 'edge' | 'spec-key' | 'step-name';
  /** Part of a `"a -> b"` string: written without quotes of its own. */
  inArrow?: boolean;
}

/**
 * Every place in the file that names a DAG node: its declaration, edge ends, its script_specs key, and the
 * `step_name` of its spec when that equals the node's name (references and rename see the same places).
 */
export function nodeOccurrences(file: AnalysedFile): NodeName[] {
  const dag = dagOf(file.model);
  const out: NodeName[] = [];
  for (const n of dag?.nodes ?? []) out.push({ name: n.name, span: n.span, role: 'declaration' });
  for (const e of dag?.edges ?? []) {
    const inArrow = e.src.span.start > e.span.start && e.src.span.end < e.span.end && e.dst.span.end <= e.span.end && file.text.slice(e.span.start, e.span.end).includes('->');
    out.push({ name: e.src.name, span: e.src.span, role: 'edge', inArrow });
    out.push({ name: e.dst.name, span: e.dst.span, role: 'edge', inArrow });
  }
  for (const s of pipelineOf(file.model)?.specs ?? []) {
    out.push({ name: s.node.name, span: s.node.span, role: 'spec-key' });
    const step = s.spec?.stepName;
    if (step && step.name === s.node.name) out.push({ name: step.name, span: step.span, role: 'step-name' });
  }
  return out;
}

export function nodeNameAt(file: AnalysedFile, offset: number): NodeName | undefined {
  return nodeOccurrences(file).find((o) => offset >= o.span.start && offset <= o.span.end);
}

export function references(file: AnalysedFile, offset: number, includeDeclaration: boolean): Span[] {
  const node = nodeNameAt(file, offset);
  if (!node) return [];
  return nodeOccurrences(file)
    .filter((o) => o.name === node.name && (includeDeclaration || o.role !== 'declaration'))
    .map((o) => o.span);
}

/** The name under the cursor when it can be renamed (a DAG node), or why not. */
export function prepareRename(file: AnalysedFile, offset: number): { span: Span; name: string } | { error: string } {
  const node = nodeNameAt(file, offset);
  if (!node) return { error: 'Only DAG node names can be renamed (in dag.nodes, an edge, or a script_specs key).' };
  const whole = file.text.slice(node.span.start, node.span.end);
  const quoted = /^["']/.test(whole);
  return { span: quoted ? { start: node.span.start + 1, end: node.span.end - 1 } : node.span, name: node.name };
}

/** Renames a node everywhere in the file: declaration, edges, spec key, and `step_name` values equal to it. */
export function renameNode(file: AnalysedFile, offset: number, newName: string): TextEdit[] | { error: string } {
  const node = nodeNameAt(file, offset);
  if (!node) return { error: 'Only DAG node names can be renamed.' };
  if (!/^\S(.*\S)?$/.test(newName) || newName.includes('->')) return { error: `'${newName}' cannot be a node name.` };
  if (nodeOccurrences(file).some((o) => o.name === newName)) return { error: `A node named '${newName}' exists already.` };
  const edits: TextEdit[] = [];
  for (const o of nodeOccurrences(file)) {
    if (o.name !== node.name) continue;
    edits.push({ span: o.span, newText: o.inArrow ? newName : requote(file.text.slice(o.span.start, o.span.end), newName) });
  }
  return edits;
}
