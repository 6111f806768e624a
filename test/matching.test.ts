/** The semantic score against Python itself: difflib's ratio over thousands of strings, whole scores over real names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequenceRatio } from '../server/src/engine/matching/sequence-matcher.js';
import { explainScore, normalizeName, semanticScore } from '../server/src/engine/matching/semantic.js';
import { askReference, rng } from './helpers/reference.js';

function python(pairs: [string, string][]): { ratio: number; score: number }[] {
  return askReference('semantic_reference.py', pairs);
}

test('difflib ratio: 4,000 generated pairs (short, repetitive, long enough for autojunk, Unicode) equal Python to the bit', () => {
  const rand = rng(7);
  const alphabets = ['ab', 'abc ', 'abcdefghij_ -.', 'aaaaab', 'xyz\u00e9\u3000 ', '0123456789abcdefghijklmnopqrstuvwxyz  '];
  const word = (len: number, alpha: string) => Array.from({ length: len }, () => alpha[rand(alpha.length)]).join('');
  const pairs: [string, string][] = [];
  for (let i = 0; i < 4000; i++) {
    const alpha = alphabets[rand(alphabets.length)];
    const long = rand(10) === 0;
    const a = word(long ? 150 + rand(200) : rand(24), alpha);
    const b = rand(3) === 0 ? a.slice(rand(a.length + 1)) + word(rand(8), alpha) : word(long ? 180 + rand(250) : rand(24), alpha);
    pairs.push([a, b]);
  }
  const expected = python(pairs);
  let mismatches = 0;
  pairs.forEach(([a, b], i) => {
    if (sequenceRatio(a, b) !== expected[i].ratio) mismatches++;
  });
  assert.equal(mismatches, 0, `${mismatches} of ${pairs.length} ratios differ from difflib`);
  assert.ok(pairs.some(([, b]) => b.length >= 200), 'autojunk cases are covered');
});

const NAMES = [
  'DATA', 'METADATA', 'SIGNATURE', 'processed_data', 'input_path', 'input_data', 'hyperparameters_s3_uri', 'model_output',
  'evaluation_output', 'model_input', 'eval_data_input', 'eval_output', 'metrics_output', 'pretrained_model_path',
  'calibration_output', 'calibrated_model', 'payload_sample', 'GeneratedPayloadSamples', 'packaged_model', 'model',
  'training_data', 'train_data', 'config', 'hyperparams', 'model_artifacts_input', 'data_output', 'data_input',
  'risk_tables', 'imputation_params', 'model_calibration', 'inference_output', 'test_data', 'validation_data',
  'Dataset', 'preprocessed-data', 'the.output', 'registration_pkg', 'output of the model', 'bedrock_prompt_templates',
  'labeled_data', 'temporal_split_output', 'feature_selection_output', 'a', 'the', '',
];

test('whole scores over 2,000 pairs of real Cursus logical names (both argument orders) equal Python to 1e-9', () => {
  const rand = rng(11);
  const variant = (n: string) => [n, n.toUpperCase(), n.replace(/_/g, '-'), n.replace(/_/g, '.'), `the_${n}`][rand(5)];
  const pairs: [string, string][] = [];
  for (const a of NAMES) for (const b of NAMES) pairs.push([a, b]);
  while (pairs.length < 4000) pairs.push([variant(NAMES[rand(NAMES.length)]), variant(NAMES[rand(NAMES.length)])]);
  const expected = python(pairs);
  const bad = pairs.filter(([a, b], i) => Math.abs(semanticScore(a, b) - expected[i].score) > 1e-9);
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} scores differ`);
});

test('worked examples: normalisation, the four parts and the total', () => {
  assert.equal(normalizeName('Hyperparams_S3-URI'), 'hyperparameters s3 uri');
  assert.equal(normalizeName('output_of_the.model'), 'output model');
  assert.equal(normalizeName('eval@data#input'), 'evaldatainput');
  // processed_data -> input_path: the difflib part is checked against Python above; the others are pinned by hand.
  const p = explainScore('processed_data', 'input_path');
  assert.deepEqual(p.normalized, ['processed data', 'input path']);
  assert.equal(p.token, 0);
  // pairs: processed~input (data group) 0.8, processed~path 0, data~input 0.8, data~path 0 -> 1.6 / 4
  assert.equal(p.semantic, 0.4);
  assert.equal(p.substring, 0);
  assert.ok(Math.abs(p.score - (p.string * 0.3 + 0.4 * 0.25)) < 1e-12);
  const same = explainScore('Model-Output', 'model_output');
  assert.equal(same.score, 1);
  assert.equal(semanticScore('', 'x'), 0);
  assert.equal(semanticScore('the', 'a'), 1, 'both normalise to the empty name');
});

test('argument order is kept: the ratio is not symmetric for some pairs', () => {
  const rand = rng(3);
  let asymmetric = 0;
  for (let i = 0; i < 3000 && asymmetric === 0; i++) {
    const w = () => Array.from({ length: 3 + rand(6) }, () => 'ab '[rand(3)]).join('');
    const a = w();
    const b = w();
    if (sequenceRatio(a, b) !== sequenceRatio(b, a)) asymmetric++;
  }
  assert.ok(asymmetric > 0, 'found a pair whose ratio depends on argument order');
});
