/**
 * Editor features in a `.step.yaml`: completion of keys and allowed values (types, node types, compute kinds,
 * step types in `compatible_sources`, scripts for `entry_point`), hover (what a field means; a step type shows its
 * interface), go to definition (entry point to the script's `main`, a compatible source to its interface, a spec
 * dependency to its contract input and back) and the outline. Field texts come from the zod schema.
 */
import type { z } from 'zod';
import type { AnalysedFile } from '../file.js';
import type { ContractInfo } from '../contracts/model.js';
import type { StepInterface } from '../contracts/step-interface.js';
import type { ProjectView } from '../project.js';
import { StepInterfaceSchema } from '../schema/step-interface.js';
import { describeKeyAt, describedBy } from '../schema/schemas.js';
import type { Position } from '../span.js';
import type { OutlineSymbol } from '../symbols.js';
import { entry, hitAt, isMap, isSeq, keyText, nodeAtPath, type MapEntry, type YNode } from '../syntax/ast.js';
import { plainOrQuoted } from '../syntax/quote.js';
import type { CompletionEntry } from './completion.js';
import { cursorContext } from './context.js';
import type { HoverResult } from './hover.js';
import type { Place } from './navigation.js';

type Def = Record<string, unknown> & { type: string };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

function unwrap(schema: z.ZodType): z.ZodType {
  let cur = schema;
  for (let d = defOf(cur); d.type === 'optional' || d.type === 'nullable' || d.type === 'default'; d = defOf(cur)) cur = d.innerType as z.ZodType;
  return cur;
}

/** The schema at a path of keys (record values and list items walked through), with the description nearest to it. */
export function schemaAt(path: readonly string[]): { schema?: z.ZodType; description?: string } {
  let cur: z.ZodType | undefined = StepInterfaceSchema;
  let description: string | undefined;
  for (const seg of path) {
    const s: z.ZodType = unwrap(cur);
    const def = defOf(s);
    if (def.type === 'object') cur = (def.shape as Record<string, z.ZodType>)[seg];
    else if (def.type === 'record') cur = def.valueType as z.ZodType;
    else if (def.type === 'array') cur = def.element as z.ZodType;
    else return {};
    if (!cur) return {};
    description = describedBy(cur);
  }
  return { schema: cur, description };
}

function enumValues(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  return def.type === 'enum' ? Object.values(def.entries as Record<string, string>) : [];
}

function pad(i: number): string {
  return String(i).padStart(4, '0');
}

export function interfaceCompletions(file: AnalysedFile, offset: number, project: ProjectView): CompletionEntry[] {
  const ctx = cursorContext(file.text, offset, file.language);
  const out: CompletionEntry[] = [];
  const add = (e: Omit<CompletionEntry, 'replace'>) => out.push({ ...e, replace: ctx.replace });
  const value = (v: string) => (ctx.quoted ? JSON.stringify(v) : plainOrQuoted(v));
  if (ctx.at === 'key') {
    const { schema } = schemaAt(ctx.path);
    const def = schema ? defOf(unwrap(schema)) : undefined;
    if (def?.type !== 'object') return out;
    const holder = nodeAtPath(file.parsed.root, ctx.path);
    const present = new Set(isMap(holder) ? holder.entries.map(keyText) : []);
    Object.entries(def.shape as Record<string, z.ZodType>)
      .filter(([k]) => k !== '$schema' && !present.has(k))
      .forEach(([k, s], i) => add({ label: k, kind: 'field', detail: 'step interface field', documentation: s.description ?? unwrap(s).description, insertText: `${ctx.quoted ? JSON.stringify(k) : k}: `, sortText: `0${pad(i)}` }));
    return out;
  }
  const path = ctx.at === 'value' && ctx.key ? [...ctx.path, ctx.key] : ctx.path;
  const last = path[path.length - 1];
  if (last === 'compatible_sources') {
    const self = isMap(file.parsed.root) ? entry(file.parsed.root, 'step_type')?.value : undefined;
    project.stepTypes().sort().forEach((t, i) => {
      if (self && 'value' in self && self.value === t) return;
      const iface = project.interfaceFor(t);
      add({ label: t, kind: 'value', detail: iface ? iface.file : 'Cursus registry step', documentation: iface ? summary(iface, iface.contract) : undefined, insertText: value(t), sortText: pad(i) });
    });
    return out;
  }
  if (last === 'entry_point') {
    [...project.scriptNames()].sort().forEach((n, i) => add({ label: `${n}.py`, kind: 'file', detail: project.scriptNamed(n)?.path, insertText: value(`${n}.py`), sortText: pad(i) }));
    return out;
  }
  const { schema, description } = schemaAt(path);
  enumValues(schema).forEach((v, i) => add({ label: v, kind: 'value', detail: last, documentation: description, insertText: value(v), sortText: pad(i) }));
  return out;
}

