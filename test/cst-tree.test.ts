/**
 * The two YAML readers agree: for every input, the reader of the yaml package's CST (cst-tree.ts) either
 * declines or gives exactly the tree, problems and parser errors that the Composer's Document gives. Inputs:
 * the random texts of the property tests, random block YAML (well formed and then mutated), the PyYAML table,
 * every YAML file of the repository's fixtures, examples and reference data, and mutations of each of those.
 * CURSUS_FUZZ=1 runs 50 times as many random cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseYamlTree, parseYamlTreeAt, yamlReaders } from '../server/src/engine/syntax/parse-yaml.js';
import { isCompact, plainTree } from '../server/src/engine/syntax/compact-tree.js';
import type { YNode } from '../server/src/engine/syntax/ast.js';
import { setAroundYamlParse } from '../server/src/engine/syntax/parse-host.js';
import { withYamlEnv } from '../server/src/workspace/yaml-env.js';
import { anyText, PIECES } from './helpers/arbitraries.js';
import { extractMarkers } from './helpers/markers.js';
import { repoRoot } from './helpers/paths.js';
import { PYYAML } from './helpers/pyyaml-table.js';
import { rng } from './helpers/reference.js';

const RUNS = process.env.CURSUS_FUZZ ? 10_000 : 200;

/** Compares the readers on one text; true when the CST reader vouched for it. */
function agree(text: string): boolean {
  const cst = yamlReaders.cst(text);
  if (cst === undefined) return false;
  assert.deepStrictEqual(cst, yamlReaders.composer(text), `the readers differ on ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) + '…' : text)}`);
  return true;
}

const SCALARS = [
  'a', 'DATA', 'x y', 'yes', 'off', 'Null', '~', '017', '08', '0o17', '1e3', '1.0e+3', '12:30', '-1:30', '.inf', '.NaN', '2024-01-01', '2001-12-14 21:59:43.10',
  '0x1F', '1_000', '=', '<<x', '$HOME', 's3://bucket/key', 'a#b', 'a:b', '-x', '?x', '"yes"', "'017'", '"a\\tb"', '"\\u00e9"', "'it''s'", '"bad \\q"', "'open", '"open',
  '|\n  literal\n  text', '>-\n  folded\n  text', '|+\n  kept\n', '|2\n    indented', '|\n literal at one', '', 'a # comment', '"q" # c', 'a  #c', 'long plain\n  continued',
  '!!str 1', '&anchor v', '*alias', '[a, b]', '{}', '[]', '{a: 1}', '@at', '`tick', '%pct', 'tab\there',
];
const KEYS = ['a', 'b', 'dag', 'nodes', 'edges', 'script_specs', 'input_paths', 'yes', '017', '"quoted key"', "'single'", '<<', '=', '? explicit', 'a b', 'x:y', '""', '-k'];

type Tree = { map: [string, Tree][] } | { seq: Tree[] } | { scalar: string };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ scalar: fc.constantFrom(...SCALARS) }),
    fc.record({ map: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('tree')), { minLength: 1, maxLength: 5 }) }),
    fc.record({ seq: fc.array(tie('tree'), { minLength: 1, maxLength: 4 }) }),
  ),
})).tree;

/** Block YAML for a tree, indented by `step` spaces (varied: YAML allows any indentation per level). */
function emit(t: Tree, indent: number, step: number, sameIndentSeq: boolean): string[] {
  const pad = ' '.repeat(indent);
  if ('scalar' in t) return [`${pad}${t.scalar.replace(/\n/g, `\n${pad}`)}`];
  if ('map' in t) {
    const out: string[] = [];
    for (const [k, v] of t.map) {
      if ('scalar' in v) out.push(`${pad}${k}: ${v.scalar.replace(/\n/g, `\n${pad}`)}`);
      else if ('seq' in v && sameIndentSeq) out.push(`${pad}${k}:`, ...emit(v, indent, step, sameIndentSeq));
      else out.push(`${pad}${k}:`, ...emit(v, indent + step, step, sameIndentSeq));
    }
    return out;
  }
  const out: string[] = [];
  for (const item of t.seq) {
    const inner = emit(item, indent + 2, step, sameIndentSeq);
    out.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
  }
  return out;
}

const blockYaml = fc
  .tuple(tree, fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.constantFrom('', '---\n', '# head\n', '---\n# c\n'), fc.constantFrom('', '\n', '\n\n# tail\n', '   '), fc.constantFrom('\n', '\r\n'))
  .map(([t, step, same, head, tail, eol]) => (head + emit(t, 0, step, same).join('\n') + tail).replace(/\n/g, eol));

