/**
 * The contract model: what a step's script expects (ports, env vars, arguments) and, for step interfaces, how the
 * step plugs into a pipeline (dependencies, outputs, types, aliases). Two readers fill it: `python.ts` (2025
 * `ScriptContract(...)` assignments) and `step-interface.ts` (Cursus 2.9 `.step.yaml`). Rules, completion and hover
 * read only this model; a rule that must ask which dialect a contract came from points at a missing field here.
 */
import type { Position, Span } from '../span.js';

/** The Python contract's field names; a step interface's fields map onto them (inputs -> expected_input_paths...). */
export const CONTRACT_FIELDS = [
  'entry_point',
  'expected_input_paths',
  'expected_output_paths',
  'required_env_vars',
  'optional_env_vars',
  'expected_arguments',
  'framework_requirements',
  'description',
] as const;

export type ContractField = (typeof CONTRACT_FIELDS)[number];

/** One declared name of a contract: a logical path, an env var or an argument, with where it is written. */
export interface ContractEntry {
  name: string;
  span: Span;
  /** Zero-based line and column of the name, for pointing at it from other files. */
  at: Position;
  /** The container path, the default value or the argument's value, when it is a literal. */
  value?: string | number | boolean | null;
  /** Inputs only: false when the step runs without it (step interfaces; Python contracts have no such notion). */
  required?: boolean;
  /** Inputs only: SageMaker training sub-channels the input fans out into (`[train, val, test]`). */
  channels?: string[];
}

/** One `job_arguments` entry of a step interface: a CLI flag the script accepts and the config field feeding it. */
export interface JobArgument {
  flag: string;
  source: string;
  span: Span;
  at: Position;
}

/** A name written in a list (a `compatible_sources` token, an alias), with where. */
export interface NamedSpan {
  name: string;
  span: Span;
}

export const DEPENDENCY_TYPES = ['model_artifacts', 'processing_output', 'training_data', 'hyperparameters', 'payload_samples', 'custom_property'] as const;
export type DependencyType = (typeof DEPENDENCY_TYPES)[number];

export const NODE_TYPES = ['source', 'internal', 'sink', 'singular'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** One dependency of a step's specification: an input the DAG must feed (unless optional or fed otherwise). */
export interface SpecDependency {
  name: string;
  span: Span;
  at: Position;
  /** The declared type (Cursus's default `processing_output` when absent). Kept as written when not a known type. */
  type: string;
  required: boolean;
  compatibleSources: string[];
  /** The same tokens with where each is written. */
  compatibleSourceRefs: NamedSpan[];
  semanticKeywords: string[];
  dataType: string;
  description?: string;
}

/** One output of a step's specification: what downstream steps can be fed from. */
export interface SpecOutput {
  name: string;
  span: Span;
  at: Position;
  type: string;
  aliases: string[];
  semanticKeywords: string[];
  dataType: string;
  propertyPath?: string;
  description?: string;
}

export interface StepSpecification {
  dependencies: SpecDependency[];
  outputs: SpecOutput[];
}

export interface ContractInfo {
  /** Project-relative path of the contract file (forward slashes). */
  file: string;
  /** 1-based line of the assignment (Python) or of `step_type` (step interface). */
  line: number;
  /** The contract's variable name (Python) or the step type (step interface). */
  name: string;
  nameSpan: Span;
  nameAt: Position;
  /** The constructor called (`ScriptContract`...) or `StepInterface`. */
  callee: string;
  entryPoint?: { value: string; span: Span };
  inputs: ContractEntry[];
  outputs: ContractEntry[];
  requiredEnv: ContractEntry[];
  optionalEnv: ContractEntry[];
  args: ContractEntry[];
  description?: string;
  unresolved: { field: ContractField | 'arguments'; reason: string; span: Span }[];
  /** `static` from a reader, `executed` when Python imported the module and dumped the values. */
  source: 'static' | 'executed';
  /** Which reader filled it. */
  dialect: 'python' | 'step-interface';
  /** `job_arguments` flags (step interfaces). */
  jobArguments?: JobArgument[];
  frameworkRequirements?: ContractEntry[];
  /** The step type this contract describes (step interfaces: `step_type`). */
  stepType?: string;
  nodeType?: NodeType | string;
  /** `registry.sagemaker_step_type` (Processing, Training, ...). */
  sagemakerStepType?: string;
  /** The job types with a variant (`variants:` keys), in file order. */
  variants?: string[];
  /** The variant merged into this reading, when one was applied. */
  jobType?: string;
  specification?: StepSpecification;
  /** True when the step has no local script: a null `entry_point`, or delegated to the SAIS SDK (`registry.requires`). */
  scriptless?: boolean;
  /** Dependencies fed from the step's configuration instead of the DAG (`input_source_overrides` keys). */
  inputSourceOverrides?: string[];
  /** Dependencies the script loads itself, never wired (`skip_inputs`). */
  skipInputs?: string[];
}

/** A contract as a reader starts it: where it is and what it is called, with every list still empty. */
export function newContract(head: Pick<ContractInfo, 'file' | 'line' | 'name' | 'nameSpan' | 'nameAt' | 'callee' | 'dialect'>): ContractInfo {
  return { ...head, inputs: [], outputs: [], requiredEnv: [], optionalEnv: [], args: [], unresolved: [], source: 'static' };
}

/** True when the static reader could read every entry of that field (so "unknown name" findings are trustworthy). */
export function isResolved(c: ContractInfo, field: ContractField): boolean {
  return !c.unresolved.some((u) => u.field === field || u.field === 'arguments');
}

/** Required dependencies that need an upstream provider in the DAG (CURSUS-TODAY section 8: overrides and skips do not). */
export function dependenciesNeedingProvider(c: ContractInfo): SpecDependency[] {
  const fedElsewhere = new Set([...(c.inputSourceOverrides ?? []), ...(c.skipInputs ?? [])]);
  return (c.specification?.dependencies ?? []).filter((d) => d.required && !fedElsewhere.has(d.name));
}

/**
 * Whether a script can run without an input: optional in the interface (`required: false` on the contract input
 * or its spec dependency), or a `skip_inputs` dependency the script loads itself. An `input_source_overrides`
 * input is still mounted (its source is the configuration), so the script still reads it.
 */
export function isOptionalInput(c: ContractInfo, name: string): boolean {
  const input = c.inputs.find((e) => e.name === name);
  if (input?.required === false) return true;
  const dep = c.specification?.dependencies.find((d) => d.name === name);
  if (dep && !dep.required) return true;
  return Boolean(c.skipInputs?.includes(name));
}