/** A step's interface in a few lines, for hovers and completion documentation. */
function summary(iface: StepInterface, c: ContractInfo | undefined): string {
  if (!c) return `Step interface \`${iface.file}\` (not readable: ${iface.problems[0]?.message ?? 'unknown shape'})`;
  const spec = c.specification;
  const lines = [
    `**${c.name}** — \`${iface.file}\` (${c.sagemakerStepType ?? 'no registry.sagemaker_step_type'}, ${c.nodeType ?? 'internal'})`,
    c.scriptless ? 'No local script.' : `Script: \`${c.entryPoint?.value ?? '?'}\``,
  ];
  if (spec?.dependencies.length) lines.push(`Dependencies: ${spec.dependencies.map((d) => `\`${d.name}\`${d.required ? '' : '?'} (${d.type})`).join(', ')}`);
  if (spec?.outputs.length) lines.push(`Outputs: ${spec.outputs.map((o) => `\`${o.name}\` (${o.type})`).join(', ')}`);
  if (iface.variants.length) lines.push(`Variants: ${iface.variants.join(', ')}`);
  if (c.description) lines.push(c.description.trim());
  return lines.join('\n\n');
}

export function interfaceHover(file: AnalysedFile, offset: number, project: ProjectView): HoverResult | undefined {
  const hit = hitAt(file.parsed.root, offset);
  if (!hit) return undefined;
  const path = hit.path.map(String);
  const span = hit.node.span;
  const iface = file.model.kind === 'step-interface' ? file.model.iface : undefined;
  const c = iface?.contract;
  const val = !hit.onKey && hit.node.kind === 'scalar' && typeof hit.node.value === 'string' ? hit.node.value : undefined;
  // A step type (compatible source, or this file's own step_type): show its interface.
  if (val !== undefined && (path[path.length - 2] === 'compatible_sources' || (path.length === 1 && path[0] === 'step_type'))) {
    const target = project.interfaceFor(val);
    if (target) return { markdown: summary(target, target.contract), span };
    return { markdown: `**${val}**: no step interface of this name in the project.${project.isKnownStepType(val) ? ' (A Cursus registry name.)' : ''}`, span };
  }
  if (val !== undefined && path[path.length - 1] === 'entry_point' && c) {
    const script = project.scriptOfContract(c);
    return { markdown: script ? `Script \`${script.path}\`${script.read()?.main ? '' : ' (no `main`)'}` : `No script \`${val}\` in this project.`, span };
  }
  // A port or dependency key: what the model holds for it.
  const name = path[path.length - 1];
  if (hit.onKey && c && path.length === 3 && (path[0] === 'contract' || path[0] === 'spec')) {
    const text = portText(c, path[0], path[1], name);
    if (text) return { markdown: text, span };
  }
  const fieldPath = hit.onKey ? path : path.slice(0, path.length);
  const keys = fieldPath.filter((p) => !/^\d+$/.test(p));
  const description = schemaAt(keys).description ?? (hit.onKey ? describeKeyAt(StepInterfaceSchema, keys)?.description : undefined);
  if (description) return { markdown: `**${fieldPath[fieldPath.length - 1]}**: ${description}`, span };
  return undefined;
}

function portText(c: ContractInfo, section: string, group: string, name: string): string | undefined {
  const spec = c.specification;
  if (section === 'contract' && (group === 'inputs' || group === 'outputs')) {
    const e = (group === 'inputs' ? c.inputs : c.outputs).find((x) => x.name === name);
    if (!e) return undefined;
    const lines = [`**${name}**: contract ${group === 'inputs' ? 'input' : 'output'}${e.required === false ? ' (optional)' : ''}`, `Container path: \`${e.value ?? 'null'}\``];
    if (e.channels?.length) lines.push(`Channels: ${e.channels.join(', ')}`);
    const d = group === 'inputs' ? spec?.dependencies.find((x) => x.name === name) : spec?.outputs.find((x) => x.name === name);
    lines.push(d ? `Spec ${group === 'inputs' ? 'dependency' : 'output'}: ${d.type}` : `Not in spec.${group === 'inputs' ? 'dependencies' : 'outputs'} (I807).`);
    return lines.join('\n\n');
  }
  if (section === 'spec' && group === 'dependencies') {
    const d = spec?.dependencies.find((x) => x.name === name);
    if (!d) return undefined;
    return [
      `**${name}**: ${d.required ? 'required' : 'optional'} dependency, type \`${d.type}\`, data type \`${d.dataType}\``,
      d.compatibleSources.length ? `Compatible sources: ${d.compatibleSources.join(', ')}` : 'Any source.',
      d.semanticKeywords.length ? `Keywords: ${d.semanticKeywords.join(', ')}` : '',
      c.inputs.some((e) => e.name === name) ? `Contract input: \`${c.inputs.find((e) => e.name === name)!.value ?? 'null'}\`` : 'No contract input of this name.',
    ].filter(Boolean).join('\n\n');
  }
  if (section === 'spec' && group === 'outputs') {
    const o = spec?.outputs.find((x) => x.name === name);
    if (!o) return undefined;
    return [`**${name}**: output, type \`${o.type}\`, data type \`${o.dataType}\``, o.aliases.length ? `Aliases: ${o.aliases.join(', ')}` : '', o.propertyPath ? `Property path: \`${o.propertyPath}\`` : ''].filter(Boolean).join('\n\n');
  }
  return undefined;
}

