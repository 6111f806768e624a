/**
 * Reads a Cursus 2.9 step interface (`*.step.yaml`) into the contract model: the contract half (entry point, ports
 * with `required`, env vars, arguments, `job_arguments`, framework requirements) and the specification half
 * (dependencies and outputs with types, aliases, compatible sources, keywords). Job-type variants are applied by
 * deep merge exactly as Cursus's `StepInterface.from_yaml` does. Values are read as written, never guessed: a
 * section of the wrong shape is left empty and noted as unresolved, so rules do not report names against it.
 */
import { LineIndex, type Span } from '../span.js';
import { entry, isMap, isScalar, isSeq, isString, keyText, type MapEntry, type MapNode, type YNode } from '../syntax/ast.js';
import { parseYamlTree } from '../syntax/parse-yaml.js';
import { newContract, type ContractEntry, type ContractField, type ContractInfo, type NamedSpan, type SpecDependency, type SpecOutput } from './model.js';

/** `registry.requires` value of steps whose build is delegated to the SAIS SDK (no local script is checked). */
export const SAIS_SDK = 'secure_ai_sandbox_workflow_python_sdk';

/** The variant sections Cursus merges over the base (`StepInterface.from_yaml`). */
const MERGED_SECTIONS = ['spec', 'contract', 'patterns'] as const;

export interface StepInterfaceProblem {
  message: string;
  span: Span;
  /** A YAML syntax error no small edit repaired: what the parser read past it is a guess. */
  structural?: true;
}

/** Why every contract field of an interface with a structural syntax error counts as unread. */
export const SYNTAX_ERROR_REASON = 'the interface has a YAML syntax error';

/** One `.step.yaml` as found in the project: its tree (for variants and editor features) and its base contract. */
export interface StepInterface {
  /** Project-relative path, forward slashes. */
  file: string;
  /** `step_type` as written, when it is a string. */
  stepType?: string;
  root: YNode | null;
  lines: LineIndex;
  /** The base reading (no variant applied); undefined when the file's top level is not a map. */
  contract?: ContractInfo;
  /** The `variants:` keys (job types), in file order. */
  variants: string[];
  /** Why the file could not be read in full (YAML syntax, size); rules on the file itself report the details. */
  problems: StepInterfaceProblem[];
}

/** A file name that is a step interface by name. */
export function isStepInterfacePath(path: string): boolean {
  return /\.step\.ya?ml$/i.test(path);
}

export function readStepInterface(file: string, text: string): StepInterface {
  const { root, problems } = parseYamlTree(text);
  return stepInterfaceFromTree(file, root, text, problems.map((p) => ({ message: `YAML syntax: ${p.message}`, span: p.span, ...(p.structural ? { structural: true as const } : {}) })));
}

/** The reading of an already parsed `.step.yaml` (the editor has the tree of the open document). */
export function stepInterfaceFromTree(file: string, root: YNode | null, text: string, problems: StepInterfaceProblem[] = []): StepInterface {
  const lines = new LineIndex(text);
  const stepType = isMap(root) ? entry(root, 'step_type')?.value : undefined;
  const variantsNode = isMap(root) ? entry(root, 'variants')?.value : undefined;
  const iface: StepInterface = {
    file,
    stepType: isString(stepType) ? stepType.value : undefined,
    root,
    lines,
    variants: isMap(variantsNode) ? variantsNode.entries.map(keyText) : [],
    problems: root === null && problems.length === 0 ? [{ message: 'The file is empty: a step interface needs step_type and contract.', span: { start: 0, end: 0 } }] : problems,
  };
  if (isMap(root)) iface.contract = contractOf(iface, root, undefined);
  return iface;
}

const variantCache = new WeakMap<StepInterface, Map<string, ContractInfo | undefined>>();

/**
 * The contract for one job type: the variant whose key equals `jobType` exactly (case-sensitive) deep-merged
 * over the base `spec`, `contract` and `patterns`; the base when no variant matches or no job type is known.
 */
