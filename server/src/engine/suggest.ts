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
  // The ratings of every candidate sharing a letter pair with the name, in typed arrays (a big pipeline asks
  // this tens of thousands of times over a thousand names): one pass for the best, one for the top `max`.
  const { touched, ratings } = index;
  const bestOf = (n: number) => {
    let best = 0;
    for (let k = 0; k < n; k++) {
      const i = touched[k];
      const rating = index.names[i] === name ? -1 : index.lower[i] === lower ? 1 : ratings[i];
      ratings[i] = rating < MIN_RATING ? -1 : rating;
      if (rating > best) best = rating;
    }
    return best;
  };
  // First only the candidates sharing one of the name's rarer letter pairs; the rest are rated too unless none
  // of them can come within RELATIVE_FLOOR of the best of those (then none would be suggested, nor be the best).
  let n = index.rate(lower, true);
  let best = bestOf(n);
  if (index.othersAtMost !== undefined && !(index.othersAtMost < best * RELATIVE_FLOOR)) best = bestOf((n = index.rate(lower, false)));
  else if (index.othersAtMost !== undefined) suggestInternals.prefiltered++;
  let ids: ArrayLike<number> = touched.subarray(0, n);
  let rated: (id: number) => number = (id) => ratings[id];
  // Two letters swapped in a short name (`dga`) share no letter pairs with the name meant: still a suggestion.
  if (best < MIN_RATING && lower.length >= 3) {
    const swaps: number[] = [];
    index.lower.forEach((c, i) => {
      if (isSwap(lower, c)) swaps.push(i);
    });
    if (swaps.length) best = 0.5;
    ids = swaps;
    rated = () => 0.5;
  }
  // Keep only names nearly as close as the best: a clear winner is not diluted by far-off candidates. The best
  // `max` of them in the order (rating, then name) are picked in one pass: a thousand candidates tie often,
  // and sorting them all was most of the time a big pipeline's unknown names took.
  // Names the collator holds equal go in the candidates' order, as a stable sort of them would leave them.
  const floor = best * RELATIVE_FLOOR;
  const top: Suggestion[] = [];
  const topIds: number[] = [];
  const after = (at: number, rating: number, name: string, id: number) => order(top[at], { name, rating }) > 0 || (top[at].rating === rating && topIds[at] > id && compareNames(top[at].name, name) === 0);
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    const rating = rated(id);
    if (rating < floor || rating < 0) continue;
    const name = index.names[id];
    // Not ahead of the last kept one: skip.
    if (top.length === max && !after(max - 1, rating, name, id)) continue;
    let at = top.length;
    while (at > 0 && after(at - 1, rating, name, id)) at--;
    top.splice(at, 0, { name, rating });
    topIds.splice(at, 0, id);
    if (top.length > max) {
      top.pop();
      topIds.pop();
    }
  }
  return top;
}

/**
 * String.prototype.localeCompare's order (same default locale and options), without building a collator per call.
 * Built on first use: ICU's collation data costs about 10 ms to load, which a command that never suggests skips.
 */
let collator: Intl.Collator | undefined;

function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator();
  return collator.compare(a, b);
}

