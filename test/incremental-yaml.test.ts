/** Chunked YAML parsing gives the same tree as a whole-file parse, and re-parses only what an edit touched. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkCache, parseYamlChunked } from '../server/src/engine/syntax/incremental-yaml.js';
import { parseYaml } from '../server/src/engine/syntax/parse-yaml.js';
import { CHUNKED_FROM, readSpecFile } from '../server/src/engine/file.js';
import { isCompact, plainTree } from '../server/src/engine/syntax/compact-tree.js';
import { pipelineSpec } from '../bench/generate.js';
import { repoRoot } from './helpers/paths.js';
import { extractMarkers } from './helpers/markers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

function assertSameParse(text: string, label: string, cache = new ChunkCache()) {
  const whole = parseYaml(text);
  const chunked = parseYamlChunked(text, cache);
  assert.deepEqual(whole.problems, [], `${label}: the sample must be valid YAML`);
  assert.deepEqual(chunked.root, whole.root, `${label}: trees differ`);
  assert.deepEqual(chunked.problems.length > 0, whole.problems.length > 0, `${label}: syntax verdicts differ`);
}

test('every YAML fixture and example parses to the same tree chunked and whole', () => {
  const files = [...yamlFiles(join(repoRoot, 'test/fixtures')), ...yamlFiles(join(repoRoot, 'examples'))];
  assert.ok(files.length > 20);
  for (const f of files.filter((x) => !x.includes('s100-yaml-syntax'))) assertSameParse(extractMarkers(readFileSync(f, 'utf8')).text, f);
});

test('a 1,000-node pipeline is actually cut, parses the same, and an edit re-parses one small chunk', () => {
  const text = pipelineSpec(1000);
  const cache = new ChunkCache();
  assertSameParse(text, 'generated', cache);
  const chunks = cache.size;
  assert.ok(chunks > 200, `expected many chunks, got ${chunks}`);
  const edited = text.replace('TRAIN_RATIO: "0.7"', 'TRAIN_RATIO: "0.8"');
  assertSameParse(edited, 'edited', cache);
  assert.ok(cache.size <= chunks + 2, 'only the edited chunk was parsed again');
});

test('shapes that need care: wrapped flow lists, block scalars, comments between entries, sequences at key indent', () => {
  const big = (body: string) => `${body}\n${Array.from({ length: 60 }, (_, i) => `    n${i}: v${i}`).join('\n')}\n`;
  const samples = [
    big('dag:\n  nodes: [a,\n    b]\n  edges: [[a, b],\n    [b, c]]\nscript_specs:\n  a:\n    user_notes: |\n      line one\n\n      line three\n    # a comment between entries\n  b:'),
    big('script_specs:\n  # leading comment\n  "quoted key":\n    x: 1\n  \'single\': {a: 1}\n  plain:'),
    `edges:\n${Array.from({ length: 80 }, (_, i) => `- [n${i}, n${i + 1}]`).join('\n')}\nother: 1\n`,
    `nodes:\n${Array.from({ length: 80 }, (_, i) => `  - n${i}  # c${i}`).join('\n')}\n`,
  ];
  samples.forEach((s, i) => assertSameParse(s, `sample ${i}`));
});

test('mutated documents never throw and keep spans inside the text', () => {
  const base = pipelineSpec(60);
  let state = 9;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const junk = ['[', ']', '{', ':', '- ', '"', '\n', '  ', '#', '&x ', '*x', '\t'];
  const cache = new ChunkCache();
  for (let i = 0; i < 400; i++) {
    const at = rand(base.length);
    const text = base.slice(0, at) + junk[rand(junk.length)] + base.slice(at + rand(3));
    const r = parseYamlChunked(text, cache);
    const check = (n: { span: { start: number; end: number } }) => assert.ok(n.span.start >= 0 && n.span.end <= text.length);
    for (const p of r.problems) check(p);
    if (r.root) check(r.root);
  }
});

test('an edit within one line is spliced into the last tree, which then equals a fresh reading (tree, problems, comments)', () => {
  let text = pipelineSpec(80).replace('  Step3_training:\n', '  Step3_training:  # the third\n');
  let state = 5;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const typed = ['a', 'x', '_', '0', ' ', ':', '"', "'", '[', ']', '{', '#', '-', ',', '&a', '*a', '!t', '|'];
  const cache = new ChunkCache();
  parseYamlChunked(text, cache);
  for (let i = 0; i < 300; i++) {
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
    const line = 20 + rand(lineStarts.length - 40);
    const lineText = text.slice(lineStarts[line], lineStarts[line + 1] - 1);
    const at = lineStarts[line] + rand(lineText.length + 1);
    const removed = rand(4) === 0 ? Math.min(1, lineStarts[line + 1] - 1 - at) : 0;
    // Mostly typing; now and then the line goes back to what it was (a repaired typo).
    const next = rand(5) === 0 ? pipelineSpec(80).replace('  Step3_training:\n', '  Step3_training:  # the third\n') : text.slice(0, at) + typed[rand(typed.length)] + text.slice(at + removed);
    text = next;
    const incremental = parseYamlChunked(text, cache);
    const fresh = parseYamlChunked(text, new ChunkCache());
    assert.deepEqual(incremental.root, fresh.root, `edit ${i}: trees differ for:\n${text}`);
    assert.deepEqual(incremental.problems, fresh.problems, `edit ${i}: problems differ`);
    assert.deepEqual(incremental.comments, fresh.comments, `edit ${i}: comments differ`);
    if (fresh.problems.length === 0) assert.deepEqual(incremental.root, parseYaml(text).root, `edit ${i}: the whole-file reading differs`);
  }
  assert.ok(cache.spliced >= 50, `most edits were spliced (${cache.spliced})`);
});

test('a YAML file over CHUNKED_FROM read without a cache (the CLI) is parsed in chunks, to the same tree as a whole-file parse', () => {
  const text = pipelineSpec(2600);
  assert.ok(text.length >= CHUNKED_FROM, `${text.length} bytes`);
  const file = readSpecFile('big.pipeline.yaml', text)!;
  // Its nodes are compact (compact-tree.ts): the same tree once made of plain objects.
  const specs = file.parsed.root?.kind === 'map' ? file.parsed.root.entries.find((e) => e.key.value === 'script_specs')?.value : undefined;
  assert.ok(specs?.kind === 'map' && specs.entries.length === 2600 && specs.entries.every((e) => isCompact(e) && isCompact(e.key)), 'the chunks are read into compact nodes');
  assert.deepEqual(plainTree(file.parsed.root), parseYaml(text).root);
  assert.deepEqual(file.parsed.problems, []);
  // The chunked reading, without a cache, of a text with a syntax error in one chunk still reports it.
  const broken = text.replace('    step_name: Step1300_training\n', '    step_name: [Step1300_training\n');
  const problems = readSpecFile('big.pipeline.yaml', broken)!.parsed.problems;
  assert.ok(problems.length > 0 && problems.every((p) => p.span.start >= broken.indexOf('[Step1300') - 200 && p.span.end <= broken.length), JSON.stringify(problems));
});

test('a big file left broken by an edit reads as the CLI reads it (whole, repaired), the repairs tried read from its chunks', () => {
  // A 60-node pipeline (about 27 KB): an open document parsed in chunks, then broken in many ways; each broken
  // text must give what a whole-file parse with its repair gives (tree, problems, comments), while the repairs
  // tried are read from the chunks the clean text left in the cache instead of parsing the whole file again.
  const text = pipelineSpec(60);
  const cache = new ChunkCache();
  parseYamlChunked(text, cache, CHUNKED_FROM);
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  let broken = 0;
  let repaired = 0;
  for (let i = 0; i < 100; i++) {
    const line = lineStarts[1 + random(lineStarts.length - 1)];
    const lineEnd = text.indexOf('\n', line);
    const at = line + random(Math.max(1, lineEnd - line));
    const insert = ['"', "'", '[', '{', 'x', ' ', '\t', ': :', '- '][random(9)];
    const edited = random(4) === 0 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + insert + text.slice(at);
    const whole = parseYaml(edited);
    if (whole.problems.length) broken++;
    if (whole.problems.length === 1) repaired++;
    // Both orders: the broken text after the clean one (cache as typing left it), and after another broken one.
    const chunked = parseYamlChunked(edited, cache, CHUNKED_FROM);
    // What the reading is (tree, problems, comments, the places repaired), without the cache's bookkeeping.
    const reading = Object.fromEntries(Object.keys(whole).map((k) => [k, chunked[k as keyof typeof chunked]]));
    assert.deepEqual(reading, whole, `edit ${i}: ${JSON.stringify(insert)} at ${at}`);
    if (random(2)) parseYamlChunked(text, cache, CHUNKED_FROM);
  }
  assert.ok(broken >= 20 && repaired >= 10, `${broken} broken, ${repaired} with one repaired fault: the edits must exercise the repair`);
  assert.ok(cache.repairsRead >= 10, `${cache.repairsRead} repairs read from chunks`);
});
