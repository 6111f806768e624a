/** Where the cursor is, read from half-typed YAML and JSON. A `|` in the sample marks the cursor. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContext } from '../server/src/engine/features/context.js';

function at(sample: string, language: 'yaml' | 'json' = 'yaml') {
  const offset = sample.indexOf('|');
  const text = sample.slice(0, offset) + sample.slice(offset + 1);
  const c = cursorContext(text, offset, language);
  return { path: c.path, at: c.at, key: c.key, prefix: c.prefix, edgeEnd: c.edgeEnd, replaced: text.slice(c.replace.start, c.replace.end) };
}

const table: [string, string, 'yaml' | 'json', Partial<ReturnType<typeof at>>][] = [
  ['key in a nested map, half typed', 'script_specs:\n  prep:\n    input_paths:\n      DA|\n', 'yaml', { path: ['script_specs', 'prep', 'input_paths'], at: 'key', prefix: 'DA' }],
  ['empty key position with broken YAML below', 'script_specs:\n  prep:\n    environ_vars:\n      |\n  x: [\n', 'yaml', { path: ['script_specs', 'prep', 'environ_vars'], at: 'key', prefix: '' }],
  ['value of script_name', 'script_specs:\n  prep:\n    script_name: tab|\n', 'yaml', { path: ['script_specs', 'prep'], at: 'value', key: 'script_name', prefix: 'tab' }],
  ['second end of a flow edge', 'dag:\n  edges:\n    - [prep, tr|]\n', 'yaml', { path: ['dag', 'edges'], at: 'item', edgeEnd: 'dst', prefix: 'tr', replaced: 'tr' }],
  ['first end in an inline list of edges', 'dag:\n  edges: [[a, b], [|\n', 'yaml', { path: ['dag', 'edges'], at: 'item', edgeEnd: 'src' }],
  ['to of an object edge', 'dag:\n  edges:\n    - {from: a, to: |}\n', 'yaml', { path: ['dag', 'edges'], at: 'value', key: 'to', edgeEnd: 'dst' }],
  ['a list item under nodes', 'dag:\n  nodes:\n    - prep\n    - tr|\n', 'yaml', { path: ['dag', 'nodes'], at: 'item', prefix: 'tr' }],
  ['key inside an inline flow map', 'script_specs:\n  prep:\n    input_paths: {DATA: x, ME|}\n', 'yaml', { path: ['script_specs', 'prep', 'input_paths'], at: 'key', prefix: 'ME' }],
  ['a script_specs key', 'script_specs:\n  prep:\n    step_name: prep\n  tr|\n', 'yaml', { path: ['script_specs'], at: 'key', prefix: 'tr' }],
  ['under a list item that is a map', 'dag:\n  edges:\n    - from: a\n      to: |\n', 'yaml', { path: ['dag', 'edges'], at: 'value', key: 'to' }],
  ['top-level key', 'dag: {}\nscr|\n', 'yaml', { path: [], at: 'key', prefix: 'scr' }],
  ['JSON key, half typed in quotes', '{"script_specs": {"p": {"input_paths": {"DA|"}}}}', 'json', { path: ['script_specs', 'p', 'input_paths'], at: 'key', prefix: 'DA' }],
  ['JSON value', '{"script_name": "tab|"}', 'json', { path: [], at: 'value', key: 'script_name', prefix: 'tab' }],
  ['JSON edge end', '{"dag": {"edges": [["a", "|"]]}}', 'json', { path: ['dag', 'edges'], at: 'item', edgeEnd: 'dst' }],
];

for (const [title, sample, language, expected] of table) {
  test(`cursor context: ${title}`, () => {
    const got = at(sample, language);
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(got[k as keyof typeof got], v, `${k} in ${JSON.stringify(got)}`);
  });
}