/** Rating first (higher first), then name. */
function order(a: Suggestion, b: Suggestion): number {
  return b.rating - a.rating || compareNames(a.name, b.name);
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
  /** Per letter pair, the candidates holding it and how often, as parallel typed arrays (the hot loop reads them). */
  private readonly postings = new Map<string, Posting>();
  private readonly shared: Int32Array;
  /** What rate() leaves: the candidates it rated, and their ratings by id (overwritten by the next call). */
  readonly touched: Int32Array;
  readonly ratings: Float64Array;
  /**
   * After a prefiltered rate(): the highest rating any candidate it left out can have; undefined when it left
   * none out.
   */
  othersAtMost: number | undefined;
  /** Per frequent letter pair, each candidate's count of it (capped at 255), made when first needed. */
  private readonly dense = new Map<string, Uint8Array>();

  constructor(candidates: Iterable<string>) {
    this.names = [...new Set(candidates)];
    this.lower = this.names.map((n) => n.toLowerCase());
    this.compact = this.lower.map((n) => n.replace(/\s+/g, ''));
    this.shared = new Int32Array(this.names.length);
    this.touched = new Int32Array(this.names.length);
    this.ratings = new Float64Array(this.names.length);
    const lists = new Map<string, number[]>();
    this.compact.forEach((c, id) => {
      for (const [pair, count] of pairs(c)) {
        const list = lists.get(pair);
        if (list) list.push(id, count);
        else lists.set(pair, [id, count]);
      }
    });
    for (const [pair, list] of lists) {
      const ids = new Int32Array(list.length / 2);
      const counts = new Int32Array(list.length / 2);
      for (let k = 0; k < ids.length; k++) {
        ids[k] = list[2 * k];
        counts[k] = list[2 * k + 1];
      }
      this.postings.set(pair, { ids, counts });
    }
  }

  /**
   * Rates `lower` (already lower-cased) against every candidate that may rate above zero: their ids are
   * `touched[0..n)` for the n returned, in the order met, and their ratings `ratings[id]`.
   *
   * `prefilter`: when some of the name's letter pairs are frequent among the candidates (`step_` in a thousand
   * `step_N`), only the candidates holding one of its other pairs are rated; `othersAtMost` then bounds the
   * rating of every candidate left out. Those hold nothing but frequent pairs of the name, F of its Lq pairs
   * at most, so they rate at most 2F / (Lq + F) (the Dice coefficient 2s / (Lq + Lc), with s <= min(F, Lc),
   * is largest at Lc = F), computed as rate() computes a rating, so the bound is exact in floating point too.
   */
  rate(lower: string, prefilter = false): number {
    const q = lower.replace(/\s+/g, '');
    const { touched, ratings } = this;
    this.othersAtMost = undefined;
    if (prefilter && q.length >= 3 && q.length < 255 && this.names.length >= PREFILTER_FROM) {
      const n = this.rateRare(q);
      if (n !== undefined) return n;
    }
    let n = 0;
    if (q.length < 2) {
      // Only an identical (compacted) candidate rates above zero.
      this.compact.forEach((c, i) => {
        if (c === q) {
          touched[n++] = i;
          ratings[i] = 1;
        }
      });
      return n;
    }
    const held: [Posting, number][] = [];
    for (const [pair, count] of pairs(q)) {
      const posting = this.postings.get(pair);
      if (posting) held.push([posting, count]);
    }
    const found = this.gather(held);
    this.settle(q, found, []);
    return found;
  }

  /**
   * Adds up, per candidate in the postings, the letter pairs it shares with the name (for each pair the smaller
   * of the two counts) into `shared`; the candidates met go to `touched`, and their number is returned.
   */
  private gather(postings: [Posting, number][]): number {
    const { shared, touched } = this;
    let n = 0;
    for (let p = 0; p < postings.length; p++) {
      const { ids, counts } = postings[p][0];
      const count = postings[p][1];
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        if (shared[id] === 0) touched[n++] = id;
        shared[id] += count < counts[k] ? count : counts[k];
      }
    }
    return n;
  }

  /** The ratings of touched[0..n) from their shared pairs (plus those of the `frequent` pairs), `shared` cleared. */
  private settle(q: string, n: number, frequent: [Uint8Array, number][]): void {
    const { shared, touched, ratings } = this;
    for (let k = 0; k < n; k++) {
      const i = touched[k];
      let s = shared[i];
      // Indexed, not destructured: an iterator per candidate was most of this loop's time.
      for (let f = 0; f < frequent.length; f++) {
        const dense = frequent[f][0];
        const count = frequent[f][1];
        s += count < dense[i] ? count : dense[i];
      }
      const c = this.compact[i];
      ratings[i] = c === q ? 1 : (2 * s) / (q.length + c.length - 2);
      shared[i] = 0;
    }
  }

  /**
   * rate() over the candidates holding one of the name's rare pairs (on more than an eighth of the candidates
   * a pair is frequent); undefined when the name has no frequent pair or no rare one (then rate them all).
   */
  private rateRare(q: string): number | undefined {
    if (suggestInternals.exhaustive) return undefined;
    const frequentFrom = Math.max(32, this.names.length >> 3);
    const rare: [Posting, number][] = [];
    const frequent: [Uint8Array, number][] = [];
    let inFrequent = 0;
    for (const [pair, count] of pairs(q)) {
      const posting = this.postings.get(pair);
      if (!posting) continue;
      if (posting.ids.length <= frequentFrom) rare.push([posting, count]);
      else {
        frequent.push([this.denseOf(pair, posting), count]);
        inFrequent += count;
      }
    }
    if (!rare.length || !frequent.length) return undefined;
    const n = this.gather(rare);
    this.settle(q, n, frequent);
    // The candidates left out hold at most `inFrequent` of the name's q.length - 1 pairs: at best a candidate of
    // inFrequent pairs (inFrequent + 1 letters), all shared.
    this.othersAtMost = (2 * inFrequent) / (q.length + inFrequent + 1 - 2);
    return n;
  }

  private denseOf(pair: string, posting: Posting): Uint8Array {
    let dense = this.dense.get(pair);
    if (!dense) {
      dense = new Uint8Array(this.names.length);
      for (let k = 0; k < posting.ids.length; k++) dense[posting.ids[k]] = Math.min(255, posting.counts[k]);
      this.dense.set(pair, dense);
    }
    return dense;
  }
}

interface Posting {
  ids: Int32Array;
  counts: Int32Array;
}

/** Candidate lists shorter than this are rated whole (it costs little). */
const PREFILTER_FROM = 64;

export const suggestInternals = {
  /** suggest() without the prefilter: every candidate sharing a letter pair rated (for the test proving both equal). */
  exhaustive: false,
  /** How many suggest() calls rated only the candidates the prefilter kept. */
  prefiltered: 0,
};

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
