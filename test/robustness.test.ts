/** Parsing never fails: any text, however broken, yields a result and diagnostics, never an exception. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFile, readSpecFile } from '../server/src/engine/index.js';

const seed = `dag:
  nodes: [a, b, "c"]
  edges:
    - [a, b]
    - {from: b, to: c}
script_specs:
  a: {script_name: x, step_name: a, input_paths: {DATA: d}, environ_vars: {K: 1}}
`;

function* mutations(text: string, count: number): Generator<string> {
  let state = 42;
  const rand = (n: number) => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % n;
  };
  const junk = ['[', ']', '{', '}', ':', '-', '"', "'", '\n', '  ', '#', ',', '&a', '*a', '!!str', '\t', '\u00e9', '\ud83d\ude00', '---'];
  for (let i = 0; i < count; i++) {
    const at = rand(text.length + 1);
    const cut = rand(4);
    yield text.slice(0, at) + junk[rand(junk.length)] + text.slice(at + cut);
  }
}

test('2,000 mutated pipeline specs, as YAML and as JSON, never throw and keep spans inside the text', () => {
  let checked = 0;
  for (const text of mutations(seed, 1000)) {
    for (const path of ['m.pipeline.yaml', 'm.pipeline.json']) {
      const file = readSpecFile(path, text);
      assert.ok(file);
      for (const d of checkFile(file)) {
        assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end, `${d.code} span out of range`);
        assert.notEqual(d.severity, 'hint', `internal error in a rule: ${d.message}`);
      }
      checked++;
    }
  }
  assert.equal(checked, 2000);
});

test('empty and whitespace-only files named as specs are reported, not crashed on', () => {
  for (const text of ['', '\n\n', '   ', '# only a comment\n']) {
    const file = readSpecFile('empty.pipeline.yaml', text);
    assert.ok(file);
    const codes = checkFile(file).map((d) => d.code);
    assert.ok(codes.includes('S104'), `expected a missing-field finding for ${JSON.stringify(text)}`);
  }
});
