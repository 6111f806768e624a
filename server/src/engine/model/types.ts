/** The typed reading of a spec file: what each part means, with the offsets of every name and value. */
import type { Span } from '../span.js';
import type { MapEntry, MapNode, ScalarNode, YNode } from '../syntax/ast.js';
import type { FileKind } from '../schema/schemas.js';
import type { StepInterface } from '../contracts/step-interface.js';
import type { PipelineConfigModel } from './pipeline-config.js';

export type { FileKind };

/** A name written somewhere in the file. */
export interface NameRef {
  name: string;
  span: Span;
}

/** One logical path of a script spec (plain `input_paths` entry or enhanced `input_path_specs` entry). */
export interface PathRef {
  /** The key in the map. */
  key: NameRef;
  /** The logical name used for matching (the key, or `logical_name` in an enhanced spec). */
  logicalName: string;
  path?: { value: string; span: Span };
  aliases: NameRef[];
  entry: MapEntry;
}

/** A key-value entry of `environ_vars` or `job_args`. */
export interface ValueRef {
  key: NameRef;
  value: YNode | null;
  entry: MapEntry;
}

export interface ScriptSpecModel {
  node: MapNode;
  /** The text this spec's findings depend on: its `script_specs` entry (key and value), or the whole lone spec. */
  region: Span;
  /** Where spec-level findings go when there is no better place: `script_name`'s key, else the spec's own key. */
  anchor: Span;
  scriptName?: NameRef & { entry: MapEntry };
  stepName?: NameRef;
  scriptPath?: NameRef;
  /** `run: false`: a step with no local script; never run, its outputs are provided data. */
  provided?: Span;
  enhanced: boolean;
  inputs: PathRef[];
  outputs: PathRef[];
  inputsEntry?: MapEntry;
  outputsEntry?: MapEntry;
  env: ValueRef[];
  envEntry?: MapEntry;
  jobArgs: ValueRef[];
  jobArgsEntry?: MapEntry;
}

export interface DagEdge {
  src: NameRef;
  dst: NameRef;
  /** The whole edge item. */
  span: Span;
  index: number;
}

export interface DagModel {
  node: MapNode;
  nodes: NameRef[];
  edges: DagEdge[];
  nodesEntry?: MapEntry;
  edgesEntry?: MapEntry;
  /** The key holding the DAG (`dag:`). */
  key?: ScalarNode;
}

export interface NodeSpec {
  node: NameRef;
  entry: MapEntry;
  spec?: ScriptSpecModel;
}

export interface PipelineModel {
  node: MapNode;
  dag?: DagModel;
  specs: NodeSpec[];
  specsEntry?: MapEntry;
  workspaceRoot?: NameRef;
  /** `pipeline_config`: the Cursus 2.9 pipeline configuration this pipeline is checked against. */
  pipelineConfig?: NameRef;
}

export type SpecModel =
  | { kind: 'script-spec' | 'enhanced-script-spec'; script: ScriptSpecModel }
  | { kind: 'pipeline-spec'; pipeline: PipelineModel }
  | { kind: 'runtime-config'; pipeline?: PipelineModel; pipelineEntry?: MapEntry }
  | { kind: 'dag-file'; dag?: DagModel; version?: { value: string; span: Span } }
  | { kind: 'step-interface'; iface: StepInterface }
  | { kind: 'pipeline-config'; config: PipelineConfigModel };
