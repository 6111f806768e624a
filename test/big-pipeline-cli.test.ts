/**
 * The CLI on a pipeline big enough to be read in chunks (over CHUNKED_FROM) reports, byte for byte, what it reports
 * when the same pipeline is read whole: the findings of the chunked reading, the CST reader's shared strings, the
 * did-you-mean prefilter over a hundred look-alike script names and the flattened messages change nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHUNKED_FROM } from '../server/src/engine/file.js';
import { contractProject, pipelineSpec } from '../bench/generate.js';
import { runCli } from './helpers/cli.js';

test('a 2,600-node pipeline checked in chunks gives the same findings as the same pipeline read whole, each fault once and in its place', () => {
  // 100 contracts and scripts (step_0 .. step_99): the other 2,500 nodes name unknown scripts (C200 with did-you-mean).
  const root = contractProject(100);
  // Faults in the first, middle and last chunks: each must be reported once, on its own line, by both readings.
  const seeded = [
    { code: 'C200', from: '    script_name: step_0\n', to: '    script_name: step_0.py\n' },
    { code: 'C204', from: '      processed_data: test/integration/runtime/step_98/output\n', to: '      processed_dat: test/integration/runtime/step_98/output\n' },
    { code: 'D400', from: '    - [Step1001_training, Step1002_training]\n', to: '    - [Step1001_trainig, Step1002_training]\n' },
    { code: 'S103', from: '    step_name: Step2000_training\n', to: '    step_name: Step2000_training\n    step_name: again\n' },
    { code: 'C200', from: '    script_name: step_2599\n', to: '    script_name: step_9.py\n', last: true },
    { code: 'D403', from: '', to: '  Orphan_training:\n    script_name: step_1\n', end: true },
    // In a chunk (compact nodes, whose scalars are the model's refs): a key written as a number (C204 on `1`; the
    // compact reader keeps it as its text), an enhanced spec's logical name, path and aliases.
    {
      code: 'C204',
      from: '    input_paths:\n      processed_data: test/integration/runtime/step_45/output\n      METADATA: test/integration/runtime/meta\n    output_paths:\n      processed_data: test/integration/runtime/step_46/output\n',
      to: '    output_paths:\n      1: test/integration/runtime/step_46/output\n    input_path_specs:\n      raw:\n        logical_name: raw_data\n        path: test/integration/runtime/step_45/output\n        aliases: [processed_data, 7]\n      METADATA:\n        path: test/integration/runtime/meta\n',
    },
  ];
  let text = pipelineSpec(2600).replace('      processed_data: test/integration/runtime/step_1800/output\n', '      procesed_data: test/integration/runtime/step_1800/output\n');
  for (const s of seeded) {
    if (s.end) text += s.to;
    else {
      const at = s.last ? text.lastIndexOf(s.from) : text.indexOf(s.from);
      assert.ok(at >= 0, s.from);
      text = text.slice(0, at) + s.to + text.slice(at + s.from.length);
    }
  }
  assert.ok(text.length >= CHUNKED_FROM, `${text.length} bytes`);
  writeFileSync(join(root, 'chunked.pipeline.yaml'), text);
  // An anchor in a comment after the last line makes the file one the chunking leaves whole; it moves no offset.
  writeFileSync(join(root, 'whole.pipeline.yaml'), `${text}# &whole\n`);
  const check = (file: string, format: string, cache = false) => {
    const r = runCli(['check', file, '--format', format, ...(cache ? [] : ['--no-cache'])], root, {}, 120_000);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return r.stdout.replaceAll(file, 'FILE');
  };
  const chunked = check('chunked.pipeline.yaml', 'json');
  assert.equal(chunked, check('whole.pipeline.yaml', 'json'));
  assert.equal(check('chunked.pipeline.yaml', 'stylish'), check('whole.pipeline.yaml', 'stylish'));
  const findings = (JSON.parse(chunked) as { diagnostics: { code: string; line: number; message: string; fixable: boolean }[] }[])[0].diagnostics;
  assert.ok(findings.some((d) => d.message.includes('Did you mean')), 'C200 suggests script names');
  const lines = text.split('\n');
  for (const s of seeded) {
    const first = s.to.split('\n').find((l) => !s.from.includes(l))!;
    const line = (s.last ? lines.lastIndexOf(first) : lines.indexOf(first)) + 1;
    const here = findings.filter((d) => d.code === s.code && d.line >= line - 1 && d.line <= line + 1);
    assert.equal(here.length, 1, `${s.code} once near line ${line}: ${JSON.stringify(findings.filter((d) => Math.abs(d.line - line) < 4))}`);
  }
  // Every finding once: no two with the same code, line and message.
  assert.equal(new Set(findings.map((d) => `${d.code}|${d.line}|${d.message}`)).size, findings.length);
  // The check keeps only whether each finding's fixes are safe (CheckOptions.reportOnly); a check through the
  // findings cache keeps the fixes themselves. Both say the same of what --fix would fix.
  mkdirSync(join(root, '.cursus-runs'));
  assert.equal(check('chunked.pipeline.yaml', 'json', true), chunked);
  assert.ok(findings.some((d) => d.fixable) && findings.some((d) => !d.fixable), 'fixable and not fixable findings both');
});
