/** Values of a contract read by executing Python (the runner's harness), merged over the static reading. */
import type { ContractEntry, ContractInfo } from './model.js';

/** One contract as the harness dumped it: plain JSON values. */
export interface ExecutedContract {
  file: string;
  name: string;
  entry_point?: unknown;
  expected_input_paths?: unknown;
  expected_output_paths?: unknown;
  required_env_vars?: unknown;
  optional_env_vars?: unknown;
  expected_arguments?: unknown;
  description?: unknown;
  framework_requirements?: unknown;
}

/** The executed values replace the static ones; names the static reader had keep their positions. */
export function mergeExecuted(info: ContractInfo, executed: ExecutedContract): ContractInfo {
  const place = (name: string, known: ContractEntry[]) => {
    const k = known.find((e) => e.name === name);
    return { span: k?.span ?? info.nameSpan, at: k?.at ?? info.nameAt };
  };
  const entries = (value: unknown, known: ContractEntry[]): ContractEntry[] => {
    const map = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    return Object.entries(map).map(([name, v]) => ({ name, ...place(name, known), value: scalar(v) }));
  };
  const list = (value: unknown, known: ContractEntry[]): ContractEntry[] =>
    (Array.isArray(value) ? value : []).map((name) => ({ name: String(name), ...place(String(name), known) }));
  return {
    ...info,
    entryPoint: typeof executed.entry_point === 'string' ? { value: executed.entry_point, span: info.entryPoint?.span ?? info.nameSpan } : info.entryPoint,
    inputs: entries(executed.expected_input_paths, info.inputs),
    outputs: entries(executed.expected_output_paths, info.outputs),
    requiredEnv: list(executed.required_env_vars, info.requiredEnv),
    optionalEnv: entries(executed.optional_env_vars, info.optionalEnv),
    args: entries(executed.expected_arguments, info.args),
    frameworkRequirements: executed.framework_requirements === undefined ? info.frameworkRequirements : entries(executed.framework_requirements, info.frameworkRequirements ?? []),
    description: typeof executed.description === 'string' ? executed.description : info.description,
    unresolved: [],
    source: 'executed',
  };
}

function scalar(v: unknown): string | number | boolean | null | undefined {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : undefined;
}
