/** Which script file and which contract a script spec means: explicit `script_path` first, then by name. */
import { posix } from 'node:path';
import type { ScriptSpecModel } from './model/types.js';
import type { ProjectView, ScriptFile } from './project.js';
import type { ContractInfo } from './contracts/model.js';

export interface Resolution {
  script?: ScriptFile;
  /** The spec's `script_path` when it names a file that does not exist. */
  missingScriptPath?: string;
  contract?: ContractInfo;
}

export function resolveSpec(spec: ScriptSpecModel, project: ProjectView, workspaceRoot?: string): Resolution {
  // `run: false`: a step without a local script; nothing to find, nothing to check against.
  if (spec.provided) return {};
  const name = spec.scriptName?.name;
  const contract = name ? project.contractFor(name) : undefined;
  if (spec.scriptPath) {
    const path = posix.normalize(spec.scriptPath.name.replace(/\\/g, '/'));
    const script = project.index.pythonFile(path);
    return script ? { script, contract: contract ?? project.contractFor(posix.basename(path, '.py')) } : { missingScriptPath: spec.scriptPath.name, contract };
  }
  if (!name) return { contract };
  return { script: project.scriptNamed(name, workspaceRoot), contract };
}
