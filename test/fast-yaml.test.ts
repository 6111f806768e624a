/**
 * The fast YAML reader builds exactly the tree the yaml package's reading builds, wherever it accepts a text:
 * on every YAML file of the repository and the reference corpus, on generated pipelines, and on thousands of
 * generated and mutated documents full of YAML 1.1 traps. Where it declines, the yaml package reads the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fastYamlTree } from '../server/src/engine/syntax/fast-yaml.js';
import { parseWithYamlPackage, parseYamlTree } from '../server/src/engine/syntax/parse-yaml.js';
import { pipelineSpec } from '../bench/generate.js';
import { repoRoot } from './helpers/paths.js';
import { extractMarkers } from './helpers/markers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

/** True when the fast reader accepted the text (and then its tree must be the yaml package's). */
function agrees(text: string, label: string): boolean {
  const fast = fastYamlTree(text);
  if (!fast) return false;
  const full = parseWithYamlPackage(text);
  assert.deepEqual(full.problems, [], `${label}: the fast reader accepted a text with syntax problems: ${JSON.stringify(full.problems)}\n${text}`);
  assert.equal(full.aliased, undefined, label);
  assert.deepEqual(fast.root, full.root, `${label}: trees differ for\n${text}`);
  return true;
}

test('every YAML file of the repository and of the reference corpus: same tree where the fast reader reads it', () => {
  const files = [...yamlFiles(join(repoRoot, 'test')), ...yamlFiles(join(repoRoot, 'examples')), ...yamlFiles(join(repoRoot, 'test/reference'))];
  let read = 0;
  for (const f of files) {
    const raw = readFileSync(f, 'utf8');
    if (agrees(raw, f)) read++;
    if (agrees(extractMarkers(raw).text, `${f} (markers removed)`)) read++;
  }
  assert.ok(read > 40, `the fast reader read only ${read} files`);
});

test('generated pipeline specs are read by the fast reader, to the same tree', () => {
  for (const n of [2, 8, 60]) assert.ok(agrees(pipelineSpec(n), `pipeline of ${n}`), `pipeline of ${n} declined`);
  assert.ok(fastYamlTree(pipelineSpec(200)), 'parseYamlTree takes the fast path');
  assert.deepEqual(parseYamlTree(pipelineSpec(20)).root, parseWithYamlPackage(pipelineSpec(20)).root);
});

test('odd characters: a byte order mark, non-breaking and Unicode line separators, astral characters', () => {
  for (const text of ['\uFEFFa: 1\n', 'a: 1\n\uFEFF', 'a: \u00a0x\n', 'a\u00a0: 1\n', 'a: x\u2028y\n', 'a: x\u0085y\n', 'a: [x\u00a0, y]\n', 'k: \ud83d\ude00\n', 'k: v\n\u3000\n']) agrees(text, JSON.stringify(text));
});

test('thousands of generated and mutated documents: the fast reader agrees or declines, never differs', () => {
  let state = 12345;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const pick = <T>(xs: T[]) => xs[rand(xs.length)];
  const safe = ['x', 'step_1', 'data/in', 'label', '"0.7"', "'q'", '[a, b]', '3', 'yes', '2024-01-01', 's3://b/k', 'a b', '-1', '~', '{}', '[]'];
  const tricky = ['x', 'step_1', 'yes', 'No', 'off', '~', 'null', 'Null', '1', '-1', '017', '0o17', '0x1F', '1e3', '1.5', '.5', '+3', '1_000', '2024-01-01', '2024-01-01 10:00:00', '12:30:00', 'a#b', 'a # b', 'x:y', 's3://b/k', 'a b  c', '-x', '.inf', '.NaN', 'true', 'TRUE', '=', '<<', '@x', '%x', '!x', '&a', '*a', '?x', ':x', '|', '>', 'a,b', 'a]b', 'é', '"q"', "'q'", "'it''s'", '"a\\"b"', '"a\\nb"', "'a", '"a', '[a, b]', '[]', '{}', '[a, [b]]', '[a, {b: c}]', '[ "x", \'y\' ]', '[a,]', '{a: 1}', 'a: b', ''];
  const plains = [...safe, ...safe, ...tricky];
  const safeKeys = ['a', 'b', 'script_name', 'input_paths', 'LABEL_FIELD', 'Key With Space', '"quoted key"', "'single'", '1', 'yes'];
  const keys = [...safeKeys, ...safeKeys, ...safeKeys, 'a#b', 'x y', '<<', '-k', '?k', 'k ', '[k]', 'k:k'];
  const doc = (depth: number, indent: number): string[] => {
    const lines: string[] = [];
    const pad = ' '.repeat(indent);
    const asSeq = depth > 0 && rand(4) === 0;
    const n = 1 + rand(4);
    for (let i = 0; i < n; i++) {
      if (rand(6) === 0) lines.push(rand(2) ? '' : `${' '.repeat(rand(indent + 4))}# note ${i}`);
      if (asSeq) {
        lines.push(`${pad}- ${pick(plains)}${rand(5) === 0 ? '  # c' : ''}`);
        continue;
      }
      const key = pick(keys);
      if (depth < 3 && rand(3) === 0) {
        lines.push(`${pad}${key}:${rand(4) === 0 ? ' # c' : ''}`);
        const child = indent + (rand(5) === 0 ? 0 : 2 + rand(3));
        lines.push(...(child === indent ? doc(depth + 1, child).map((l) => (l.trimStart().startsWith('-') ? l : `${pad}- ${l.trim()}`)) : doc(depth + 1, child)));
      } else {
        lines.push(`${pad}${key}:${rand(8) === 0 ? '' : ` ${pick(plains)}`}${rand(5) === 0 ? '   # trailing' : rand(6) === 0 ? '  ' : ''}`);
      }
    }
    return lines;
  };
  const junk = ['\uFEFF', '\u00a0', '\u2028', '\t', '\r', ' ', '  ', '#', '- ', ': ', '"', "'", '[', ']', '{', '}', ',', '\n', '\n  ', '&x ', '*x', '!!str ', '---\n', '|\n  ', '%', '\\'];
  let accepted = 0;
  let total = 0;
  for (let i = 0; i < 6000; i++) {
    let text = doc(0, 0).join('\n') + (rand(4) ? '\n' : '');
    if (rand(3) === 0) {
      const at = rand(text.length + 1);
      text = text.slice(0, at) + pick(junk) + text.slice(at + rand(3));
    }
    total++;
    if (agrees(text, `document ${i}`)) accepted++;
  }
  assert.ok(accepted > total / 8, `the fast reader accepted only ${accepted} of ${total} documents; the test would prove little`);
});
