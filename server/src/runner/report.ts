/** The result of a run, in the shape of Cursus's pipeline test results (plus what Cursus does not tell). */

export interface Frame {
  file: string;
  line: number | null;
  name: string;
  code?: string;
}

/** `provided`: a step with no local script (`run: false`) whose outputs hold the data the user provides. */
export type NodeStatus = 'passed' | 'provided' | 'failed' | 'timeout' | 'missing-input' | 'refused' | 'skipped' | 'cancelled';

export interface NodeResult {
  script_name: string;
  success: boolean;
  error_message: string | null;
  execution_time: number;
  has_main_function: boolean;
  /** How the harness loaded the script: `standalone` like Cursus, or `package` (siblings importable, ancestor `__init__.py` not run); null when it did not get that far. */
  loaded_as?: 'standalone' | 'package' | null;
  status: NodeStatus;
  /** Reused from an earlier run with the same script, contract, spec and inputs. */
  cached: boolean;
  traceback: Frame[];
  stdout_tail: string;
  stderr_tail: string;
  /** Valid files each output folder holds after the run. */
  outputs: Record<string, string[]>;
  /** Inputs whose content the script changed (the runner itself never writes them). */
  inputs_modified: string[];
  /** Inputs that had no data, so the script did not run. */
  missing_inputs: string[];
  skipped_because?: string;
  /** What the user should know although the step passed (a process left running, an input restored). */
  notes: string[];
  /** Processes of this step's run that the runner killed, as `pid (command)`. */
  processes_killed: string[];
  /** Processes of this step's run that could not be killed and are still running. */
  processes_surviving: string[];
}

export interface EdgeResult {
  script_a: string;
  script_b: string;
  compatible: boolean;
  compatibility_issues: string[];
  data_format_a: string | null;
  data_format_b: string | null;
  matches: { output: string; input: string; match_type: string; confidence: number }[];
}

export interface RunReport {
  pipeline_success: boolean;
  /** The run was cancelled (Ctrl-C, a signal, the editor's cancel, the editor going away) before it finished. */
  cancelled: boolean;
  execution_order: string[];
  script_results: Record<string, NodeResult>;
  data_flow_results: Record<string, EdgeResult>;
  errors: string[];
  stats: { executed: number; cached: number; skipped: number; failed: number; cancelled: number; wall_time: number };
}

/** Hidden, temporary, backup, lock, log and cache files are not outputs (as Cursus skips them); nor are empty files. */
export function isValidOutputFile(name: string, size: number): boolean {
  if (size === 0 || name.startsWith('.')) return false;
  if (/(~|\.tmp|\.temp|\.bak|\.backup|\.orig|\.swp|\.lock|\.log|\.pyc)$/i.test(name)) return false;
  return true;
}
