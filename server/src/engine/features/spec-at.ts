/** Which script spec a cursor path points into, and what remains of the path inside it. */
import { pipelineOf } from '../model/build.js';
import type { NodeSpec, ScriptSpecModel, SpecModel } from '../model/types.js';

export interface SpecAt {
  /** The DAG node the spec belongs to (pipelines), if any. */
  node?: string;
  spec?: ScriptSpecModel;
  nodeSpec?: NodeSpec;
  /** The path inside the spec (`['input_paths']`), or undefined when the path is not inside a spec. */
  rest?: string[];
  /** The path with a runtime configuration's `pipeline_spec` prefix removed. */
  pipelinePath: string[];
}

export function specAt(model: SpecModel, path: string[]): SpecAt {
  const p = model.kind === 'runtime-config' && path[0] === 'pipeline_spec' ? path.slice(1) : path;
  if (model.kind === 'script-spec' || model.kind === 'enhanced-script-spec') return { spec: model.script, rest: p, pipelinePath: p };
  const pipeline = pipelineOf(model);
  if (pipeline && p[0] === 'script_specs' && p.length >= 2) {
    const nodeSpec = pipeline.specs.find((s) => s.node.name === p[1]);
    return { node: p[1], spec: nodeSpec?.spec, nodeSpec, rest: p.slice(2), pipelinePath: p };
  }
  return { pipelinePath: p };
}
