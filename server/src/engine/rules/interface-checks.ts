/**
 * The checks of one `.step.yaml`, computed once per file and shared by the I800-I811 rule modules (each reports its
 * own code). The shape checks walk the tree beside the zod schema of `schema/step-interface.ts`, so the schema
 * stays the one description of the format; the rules of CURSUS-TODAY section 1 that a schema cannot say (compute
 * kinds, path prefixes, contract/spec alignment, registry names) follow. Every issue sits on the key or value a
 * user must change.
 */
import { posix } from 'node:path';
import type { z } from 'zod';
import type { Fix, RelatedInfo } from '../diagnostics.js';
import type { AnalysedFile } from '../file.js';
import type { ProjectView } from '../project.js';
import { dedupeByCodeAndSpan, type Span } from '../span.js';
import { didYouMean, renameFixes, suggest } from '../suggest.js';
import { entry, isMap, isScalar, isSeq, isString, keyText, type MapEntry, type MapNode, type YNode } from '../syntax/ast.js';
import { requote } from '../syntax/quote.js';
import { laxBool, mergedRoot, type StepInterface } from '../contracts/step-interface.js';
import { checkScriptAgainstInterface } from './interface-script-checks.js';
import { interfaceFileStem, interfaceStem, stepTypeOfStem } from '../contracts/naming.js';
import { COMPUTE_KINDS, INPUT_PATH_PREFIXES, OUTPUT_PATH_PREFIXES, StepInterfaceSchema } from '../schema/step-interface.js';

export type InterfaceCode =
  | 'I800' | 'I801' | 'I802' | 'I803' | 'I804' | 'I805' | 'I806' | 'I807' | 'I808' | 'I809' | 'I810' | 'I811' | 'I812' | 'I813'
  | 'I820' | 'I821' | 'I822' | 'I823' | 'I824' | 'I825' | 'I826';

export interface InterfaceIssue {
  code: InterfaceCode;
  span: Span;
  message: string;
  fixes?: Fix[];
  related?: RelatedInfo[];
}

type Def = Record<string, unknown> & { type: string };

function defOf(schema: unknown): Def {
  return (schema as { _zod: { def: Def } })._zod.def;
}

/** The schema without its optional/nullable/default wrappers, and whether null is allowed. */
function unwrap(schema: z.ZodType): { schema: z.ZodType; nullable: boolean; optional: boolean } {
  let cur = schema;
  let nullable = false;
  let optional = false;
  for (;;) {
    const def = defOf(cur);
    if (def.type === 'nullable') nullable = true;
    else if (def.type === 'optional' || def.type === 'default') optional = true;
    else return { schema: cur, nullable, optional };
    cur = def.innerType as z.ZodType;
  }
}

function describe(node: YNode | null): string {
  if (node === null || (isScalar(node) && node.value === null)) return 'null';
  if (node.kind === 'map') return 'a map';
  if (node.kind === 'seq') return 'a list';
  return typeof node.value === 'string' ? `the string ${JSON.stringify(node.value)}` : `the ${typeof node.value} ${String(node.value)}`;
}

function pathText(path: string[]): string {
  return path.join('.');
}

export function checkInterface(file: AnalysedFile, iface: StepInterface, project: ProjectView): InterfaceIssue[] {
  const out: InterfaceIssue[] = [];
  const root = file.parsed.root;
  if (!isMap(root)) {
    const span = root?.span ?? { start: 0, end: Math.min(file.text.length, file.lines.lineText(0).length) };
    if (file.parsed.problems.length === 0) out.push({ code: 'I802', span, message: `A step interface is a map with step_type and contract; this file holds ${root ? describe(root) : 'nothing'}. Write 'step_type: <StepName>' and a 'contract:' section.` });
    return out;
  }
  walk(file, StepInterfaceSchema, root, [], out);
  checkRegistry(root, out);
  checkCompute(root, out);
  checkPaths(root, out);
  checkEntryPoint(file, root, out);
  checkAlignment(root, out);
  checkSources(file, root, project, out);
  checkStepTypeName(file, root, iface, project, out);
  checkScript(iface, project, out);
  checkScriptAgainstInterface(iface, root, project, out);
  checkEmptySpec(root, out);
  return dedupeByCodeAndSpan(out);
}

