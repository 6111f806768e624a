/** Logical-name matching over every edge of a pipeline: the matches, the near miss, and what each input is fed by. */
import type { DagEdge, PipelineModel, ScriptSpecModel } from '../model/types.js';
import { bestNearMiss, findPathMatches, type NearMiss, type PathEnd, type PathMatch } from './path-matcher.js';

export interface EdgeMatch {
  edge: DagEdge;
  source?: ScriptSpecModel;
  target?: ScriptSpecModel;
  matches: PathMatch[];
  nearMiss?: NearMiss;
}

export function pathEnds(spec: ScriptSpecModel, direction: 'inputs' | 'outputs'): PathEnd[] {
  return spec[direction].map((p) => ({ key: p.key.name, logicalName: p.logicalName, aliases: p.aliases.map((a) => a.name) }));
}

const cache = new WeakMap<PipelineModel, { threshold: number; edges: EdgeMatch[] }>();

/** Matches for each edge whose two ends have specs; computed once per pipeline model and threshold. */
export function matchEdges(pipeline: PipelineModel, threshold: number): EdgeMatch[] {
  const hit = cache.get(pipeline);
  if (hit && hit.threshold === threshold) return hit.edges;
  const specs = new Map(pipeline.specs.map((s) => [s.node.name, s.spec]));
  const edges = (pipeline.dag?.edges ?? []).map((edge) => {
    const source = specs.get(edge.src.name);
    const target = specs.get(edge.dst.name);
    if (!source || !target) return { edge, source, target, matches: [] };
    const outs = pathEnds(source, 'outputs');
    const ins = pathEnds(target, 'inputs');
    const matches = findPathMatches(outs, ins, threshold);
    return { edge, source, target, matches, nearMiss: matches.length ? undefined : bestNearMiss(outs, ins) };
  });
  cache.set(pipeline, { threshold, edges });
  return edges;
}
