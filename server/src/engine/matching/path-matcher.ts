/**
 * Matching an upstream step's outputs to a downstream step's inputs, in Cursus's order (PathMatcher):
 * exact logical name 1.0, upstream name = downstream alias 0.95, upstream alias = downstream name 0.95,
 * alias = alias 0.9, else the semantic score of the two logical names when it reaches the threshold.
 */
import { explainScore, type ScoreParts } from './semantic.js';
import type { ResolverScore } from './resolver.js';

export type MatchType = 'exact_logical' | 'logical_to_alias' | 'alias_to_logical' | 'alias_to_alias' | 'semantic' | 'resolver';

export interface PathEnd {
  /** The key in the spec's map (what `input_paths[...]` uses). */
  key: string;
  logicalName: string;
  aliases: string[];
}

export interface PathMatch {
  source: string;
  dest: string;
  type: MatchType;
  confidence: number;
  matchedSource: string;
  matchedDest: string;
  /** The parts of the semantic score (semantic matches only). */
  parts?: ScoreParts;
  /** The parts of the dependency resolver's score (Cursus 2.9 step interfaces: `resolver` matches only). */
  resolver?: ResolverScore;
}

export interface NearMiss {
  source: string;
  dest: string;
  score: number;
}

export function findPathMatches(outputs: PathEnd[], inputs: PathEnd[], threshold: number): PathMatch[] {
  const found = scratch;
  found.length = 0;
  for (const src of outputs) {
    for (const dst of inputs) {
      const m = matchPair(src, dst, threshold);
      if (m) found.push(m);
    }
  }
  // Array.prototype.sort is stable, like Python's list.sort: ties keep discovery order.
  found.sort(byConfidence);
  // A copy of its own size: an array grown by push holds room for 16 (a pipeline keeps each edge's matches).
  const matches = found.slice();
  found.length = 0;
  return matches;
}

const scratch: PathMatch[] = [];
const byConfidence = (a: PathMatch, b: PathMatch) => b.confidence - a.confidence;

export function matchPair(src: PathEnd, dst: PathEnd, threshold: number): PathMatch | undefined {
  if (src.logicalName === dst.logicalName) return pathMatch(src, dst, 'exact_logical', 1.0, src.logicalName, dst.logicalName);
  if (dst.aliases.includes(src.logicalName)) return pathMatch(src, dst, 'logical_to_alias', 0.95, src.logicalName, src.logicalName);
  if (src.aliases.includes(dst.logicalName)) return pathMatch(src, dst, 'alias_to_logical', 0.95, dst.logicalName, dst.logicalName);
  for (const a of src.aliases) if (dst.aliases.includes(a)) return pathMatch(src, dst, 'alias_to_alias', 0.9, a, a);
  const parts = explainScore(src.logicalName, dst.logicalName);
  if (parts.score >= threshold) return { source: src.key, dest: dst.key, type: 'semantic', confidence: parts.score, matchedSource: src.logicalName, matchedDest: dst.logicalName, parts };
  return undefined;
}

/**
 * A match written as one object literal: made by spreading a `{ source, dest }` and adding the rest, each match
 * of a 40,000-node pipeline had a hidden class of its own (a map, descriptors and an out-of-object property
 * store: about 340 bytes more per edge kept until the findings are out).
 */
function pathMatch(src: PathEnd, dst: PathEnd, type: MatchType, confidence: number, matchedSource: string, matchedDest: string): PathMatch {
  return { source: src.key, dest: dst.key, type, confidence, matchedSource, matchedDest };
}

/** The closest pair that did not reach the threshold, for "no match" messages. */
export function bestNearMiss(outputs: PathEnd[], inputs: PathEnd[]): NearMiss | undefined {
  let best: NearMiss | undefined;
  for (const src of outputs) {
    for (const dst of inputs) {
      const score = explainScore(src.logicalName, dst.logicalName).score;
      if (!best || score > best.score) best = { source: src.key, dest: dst.key, score };
    }
  }
  return best;
}

export function describeMatch(m: PathMatch): string {
  const how: Record<MatchType, string> = {
    exact_logical: 'exact name',
    logical_to_alias: `'${m.matchedSource}' is an alias of the input`,
    alias_to_logical: `'${m.matchedDest}' is an alias of the output`,
    alias_to_alias: `shared alias '${m.matchedSource}'`,
    semantic: `semantic similarity ${m.confidence.toFixed(3)}`,
    resolver: `dependency resolver score ${m.confidence.toFixed(3)}`,
  };
  return how[m.type];
}