/** The generic walk: the node against the schema at `path` (types, enums, required keys, unknown keys, string maps). */
function walk(file: AnalysedFile, schema: z.ZodType, node: YNode | null, path: string[], out: InterfaceIssue[], holder?: MapEntry, inStringMap = false): void {
  const { schema: s, nullable } = unwrap(schema);
  const def = defOf(s);
  const isNull = node === null || (isScalar(node) && node.value === null);
  const at = node?.span ?? holder?.key.span ?? { start: 0, end: 0 };
  const where = pathText(path);
  if (isNull) {
    if (nullable || def.type === 'unknown' || def.type === 'any') return;
    if (where === 'compute') {
      out.push({ code: 'I802', span: holder?.key.span ?? at, message: "'compute: null' fails Cursus's validation (only registry, patterns and spec may be null). Remove the key or give it a map." });
      return;
    }
    out.push({ code: inStringMap ? 'I803' : 'I802', span: holder && node === null ? holder.key.span : at, message: `'${where}' is null; it must be ${expected(def)}.` });
    return;
  }
  switch (def.type) {
    case 'object': {
      if (!isMap(node)) return void out.push({ code: 'I802', span: at, message: `'${where || 'the file'}' must be a map, found ${describe(node)}.` });
      const shape = def.shape as Record<string, z.ZodType>;
      const known = Object.keys(shape).filter((k) => k !== '$schema');
      const present = new Set(node.entries.map(keyText));
      // A misspelt key standing for a missing required one: its I810 with the did-you-mean is the one finding.
      const meant = new Set<string>();
      for (const e of node.entries) {
        const key = keyText(e);
        const child = shape[key];
        if (child) {
          walk(file, child, e.value, [...path, key], out, e);
          continue;
        }
        const suggestions = suggest(key, known.filter((k) => !present.has(k)));
        for (const x of suggestions) meant.add(x.name);
        const original = file.text.slice(e.key.span.start, e.key.span.end);
        out.push({
          code: 'I810',
          span: e.key.span,
          message: `Unknown key '${key}'${where ? ` in '${where}'` : ''}: Cursus ignores it silently.${didYouMean(suggestions)}${suggestions.length ? '' : ` Known keys: ${known.join(', ')}.`}`,
          fixes: renameFixes(e.key.span, suggestions, (n) => requote(original, n)),
        });
      }
      for (const key of known) {
        if (present.has(key) || meant.has(key) || unwrap(shape[key]).optional || path[0] === 'variants') continue;
        out.push({ code: 'I800', span: holder?.key.span ?? firstKey(node), message: `Missing required key '${key}'${where ? ` in '${where}'` : ''}. Add '${key}: ${placeholder(key)}'.` });
      }
      return;
    }
    case 'record': {
      if (!isMap(node)) return void out.push({ code: 'I802', span: at, message: `'${where}' must be a map, found ${describe(node)}.` });
      const value = def.valueType as z.ZodType;
      const stringValues = defOf(unwrap(value).schema).type === 'string';
      for (const e of node.entries) walk(file, value, e.value, [...path, keyText(e)], out, e, stringValues);
      return;
    }
    case 'array': {
      if (!isSeq(node)) return void out.push({ code: 'I802', span: at, message: `'${where}' must be a list, found ${describe(node)}.${isString(node) ? ` Write [${node.value}].` : ''}` });
      node.items.forEach((item, i) => walk(file, def.element as z.ZodType, item, [...path, String(i)], out, undefined));
      return;
    }
    case 'enum': {
      const values = Object.values(def.entries as Record<string, string>);
      if (!isString(node)) return void out.push({ code: 'I801', span: at, message: `'${where}' must be one of ${values.join(', ')}; found ${describe(node)}.` });
      if (values.includes(node.value)) return;
      const suggestions = suggest(node.value, values);
      const original = file.text.slice(node.span.start, node.span.end);
      out.push({
        code: 'I801',
        span: node.span,
        message: `'${where}' is '${node.value}', which Cursus rejects.${didYouMean(suggestions)} Allowed: ${values.join(', ')}.`,
        fixes: renameFixes(node.span, suggestions, (n) => requote(original, n)),
      });
      return;
    }
    case 'string': {
      if (isString(node)) return;
      if (inStringMap && isScalar(node)) {
        const written = file.text.slice(node.span.start, node.span.end);
        const quoted = JSON.stringify(written);
        out.push({
          code: 'I803',
          span: node.span,
          message: `'${where}' is ${describe(node)}; every value of this map must be a string (Cursus rejects an unquoted ${written}). Write it as ${quoted}.`,
          fixes: [{ title: `Quote as ${quoted}`, safe: true, edits: [{ span: node.span, newText: quoted }] }],
        });
        return;
      }
      out.push({ code: inStringMap ? 'I803' : 'I802', span: at, message: `'${where}' must be a string, found ${describe(node)}.` });
      return;
    }
    case 'boolean': {
      if (laxBool(node) === undefined) out.push({ code: 'I802', span: at, message: `'${where}' must be true or false, found ${describe(node)}.` });
      return;
    }
    default:
      return;
  }
}

