/**
 * `cursus-lint --fix` edits files as a careful editor does: in place (links, mode and inode kept), byte-exact
 * outside the fault, never in a file with syntax errors, never an anchor for one alias, and per file when some
 * cannot be written. Each case here failed before (issue 12).
 */
import { tempDir } from './helpers/temp.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './helpers/cli.js';
import { cliBin, fixturesDir, repoRoot } from './helpers/paths.js';
import { decodeLossless, encodeLossless, EditError, writeInPlace } from '../server/src/workspace/edit-file.js';
import { applyEdits, fixesThatParse } from '../server/src/engine/edit/apply.js';
import type { Fix } from '../server/src/engine/diagnostics.js';
import { parse } from '../server/src/engine/syntax/parse.js';

/** A copy of the fixture project with a contract for tabular_preprocessing, plus the given spec files. */
function project(files: Record<string, string | Buffer>): string {
  const root = tempDir('cursus-fix-');
  for (const dir of ['contracts', 'scripts', 'data']) cpSync(join(fixturesDir, 'contract-project', dir), join(root, dir), { recursive: true });
  writeFileSync(join(root, '.cursus-lsp.yaml'), 'rules: {}\n');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const spec = (env: string, extra = '') => `script_name: tabular_preprocessing
step_name: preprocessing
input_paths:
  DATA: data/in
output_paths:
  processed_data: out/processed
environ_vars:
${env}
job_args: {job_type: training}
${extra}`;

const unquoted = '  LABEL_FIELD: label\n  TRAIN_RATIO: 0.70';
const quoted = '  LABEL_FIELD: label\n  TRAIN_RATIO: "0.70"';

test('a symlinked spec is written through to its target and stays a symlink', () => {
  const root = project({ 'real/target.yaml': spec(unquoted) });
  mkdirSync(join(root, 'specs'));
  symlinkSync('../real/target.yaml', join(root, 'specs/link.spec.yaml'));
  const r = runCli(['check', '--fix', 'specs/link.spec.yaml'], root);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(lstatSync(join(root, 'specs/link.spec.yaml')).isSymbolicLink(), 'the link is still a link');
  assert.equal(readFileSync(join(root, 'real/target.yaml'), 'utf8'), spec(quoted));
  assert.match(r.stdout, /Fixed 1 problem in 1 file\./);
});

test('mode, inode and hard links are kept', () => {
  const root = project({ 'specs/a.spec.yaml': spec(unquoted) });
  const path = join(root, 'specs/a.spec.yaml');
  chmodSync(path, 0o600);
  linkSync(path, join(root, 'other-name.yaml'));
  const before = statSync(path);
  const r = runCli(['check', '--fix', 'specs'], root);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const after = statSync(path);
  assert.equal(after.mode & 0o777, 0o600);
  assert.equal(after.ino, before.ino);
  assert.equal(after.nlink, 2);
  assert.equal(readFileSync(join(root, 'other-name.yaml'), 'utf8'), spec(quoted), 'the other name sees the fix');
});

test('a symlink leading out of the project is not written through', () => {
  const outside = tempDir('cursus-fix-outside-');
  writeFileSync(join(outside, 'target.yaml'), spec(unquoted));
  const root = project({});
  mkdirSync(join(root, 'specs'));
  symlinkSync(join(outside, 'target.yaml'), join(root, 'specs/out.spec.yaml'));
  const r = runCli(['check', '--fix', 'specs/out.spec.yaml'], root);
  assert.equal(readFileSync(join(outside, 'target.yaml'), 'utf8'), spec(unquoted));
  assert.match(r.stderr, /could not write the fixes to specs\/out\.spec\.yaml: it links to .*target\.yaml, outside the project/);
  assert.equal(r.code, 1, 'a fix that could not be written is never a pass');
});

test('bytes that are not UTF-8 stay as they were on the lines no fix touches', () => {
  const text = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0x80]), Buffer.from(' latin-1 note\n'), Buffer.from(spec(unquoted))]);
  const root = project({ 'specs/a.spec.yaml': text });
  runCli(['check', '--fix', 'specs'], root);
  const expected = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0x80]), Buffer.from(' latin-1 note\n'), Buffer.from(spec(quoted))]);
  assert.deepEqual(readFileSync(join(root, 'specs/a.spec.yaml')), expected);
});

