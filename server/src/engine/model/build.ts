/** Reads the typed model out of the tree, leniently: parts of the wrong shape are skipped (schema rules report them). */
import { entry, isMap, isScalar, isSeq, isString, keyText, type MapEntry, type MapNode, type ScalarNode, type YNode } from '../syntax/ast.js';
import { stepInterfaceFromTree } from '../contracts/step-interface.js';
import { readPipelineConfig } from './pipeline-config.js';
import { isLazyCopy } from '../syntax/incremental-yaml.js';
import { Compact } from '../syntax/compact-tree.js';
import type { Span } from '../span.js';
import type { SyntaxProblem } from '../syntax/parse.js';
import type { DagEdge, DagModel, FileKind, NameRef, NodeSpec, PathRef, PipelineModel, ScriptSpecModel, SpecModel, ValueRef } from './types.js';

export function buildModel(kind: FileKind, root: YNode | null, text: string, path = '', problems: SyntaxProblem[] = []): SpecModel {
  const map = isMap(root) ? root : emptyMap();
  switch (kind) {
    case 'script-spec':
    case 'enhanced-script-spec':
      return { kind, script: readScriptSpec(map, firstKeySpan(map), { start: 0, end: text.length }) };
    case 'pipeline-spec':
      return { kind, pipeline: readPipeline(map, text) };
    case 'runtime-config': {
      const pipelineEntry = entry(map, 'pipeline_spec');
      const value = pipelineEntry?.value;
      return { kind, pipelineEntry, pipeline: isMap(value) ? readPipeline(value, text) : undefined };
    }
    case 'step-interface':
      return { kind, iface: stepInterfaceFromTree(path, root, text, problems.filter((p) => p.structural).map((p) => ({ message: `YAML syntax: ${p.message}`, span: p.span, structural: true as const }))) };
    case 'pipeline-config':
      return { kind, config: readPipelineConfig(root, text) };
    case 'dag-file': {
      const dagEntry = entry(map, 'dag');
      const version = entry(map, 'version')?.value;
      return {
        kind,
        dag: dagEntry && isMap(dagEntry.value) ? readDag(dagEntry.value, text, dagEntry) : undefined,
        version: isScalar(version) && version.value !== null ? { value: String(version.value), span: version.span } : undefined,
      };
    }
  }
}

export function readScriptSpec(map: MapNode, fallbackAnchor: { start: number; end: number }, region: { start: number; end: number }): ScriptSpecModel {
  const scriptNameEntry = entry(map, 'script_name');
  const scriptName = scriptNameEntry && isString(scriptNameEntry.value) ? scriptNameRef(scriptNameEntry.value, scriptNameEntry) : undefined;
  const enhanced = Boolean(entry(map, 'input_path_specs') || entry(map, 'output_path_specs'));
  const inputsEntry = entry(map, enhanced ? 'input_path_specs' : 'input_paths') ?? entry(map, 'input_paths');
  const outputsEntry = entry(map, enhanced ? 'output_path_specs' : 'output_paths') ?? entry(map, 'output_paths');
  const envEntry = entry(map, 'environ_vars');
  const jobArgsEntry = entry(map, 'job_args');
  return {
    node: map,
    region,
    anchor: scriptNameEntry ? scriptNameEntry.key.span : fallbackAnchor,
    scriptName,
    stepName: stringRef(entry(map, 'step_name')?.value),
    scriptPath: stringRef(entry(map, 'script_path')?.value),
    provided: providedSpan(entry(map, 'run')),
    enhanced,
    inputs: readPaths(inputsEntry),
    outputs: readPaths(outputsEntry),
    inputsEntry,
    outputsEntry,
    env: readValues(envEntry),
    envEntry,
    jobArgs: readValues(jobArgsEntry),
    jobArgsEntry,
  };
}

/**
 * The model of a spec an edit moved without reading its entries (see lazyCopy in incremental-yaml.ts): its node
 * and region at once, the rest read the first time any of it is asked for. After a keystroke, an analysis asks
 * nothing else of the specs it did not change (their findings are moved), so their trees stay unread copies.
 */