function expected(def: Def): string {
  switch (def.type) {
    case 'object':
    case 'record':
      return 'a map';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${Object.values(def.entries as Record<string, string>).join(', ')}`;
    default:
      return 'a string';
  }
}

function placeholder(key: string): string {
  const examples: Record<string, string> = { step_type: '<StepName>', contract: '{entry_point: <script>.py}', sagemaker_step_type: 'Processing', flag: '--<name>' };
  return examples[key] ?? '...';
}

function firstKey(map: MapNode): Span {
  return map.entries[0]?.key.span ?? { start: map.span.start, end: map.span.start };
}

/** Cursus's registry loader raises for an interface without `registry.sagemaker_step_type` (and then has no registry at all). */
function checkRegistry(root: MapNode, out: InterfaceIssue[]): void {
  const registry = entry(root, 'registry');
  if (registry && isMap(registry.value)) return; // the walk reports a missing key inside the map
  const span = registry?.key.span ?? entry(root, 'step_type')?.key.span ?? firstKey(root);
  out.push({
    code: 'I800',
    span,
    message: `${registry ? "'registry' is empty" : "No 'registry' section"}: Cursus's registry loader needs registry.sagemaker_step_type and fails for every step when one interface lacks it. Add 'registry: {sagemaker_step_type: Processing}' (or the step's SageMaker kind).`,
  });
}

/** The compute-kind rules of section 1 (and Cursus's ComputeSpec validator). */
function checkCompute(root: MapNode, out: InterfaceIssue[]): void {
  const compute = entry(root, 'compute')?.value;
  if (!isMap(compute)) return;
  const kindEntry = entry(compute, 'kind');
  const kind = isString(kindEntry?.value) ? kindEntry.value.value : undefined;
  if (!kind || !(COMPUTE_KINDS as readonly string[]).includes(kind)) return;
  const has = (key: string) => {
    const v = entry(compute, key)?.value;
    return v !== undefined && v !== null && !(isScalar(v) && (v.value === null || v.value === '' || v.value === false));
  };
  const on = kindEntry!.value!.span;
  const keySpan = (key: string) => entry(compute, key)!.key.span;
  const need = (key: string, kinds: string[], hint: string) => {
    if (kinds.includes(kind) && !has(key)) out.push({ code: 'I804', span: on, message: `compute.kind '${kind}' requires ${key}. Add '${key}: ${hint}'.` });
  };
  const forbid = (key: string, kinds: string[]) => {
    if (!kinds.includes(kind) && has(key)) out.push({ code: 'I804', span: keySpan(key), message: `compute.${key} is allowed only for kind ${kinds.join(' or ')}, not '${kind}'. Remove it or change the kind.` });
  };
  need('sdk_class', ['framework', 'estimator', 'model'], 'PyTorch');
  forbid('sdk_class', ['framework', 'estimator', 'model']);
  need('framework_version_field', ['sklearn', 'xgboost', 'framework', 'estimator', 'model'], 'framework_version');
  need('framework_name', ['model'], 'xgboost');
  forbid('framework_name', ['model']);
  forbid('kms_network', ['script']);
  need('image_uri_field', ['byo_container'], 'image_uri');
  forbid('py_version_field', ['framework', 'estimator', 'model']);
  const mode = entry(compute, 'network_mode')?.value;
  if (isString(mode) && mode.value === 'config' && kind !== 'byo_container' && kind !== 'estimator') {
    out.push({ code: 'I804', span: mode.span, message: `compute.network_mode 'config' is allowed only for kind byo_container or estimator, not '${kind}'. Use 'none' or change the kind.` });
  }
}

/** Every place a contract section is written: the base and each variant's override. */
function contractSections(root: MapNode): { map: MapNode; where: string }[] {
  const out: { map: MapNode; where: string }[] = [];
  const base = entry(root, 'contract')?.value;
  if (isMap(base)) out.push({ map: base, where: 'contract' });
  const variants = entry(root, 'variants')?.value;
  if (isMap(variants)) {
    for (const v of variants.entries) {
      const c = isMap(v.value) ? entry(v.value, 'contract')?.value : undefined;
      if (isMap(c)) out.push({ map: c, where: `variants.${keyText(v)}.contract` });
    }
  }
  return out;
}

/** Container path prefixes (a plain prefix match, skipped for null), as Cursus's InputPort/OutputPort validators. */
function checkPaths(root: MapNode, out: InterfaceIssue[]): void {
  for (const { map, where } of contractSections(root)) {
    for (const [section, prefixes] of [['inputs', INPUT_PATH_PREFIXES], ['outputs', OUTPUT_PATH_PREFIXES]] as const) {
      const ports = entry(map, section)?.value;
      if (!isMap(ports)) continue;
      for (const p of ports.entries) {
        const path = isMap(p.value) ? entry(p.value, 'path')?.value : undefined;
        if (!isString(path) || prefixes.some((x) => path.value.startsWith(x))) continue;
        const fixed = containerFix(path.value, prefixes, section);
        out.push({
          code: 'I805',
          span: path.span,
          message: `${section === 'inputs' ? 'Input' : 'Output'} '${keyText(p)}' (${where}.${section}) has path '${path.value}', which Cursus rejects: ${section} paths must start with ${prefixes.join(', ')}.${fixed ? ` Did you mean '${fixed}'?` : ''}`,
          fixes: fixed ? [{ title: `Change to '${fixed}'`, safe: false, edits: [{ span: path.span, newText: fixed }] }] : [],
        });
      }
    }
  }
}

/** A likely repair of a container path: a missing trailing slash or leading slash. */
function containerFix(path: string, prefixes: readonly string[], section: string): string | undefined {
  if (path === '/opt/ml/processing') return '/opt/ml/processing/';
  if (!path.startsWith('/') && prefixes.some((p) => `/${path}`.startsWith(p))) return `/${path}`;
  const name = path.replace(/\/+$/, '').split('/').pop();
  return name ? `/opt/ml/processing/${section === 'inputs' ? 'input' : 'output'}/${name}` : undefined;
}

function checkEntryPoint(file: AnalysedFile, root: MapNode, out: InterfaceIssue[]): void {
  for (const { map, where } of contractSections(root)) {
    const ep = entry(map, 'entry_point')?.value;
    if (!isString(ep) || ep.value.endsWith('.py')) continue;
    const fixed = `${ep.value.replace(/\.(ipynb|pyc|pyw|sh|txt)$/, '')}.py`;
    const original = file.text.slice(ep.span.start, ep.span.end);
    out.push({
      code: 'I806',
      span: ep.span,
      message: `${where}.entry_point '${ep.value}' must be a .py file (Cursus rejects anything else; use null for a step with no script). Write '${fixed}'.`,
      fixes: [{ title: `Change to '${fixed}'`, safe: false, edits: [{ span: ep.span, newText: requote(original, fixed) }] }],
    });
  }
}

/** Contract inputs and outputs must be spec dependencies and outputs (a subset), base and merged with each variant. */
function checkAlignment(root: MapNode, out: InterfaceIssue[]): void {
  const variants = entry(root, 'variants')?.value;
  const readings: { map: MapNode; jobType?: string }[] = [{ map: root }];
  if (isMap(variants)) for (const v of variants.entries) readings.push({ map: mergedRoot(root, keyText(v)), jobType: keyText(v) });
  for (const { map, jobType } of readings) {
    const contract = entry(map, 'contract')?.value;
    const spec = entry(map, 'spec')?.value;
    if (!isMap(contract)) continue;
    for (const [section, specKey, what] of [['inputs', 'dependencies', 'dependency'], ['outputs', 'outputs', 'output']] as const) {
      const ports = entry(contract, section)?.value;
      if (!isMap(ports)) continue;
      const declared = isMap(spec) ? entry(spec, specKey)?.value : undefined;
      const names = isMap(declared) ? declared.entries.map(keyText) : [];
      if (isMap(spec) && declared !== undefined && !isMap(declared) && !(isScalar(declared) && declared.value === null)) continue; // wrong shape: reported by the walk
      for (const p of ports.entries) {
        const name = keyText(p);
        if (names.includes(name)) continue;
        const suggestions = suggest(name, names.filter((n) => !ports.entries.some((q) => keyText(q) === n)));
        out.push({
          code: 'I807',
          span: p.key.span,
          message: `Contract ${section === 'inputs' ? 'input' : 'output'} '${name}' has no spec ${what} of that name${jobType ? ` (with the '${jobType}' variant applied)` : ''}: Cursus rejects the interface ("Contract ${section} missing from spec ${specKey}"). Add '${name}' under spec.${specKey}.${didYouMean(suggestions)}`,
          fixes: renameFixes(p.key.span, suggestions, (n) => n),
        });
      }
    }
  }
}

/**
 * `compatible_sources` tokens that name no step the project knows: I808 when the token surely never matches a step
 * the project has (a case-only difference, which Cursus warns about too, or a job-type suffix the resolver strips),
 * I812 (information, with did-you-mean) otherwise: real interfaces list generic tokens like DataLoad, and a near
 * name may be a real step of a fuller checkout.
 */
function checkSources(file: AnalysedFile, root: MapNode, project: ProjectView, out: InterfaceIssue[]): void {
  if (!project.hasInterfaces) return;
  const known = project.stepTypes();
  const visit = (spec: YNode | null | undefined) => {
    const deps = isMap(spec) ? entry(spec, 'dependencies')?.value : undefined;
    if (!isMap(deps)) return;
    for (const d of deps.entries) {
      const sources = isMap(d.value) ? entry(d.value, 'compatible_sources')?.value : undefined;
      if (!isSeq(sources)) continue;
      for (const s of sources.items) {
        if (!isString(s) || project.isKnownStepType(s.value)) continue;
        const original = file.text.slice(s.span.start, s.span.end);
        const base = s.value.replace(/[_-](Training|Testing|Validation|Calibration)$/, '');
        if (base !== s.value && project.isKnownStepType(base)) {
          out.push({
            code: 'I808',
            span: s.span,
            message: `compatible_sources '${s.value}' (dependency '${keyText(d)}') never matches: the resolver strips the job-type suffix from the provider's step type before comparing, so a '${base}' provider of any job type is '${base}'. Write '${base}'.`,
            fixes: [{ title: `Change to '${base}'`, safe: false, edits: [{ span: s.span, newText: requote(original, base) }] }],
          });
          continue;
        }
        const caseOnly = known.find((k) => k.toLowerCase() === s.value.toLowerCase());
        const suggestions = caseOnly ? [{ name: caseOnly, rating: 1 }] : suggest(s.value, known);
        // Only a case-only difference is surely a slip; a near name may be a real step this project does not hold.
        const close = caseOnly !== undefined;
        out.push({
          code: close ? 'I808' : 'I812',
          span: s.span,
          message: caseOnly
            ? `compatible_sources '${s.value}' differs from the step type '${caseOnly}' only in case: the resolver compares exactly, so it never matches. Write '${caseOnly}'.`
            : `compatible_sources '${s.value}' (dependency '${keyText(d)}') names no step type this project knows, so no provider ever matches it.${didYouMean(suggestions)}`,
          fixes: renameFixes(s.span, suggestions, (n) => requote(original, n)).map((f) => (caseOnly ? f : { ...f, safe: false })),
        });
      }
    }
  };
  visit(entry(root, 'spec')?.value);
  const variants = entry(root, 'variants')?.value;
  if (isMap(variants)) for (const v of variants.entries) if (isMap(v.value)) visit(entry(v.value, 'spec')?.value);
}

