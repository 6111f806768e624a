/** Did-you-mean through the pair index gives exactly string-similarity's ratings and order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import stringSimilarity from 'string-similarity';
import { suggest } from '../server/src/engine/suggest.js';

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
