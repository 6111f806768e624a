/**
 * The CLI on a pipeline big enough to be read in chunks (over CHUNKED_FROM) reports, byte for byte, what it reports
 * when the same pipeline is read whole: the findings of the chunked reading, the CST reader's shared strings, the
 * did-you-mean prefilter over a hundred look-alike script names and the flattened messages change nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHUNKED_FROM } from '../server/src/engine/file.js';
import { contractProject, pipelineSpec } from '../bench/generate.js';
import { runCli } from './helpers/cli.js';

test('a 2,600-node pipeline checked in chunks gives the same JSON findings as the same pipeline read whole', () => {
  // 100 contracts and scripts (step_0 .. step_99): the other 2,500 nodes name unknown scripts (C200 with did-you-mean).
  const root = contractProject(100);
  // Some faults besides: a misspelt edge end, an input the upstream step does not produce, a duplicate key.
  const text = pipelineSpec(2600)
    .replace('    - [Step1000_training, Step1001_training]\n', '    - [Step1000_trainig, Step1001_training]\n')
    .replace('      processed_data: test/integration/runtime/step_1800/output\n', '      procesed_data: test/integration/runtime/step_1800/output\n')
    .replace('    step_name: Step2000_training\n', '    step_name: Step2000_training\n    step_name: again\n');
  assert.ok(text.length >= CHUNKED_FROM, `${text.length} bytes`);
  writeFileSync(join(root, 'chunked.pipeline.yaml'), text);
  // An anchor in a comment after the last line makes the file one the chunking leaves whole; it moves no offset.
  writeFileSync(join(root, 'whole.pipeline.yaml'), `${text}# &whole\n`);
  const findings = (file: string) => {
    const r = runCli(['check', file, '--format', 'json', '--no-cache'], root, {}, 120_000);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    return JSON.stringify((JSON.parse(r.stdout) as { diagnostics: unknown[] }[])[0].diagnostics);
  };
  const chunked = findings('chunked.pipeline.yaml');
  const whole = findings('whole.pipeline.yaml');
  const codes = new Set((JSON.parse(chunked) as { code: string }[]).map((d) => d.code));
  for (const code of ['C200', 'M500', 'S103']) assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
  assert.ok(chunked.includes('Did you mean'), 'C200 suggests script names');
  assert.equal(chunked, whole);
});