function lazyScriptSpec(map: MapNode, fallbackAnchor: Span, region: Span): ScriptSpecModel {
  const model = Object.create(lazySpecFields()) as ScriptSpecModel & { [ANCHOR]?: Span };
  model.node = map;
  model.region = region;
  model[ANCHOR] = fallbackAnchor;
  return model;
}

/** A lazy model's fallback anchor, until it is read (a symbol: not one of the model's fields). */
const ANCHOR = Symbol('fallback anchor');
let lazyFields: object | undefined;

/** A prototype with a getter for each field readScriptSpec fills but node and region: the first one read fills them all. */
function lazySpecFields(): object {
  if (lazyFields) return lazyFields;
  const proto = {};
  const sample = readScriptSpec(emptyMap(), { start: 0, end: 0 }, { start: 0, end: 0 });
  for (const key of Object.keys(sample) as (keyof ScriptSpecModel)[]) {
    if (key === 'node' || key === 'region') continue;
    Object.defineProperty(proto, key, {
      get(this: ScriptSpecModel) {
        return readLazy(this)[key];
      },
      enumerable: true,
      configurable: true,
    });
  }
  return (lazyFields = proto);
}

function readLazy(model: ScriptSpecModel): ScriptSpecModel {
  const holder = model as ScriptSpecModel & { [ANCHOR]?: Span };
  const full = readScriptSpec(model.node, holder[ANCHOR] ?? model.region, model.region);
  for (const key of Object.keys(full)) if (key !== 'node' && key !== 'region') Object.defineProperty(model, key, { value: full[key as keyof ScriptSpecModel], writable: true, enumerable: true, configurable: true });
  holder[ANCHOR] = undefined;
  return full;
}

function readPaths(holder: MapEntry | undefined): PathRef[] {
  if (!holder || !isMap(holder.value)) return [];
  return holder.value.entries.map((e) => {
    const key = refTo(keyText(e), e.key);
    const v = e.value;
    if (isMap(v)) {
      const logical = entry(v, 'logical_name')?.value;
      const path = entry(v, 'path')?.value;
      const aliases = entry(v, 'aliases')?.value;
      return {
        key,
        logicalName: isString(logical) ? logical.value : key.name,
        path: isString(path) ? valueRef(path) : undefined,
        aliases: isSeq(aliases) ? aliases.items.flatMap((a) => (isString(a) ? [refTo(a.value, a)] : [])) : [],
        entry: e,
      };
    }
    if ((key as object) === e.key) return new PlainPathRef(e);
    return { key, logicalName: key.name, path: isString(v) ? valueRef(v) : undefined, aliases: NO_ALIASES, entry: e };
  });
}

/**
 * A plain path (`name: path`) of a compact tree whose key is its own name (refTo): every field is read from the
 * entry when asked, so the ref is one field instead of five (120,000 paths in a 40,000-node pipeline).
 */
class PlainPathRef implements PathRef {
  constructor(readonly entry: MapEntry) {}

  get key(): NameRef {
    return this.entry.key as unknown as NameRef;
  }

  get logicalName(): string {
    return this.entry.key.value as string;
  }

  get path(): { value: string; span: Span } | undefined {
    const v = this.entry.value;
    return isString(v) ? valueRef(v) : undefined;
  }

  get aliases(): NameRef[] {
    return NO_ALIASES;
  }
}

function scriptNameRef(node: ScalarNode & { value: string }, holder: MapEntry): NameRef & { entry: MapEntry } {
  return node instanceof Compact ? new ScriptNameRef(node.value, node, holder) : { name: node.value, span: node.span, entry: holder };
}

/** The aliases of a plain path (none): one frozen list for all of them, not an empty list per path. */
const NO_ALIASES = Object.freeze([]) as unknown as NameRef[];

function readValues(holder: MapEntry | undefined): ValueRef[] {
  if (!holder || !isMap(holder.value)) return [];
  return holder.value.entries.map((e) => {
    const key = refTo(keyText(e), e.key);
    return (key as object) === e.key ? new EntryValueRef(e) : { key, value: e.value, entry: e };
  });
}