/** 0-2 small edits: a piece inserted, a character removed, a line indented or dedented. */
const mutated = fc.tuple(blockYaml, fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...PIECES)), { maxLength: 2 })).map(([text, edits]) => {
  let t = text;
  for (const [at, kind, piece] of edits) t = mutate(t, at, kind, piece);
  return t;
});

function mutate(text: string, at: number, kind: number, piece: string): string {
  const i = text.length ? at % (text.length + 1) : 0;
  switch (kind) {
    case 0:
      return text.slice(0, i) + piece + text.slice(i);
    case 1:
      return text.slice(0, i) + text.slice(i + 1);
    case 2: {
      const line = text.lastIndexOf('\n', i - 1) + 1;
      return text.slice(0, line) + ' ' + text.slice(line);
    }
    default: {
      const line = text.lastIndexOf('\n', i - 1) + 1;
      return text[line] === ' ' ? text.slice(0, line) + text.slice(line + 1) : text;
    }
  }
}

test('random texts of the property tests: the CST reader declines or agrees with the Composer', () => {
  fc.assert(fc.property(anyText, (text) => void agree(text)), { numRuns: RUNS * 5 });
});

test('random block YAML: the CST reader agrees with the Composer, and vouches for most of it', () => {
  let vouched = 0;
  let runs = 0;
  fc.assert(
    fc.property(blockYaml, (text) => {
      runs++;
      if (agree(text)) vouched++;
    }),
    { numRuns: RUNS * 5 },
  );
  // The generator writes some scalars the Composer rejects or the CST reader leaves to it (tags, aliases, flow).
  assert.ok(vouched > runs / 4, `the CST reader vouched for only ${vouched} of ${runs} random block texts`);
});

test('random block YAML with small edits: the CST reader declines or agrees with the Composer', () => {
  fc.assert(fc.property(mutated, (text) => void agree(text)), { numRuns: RUNS * 10 });
});

test('every row of the PyYAML table, as a value and as a key: the readers agree', () => {
  let vouched = 0;
  for (const [written] of PYYAML) {
    for (const text of [`v: ${written}\n`, `- ${written}\n`, `${written}: v\n`, `${written}`]) if (agree(text)) vouched++;
  }
  assert.ok(vouched >= PYYAML.length * 2, `vouched for ${vouched}`);
});

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/i.test(name)) out.push(path);
  }
  return out;
}

const files = ['test/fixtures', 'test/data', 'test/workspaces', 'examples'].flatMap((d) => yamlFiles(join(repoRoot, d)));

test(`every YAML file of the fixtures, examples and reference data (${files.length}) and mutations of each: the readers agree`, () => {
  assert.ok(files.length > 100, `found ${files.length} YAML files`);
  const next = rng(13);
  let vouched = 0;
  let mutants = 0;
  for (const file of files) {
    const written = readFileSync(file, 'utf8');
    // Fixtures are checked with their `# ^^^ CODE` marker lines removed; both texts are inputs.
    const text = extractMarkers(written).text;
    agree(written);
    if (agree(text)) vouched++;
    // The tree as the rest of the engine gets it (repairs included) is the same whichever reader gave it.
    assert.doesNotThrow(() => parseYamlTree(text), file);
    for (let k = 0; k < 8; k++) {
      const piece = PIECES[next(PIECES.length)];
      if (agree(mutate(text, next(text.length + 1), next(4), piece))) mutants++;
    }
  }
  // Most real files are plain block YAML; if the CST reader declined them all, the speedup would be gone.
  assert.ok(vouched > files.length / 2, `the CST reader vouched for ${vouched} of ${files.length} files`);
  assert.ok(mutants > files.length, `and for ${mutants} mutants`);
});

test('a chunk read at an offset (parseYamlTreeAt) is the tree of the text with that offset added', () => {
  let built = 0;
  for (const file of files) {
    const text = extractMarkers(readFileSync(file, 'utf8')).text;
    const at = parseYamlTreeAt(text, 7);
    if (!at) continue;
    built++;
    // Seven characters of comment line before the text move every offset by seven and change nothing else.
    assert.deepStrictEqual(at, parseYamlTree(`#23456\n${text}`), file);
  }
  assert.ok(built > files.length / 2, `built ${built} of ${files.length}`);
});

/**
 * A compact reading (compact-tree.ts) read through the YNode interface: every node, entry and span as the plain
 * reading has it. Walks both trees side by side, reading each field as the engine does (not through plainTree,
 * which would hide a field the interface does not give).
 */