test('the lossless codec gives back every byte sequence', () => {
  const samples = [Buffer.from([0xc3, 0x28, 0xe2, 0x82, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0x80, 0xc0, 0xaf, 0xef, 0xbb, 0xbf]), Buffer.from('plain ✓ text\r\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i))];
  for (const b of samples) assert.deepEqual(encodeLossless(decodeLossless(b)), b);
});

test('removing an unused suppression keeps the note after it and leaves no blank line', () => {
  const env = '  LABEL_FIELD: label  # cursus-lsp: ignore[C210] # why: see ticket 12\n  # cursus-lsp: ignore[C207]\n  TRAIN_RATIO: "0.7"\n  # cursus-lsp: ignore[C209] # own-line note';
  const root = project({ 'specs/a.spec.yaml': spec(env) });
  runCli(['check', '--fix', 'specs'], root);
  const after = readFileSync(join(root, 'specs/a.spec.yaml'), 'utf8');
  assert.equal(after, spec('  LABEL_FIELD: label  # why: see ticket 12\n  TRAIN_RATIO: "0.7"\n  # own-line note'));
  assert.doesNotMatch(after, /^[ \t]+$/m, 'no whitespace-only line is left');
});

const pipeline = (edges: string) => `dag:
  nodes: [a, b, c]
  edges: ${edges}
script_specs:  # cursus-lsp: ignore-file[C200, C201]
  a: {script_name: a, step_name: a}
  b: {script_name: b, step_name: b}
  c: {script_name: c, step_name: c}
`;

test('removing a duplicate from a flow list keeps the neighbours and their comments', () => {
  const cases: [string, string][] = [
    ['[\n    [a, b],  # first edge\n    [a, b],  # second copy\n    [b, c]   # third\n  ]', '[\n    [a, b],  # first edge\n    [b, c]   # third\n  ]'],
    ['[[a, b], [b, c], [a, b]]', '[[a, b], [b, c]]'],
    ['[[a, b], [a, b], [b, c]]', '[[a, b], [b, c]]'],
    ['[\n    [a, b],  # first edge\n    [b, c],  # second\n    [a, b]   # copy\n  ]', '[\n    [a, b],  # first edge\n    [b, c]  # second\n  ]'],
  ];
  for (const [edges, fixed] of cases) {
    const root = project({ 'specs/p.pipeline.yaml': pipeline(edges) });
    runCli(['check', '--fix', 'specs'], root);
    assert.equal(readFileSync(join(root, 'specs/p.pipeline.yaml'), 'utf8'), pipeline(fixed), edges);
  }
});

test('removing a duplicate from a JSON list keeps it valid JSON', () => {
  const dag = (edges: string) => `{\n  "dag": {\n    "nodes": ["a", "b", "c"],\n    "edges": [${edges}]\n  }\n}\n`;
  const block = (pairs: string[][]) => `\n${pairs.map((p) => `      [\n        "${p[0]}",\n        "${p[1]}"\n      ]`).join(',\n')}\n    `;
  const cases: [string, string][] = [
    ['["a", "b"], ["b", "c"], ["a", "b"]', '["a", "b"], ["b", "c"]'],
    ['["a", "b"], ["a", "b"], ["b", "c"]', '["a", "b"], ["b", "c"]'],
    [block([['a', 'b'], ['b', 'c'], ['a', 'b']]), block([['a', 'b'], ['b', 'c']])],
    [block([['a', 'b'], ['a', 'b'], ['b', 'c']]), block([['a', 'b'], ['b', 'c']])],
  ];
  for (const [edges, fixed] of cases) {
    const root = project({ 'x.dag.json': dag(edges) });
    const r = runCli(['check', '--fix', 'x.dag.json'], root);
    const after = readFileSync(join(root, 'x.dag.json'), 'utf8');
    assert.equal(after, dag(fixed), r.stdout);
    JSON.parse(after);
  }
});

test("an anchor's definition is never changed for one alias's sake", () => {
  const text = spec('  LABEL_FIELD: label\n  TRAIN_RATIO: *ratio', 'user_notes: {default_ratio: &ratio 0.5, other: *ratio}\n');
  const moved = `x: &ratio 0.5\n${spec('  LABEL_FIELD: label\n  TRAIN_RATIO: *ratio')}`;
  for (const t of [text, moved]) {
    const root = project({ 'specs/a.spec.yaml': t });
    runCli(['check', '--fix', '--unsafe-fixes', 'specs'], root);
    assert.match(readFileSync(join(root, 'specs/a.spec.yaml'), 'utf8'), /&ratio 0\.5/);
  }
});

test('a file with a syntax error is left alone, and said so, while the others are fixed', () => {
  const broken = spec('  TRAIN_RATIO: 0.70').replace('input_paths:\n  DATA: data/in', 'input_paths: {DATA: data/in');
  const root = project({ 'specs/broken.spec.yaml': broken, 'specs/fine.spec.yaml': spec(unquoted) });
  const r = runCli(['check', '--fix', 'specs'], root);
  assert.equal(readFileSync(join(root, 'specs/broken.spec.yaml'), 'utf8'), broken);
  assert.equal(readFileSync(join(root, 'specs/fine.spec.yaml'), 'utf8'), spec(quoted));
  assert.match(r.stderr, /not fixing specs\/broken\.spec\.yaml: it has syntax errors; fix those first/);
  assert.match(r.stdout, /Fixed 1 problem in 1 file\. Left: 1 in files left unfixed/);
  assert.doesNotMatch(r.stdout, /can be fixed with the --fix option/, 'after --fix the hint does not ask for --fix again');
});

test('--unsafe-fixes also applies fixes that need review, and the summary says what is left', () => {
  const text = spec('  TRAIN_RATIO: "0.7"');
  const root = project({ 'specs/a.spec.yaml': text });
  const hint = runCli(['check', 'specs'], root);
  assert.match(hint.stdout, /can be fixed with the --unsafe-fixes option/);
  const safe = runCli(['check', '--fix', 'specs'], root);
  assert.match(safe.stdout, /Fixed 0 problems in 0 files\. Left: 1 more with --unsafe-fixes/);
  assert.equal(readFileSync(join(root, 'specs/a.spec.yaml'), 'utf8'), text);
  const r = runCli(['check', '--unsafe-fixes', '--format', 'json', 'specs'], root);
  assert.match(readFileSync(join(root, 'specs/a.spec.yaml'), 'utf8'), /LABEL_FIELD: ""/);
  assert.match(r.stderr, /Fixed 1 problem in 1 file\./, 'machine formats keep stdout clean; the summary goes to stderr');
  JSON.parse(r.stdout);
});

test('fixes that add entries to a one-line flow map write flow values, so --unsafe-fixes applies them all and the file parses', () => {
  const text = '{script_name: tabular_preprocessing, step_name: preprocessing, input_paths: {DATA: data/in}, environ_vars: {LABEL_FIELD: label, TRAIN_RATIO: 0.70}}\n';
  const root = project({ 'specs/a.spec.yaml': text });
  const r = runCli(['check', '--unsafe-fixes', 'specs'], root);
  const after = readFileSync(join(root, 'specs/a.spec.yaml'), 'utf8');
  assert.match(after, /, output_paths: \{processed_data: [^{}]+\}/, after);
  assert.match(after, /TRAIN_RATIO: "0\.70"/);
  assert.doesNotMatch(r.stdout, /clashed/, r.stdout);
  const again = runCli(['check', '--format', 'json', 'specs'], root);
  const left = (JSON.parse(again.stdout) as { diagnostics: { code: string; fixable: boolean }[] }[]).flatMap((f) => f.diagnostics);
  assert.deepEqual(left.filter((d) => d.code === 'S100' || d.code === 'C205' || d.code === 'C210'), [], 'parses, and the output and the quoting are in');
});

test('in a CRLF file, lines added by fixes (CLI and editor) end in CRLF too: no mixed line endings', async () => {
  const text = spec(unquoted).replace('output_paths:\n  processed_data: out/processed\n', '').replace(/\n/g, '\r\n');
  const root = project({ 'specs/a.spec.yaml': text });
  const r = runCli(['check', '--unsafe-fixes', 'specs'], root);
  const after = readFileSync(join(root, 'specs/a.spec.yaml'), 'utf8');
  assert.match(after, /output_paths:\r\n {2}processed_data: /, r.stdout);
  assert.equal(after.split('\n').length - 1, after.split('\r\n').length - 1, `every line break is CRLF: ${JSON.stringify(after)}`);
  // The editor's quick fix for the same finding.
  const { readSpecFile, checkFile } = await import('../server/src/engine/index.js');
  const { quickFixes } = await import('../server/src/lsp/code-actions.js');
  const { loadConfig } = await import('../server/src/workspace/config.js');
  const { ProjectIndexer } = await import('../server/src/workspace/project-index.js');
  const index = new ProjectIndexer(loadConfig(root)).index();
  const file = readSpecFile('specs/a.spec.yaml', text)!;
  const found = checkFile(file, {}, index);
  const c205 = found.find((d) => d.code === 'C205')!;
  const at = file.lines.position(c205.span.start);
  const actions = quickFixes(file, found, 'file:///a.spec.yaml', { textDocument: { uri: 'file:///a.spec.yaml' }, range: { start: at, end: at }, context: { diagnostics: [] } }, (x) => x);
  const edits = actions.flatMap((a) => a.edit?.changes?.['file:///a.spec.yaml'] ?? []).filter((e) => e.newText.includes('processed_data'));
  assert.ok(edits.length > 0, JSON.stringify(actions.map((a) => a.title)));
  for (const e of edits) assert.doesNotMatch(e.newText, /(^|[^\r])\n/, JSON.stringify(e.newText));
});

test('in a CRLF pipeline, the spec scaffolded for a node without one (D402) goes after the whole line break: every line still ends in CRLF', () => {
  const root = tempDir('cursus-crlf-scaffold-');
  cpSync(join(repoRoot, 'examples'), root, { recursive: true });
  const file = join(root, 'specs/broken.pipeline.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n'));
  const before = runCli(['check', '--format', 'json', 'specs/broken.pipeline.yaml'], root);
  assert.ok(before.stdout.includes('"D402"'), `the example has a node without a spec: ${before.stdout}`);
  const r = runCli(['check', '--unsafe-fixes', 'specs/broken.pipeline.yaml'], root);
  const after = readFileSync(file, 'utf8');
  assert.notEqual(after, readFileSync(join(repoRoot, 'examples/specs/broken.pipeline.yaml'), 'utf8').replace(/\r?\n/g, '\r\n'), `fixes were applied: ${r.stdout}`);
  assert.doesNotMatch(after, /\r\r/, `no line break split by an insertion: ${JSON.stringify(after)}`);
  assert.equal(after.split('\n').length - 1, after.split('\r\n').length - 1, `every line break is CRLF: ${JSON.stringify(after)}`);
});

/** Runs the CLI as an unprivileged user (root ignores file permissions), or returns undefined when it cannot. */
function runAsUser(args: string[], cwd: string): { code: number; stdout: string; stderr: string } | undefined {
  if (process.getuid?.() !== 0) return runCli(args, cwd);
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliBin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.error || (r.status === 127)) return undefined;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('a read-only folder does not stop fixes, and a read-only file is named while the others are fixed', (t) => {
  const root = project({ 'specs/a.spec.yaml': spec(unquoted), 'specs/locked.spec.yaml': spec(unquoted) });
  if (process.getuid?.() === 0) {
    const chownAll = (p: string) => {
      chownSync(p, 65534, 65534);
      if (statSync(p).isDirectory()) for (const c of readdirSync(p)) chownAll(join(p, c));
    };
    chownAll(root);
    chmodSync(root, 0o755);
  }
  chmodSync(join(root, 'specs/locked.spec.yaml'), 0o444);
  chmodSync(join(root, 'specs'), 0o555);
  const r = runAsUser(['check', '--fix', 'specs'], root);
  if (!r) {
    t.skip('running as root without setpriv: file permissions cannot be tried');
    return;
  }
  assert.equal(readFileSync(join(root, 'specs/a.spec.yaml'), 'utf8'), spec(quoted));
  assert.equal(readFileSync(join(root, 'specs/locked.spec.yaml'), 'utf8'), spec(unquoted));
  assert.match(r.stderr, /could not write the fixes to specs\/locked\.spec\.yaml: permission denied \(EACCES\)\. Its findings are reported unfixed/);
  assert.match(r.stdout, /locked\.spec\.yaml\n.*C210/);
  assert.equal(r.code, 1);
});

test('a file changed on disk since it was read is not overwritten', () => {
  const dir = tempDir('cursus-fix-race-');
  const path = join(dir, 'a.yaml');
  writeFileSync(path, 'new: content\n');
  assert.throws(() => writeInPlace(path, Buffer.from('old: content\n'), 'fixed: content\n'), (e: Error) => e instanceof EditError && /changed on disk/.test(e.message));
  assert.equal(readFileSync(path, 'utf8'), 'new: content\n');
  writeInPlace(path, Buffer.from('new: content\n'), 'x: 1\n');
  assert.equal(readFileSync(path, 'utf8'), 'x: 1\n', 'a shorter text leaves no tail of the old one');
});

test('a few fixes that would break the syntax among hundreds are left out with a few dozen parses, not one per fix; the others are all applied', () => {
  const lines = Array.from({ length: 400 }, (_v, i) => `key_${i}: value_${i}`);
  const text = `${lines.join('\n')}\n`;
  const breaking = new Set([17, 18, 250, 399]);
  const fixes: Fix[] = lines.map((line, i) => {
    const start = text.indexOf(`value_${i}\n`);
    return { title: `fix ${i}`, safe: true, edits: [{ span: { start, end: start + `value_${i}`.length }, newText: breaking.has(i) ? `[unclosed_${i}` : `fixed_${i}` }] };
  });
  let parsed = 0;
  const parses = (t: string) => {
    parsed++;
    return parse(t, 'yaml').problems.length === 0;
  };
  const kept = fixesThatParse(text, fixes, parses);
  // What leaving out each fix that does not parse alone gives (the rule), found with far fewer parses.
  assert.deepEqual(kept.map((f) => f.title), fixes.filter((_f, i) => !breaking.has(i)).map((f) => f.title));
  assert.ok(parsed <= 60, `${parsed} parses for ${fixes.length} fixes`);
  const fixed = applyEdits(text, kept.flatMap((f) => f.edits));
  assert.equal(parse(fixed, 'yaml').problems.length, 0);
  assert.equal((fixed.match(/fixed_/g) ?? []).length, 396);
  // All fine: one parse; none fine: nothing kept.
  parsed = 0;
  assert.equal(fixesThatParse(text, fixes.filter((_f, i) => !breaking.has(i)), parses).length, 396);
  assert.equal(parsed, 1);
  assert.deepEqual(fixesThatParse(text, fixes.filter((_f, i) => breaking.has(i)), parses), []);
});
