/** What the last run of a spec found, as the engine sees it: plain records the R7xx rules turn into findings. */

export interface RunFrame {
  /** Project-relative path when the file is inside the project, else absolute. */
  file: string;
  line: number | null;
  name: string;
}

export interface NodeRun {
  status: 'passed' | 'provided' | 'failed' | 'timeout' | 'missing-input' | 'refused' | 'skipped' | 'cancelled';
  error_message: string | null;
  traceback: RunFrame[];
  missing_inputs: string[];
  cached: boolean;
  execution_time: number;
  /** The spec, script or contract changed since the run: its findings no longer describe the file. */
  stale: boolean;
}

export interface EdgeRun {
  compatible: boolean;
  issues: string[];
  stale: boolean;
}

export interface RunMemory {
  /** By node name (a lone script spec: its step_name, else its script_name). */
  nodes: Record<string, NodeRun>;
  /** By `src->dst`. */
  edges: Record<string, EdgeRun>;
}

/** The node name a lone script spec runs under. */
export function loneSpecName(stepName: string | undefined, scriptName: string | undefined): string {
  return stepName ?? scriptName ?? 'script';
}
