/**
 * Edges with an end the DAG does not declare (D400, most often a typo), as the other rules must see them: the
 * step such an edge feeds has a predecessor whose outputs nobody can know, so its inputs are unknowable, not
 * missing. One fault, one finding: D400 says what to change, and rules about feeding stay silent on that step.
 */
import type { DagModel } from '../model/types.js';
import { suggest } from '../suggest.js';

/**
 * Each declared node fed through an edge with an undeclared end, with the sources of those edges. A misspelt
 * target counts for the node it was most likely meant to name (as D405 judges it), when its source is declared.
 */
export function fedThroughUndeclared(dag: DagModel): Map<string, string[]> {
  const fed = new Map<string, string[]>();
  let known: Set<string> | undefined;
  for (const e of dag.edges) {
    known ??= new Set(dag.nodes.map((n) => n.name));
    const srcKnown = known.has(e.src.name);
    const dstKnown = known.has(e.dst.name);
    if (srcKnown && dstKnown) continue;
    const target = dstKnown ? e.dst.name : srcKnown ? suggest(e.dst.name, known, 1)[0]?.name : undefined;
    if (!target) continue;
    const sources = fed.get(target) ?? [];
    if (!sources.includes(e.src.name)) sources.push(e.src.name);
    fed.set(target, sources);
  }
  return fed;
}

/** Whether any edge names a node the DAG does not declare. */
export function hasUndeclaredEnds(dag: DagModel): boolean {
  if (dag.edges.length === 0) return false;
  const known = new Set(dag.nodes.map((n) => n.name));
  return dag.edges.some((e) => !known.has(e.src.name) || !known.has(e.dst.name));
}
