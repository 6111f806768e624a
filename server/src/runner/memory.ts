/** A run report as the engine's RunMemory: traceback paths made project-relative, nothing stale yet. */
import { isAbsolute, relative } from 'node:path';
import type { RunMemory } from '../engine/index.js';
import type { RunReport } from './report.js';

export function toMemory(report: RunReport, root: string): RunMemory {
  const rel = (file: string) => {
    const r = relative(root, file);
    return r.startsWith('..') || isAbsolute(r) ? file : r.split('\\').join('/');
  };
  const nodes: RunMemory['nodes'] = {};
  for (const [name, r] of Object.entries(report.script_results)) {
    nodes[name] = {
      status: r.status,
      error_message: r.error_message,
      traceback: r.traceback.map((f) => ({ file: rel(f.file), line: f.line, name: f.name })),
      missing_inputs: r.missing_inputs,
      cached: r.cached,
      execution_time: r.execution_time,
      stale: false,
    };
  }
  const edges: RunMemory['edges'] = {};
  for (const [key, f] of Object.entries(report.data_flow_results)) edges[key] = { compatible: f.compatible, issues: f.compatibility_issues, stale: false };
  return { nodes, edges };
}