export function interfaceDefinition(file: AnalysedFile, offset: number, project: ProjectView): Place[] {
  const hit = hitAt(file.parsed.root, offset);
  const iface = file.model.kind === 'step-interface' ? file.model.iface : undefined;
  if (!hit || !iface) return [];
  const path = hit.path.map(String);
  const val = !hit.onKey && hit.node.kind === 'scalar' && typeof hit.node.value === 'string' ? hit.node.value : undefined;
  const range = (at: Position, length: number) => ({ start: at, end: { line: at.line, character: at.character + length } });
  if (val !== undefined && path[path.length - 1] === 'entry_point' && iface.contract) {
    const script = project.scriptOfContract(iface.contract);
    if (!script) return [];
    const main = script.read()?.main;
    return [{ file: script.path, range: range(main?.at ?? { line: 0, character: 0 }, main ? 4 : 0) }];
  }
  if (val !== undefined && path[path.length - 2] === 'compatible_sources') {
    const target = project.interfaceFor(val);
    const c = target?.contract;
    return target && c ? [{ file: target.file, range: range(c.nameAt, c.name.length) }] : target ? [{ file: target.file, range: range({ line: 0, character: 0 }, 0) }] : [];
  }
  // A spec dependency leads to its contract input and back; a spec output to its contract output and back.
  if (hit.onKey && path.length === 3) {
    const pairs: Record<string, string[]> = { 'spec.dependencies': ['contract', 'inputs'], 'contract.inputs': ['spec', 'dependencies'], 'spec.outputs': ['contract', 'outputs'], 'contract.outputs': ['spec', 'outputs'] };
    const other = pairs[`${path[0]}.${path[1]}`];
    const holder = other ? nodeAtPath(file.parsed.root, other) : undefined;
    const target = isMap(holder) ? entry(holder, path[2]) : undefined;
    return target ? [{ file: '', span: target.key.span }] : [];
  }
  return [];
}

export function interfaceOutline(file: AnalysedFile): OutlineSymbol[] {
  const root = file.parsed.root;
  if (!isMap(root)) return [];
  const section = (e: MapEntry, children: OutlineSymbol[] = [], detail?: string): OutlineSymbol => ({ name: keyText(e), kind: 'section', span: e.span, selectionSpan: e.key.span, children, ...(detail ? { detail } : {}) });
  const keys = (node: YNode | null | undefined, detail?: (v: YNode | null) => string | undefined): OutlineSymbol[] =>
    isMap(node) ? node.entries.map((e) => ({ name: keyText(e), kind: 'key', span: e.span, selectionSpan: e.key.span, children: [], ...(detail?.(e.value) ? { detail: detail(e.value) } : {}) })) : [];
  const field = (node: YNode | null, key: string) => {
    const v = isMap(node) ? entry(node, key)?.value : undefined;
    return v && v.kind === 'scalar' && v.value !== null ? String(v.value) : undefined;
  };
  const groups = (node: YNode | null | undefined, names: string[], detail?: (g: string, v: YNode | null) => string | undefined) =>
    isMap(node) ? node.entries.filter((e) => names.includes(keyText(e))).map((e) => section(e, keys(e.value, (v) => detail?.(keyText(e), v)), isMap(e.value) ? `${e.value.entries.length}` : isSeq(e.value) ? `${e.value.items.length}` : undefined)) : [];
  const out: OutlineSymbol[] = [];
  for (const e of root.entries) {
    const key = keyText(e);
    if (key === 'contract') out.push(section(e, groups(e.value, ['inputs', 'outputs', 'env_vars', 'arguments', 'job_arguments'], (g, v) => (g === 'inputs' || g === 'outputs' ? field(v, 'path') : undefined)), field(root, 'step_type')));
    else if (key === 'spec') out.push(section(e, groups(e.value, ['dependencies', 'outputs'], (_g, v) => field(v, 'type'))));
    else if (key === 'variants') out.push(section(e, keys(e.value)));
    else out.push({ name: key, kind: 'key', span: e.span, selectionSpan: e.key.span, children: [], ...(e.value?.kind === 'scalar' && e.value.value !== null ? { detail: String(e.value.value) } : {}) });
  }
  return out;
}
