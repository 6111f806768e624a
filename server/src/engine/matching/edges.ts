/** Logical-name matching over every edge of a pipeline: the matches, the near miss, and what each input is fed by. */
import type { DagEdge, PipelineModel, ScriptSpecModel } from '../model/types.js';
import type { AnalysisCache } from '../cache.js';
import type { ProjectView } from '../project.js';
import { wireDag } from '../dag/wiring.js';
import { bestNearMiss, findPathMatches, type NearMiss, type PathEnd, type PathMatch } from './path-matcher.js';

export interface EdgeMatch {
  edge: DagEdge;
  source?: ScriptSpecModel;
  target?: ScriptSpecModel;
  matches: PathMatch[];
  nearMiss?: NearMiss;
  /**
   * `path`: logical-name matching of the two specs (DESIGN section 5, Python contracts). `resolver`: both ends are
   * Cursus 2.9 step interfaces, and the matches are the dependency resolver's bindings along this edge.
   */
  strategy: 'path' | 'resolver';
}

export function pathEnds(spec: ScriptSpecModel, direction: 'inputs' | 'outputs'): PathEnd[] {
  return spec[direction].map((p) => ({ key: p.key.name, logicalName: p.logicalName, aliases: p.aliases.map((a) => a.name) }));
}

const perModel = new WeakMap<PipelineModel, { threshold: number; project?: ProjectView; version?: number; edges: EdgeMatch[] }>();

/**
 * Matches for each edge whose two ends have specs; computed once per pipeline model and threshold, and with
 * an analysis cache once per pair of specs' names and paths (an edit elsewhere reuses them).
 */
export function matchEdges(pipeline: PipelineModel, threshold: number, cache?: AnalysisCache, project?: ProjectView): EdgeMatch[] {
  const hit = perModel.get(pipeline);
  if (hit && hit.threshold === threshold && hit.project === project && hit.version === project?.index.version) return hit.edges;
  const specs = new Map(pipeline.specs.map((s) => [s.node.name, s.spec]));
  // Edges between ports of the same names share one result (as the analysis cache shares them by the same key):
  // a pipeline keeps each edge's matches for as long as its model, and big ones repeat a few port layouts.
  const same = new Map<string, { matches: PathMatch[]; nearMiss?: NearMiss }>();
  const wiring = project?.hasInterfaces && pipeline.dag ? wireDag(pipeline.dag, project) : undefined;
  const edges = (pipeline.dag?.edges ?? []).map((edge, i): EdgeMatch => {
    const source = specs.get(edge.src.name);
    const target = specs.get(edge.dst.name);
    const wired = wiring?.edges[i];
    if (wired?.scored && wiring?.steps.get(edge.src.name)?.strategy === 'step-interface' && wiring.steps.get(edge.dst.name)?.strategy === 'step-interface') {
      const matches = wired.bindings.map((b): PathMatch => ({ source: b.output, dest: b.dep, type: 'resolver', confidence: b.parts.score, matchedSource: b.parts.similarTo, matchedDest: b.dep, resolver: b.parts }));
      return { edge, source, target, matches, strategy: 'resolver' };
    }
    if (!source || !target) return { edge, source, target, matches: [], strategy: 'path' };
    const outs = pathEnds(source, 'outputs');
    const ins = pathEnds(target, 'inputs');
    const compute = () => {
      const matches = findPathMatches(outs, ins, threshold);
      return { matches, nearMiss: matches.length ? undefined : bestNearMiss(outs, ins) };
    };
    const key = `${JSON.stringify(outs)}|${JSON.stringify(ins)}`;
    let found = cache ? cache.get(key, `edge|${threshold}`, 0, compute, (v) => v) : same.get(key);
    if (!found) {
      found = compute();
      // Bounded: a pipeline of all different layouts would keep a key per edge until every edge is matched.
      if (!cache && same.size < 1024) same.set(key, found);
    }
    // Written out, not spread: a spread made each of a 40,000-edge pipeline's matches an object with a hidden class
    // of its own (about 350 bytes more per edge, kept while the pipeline's model is).
    return { edge, source, target, matches: found.matches, nearMiss: found.nearMiss, strategy: 'path' };
  });
  perModel.set(pipeline, { threshold, project, version: project?.index.version, edges });
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
