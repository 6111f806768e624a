/** Logical-name matching over every edge of a pipeline: the matches, the near miss, and what each input is fed by. */
import type { DagEdge, PipelineModel, ScriptSpecModel } from '../model/types.js';
import type { AnalysisCache } from '../cache.js';
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

const perModel = new WeakMap<PipelineModel, { threshold: number; edges: EdgeMatch[] }>();

/**
 * Matches for each edge whose two ends have specs; computed once per pipeline model and threshold, and with
 * an analysis cache once per pair of specs' names and paths (an edit elsewhere reuses them).
 */
export function matchEdges(pipeline: PipelineModel, threshold: number, cache?: AnalysisCache): EdgeMatch[] {
  const hit = perModel.get(pipeline);
  if (hit && hit.threshold === threshold) return hit.edges;
  const specs = new Map(pipeline.specs.map((s) => [s.node.name, s.spec]));
  const edges = (pipeline.dag?.edges ?? []).map((edge) => {
    const source = specs.get(edge.src.name);
    const target = specs.get(edge.dst.name);
    if (!source || !target) return { edge, source, target, matches: [] };
    const outs = pathEnds(source, 'outputs');
    const ins = pathEnds(target, 'inputs');
    const compute = () => {
      const matches = findPathMatches(outs, ins, threshold);
      return { matches, nearMiss: matches.length ? undefined : bestNearMiss(outs, ins) };
    };
    const found = cache ? cache.get(`${JSON.stringify(outs)}|${JSON.stringify(ins)}`, `edge|${threshold}`, 0, compute, (v) => v) : compute();
    return { edge, source, target, ...found };
  });
  perModel.set(pipeline, { threshold, edges });
  return edges;
}

/** Edges by their target node, for "what feeds this step" questions. */
export function incomingByNode(edges: EdgeMatch[]): Map<string, EdgeMatch[]> {
  const map = new Map<string, EdgeMatch[]>();
  for (const e of edges) {
    const list = map.get(e.edge.dst.name);
    if (list) list.push(e);
    else map.set(e.edge.dst.name, [e]);
  }
  return map;
}