/**
 * A `step_type` that does not lead back to this file by Cursus's name -> file rule. The registry is built from
 * step_type (config class `<step_type>Config`, builder `<step_type>StepBuilder`), and a step's interface is then
 * looked up by name, so such an interface is never loaded and every node of the step fails to build. Only files
 * the project loads as interfaces are judged (a stray `.step.yaml` serves no step anyway).
 */
function checkStepTypeName(file: AnalysedFile, root: MapNode, iface: StepInterface, project: ProjectView, out: InterfaceIssue[]): void {
  const value = entry(root, 'step_type')?.value;
  if (!isString(value) || !value.value || !project.index.interfaces.some((i) => i.file === iface.file)) return;
  const declared = value.value;
  const lookup = project.fileLookup(declared);
  if (lookup.ambiguous || lookup.found?.file === iface.file) return;
  const fromFile = stepTypeOfStem(interfaceFileStem(iface.file));
  const wanted = `${interfaceStem(declared)}.step.yaml`;
  const message = lookup.found
    ? `step_type '${declared}' is the step of ${lookup.found.file}: Cursus finds that file for '${declared}' by its name, so this one is never loaded (was it copied from it?). Set step_type to '${fromFile}', the step this file's name stands for.`
    : `step_type '${declared}' does not name this file: Cursus registers the step as '${declared}' and looks for its interface in ${wanted}, which does not exist, so the step's nodes fail to build. Set step_type to '${fromFile}' (the step this file's name stands for), or rename the file to ${wanted}.`;
  out.push({
    code: 'I813',
    span: value.span,
    message,
    fixes: [{ title: `Change step_type to '${fromFile}'`, safe: false, edits: [{ span: value.span, newText: requote(file.text.slice(value.span.start, value.span.end), fromFile) }] }],
  });
}

