/**
 * Edges with an end the DAG does not declare (D400, most often a typo), as the other rules must see them: the
 * step such an edge feeds has a predecessor whose outputs nobody can know, so its inputs are unknowable, not
 * missing, and the node a misspelt name was meant for is not "isolated". One fault, one finding: D400 says what
 * to change, and the rules about feeding, isolation and metadata stay silent on what it touches. Computed once
 * per DAG model and shared by D405, D408, M502 and the wiring, so they cannot judge a typo differently.
 */
import type { DagModel } from '../model/types.js';
import { suggest } from '../suggest.js';
import { dagIndex, idOf } from './graph.js';

export interface UndeclaredEnds {
  /** Whether any edge names a node the DAG does not declare. */
  any: boolean;
  /** Each undeclared name with the declared node it most likely meant (as did-you-mean ranks them), when any. */
  meant: Map<string, string>;
  /**
   * Each declared node fed through an edge with an undeclared end, with the sources of those edges. A misspelt
   * target counts for the node it was meant to name, when its source is declared.
   */
  fed: Map<string, string[]>;
}

const memo = new WeakMap<DagModel, UndeclaredEnds>();

export function undeclaredEnds(dag: DagModel): UndeclaredEnds {
  const hit = memo.get(dag);
  if (hit) return hit;
  const index = dagIndex(dag);
  const declared = index.names;
  const meant = new Map<string, string>();
  const fed = new Map<string, string[]>();
  const meaning = (name: string) => {
    if (!meant.has(name)) {
      const best = suggest(name, declared, 1)[0]?.name;
      if (best) meant.set(name, best);
    }
    return meant.get(name);
  };
  let any = false;
  for (const e of dag.edges) {
    const srcKnown = idOf(index, e.src.name) >= 0;
    const dstKnown = idOf(index, e.dst.name) >= 0;
    if (srcKnown && dstKnown) continue;
    any = true;
    if (!srcKnown) meaning(e.src.name);
    const target = dstKnown ? e.dst.name : meaning(e.dst.name);
    if (!target || (!dstKnown && !srcKnown)) continue;
    const sources = fed.get(target) ?? [];
    if (!sources.includes(e.src.name)) sources.push(e.src.name);
    fed.set(target, sources);
  }
  const result = { any, meant, fed };
  memo.set(dag, result);
  return result;
}
