/** Which script file and which contract a script spec means: explicit `script_path` first, then by name. */
import { posix } from 'node:path';
import type { ScriptSpecModel } from './model/types.js';
import type { ProjectView, ScriptFile } from './project.js';
import type { ContractInfo } from './contracts/model.js';
import { JOB_TYPE_SUFFIXES } from './contracts/naming.js';
import { resolveNodeStep } from './dag/wiring.js';

export interface Resolution {
  script?: ScriptFile;
  /** The spec's `script_path` when it names a file that does not exist. */
  missingScriptPath?: string;
  contract?: ContractInfo;
}

/**
 * The spec's script and contract. A step interface's contract comes with the variant of the spec's job type
 * applied: through its node's step when the node resolves to one, else by the script's name with `job_args.job_type`
 * (or the node name's job-type suffix) choosing the variant.
 */
export function resolveSpec(spec: ScriptSpecModel, project: ProjectView, workspaceRoot?: string, node?: string): Resolution {
  // `run: false`: a step without a local script; nothing to find, nothing to check against.
  if (spec.provided) return {};
  const name = spec.scriptName?.name;
  const jobType = jobTypeOf(spec, node);
  const forJob = (c: ContractInfo | undefined) => (c ? project.withJobType(c, jobType) : c);
  const contract = (name ? stepContract(spec, name, project) : undefined) ?? forJob(name ? project.contractFor(name) : undefined);
  if (spec.scriptPath) {
    const path = posix.normalize(spec.scriptPath.name.replace(/\\/g, '/'));
    const script = project.index.pythonFile(path);
    return script ? { script, contract: contract ?? forJob(project.contractFor(posix.basename(path, '.py'))) } : { missingScriptPath: spec.scriptPath.name, contract };
  }
  if (!name) return { contract };
  return { script: project.scriptNamed(name, workspaceRoot), contract };
}

/** The job type a spec runs as: its `job_args.job_type` when a string, else a known job-type suffix of its node. */
export function jobTypeOf(spec: ScriptSpecModel, node?: string): string | undefined {
  const arg = spec.jobArgs.find((v) => v.key.name === 'job_type')?.value;
  if (arg && arg.kind === 'scalar' && typeof arg.value === 'string') return arg.value;
  const suffix = node?.includes('_') ? node.slice(node.lastIndexOf('_') + 1) : undefined;
  return suffix && (JOB_TYPE_SUFFIXES as readonly string[]).includes(suffix) ? suffix : undefined;
}

/**
 * A step interface's contract for the spec's step: its `step_name` (the DAG node) resolves, as Cursus 2.9 resolves
 * node names, to an interface whose entry point is this script; with the variant of the node's job type applied.
 */
function stepContract(spec: ScriptSpecModel, name: string, project: ProjectView): ContractInfo | undefined {
  const node = spec.stepName?.name;
  if (!node || !project.hasInterfaces) return undefined;
  const step = resolveNodeStep(node, project);
  const entry = step.contract?.entryPoint?.value.replace(/\\/g, '/').replace(/^.*\//, '').replace(/\.py$/, '');
  return step.strategy === 'step-interface' && entry === name ? step.contract : undefined;
}
