/**
 * The whole-text scans every file goes through (line starts, comments, text faults) take short cuts on text
 * without what they look for (no carriage return, no `#`, no fault character): on random texts with and without
 * those, they give what the plain character-by-character scans give. So do the short cuts of the path questions
 * a big pipeline asks tens of thousands of times.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../server/src/engine/span.js';
import { collectComments } from '../server/src/engine/syntax/parse-yaml.js';
import { textFaults } from '../server/src/engine/syntax/text-faults.js';
import { mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { normalPosix } from '../server/src/engine/project.js';
import { leavesRoot, linkResolver } from '../server/src/workspace/links.js';
import { diagnose } from './helpers/check.js';
import { tempDir } from './helpers/temp.js';

/** Text from pieces that matter to the scans: line breaks of every kind, `#`, quotes, fault characters, plain words. */
const pieces = ['\n', '\r\n', '\r', '#', ' #', '# c', "'", '"', 'a: b', '  - x', ' ', 'key', '\u00e9', '\u0085', '\u0007', '\u007f', '\ufeff', '\ufffe', '\ud83d\ude00', '\ud800', '\udc80', '\udcff', '\u2028', '\t', '\0'];
const text = (withBreaks: boolean) =>
  fc.array(fc.constantFrom(...pieces.filter((p) => withBreaks || !p.includes('\r'))), { maxLength: 60 }).map((a) => a.join(''));

/** Line starts as the loop over every character finds them (a lone `\r` ends a line, `\r\n` once). */
function lineStarts(t: string): number[] {
  const starts = [0];
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

test('line index: every offset lands on the line and column the character loop gives, with and without carriage returns', () => {
  fc.assert(
    fc.property(fc.oneof(text(false), text(true)), (t) => {
      const lines = new LineIndex(t);
      const starts = lineStarts(t);
      assert.equal(lines.lineCount, starts.length);
      for (let offset = 0; offset <= t.length; offset++) {
        let line = 0;
        while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
        assert.deepEqual(lines.position(offset), { line, character: offset - starts[line] }, `offset ${offset} of ${JSON.stringify(t)}`);
      }
    }),
    { numRuns: 400, seed: 13 },
  );
});

/** Comments as a scan of every line finds them (quotes open and close within a line; `#` after white space or at its start). */
function commentsLineByLine(t: string): { span: { start: number; end: number }; text: string }[] {
  const out: { span: { start: number; end: number }; text: string }[] = [];
  let lineStart = 0;
  while (lineStart <= t.length) {
    let lineEnd = t.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = t.length;
    let quote = '';
    for (let i = lineStart; i < lineEnd; i++) {
      const c = t[i];
      if (quote) {
        if (c === quote) quote = '';
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === lineStart || /\s/.test(t[i - 1]))) {
        const end = t.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
        out.push({ span: { start: i, end }, text: t.slice(i + 1, end) });
        break;
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

test('comments: the lines holding a `#` give the comments a scan of every line gives', () => {
  fc.assert(
    fc.property(fc.oneof(text(false), text(true)), (t) => {
      assert.deepEqual(collectComments(t), commentsLineByLine(t), JSON.stringify(t));
    }),
    { numRuns: 600, seed: 13 },
  );
});

/** The fault scans without the first quick look: both patterns run on every text. */
function faultsScanned(t: string, language: 'yaml' | 'json') {
  // eslint-disable-next-line no-control-regex -- the characters looked for
  const nonPrintable = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  const undecodable = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
  if (/^(\uDCFF\uDCFE|\uDCFE\uDCFF)/.test(t) || t.includes('\0')) return 'unreadable';
  const at: number[] = [];
  const bad = undecodable.exec(t);
  if (bad) at.push(bad.index);
  if (language === 'yaml') {
    const odd = nonPrintable.exec(t);
    if (odd && odd.index !== bad?.index) at.push(odd.index);
  } else if (t.charCodeAt(0) === 0xfeff) at.push(0);
  return at;
}

test('text faults: a text the quick look passes has none, and one it stops at gets the same faults as before', () => {
  fc.assert(
    fc.property(fc.oneof(text(false), text(true), fc.string({ unit: 'binary', maxLength: 40 })), fc.constantFrom('yaml' as const, 'json' as const), (t, language) => {
      const got = textFaults(t, language);
      const expected = faultsScanned(t, language);
      if (expected === 'unreadable') assert.ok(got.unreadable, JSON.stringify(t));
      else {
        assert.equal(got.unreadable, undefined, JSON.stringify(t));
        assert.deepEqual(got.problems.map((p) => p.span.start), expected, JSON.stringify(t));
      }
    }),
    { numRuns: 800, seed: 13 },
  );
});

test('P303: a clash points at the path of the output that first took the folder, even when a later output of that node names it too', () => {
  const spec = (name: string, outputs: string) => `  ${name}:\n    script_name: s_${name}\n    step_name: ${name}\n    output_paths: {${outputs}}\n`;
  const text = `dag:\n  nodes: [a, b, c]\n  edges: [[a, b], [b, c]]\nscript_specs:\n${spec('a', 'x: /opt/ml/out, y: out/./a, z: out/a')}${spec('b', 'w: out/a/inner')}${spec('c', 'v: out')}`;
  const { diagnostics } = diagnose('p.pipeline.yaml', text);
  const clashes = diagnostics.filter((d) => d.code === 'P303');
  const firstWriter = text.indexOf('out/./a');
  assert.equal(clashes.length, 2, JSON.stringify(clashes.map((d) => d.message)));
  for (const d of clashes) {
    assert.match(d.message, /also written by 'a'/);
    assert.deepEqual(d.related?.[0]?.span, { start: firstWriter, end: firstWriter + 'out/./a'.length }, d.message);
  }
});

test('path short cuts: a path posix.normalize would leave alone is used as it is, and one below the root is inside it without relative()', () => {
  // The root one level down, so its sibling `${root}x` (a name that starts like the root) is inside the temporary folder too.
  const root = join(tempDir('cursus-scans-'), 'root');
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  mkdirSync(`${root}x`, { recursive: true });
  symlinkSync(tmpdir(), join(root, 'a', 'out'));
  const part = fc.constantFrom('a', 'b', '.', '..', '', 'out', '..x', 'x..', 'c.py', '.hidden');
  const resolver = linkResolver(60_000);
  fc.assert(
    fc.property(fc.array(part, { maxLength: 6 }), fc.boolean(), fc.constantFrom('', 'x', '/'), (parts, absolute, glue) => {
      const path = (absolute ? '/' : '') + parts.join('/');
      assert.equal(normalPosix(path), posix.normalize(path), JSON.stringify(path));
      // The same question with the cached resolver (short cut) and the plain one (relative() every time).
      const asked = `${root}${glue}${parts.join('/')}`;
      assert.equal(resolver.leavesRoot(asked, root), leavesRoot(asked, root), asked);
    }),
    { numRuns: 500, seed: 13 },
  );
});