export function applyVariant(iface: StepInterface, jobType: string | undefined): ContractInfo | undefined {
  if (!jobType || !isMap(iface.root) || !iface.variants.includes(jobType)) return iface.contract;
  let cache = variantCache.get(iface);
  if (!cache) variantCache.set(iface, (cache = new Map()));
  if (cache.has(jobType)) return cache.get(jobType);
  const merged = mergedRoot(iface.root, jobType);
  const result = contractOf(iface, merged, jobType);
  cache.set(jobType, result);
  return result;
}

/** The top-level map with a variant's sections deep-merged over the base ones (an empty or absent section is skipped). */
export function mergedRoot(root: MapNode, jobType: string): MapNode {
  const variants = entry(root, 'variants')?.value;
  const variant = isMap(variants) ? entry(variants, jobType)?.value : undefined;
  if (!isMap(variant)) return root;
  let out = root;
  for (const section of MERGED_SECTIONS) {
    const over = entry(variant, section)?.value;
    if (!isMap(over) || over.entries.length === 0) continue;
    const base = entry(out, section);
    const merged = isMap(base?.value) ? deepMerge(base.value, over) : over;
    out = withEntry(out, section, merged);
  }
  return out;
}

/** Cursus's `_deep_merge`: maps merge key by key (existing keys keep their place, new ones follow); anything else replaces. */
export function deepMerge(base: MapNode, over: MapNode): MapNode {
  const entries: MapEntry[] = base.entries.map((e) => entryWith(e, e.value));
  for (const o of over.entries) {
    const key = keyText(o);
    const i = lastIndex(entries, key);
    if (i < 0) {
      entries.push(o);
      continue;
    }
    const b = entries[i].value;
    entries[i] = entryWith(entries[i], isMap(b) && isMap(o.value) ? deepMerge(b, o.value) : o.value);
  }
  return mapWith(base, entries);
}

function withEntry(map: MapNode, key: string, value: YNode): MapNode {
  const i = lastIndex(map.entries, key);
  if (i < 0) return mapWith(map, [...map.entries, { key: { kind: 'scalar', value: key, quoted: false, span: value.span }, value, span: value.span }]);
  const entries = [...map.entries];
  entries[i] = entryWith(entries[i], value);
  return mapWith(map, entries);
}

/**
 * A copy of a map with other entries, and of an entry with another value, named field by field: a spread of a
 * compact node (syntax/compact-tree.ts, a file over 1 MiB read by the CLI) would lose `kind` and `span`.
 */
function mapWith(map: MapNode, entries: MapEntry[]): MapNode {
  return { kind: 'map', span: map.span, flow: map.flow, entries };
}

function entryWith(e: MapEntry, value: YNode | null): MapEntry {
  const out: MapEntry = { key: e.key, value, span: e.span };
  if (e.merged) out.merged = true;
  return out;
}

function lastIndex(entries: MapEntry[], key: string): number {
  for (let i = entries.length - 1; i >= 0; i--) if (keyText(entries[i]) === key) return i;
  return -1;
}

/** Pydantic's lax bool: real booleans, 0/1, and the strings it accepts; undefined for anything else. */
export function laxBool(node: YNode | null | undefined): boolean | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (['1', 'on', 't', 'true', 'y', 'yes'].includes(s)) return true;
    if (['0', 'off', 'f', 'false', 'n', 'no'].includes(s)) return false;
  }
  return undefined;
}

