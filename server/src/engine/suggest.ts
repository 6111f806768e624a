/** Did-you-mean: the closest known names to an unknown one (Dice similarity from string-similarity). */
import stringSimilarity from 'string-similarity';
import type { Fix } from './diagnostics.js';
import type { Span } from './span.js';

export interface Suggestion {
  name: string;
  rating: number;
}

const MIN_RATING = 0.35;
const RELATIVE_FLOOR = 0.8;

export function suggest(name: string, candidates: Iterable<string>, max = 3): Suggestion[] {
  const unique = [...new Set(candidates)].filter((c) => c !== name);
  if (unique.length === 0) return [];
  const lower = name.toLowerCase();
  const rated = unique.map((c) => ({
    name: c,
    rating: c.toLowerCase() === lower ? 1 : stringSimilarity.compareTwoStrings(lower, c.toLowerCase()),
  }));
  const sorted = rated.filter((r) => r.rating >= MIN_RATING).sort((a, b) => b.rating - a.rating || a.name.localeCompare(b.name));
  // Keep only names nearly as close as the best: a clear winner is not diluted by far-off candidates.
  const floor = (sorted[0]?.rating ?? 0) * RELATIVE_FLOOR;
  return sorted.filter((r) => r.rating >= floor).slice(0, max);
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
