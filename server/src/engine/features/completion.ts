/** Completions: contract names in path maps, env vars and arguments, script and node names, schema keys. */
import { scriptNameForNode } from '../dag/node-script.js';
import type { AnalysedFile } from '../file.js';
import { dagOf, pipelineOf } from '../model/build.js';
import type { ScriptSpecModel } from '../model/types.js';
import type { ProjectView } from '../project.js';
import type { ContractEntry, ContractInfo } from '../contracts/model.js';
import { localPathFor, argKey, DEFAULT_WORKSPACE_ROOT } from '../rules/helpers.js';
import { allowedKeysAt, schemaByKind } from '../schema/schemas.js';
import type { Span } from '../span.js';
import { isMap, nodeAtPath } from '../syntax/ast.js';
import { plainOrQuoted } from '../syntax/quote.js';
import { cursorContext, type CursorContext } from './context.js';
import { specAt } from './spec-at.js';
import { interfaceCompletions } from './interface.js';

export type CompletionKind = 'property' | 'value' | 'file' | 'node' | 'variable' | 'field';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  sortText: string;
  replace: Span;
}

export function complete(file: AnalysedFile, offset: number, project: ProjectView): CompletionEntry[] {
  if (file.kind === 'step-interface') return interfaceCompletions(file, offset, project);
  const ctx = cursorContext(file.text, offset, file.language);
  const where = specAt(file.model, ctx.path);
  const out: CompletionEntry[] = [];
  const add = (e: Omit<CompletionEntry, 'replace'>) => out.push({ ...e, replace: ctx.replace });
  const writer = new Writer(file.language, ctx);
  const workspaceRoot = pipelineOf(file.model)?.workspaceRoot?.name ?? DEFAULT_WORKSPACE_ROOT;
  const nodes = dagOf(file.model)?.nodes.map((n) => n.name) ?? [];
  const contract = where.spec?.scriptName ? project.contractFor(where.spec.scriptName.name) : undefined;
  const rest = where.rest;

  if (ctx.at === 'key' && rest && rest.length === 1 && where.spec && contract) {
    contractKeys(rest[0], where.spec, contract, workspaceRoot, writer, add);
  }
  if (ctx.at === 'key' && where.pipelinePath.length === 1 && where.pipelinePath[0] === 'script_specs') {
    const specified = new Set(pipelineOf(file.model)?.specs.map((s) => s.node.name));
    nodes.filter((n) => !specified.has(n)).forEach((n, i) => add({ label: n, kind: 'node', detail: `DAG node without a spec (script ${scriptNameForNode(n)})`, insertText: writer.key(n), sortText: `0${pad(i)}` }));
  }
  if (ctx.at === 'key') schemaKeys(file, ctx, writer, add);

  if (ctx.at === 'value' && rest?.length === 0 && ctx.key === 'script_name') {
    const names = [...project.scriptNames()].sort((a, b) => Number(Boolean(project.contractFor(b))) - Number(Boolean(project.contractFor(a))) || a.localeCompare(b));
    const suggested = where.node ? scriptNameForNode(where.node) : undefined;
    names.forEach((n, i) => add({ label: n, kind: 'file', detail: project.scriptNamed(n)?.path, documentation: project.contractFor(n) ? `Contract: \`${project.contractFor(n)!.name}\`` : 'No contract declares this script.', insertText: writer.value(n), sortText: `${n === suggested ? '0' : '1'}${pad(i)}` }));
  }
  if (ctx.at === 'value' && rest?.length === 0 && ctx.key === 'step_name' && where.node) {
    add({ label: where.node, kind: 'node', detail: 'the DAG node name', insertText: writer.value(where.node), sortText: '0' });
  }
  if (ctx.at === 'value' && rest && rest.length === 1 && where.spec && ctx.key && (rest[0] === 'input_paths' || rest[0] === 'output_paths')) {
    const direction = rest[0] === 'input_paths' ? 'input' : 'output';
    const entry = contract ? (direction === 'input' ? contract.inputs : contract.outputs).find((e) => e.name === ctx.key) : undefined;
    const local = localPathFor(typeof entry?.value === 'string' ? entry.value : undefined, where.spec.scriptName?.name ?? '', workspaceRoot, ctx.key, direction);
    add({ label: local, kind: 'value', detail: 'local test path', documentation: entry ? `Container path in the contract: \`${entry.value}\`` : undefined, insertText: writer.value(local), sortText: '0' });
  }
  const inEdges = where.pipelinePath[where.pipelinePath.length - 1] === 'edges';
  if (inEdges && (ctx.at === 'item' || (ctx.at === 'value' && (ctx.key === 'from' || ctx.key === 'to')))) {
    nodes.forEach((n, i) => add({ label: n, kind: 'node', detail: ctx.edgeEnd === 'dst' ? 'edge target' : 'edge source', insertText: writer.value(n), sortText: pad(i) }));
  }
  if (ctx.at === 'item' && ctx.path[ctx.path.length - 1] === 'nodes') {
    const listed = new Set(nodes);
    const specs = pipelineOf(file.model)?.specs.map((s) => s.node.name).filter((n) => !listed.has(n)) ?? [];
    specs.forEach((n, i) => add({ label: n, kind: 'node', detail: 'has a script spec but is not a node yet', insertText: writer.value(n), sortText: pad(i) }));
    // Cursus 2.9: a node is named by the step type of an interface (add `_<job type>` for a variant).
    if (project.hasInterfaces) {
      const taken = new Set(specs);
      const withInterface = project.stepTypes().filter((s) => !taken.has(s) && project.interfaceFor(s)).sort();
      withInterface.forEach((s, i) => {
        add({ label: s, kind: 'node', detail: `step type (${project.interfaceFor(s)!.file})`, documentation: 'A registry step type; a job type goes after it: `' + s + '_training`.', insertText: writer.value(s), sortText: `1${pad(i)}` });
      });
    }
  }
  return out;
}