function contractOf(iface: StepInterface, root: MapNode, jobType: string | undefined): ContractInfo {
  const at = (span: Span) => iface.lines.position(span.start);
  const stepTypeEntry = entry(root, 'step_type');
  const nameSpan = stepTypeEntry?.value?.span ?? stepTypeEntry?.key.span ?? { start: 0, end: 0 };
  const nameAt = at(nameSpan);
  const info: ContractInfo = {
    ...newContract({ file: iface.file, line: nameAt.line + 1, name: iface.stepType ?? stemOf(iface.file), nameSpan, nameAt, callee: 'StepInterface', dialect: 'step-interface' }),
    jobArguments: [],
    frameworkRequirements: [],
    stepType: iface.stepType,
    variants: iface.variants,
    specification: { dependencies: [], outputs: [] },
    inputSourceOverrides: [],
    skipInputs: [],
    ...(jobType ? { jobType } : {}),
  };
  // Past an unrepaired syntax error the tree is the parser's guess: no name read from it is trusted.
  const broken = iface.problems.find((p) => p.structural);
  if (broken) for (const f of ['expected_input_paths', 'expected_output_paths', 'required_env_vars', 'optional_env_vars', 'expected_arguments'] as const) info.unresolved.push({ field: f, reason: SYNTAX_ERROR_REASON, span: broken.span });
  const nodeType = entry(root, 'node_type')?.value;
  info.nodeType = isString(nodeType) ? nodeType.value : 'internal';
  const registry = entry(root, 'registry')?.value;
  const sm = isMap(registry) ? entry(registry, 'sagemaker_step_type')?.value : undefined;
  if (isString(sm)) info.sagemakerStepType = sm.value;
  const requires = isMap(registry) ? entry(registry, 'requires')?.value : undefined;
  const delegated = isString(requires) && requires.value === SAIS_SDK;

  const note = (field: ContractField, what: string, node: YNode | null | undefined, fallback: Span) =>
    info.unresolved.push({ field, reason: `${what} is not ${field === 'required_env_vars' ? 'a list' : 'a map'}`, span: node?.span ?? fallback });
  const contractEntry = entry(root, 'contract');
  const contract = contractEntry?.value;
  if (!isMap(contract)) {
    const span = contractEntry?.key.span ?? nameSpan;
    for (const f of ['expected_input_paths', 'expected_output_paths', 'required_env_vars', 'optional_env_vars', 'expected_arguments'] as const) {
      info.unresolved.push({ field: f, reason: contractEntry ? 'contract is not a map' : 'the interface has no contract', span });
    }
  } else {
    const ep = entry(contract, 'entry_point');
    if (isString(ep?.value)) info.entryPoint = { value: ep.value.value, span: ep.value.span };
    else if (ep && ep.value !== null && !(isScalar(ep.value) && ep.value.value === null)) info.unresolved.push({ field: 'entry_point', reason: 'entry_point is not a string', span: ep.value?.span ?? ep.key.span });
    info.scriptless = delegated || !info.entryPoint;
    const ports = (key: string, field: ContractField, target: ContractEntry[], withRequired: boolean) => {
      const e = entry(contract, key);
      if (!e || isNull(e.value)) return;
      if (!isMap(e.value)) return note(field, `contract.${key}`, e.value, e.key.span);
      for (const p of e.value.entries) {
        const port: ContractEntry = { name: keyText(p), span: p.key.span, at: at(p.key.span) };
        const path = isMap(p.value) ? entry(p.value, 'path')?.value : undefined;
        port.value = isScalar(path) ? path.value : null;
        if (withRequired) {
          port.required = isMap(p.value) ? (laxBool(entry(p.value, 'required')?.value) ?? true) : true;
          const channels = isMap(p.value) ? entry(p.value, 'channels')?.value : undefined;
          if (isSeq(channels) && channels.items.length) port.channels = channels.items.filter(isString).map((c) => c.value);
        }
        target.push(port);
      }
    };
    ports('inputs', 'expected_input_paths', info.inputs, true);
    ports('outputs', 'expected_output_paths', info.outputs, false);
    const scalarMap = (holder: MapNode, key: string, field: ContractField, target: ContractEntry[]) => {
      const e = entry(holder, key);
      if (!e || isNull(e.value)) return;
      if (!isMap(e.value)) return note(field, key, e.value, e.key.span);
      for (const p of e.value.entries) target.push({ name: keyText(p), span: p.key.span, at: at(p.key.span), value: isScalar(p.value) ? p.value.value : undefined });
    };
    scalarMap(contract, 'arguments', 'expected_arguments', info.args);
    scalarMap(contract, 'framework_requirements', 'framework_requirements', info.frameworkRequirements!);
    const env = entry(contract, 'env_vars');
    if (env && !isNull(env.value)) {
      if (!isMap(env.value)) {
        note('required_env_vars', 'contract.env_vars', env.value, env.key.span);
        note('optional_env_vars', 'contract.env_vars', env.value, env.key.span);
      } else {
        const req = entry(env.value, 'required');
        if (req && !isNull(req.value)) {
          if (!isSeq(req.value)) note('required_env_vars', 'env_vars.required', req.value, req.key.span);
          else for (const item of req.value.items) if (isString(item)) info.requiredEnv.push({ name: item.value, span: item.span, at: at(item.span) });
        }
        scalarMap(env.value, 'optional', 'optional_env_vars', info.optionalEnv);
      }
    }
    const jobArgs = entry(contract, 'job_arguments')?.value;
    if (isSeq(jobArgs)) {
      for (const item of jobArgs.items) {
        const flag = isMap(item) ? entry(item, 'flag')?.value : undefined;
        if (!isString(flag)) continue;
        const source = isMap(item) ? entry(item, 'source')?.value : undefined;
        info.jobArguments!.push({ flag: flag.value, source: isString(source) ? source.value : '', span: flag.span, at: at(flag.span) });
      }
    }
    const description = entry(contract, 'description')?.value;
    if (isString(description)) info.description = description.value;
    const skip = entry(contract, 'skip_inputs')?.value;
    if (isSeq(skip)) info.skipInputs = skip.items.filter(isString).map((s) => s.value);
    const overrides = entry(contract, 'input_source_overrides')?.value;
    if (isMap(overrides)) info.inputSourceOverrides = overrides.entries.map(keyText);
  }
  if (!isMap(contract)) info.scriptless = delegated;

  const spec = entry(root, 'spec')?.value;
  if (isMap(spec)) {
    const deps = entry(spec, 'dependencies')?.value;
    if (isMap(deps)) for (const d of deps.entries) info.specification!.dependencies.push(dependencyOf(d, at));
    const outs = entry(spec, 'outputs')?.value;
    if (isMap(outs)) for (const o of outs.entries) info.specification!.outputs.push(outputOf(o, at));
  }
  return info;
}

