/** Did-you-mean through the pair index gives exactly string-similarity's ratings and order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import stringSimilarity from 'string-similarity';
import { suggest, suggestInternals } from '../server/src/engine/suggest.js';

test('suggestions rate every candidate as compareTwoStrings does, on names with repeats, case, spaces and one letter', () => {
  const candidates = Object.freeze(['tabular_preprocessing', 'Tabular Preprocessing', 'xgboost_training', 'xgboost_model_eval', 'aaaa', 'a', 'package', 'payload', 'model_calibration', 'risk_table_mapping', 'currency_conversion', 'dummy_training', 'pytorch_training', 'ab ab', '']);
  const queries = ['tabular_preprocesing', 'TABULAR_PREPROCESSING', 'xgboost_trainig', 'aaa', 'a', 'b', 'ab', 'pay load', 'model_eval', 'training', '', 'zzzz'];
  for (const q of queries) {
    for (const list of [candidates, [...candidates]]) {
      const got = suggest(q, list, 50);
      const expected = [...new Set(list)]
        .filter((c) => c !== q)
        .map((c) => ({ name: c, rating: c.toLowerCase() === q.toLowerCase() ? 1 : stringSimilarity.compareTwoStrings(q.toLowerCase(), c.toLowerCase()) }))
        .filter((r) => r.rating >= 0.35)
        .sort((a, b) => b.rating - a.rating || a.name.localeCompare(b.name));
      const floor = (expected[0]?.rating ?? 0) * 0.8;
      assert.deepEqual(got, expected.filter((r) => r.rating >= floor), `suggestions for '${q}'`);
    }
  }
});

test('the best three of a thousand tied candidates are the ones a full sort would put first', () => {
  // Names sharing most letter pairs tie often: the selection must keep the sort's order (rating, then name).
  const candidates = Object.freeze(Array.from({ length: 1000 }, (_, i) => `step_${(i * 7919) % 1000}`));
  for (const q of ['step_39999', 'step_5', 'stp_12', 'step_100', 'xstep_9', 'step']) {
    for (const max of [1, 3, 5]) {
      const expected = [...new Set(candidates)]
        .filter((c) => c !== q)
        .map((c) => ({ name: c, rating: c.toLowerCase() === q.toLowerCase() ? 1 : stringSimilarity.compareTwoStrings(q.toLowerCase(), c.toLowerCase()) }))
        .filter((r) => r.rating >= 0.35)
        .sort((a, b) => b.rating - a.rating || a.name.localeCompare(b.name));
      const floor = (expected[0]?.rating ?? 0) * 0.8;
      assert.deepEqual(suggest(q, candidates, max), expected.filter((r) => r.rating >= floor).slice(0, max), `suggestions for '${q}' (max ${max})`);
    }
  }
});

test('random names against random candidate lists: the same suggestions as rating every candidate and sorting', () => {
  const name = fc.stringMatching(/^[abAB_ ]{0,6}$/);
  fc.assert(
    fc.property(name, fc.array(name, { maxLength: 12 }), fc.integer({ min: 1, max: 4 }), (q, list, max) => {
      const lower = q.toLowerCase();
      let expected = [...new Set(list)]
        .filter((c) => c !== q)
        .map((c) => ({ name: c, rating: c.toLowerCase() === lower ? 1 : stringSimilarity.compareTwoStrings(lower, c.toLowerCase()) }))
        .filter((r) => r.rating >= 0.35)
        .sort((a, b) => b.rating - a.rating || a.name.localeCompare(b.name));
      if (expected.length === 0 && lower.length >= 3) {
        // Two neighbouring letters swapped still count (0.5), when nothing else came close.
        const swapped = (c: string) => c.length === lower.length && c !== lower && [...lower].some((_, i) => lower.slice(0, i) + lower[i + 1] + lower[i] + lower.slice(i + 2) === c);
        expected = [...new Set(list)].filter((c) => swapped(c.toLowerCase())).map((c) => ({ name: c, rating: 0.5 })).sort((a, b) => a.name.localeCompare(b.name));
      }
      const floor = (expected[0]?.rating ?? 0) * 0.8;
      assert.deepEqual(suggest(q, Object.freeze([...list]), max), expected.filter((r) => r.rating >= floor).slice(0, max));
    }),
    { numRuns: 2000 },
  );
});

test('the prefilter over rare letter pairs gives the suggestions rating every candidate gives, on big lists of look-alike names', () => {
  // Names with shared stems (`step_12`, `xgb_eval_3`) make the stems' letter pairs frequent: then only the
  // candidates holding one of the name's other pairs are rated, and the rest only when they could come close.
  const stem = fc.constantFrom('step_', 'xgb_eval_', 'model_', 'Step', 'tab pre_', '');
  const tail = fc.stringMatching(/^[0-9a-c_ ]{0,5}$/);
  const word = fc.tuple(stem, tail).map(([s, t]) => s + t);
  const before = suggestInternals.prefiltered;
  fc.assert(
    fc.property(fc.array(word, { minLength: 64, maxLength: 400 }), fc.array(word, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 4 }), (list, queries, max) => {
      const candidates = Object.freeze([...list]);
      for (const q of queries) {
        suggestInternals.exhaustive = true;
        const all = suggest(q, candidates, max);
        suggestInternals.exhaustive = false;
        assert.deepEqual(suggest(q, candidates, max), all, `suggestions for '${q}'`);
      }
    }),
    { numRuns: 300 },
  );
  // The prefilter was taken (the comparison above is not between two copies of the same path).
  assert.ok(suggestInternals.prefiltered - before > 100, `prefiltered ${suggestInternals.prefiltered - before} times`);
  // And on the pipeline's own case, against string-similarity: unknown step_N among a thousand known ones.
  const known = Object.freeze(Array.from({ length: 1000 }, (_, i) => `step_${i}`));
  for (const q of ['step_1000', 'step_39999', 'step_2500', 'step_77', 'Step_1', 'step_', 'step_00', 'stpe_12']) {
    const expected = known
      .filter((c) => c !== q)
      .map((c) => ({ name: c, rating: c.toLowerCase() === q.toLowerCase() ? 1 : stringSimilarity.compareTwoStrings(q.toLowerCase(), c.toLowerCase()) }))
      .filter((r) => r.rating >= 0.35)
      .sort((a, b) => b.rating - a.rating || a.name.localeCompare(b.name));
    const floor = (expected[0]?.rating ?? 0) * 0.8;
    assert.deepEqual(suggest(q, known), expected.filter((r) => r.rating >= floor).slice(0, 3), `suggestions for '${q}'`);
  }
});