/** The same for an entry of `environ_vars` or `job_args`: its key and value are the entry's. */
class EntryValueRef implements ValueRef {
  constructor(readonly entry: MapEntry) {}

  get key(): NameRef {
    return this.entry.key as unknown as NameRef;
  }

  get value(): YNode | null {
    return this.entry.value;
  }
}

/**
 * A name read from a compact tree (compact-tree.ts: the CLI's reading of a big file) is the scalar it was read
 * from when that holds the name as its string value: such a scalar answers `name` and makes its span when asked
 * (about 12 names a node of a big pipeline: a ref object of 48 bytes and a span object of 40 for each were most of
 * the model's memory). The compact reader keeps every key as its text (cst-tree.ts), so keys and string values
 * are always such scalars; a name read otherwise (not the node's own string) would keep the node in an object of
 * its own (NodeRef), a fallback. Never spread such a ref ({ ...ref } has no span, nor name): make a new object
 * naming its fields.
 */
class NodeRef {
  constructor(
    readonly name: string,
    private readonly at: Compact,
  ) {}

  get span(): Span {
    return this.at.span;
  }
}

/** `script_name`'s value: its name, span and entry (the entry is not put on the scalar, which is the tree's). */
class ScriptNameRef extends NodeRef {
  constructor(
    name: string,
    at: Compact,
    readonly entry: MapEntry,
  ) {
    super(name, at);
  }
}

/** The name `name` written at `node`: plain, the node itself when it is a compact scalar holding the name, else bound to the node. */
function refTo(name: string, node: YNode): NameRef {
  if (!(node instanceof Compact)) return { name, span: node.span };
  return node.kind === 'scalar' && node.value === name ? (node as unknown as NameRef) : new NodeRef(name, node);
}

/** A string scalar's `{ value, span }` (a path written in a spec): a compact scalar is one already. */
function valueRef(node: ScalarNode & { value: string }): { value: string; span: Span } {
  return node instanceof Compact ? node : { value: node.value, span: node.span };
}

/**
 * Models of tree parts already read. Trees are never changed once built, and an edit's tree shares every part
 * before the edit with the last one (and parts whose text and place did not change): those keep their models.
 */
const specOfEntry = new WeakMap<MapEntry, NodeSpec>();
const dagOfMap = new WeakMap<MapNode, DagModel>();

function readPipeline(map: MapNode, text: string): PipelineModel {
  const dagEntry = entry(map, 'dag');
  const specsEntry = entry(map, 'script_specs');
  const specs = isMap(specsEntry?.value)
    ? specsEntry.value.entries.map((e) => {
        let spec = specOfEntry.get(e);
        if (!spec) {
          // A moved spec's entry is new at every keystroke: its lazy model is not worth remembering by entry.
          const lazy = isMap(e.value) && isLazyCopy(e.value);
          spec = { node: refTo(keyText(e), e.key), entry: e, spec: isMap(e.value) ? (lazy ? lazyScriptSpec(e.value, e.key.span, e.span) : readScriptSpec(e.value, e.key.span, e.span)) : undefined };
          if (!lazy) specOfEntry.set(e, spec);
        }
        return spec;
      })
    : [];
  let dag = dagEntry && isMap(dagEntry.value) ? dagOfMap.get(dagEntry.value) : undefined;
  if (dag && dag.key !== dagEntry?.key) dag = undefined;
  if (!dag && dagEntry && isMap(dagEntry.value)) dagOfMap.set(dagEntry.value, (dag = readDag(dagEntry.value, text, dagEntry)));
  return {
    node: map,
    dag,
    specs,
    specsEntry,
    workspaceRoot: stringRef(entry(map, 'test_workspace_root')?.value),
    pipelineConfig: stringRef(entry(map, 'pipeline_config')?.value),
  };
}

export function readDag(map: MapNode, text: string, holder?: MapEntry): DagModel {
  const nodesEntry = entry(map, 'nodes');
  const edgesEntry = entry(map, 'edges');
  const nodes: NameRef[] = isSeq(nodesEntry?.value)
    ? nodesEntry.value.items.flatMap((n) => (isString(n) ? [refTo(n.value, n)] : []))
    : [];
  const edges: DagEdge[] = [];
  if (isSeq(edgesEntry?.value)) {
    edgesEntry.value.items.forEach((item, index) => {
      const edge = readEdge(item, text, index);
      if (edge) edges.push(edge);
    });
  }
  return { node: map, nodes, edges, nodesEntry, edgesEntry, key: holder?.key };
}

