/** Did-you-mean: the closest known names to an unknown one (Dice similarity from string-similarity). */
import type { Fix } from './diagnostics.js';
import type { Span } from './span.js';

export interface Suggestion {
  name: string;
  rating: number;
}

const MIN_RATING = 0.35;
const RELATIVE_FLOOR = 0.8;

export function suggest(name: string, candidates: Iterable<string>, max = 3): Suggestion[] {
  const index = indexOf(candidates);
  if (index.names.length === 0) return [];
  const lower = name.toLowerCase();
  const ids: number[] = [];
  const ratings: number[] = [];
  let best = 0;
  index.rate(lower, (i, r) => {
    if (index.names[i] === name) return;
    const rating = index.lower[i] === lower ? 1 : r;
    if (rating < MIN_RATING) return;
    ids.push(i);
    ratings.push(rating);
    if (rating > best) best = rating;
  });
  // Two letters swapped in a short name (`dga`) share no letter pairs with the name meant: still a suggestion.
  if (ids.length === 0 && lower.length >= 3) {
    index.lower.forEach((c, i) => {
      if (isSwap(lower, c)) {
        ids.push(i);
        ratings.push(0.5);
        best = 0.5;
      }
    });
  }
  // Keep only names nearly as close as the best: a clear winner is not diluted by far-off candidates.
  const floor = best * RELATIVE_FLOOR;
  const kept: Suggestion[] = [];
  for (let k = 0; k < ids.length; k++) if (ratings[k] >= floor) kept.push({ name: index.names[ids[k]], rating: ratings[k] });
  return kept.sort((a, b) => b.rating - a.rating || a.name.localeCompare(b.name)).slice(0, max);
}

/**
 * Candidates prepared for rating: string-similarity's Dice coefficient over letter pairs (whitespace removed,
 * pairs counted with repeats), computed through an inverted index of pairs so that rating one name against a
 * thousand candidates costs a pass over the candidates sharing its pairs instead of a thousand comparisons.
 * Gives exactly `compareTwoStrings`'s numbers.
 */
class CandidateIndex {
  readonly names: string[];
  readonly lower: string[];
  private readonly compact: string[];
  private readonly postings = new Map<string, { id: number; count: number }[]>();
  private readonly shared: Int32Array;

  constructor(candidates: Iterable<string>) {
    this.names = [...new Set(candidates)];
    this.lower = this.names.map((n) => n.toLowerCase());
    this.compact = this.lower.map((n) => n.replace(/\s+/g, ''));
    this.shared = new Int32Array(this.names.length);
    this.compact.forEach((c, id) => {
      for (const [pair, count] of pairs(c)) {
        const list = this.postings.get(pair);
        if (list) list.push({ id, count });
        else this.postings.set(pair, [{ id, count }]);
      }
    });
  }

  /** Calls `each` with the rating against `lower` (already lower-cased) of every candidate that may rate above zero. */
  rate(lower: string, each: (id: number, rating: number) => void): void {
    const q = lower.replace(/\s+/g, '');
    if (q.length < 2) {
      // Only an identical (compacted) candidate rates above zero.
      this.compact.forEach((c, i) => c === q && each(i, 1));
      return;
    }
    const touched: number[] = [];
    for (const [pair, count] of pairs(q)) {
      for (const p of this.postings.get(pair) ?? []) {
        if (this.shared[p.id] === 0) touched.push(p.id);
        this.shared[p.id] += Math.min(count, p.count);
      }
    }
    for (const i of touched) {
      const c = this.compact[i];
      each(i, c === q ? 1 : (2 * this.shared[i]) / (q.length + c.length - 2));
      this.shared[i] = 0;
    }
  }
}

function pairs(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const pair = s.substring(i, i + 2);
    out.set(pair, (out.get(pair) ?? 0) + 1);
  }
  return out;
}

/** Indexes of candidate lists that are asked about repeatedly (the project's script names, say), by identity. */
const indexes = new WeakMap<object, CandidateIndex>();

function indexOf(candidates: Iterable<string>): CandidateIndex {
  const known = indexes.get(candidates as object);
  if (known) return known;
  const index = new CandidateIndex(candidates);
  if (Array.isArray(candidates) && Object.isFrozen(candidates)) indexes.set(candidates, index);
  return index;
}

/** Whether `b` is `a` with two neighbouring letters swapped. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  let i = 0;
  while (a[i] === b[i]) i++;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** " Did you mean 'x'?" or " Did you mean 'x' or 'y'?" or "". */
export function didYouMean(suggestions: Suggestion[]): string {
  if (suggestions.length === 0) return '';
  const names = suggestions.map((s) => `'${s.name}'`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
  return ` Did you mean ${list}?`;
}

/**
 * Replace-with fixes for each suggestion. Only the best is safe, and only when it is close and clearly
 * ahead of the next one: then the rename cannot mean anything but the repair.
 */
export function renameFixes(span: Span, suggestions: Suggestion[], quote: (name: string) => string = (n) => n): Fix[] {
  return suggestions.map((s, i) => ({
    title: `Change to '${s.name}'`,
    safe: i === 0 && s.rating >= 0.6 && (suggestions.length === 1 || suggestions[1].rating <= s.rating - 0.15),
    edits: [{ span, newText: quote(s.name) }],
  }));
}