function dependencyOf(d: MapEntry, at: (s: Span) => { line: number; character: number }): SpecDependency {
  const m = isMap(d.value) ? d.value : undefined;
  const sources = m ? names(entry(m, 'compatible_sources')?.value) : [];
  return {
    name: keyText(d),
    span: d.key.span,
    at: at(d.key.span),
    type: str(m, 'type') ?? 'processing_output',
    required: (m && laxBool(entry(m, 'required')?.value)) ?? true,
    compatibleSources: sources.map((s) => s.name),
    compatibleSourceRefs: sources,
    semanticKeywords: names(m && entry(m, 'semantic_keywords')?.value).map((s) => s.name),
    dataType: str(m, 'data_type') ?? 'S3Uri',
    ...(str(m, 'description') ? { description: str(m, 'description') } : {}),
  };
}

function outputOf(o: MapEntry, at: (s: Span) => { line: number; character: number }): SpecOutput {
  const m = isMap(o.value) ? o.value : undefined;
  const propertyPath = str(m, 'property_path');
  return {
    name: keyText(o),
    span: o.key.span,
    at: at(o.key.span),
    type: str(m, 'type') ?? 'processing_output',
    aliases: names(m && entry(m, 'aliases')?.value).map((s) => s.name),
    semanticKeywords: names(m && entry(m, 'semantic_keywords')?.value).map((s) => s.name),
    dataType: str(m, 'data_type') ?? 'S3Uri',
    ...(propertyPath !== undefined ? { propertyPath } : {}),
    ...(str(m, 'description') ? { description: str(m, 'description') } : {}),
  };
}

function str(m: MapNode | undefined, key: string): string | undefined {
  const v = m ? entry(m, key)?.value : undefined;
  return isString(v) ? v.value : undefined;
}

function names(node: YNode | null | undefined): NamedSpan[] {
  return isSeq(node) ? node.items.filter(isString).map((s) => ({ name: s.value, span: s.span })) : [];
}

function isNull(node: YNode | null | undefined): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function stemOf(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.step\.ya?ml$/i, '');
}

/** Job arguments as a flat list for code that does not care about sources (`--job_type` -> `job_type`). */
export function flagName(flag: string): string {
  return flag.replace(/^-+/, '').replace(/-/g, '_');
}