function contractKeys(section: string, spec: ScriptSpecModel, contract: ContractInfo, workspaceRoot: string, writer: Writer, add: (e: Omit<CompletionEntry, 'replace'>) => void): void {
  const script = spec.scriptName?.name ?? '';
  const doc = (e: ContractEntry, what: string) => `${what} of contract \`${contract.name}\` (${contract.file}:${e.at.line + 1})${contract.description ? `\n\n${contract.description}` : ''}`;
  const present = (names: string[]) => new Set(names);
  switch (section) {
    case 'input_paths':
    case 'output_paths':
    case 'input_path_specs':
    case 'output_path_specs': {
      const direction = section.startsWith('input') ? 'input' : 'output';
      const entries = direction === 'input' ? contract.inputs : contract.outputs;
      const have = present((direction === 'input' ? spec.inputs : spec.outputs).map((p) => p.key.name));
      entries.filter((e) => !have.has(e.name)).forEach((e, i) => {
        const local = localPathFor(typeof e.value === 'string' ? e.value : undefined, script, workspaceRoot, e.name, direction);
        const insertText = section.endsWith('_specs') ? writer.pathSpec(e.name, local) : writer.key(e.name, local);
        add({ label: e.name, kind: 'property', detail: String(e.value ?? ''), documentation: doc(e, `Logical ${direction}`), insertText, sortText: `0${pad(i)}` });
      });
      return;
    }
    case 'environ_vars': {
      const have = present(spec.env.map((v) => v.key.name));
      contract.requiredEnv.filter((e) => !have.has(e.name)).forEach((e, i) => add({ label: e.name, kind: 'variable', detail: 'required', documentation: doc(e, 'Required env var'), insertText: writer.key(e.name, ''), sortText: `0${pad(i)}` }));
      contract.optionalEnv.filter((e) => !have.has(e.name)).forEach((e, i) => add({ label: e.name, kind: 'variable', detail: `optional, default ${JSON.stringify(e.value ?? '')}`, documentation: doc(e, 'Optional env var'), insertText: writer.key(e.name, e.value === undefined || e.value === null ? '' : String(e.value)), sortText: `1${pad(i)}` }));
      return;
    }
    case 'job_args': {
      const have = present(spec.jobArgs.map((v) => argKey(v.key.name)));
      contract.args.filter((e) => !have.has(argKey(e.name))).forEach((e, i) => add({ label: argKey(e.name), kind: 'variable', detail: `expected, ${JSON.stringify(e.value ?? '')}`, documentation: doc(e, 'Expected argument'), insertText: writer.key(argKey(e.name), e.value === undefined || e.value === null ? '' : String(e.value)), sortText: `0${pad(i)}` }));
      return;
    }
  }
}

function schemaKeys(file: AnalysedFile, ctx: CursorContext, writer: Writer, add: (e: Omit<CompletionEntry, 'replace'>) => void): void {
  const holder = nodeAtPath(file.parsed.root, ctx.path);
  const present = new Set(isMap(holder) ? holder.entries.map((e) => String(e.key.value)) : []);
  allowedKeysAt(schemaByKind[file.kind], ctx.path)
    .filter((k) => !present.has(k))
    .forEach((k, i) => add({ label: k, kind: 'field', detail: 'spec field', insertText: writer.key(k), sortText: `5${pad(i)}` }));
}

function pad(i: number): string {
  return String(i).padStart(4, '0');
}

/** Writes keys and values in the file's language, respecting a quote the user already typed. */
class Writer {
  constructor(private readonly language: 'yaml' | 'json', private readonly ctx: CursorContext) {}

  value(v: string): string {
    return this.language === 'json' || this.ctx.quoted ? JSON.stringify(v) : plainOrQuoted(v);
  }

  key(k: string, value?: string): string {
    if (this.language === 'json') return value === undefined ? `${JSON.stringify(k)}: ` : `${JSON.stringify(k)}: ${JSON.stringify(value)}`;
    const key = this.ctx.quoted ? JSON.stringify(k) : plainOrQuoted(k);
    return value === undefined ? `${key}: ` : `${key}: ${value === '' ? '""' : plainOrQuoted(value)}`;
  }

  pathSpec(k: string, path: string): string {
    if (this.language === 'json') return `${JSON.stringify(k)}: {"logical_name": ${JSON.stringify(k)}, "path": ${JSON.stringify(path)}, "aliases": []}`;
    return `${plainOrQuoted(k)}: {logical_name: ${plainOrQuoted(k)}, path: ${plainOrQuoted(path)}, aliases: []}`;
  }
}
