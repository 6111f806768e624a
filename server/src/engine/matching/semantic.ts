/**
 * Cursus's SemanticMatcher score of two logical names (cursus/core/deps/semantic_matcher.py), reproduced so
 * that every score equals Cursus's to 1e-6: same normalisation, abbreviations, stop words, synonym groups,
 * weights and summation order. Argument order matters (difflib's ratio is not always symmetric): upstream
 * output first, downstream input second.
 */
import { sequenceRatio } from './sequence-matcher.js';

const SYNONYMS: string[][] = [
  ['model', 'artifact', 'trained', 'output'],
  ['data', 'dataset', 'input', 'processed', 'training'],
  ['config', 'configuration', 'params', 'parameters', 'hyperparameters', 'settings'],
  ['payload', 'sample', 'test', 'inference', 'example'],
  ['output', 'result', 'artifact', 'generated', 'produced'],
  ['training', 'train', 'fit', 'learn'],
  ['preprocessing', 'preprocess', 'processed', 'clean', 'transform'],
];

const ABBREVIATIONS: Record<string, string> = {
  config: 'configuration',
  params: 'parameters',
  hyperparams: 'hyperparameters',
  preprocess: 'preprocessing',
  eval: 'evaluation',
  reg: 'registration',
  pkg: 'package',
  packaged: 'package',
};

const STOP_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'but', 'in', 'on', 'at', 'to', 'for', 'of', 'with', 'by']);

/** The characters Python's str.isspace() accepts (what `\s` and str.split() use), which JavaScript's `\s` does not match exactly. */
const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const NOT_KEPT = new RegExp(`[^a-z0-9${PY_SPACE}]`, 'g');
const SPLIT = new RegExp(`[${PY_SPACE}]+`);

export const WEIGHTS = { string: 0.3, token: 0.25, semantic: 0.25, substring: 0.2 } as const;

export function normalizeName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[_\-.]/g, ' ').replace(NOT_KEPT, '');
  return words(cleaned)
    .map((w) => (Object.prototype.hasOwnProperty.call(ABBREVIATIONS, w) ? ABBREVIATIONS[w] : w))
    .filter((w) => !STOP_WORDS.has(w))
    .join(' ');
}

function words(s: string): string[] {
  return s.split(SPLIT).filter((w) => w.length > 0);
}

export interface ScoreParts {
  score: number;
  normalized: [string, string];
  string: number;
  token: number;
  semantic: number;
  substring: number;
}

/** The similarity of `upstream` (an output name) to `downstream` (an input name), in [0, 1]. */
export function semanticScore(upstream: string, downstream: string): number {
  return explainScore(upstream, downstream).score;
}

/**
 * Scores already computed, by pair: a pipeline asks about the same few logical names on every edge (40,000 edges
 * of `processed_data` against `METADATA`, say). The parts returned are shared: callers read them only.
 */
const scored = new Map<string, Readonly<ScoreParts>>();
const MAX_SCORED = 50_000;

export function explainScore(name1: string, name2: string): ScoreParts {
  const key = `${name1}\0${name2}`;
  const known = scored.get(key);
  if (known) return known;
  if (scored.size >= MAX_SCORED) scored.clear();
  const parts = computeScore(name1, name2);
  scored.set(key, Object.freeze(parts));
  return parts;
}

function computeScore(name1: string, name2: string): ScoreParts {
  const n1 = normalizeName(name1);
  const n2 = normalizeName(name2);
  if (!name1 || !name2) return { score: 0, normalized: [n1, n2], string: 0, token: 0, semantic: 0, substring: 0 };
  const parts = {
    string: sequenceRatio(n1, n2),
    token: tokenSimilarity(n1, n2),
    semantic: synonymSimilarity(n1, n2),
    substring: substringSimilarity(n1, n2),
  };
  if (n1 === n2) return { score: 1.0, normalized: [n1, n2], ...parts };
  let score = 0;
  score += parts.string * WEIGHTS.string;
  score += parts.token * WEIGHTS.token;
  score += parts.semantic * WEIGHTS.semantic;
  score += parts.substring * WEIGHTS.substring;
  return { score, normalized: [n1, n2], ...parts };
}

function tokenSimilarity(n1: string, n2: string): number {
  const t1 = new Set(words(n1));
  const t2 = new Set(words(n2));
  if (t1.size === 0 || t2.size === 0) return 0;
  let inter = 0;
  for (const t of t1) if (t2.has(t)) inter++;
  const union = t1.size + t2.size - inter;
  return union ? inter / union : 0;
}

function synonymSimilarity(n1: string, n2: string): number {
  const t1 = [...new Set(words(n1))];
  const t2 = [...new Set(words(n2))];
  let matches = 0;
  let comparisons = 0;
  for (const a of t1) {
    for (const b of t2) {
      comparisons++;
      if (a === b) matches += 1;
      else if (areSynonyms(a, b)) matches += 0.8;
    }
  }
  return comparisons > 0 ? matches / comparisons : 0;
}

function areSynonyms(a: string, b: string): boolean {
  return SYNONYMS.some((group) => group.includes(a) && group.includes(b));
}

function substringSimilarity(n1: string, n2: string): number {
  if (n2.includes(n1) || n1.includes(n2)) return Math.min(n1.length, n2.length) / Math.max(n1.length, n2.length);
  let best = 0;
  for (const w1 of words(n1)) {
    for (const w2 of words(n2)) {
      if (w1.length >= 3 && w2.length >= 3 && (w2.includes(w1) || w1.includes(w2))) {
        best = Math.max(best, Math.min(w1.length, w2.length) / Math.max(w1.length, w2.length));
      }
    }
  }
  return best;
}