function readEdge(item: YNode, text: string, index: number): DagEdge | undefined {
  if (isSeq(item) && item.items.length === 2 && isString(item.items[0]) && isString(item.items[1])) {
    const [a, b] = item.items as [YNode & { value: string }, YNode & { value: string }];
    return { src: refTo(a.value, a), dst: refTo(b.value, b), span: item.span, index };
  }
  if (isMap(item)) {
    const a = entry(item, 'from')?.value;
    const b = entry(item, 'to')?.value;
    if (isString(a) && isString(b)) return { src: refTo(a.value, a), dst: refTo(b.value, b), span: item.span, index };
    return undefined;
  }
  if (isString(item)) return readArrowEdge(item.value, item.span, text, index);
  return undefined;
}

/** `"a -> b"`: each side's span is found in the source text when the scalar was written without escapes. */
function readArrowEdge(value: string, span: { start: number; end: number }, text: string, index: number): DagEdge | undefined {
  const arrow = value.indexOf('->');
  if (arrow < 0) return undefined;
  const srcName = value.slice(0, arrow).trim();
  const dstName = value.slice(arrow + 2).trim();
  if (!srcName || !dstName) return undefined;
  const source = text.slice(span.start, span.end);
  const inner = source.indexOf(value) >= 0 ? span.start + source.indexOf(value) : -1;
  const locate = (name: string, from: number) => {
    if (inner < 0) return span;
    const at = value.indexOf(name, from);
    return { start: inner + at, end: inner + at + name.length };
  };
  return { src: { name: srcName, span: locate(srcName, 0) }, dst: { name: dstName, span: locate(dstName, arrow + 2) }, span, index };
}

function providedSpan(e: MapEntry | undefined) {
  return e && isScalar(e.value) && e.value.value === false ? e.span : undefined;
}

function stringRef(node: YNode | null | undefined): NameRef | undefined {
  return isString(node) ? refTo(node.value, node) : undefined;
}

function firstKeySpan(map: MapNode) {
  return map.entries[0]?.key.span ?? { start: map.span.start, end: map.span.start };
}

function emptyMap(): MapNode {
  return { kind: 'map', span: { start: 0, end: 0 }, flow: false, entries: [] };
}

/** The pipeline and DAG a model holds, whatever its kind. */
export function pipelineOf(model: SpecModel): PipelineModel | undefined {
  return model.kind === 'pipeline-spec' ? model.pipeline : model.kind === 'runtime-config' ? model.pipeline : undefined;
}

export function dagOf(model: SpecModel): DagModel | undefined {
  return model.kind === 'dag-file' ? model.dag : pipelineOf(model)?.dag;
}

/** Every script spec in the file with the name of its node (undefined for a lone script spec). */
export function scriptSpecsOf(model: SpecModel): readonly { node?: NameRef; spec: ScriptSpecModel }[] {
  let list = specsOfModel.get(model);
  if (!list) specsOfModel.set(model, (list = listSpecs(model)));
  return list;
}

/** Models are never changed once built: each one's list is made once (an analysis asks for it several times). */
const specsOfModel = new WeakMap<SpecModel, readonly { node?: NameRef; spec: ScriptSpecModel }[]>();

function listSpecs(model: SpecModel): readonly { node?: NameRef; spec: ScriptSpecModel }[] {
  if (model.kind === 'script-spec' || model.kind === 'enhanced-script-spec') return [{ spec: model.script }];
  const pipeline = pipelineOf(model);
  const out: { node?: NameRef; spec: ScriptSpecModel }[] = [];
  // The pipeline's own entries serve (each has node and spec): no second object per spec.
  if (pipeline) for (const s of pipeline.specs) if (s.spec) out.push(s as { node: NameRef; spec: ScriptSpecModel });
  return out;
}