function sameThroughInterface(compact: YNode | null, plain: YNode | null, where: string): void {
  if (compact === null || plain === null) return assert.equal(compact, plain, where);
  assert.ok(isCompact(compact), `${where}: a compact node`);
  assert.equal(compact.kind, plain.kind, where);
  assert.deepStrictEqual({ ...compact.span }, plain.span, where);
  if (compact.kind === 'scalar' && plain.kind === 'scalar') {
    assert.equal(compact.value, plain.value, where);
    assert.equal(compact.quoted, plain.quoted, where);
    assert.equal(compact.python, plain.python, where);
    assert.equal('python' in compact, 'python' in plain, `${where}: python present on one only`);
  } else if (compact.kind === 'map' && plain.kind === 'map') {
    assert.equal(compact.flow, plain.flow, where);
    assert.equal(compact.entries.length, plain.entries.length, where);
    compact.entries.forEach((e, i) => {
      const p = plain.entries[i];
      assert.ok(isCompact(e), `${where}: a compact entry`);
      assert.deepStrictEqual({ ...e.span }, p.span, `${where}.${i}: entry span`);
      assert.equal(e.merged, p.merged, where);
      sameThroughInterface(e.key, p.key, `${where}.${i}:key`);
      sameThroughInterface(e.value, p.value, `${where}.${i}`);
    });
  } else if (compact.kind === 'seq' && plain.kind === 'seq') {
    assert.equal(compact.flow, plain.flow, where);
    assert.equal(compact.items.length, plain.items.length, where);
    compact.items.forEach((item, i) => sameThroughInterface(item, plain.items[i], `${where}[${i}]`));
  }
}

test('compact nodes (the CLI reading of a big file) give, through the YNode interface, the same tree as plain ones', () => {
  let built = 0;
  const compare = (text: string) => {
    const compact = parseYamlTreeAt(text, 11, true);
    const plain = parseYamlTreeAt(text, 11);
    assert.equal(compact === undefined, plain === undefined, `one reader declined: ${JSON.stringify(text)}`);
    if (!compact || !plain) return;
    built++;
    assert.deepStrictEqual(compact.problems, plain.problems);
    sameThroughInterface(compact.root, plain.root, JSON.stringify(text.slice(0, 200)));
    assert.deepStrictEqual(plainTree(compact.root), plain.root);
  };
  for (const file of files) compare(extractMarkers(readFileSync(file, 'utf8')).text);
  fc.assert(fc.property(blockYaml, (text) => compare(text)), { numRuns: RUNS, seed: 17 });
  fc.assert(fc.property(mutated, (text) => compare(text)), { numRuns: RUNS, seed: 18 });
  assert.ok(built > files.length, `compared ${built} readings`);
});

test('reading YAML with the CLI\'s and the server\'s stand-in for process.env: the package sees one, and process.env is as it was afterwards (the same object, its variables readable and settable), after a throw too', () => {
  const env = process.env;
  process.env.CURSUS_T_PROBE = 'kept';
  process.env.LOG_STREAM = '';
  // The engine calls the host's wrapper around each read of the yaml package, and nothing else of the process.
  const seen: NodeJS.ProcessEnv[] = [];
  setAroundYamlParse((parse) => withYamlEnv(() => (seen.push(process.env), parse())));
  try {
    for (const text of ['a: 1\nb: [x, y]\n', 'a: &x 1\nb: *x\n', 'a: [1, 2\nb: 3\n', 'key: "unclosed\n', '- a\n-b: c\n  d\n']) {
      const before = seen.length;
      const withStandIn = parseYamlTree(text);
      assert.ok(seen.length > before, `the wrapper ran for ${JSON.stringify(text)}`);
      yamlReaders.composer(text);
      assert.equal(process.env, env, `process.env replaced after reading ${JSON.stringify(text)}`);
      setAroundYamlParse(undefined);
      assert.deepStrictEqual(withStandIn, parseYamlTree(text), 'the same reading without the stand-in');
      setAroundYamlParse((parse) => withYamlEnv(() => (seen.push(process.env), parse())));
    }
    // What the package saw: a plain object, not process.env, with the variables it reads as they are set.
    assert.ok(seen.every((e) => e !== env && Object.keys(e).join() === 'LOG_STREAM' && e.LOG_STREAM === ''), JSON.stringify(seen.slice(0, 3)));
    assert.throws(() => withYamlEnv(() => {
      throw new Error('a reader failed');
    }), /a reader failed/);
    assert.equal(process.env, env, 'restored after a throw');
    assert.equal(process.env.CURSUS_T_PROBE, 'kept');
    process.env.CURSUS_T_PROBE = 'changed';
    assert.equal(process.env.CURSUS_T_PROBE, 'changed');
  } finally {
    setAroundYamlParse(undefined);
    delete process.env.CURSUS_T_PROBE;
    delete process.env.LOG_STREAM;
  }
});