/** An entry point whose script the project does not have (script-less and SAIS-delegated steps are skipped). */
function checkScript(iface: StepInterface, project: ProjectView, out: InterfaceIssue[]): void {
  const c = iface.contract;
  if (!c?.entryPoint || c.scriptless || !c.entryPoint.value.endsWith('.py')) return;
  if (project.scriptOfContract(c)) return;
  const name = posix.basename(c.entryPoint.value.replace(/\\/g, '/'), '.py');
  const near = suggest(name, project.scriptNames());
  out.push({
    code: 'I809',
    span: c.entryPoint.span,
    message: `No script ${name}.py in this project for entry_point '${c.entryPoint.value}' (looked in the script folders and every other Python file).${didYouMean(near)} Add the script, or fix the name.`,
  });
}

/** Cursus's SpecificationRegistry rejects a spec with no dependencies and no outputs unless the node is singular. */
function checkEmptySpec(root: MapNode, out: InterfaceIssue[]): void {
  const nodeType = entry(root, 'node_type')?.value;
  if (isString(nodeType) && nodeType.value === 'singular') return;
  const specEntry = entry(root, 'spec');
  const spec = specEntry?.value;
  if (spec !== undefined && spec !== null && !isMap(spec) && !(isScalar(spec) && spec.value === null)) return;
  const count = (key: string) => {
    const m = isMap(spec) ? entry(spec, key)?.value : undefined;
    return isMap(m) ? m.entries.length : 0;
  };
  if (count('dependencies') + count('outputs') > 0) return;
  out.push({
    code: 'I811',
    span: specEntry?.key.span ?? entry(root, 'step_type')?.key.span ?? firstKey(root),
    message: "The spec declares no dependencies and no outputs: Cursus's specification registry rejects such a step unless node_type is singular. Declare its ports under spec, or set 'node_type: singular'.",
  });
}

