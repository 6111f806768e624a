/**
 * Hostile files, one table, through `cursus-lint check` and through the server: alias bomb, nesting 2,000 and
 * 100,000 deep (JSON and YAML), a 10 MB spec, binary content, invalid UTF-8, byte-order marks, UTF-16, tabs,
 * CRLF, symbolic link loops, a dangling link, an unreadable file, an empty file, a folder named like a spec and
 * a 1 MB line. Each row: the findings expected (S100 for what Python cannot read as text), the exit code the
 * README gives (1 findings, 2 a spec that could not be read), memory bounded (the CLI runs with a 1 GiB heap
 * limit, a 60 s time limit), and the healthy file of the same run still reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliBin } from './helpers/paths.js';
import { LspClient } from './helpers/lsp.js';
import { tempDir } from './helpers/temp.js';

/** Every healthy row plants the same finding: node `a` has no script spec (D402 on line 1). */
const PLANTED = 'dag: {nodes: [a], edges: []}\nscript_specs: {}\n';
const PLANTED_JSON = '{"dag": {"nodes": ["a"], "edges": []}, "script_specs": {}}\n';

function aliasBomb(): string {
  const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('dag: {nodes: [a], edges: []}', 'script_specs:', '  a: {script_name: a, step_name: a, job_args: {n: *a9}}');
  return lines.join('\n') + '\n';
}
const deepJson = (n: number) => `{"dag": {"nodes": ["a"], "edges": []}, "script_specs": {}, "x": ${'['.repeat(n)}1${']'.repeat(n)}}`;
const deepYaml = (n: number) => `${PLANTED}x: ${'['.repeat(n)}1${']'.repeat(n)}\n`;
function tenMegabytes(): string {
  const lines = ['dag: {nodes: [a, b], edges: [[a, b]]}', 'script_specs:', '  a:', '    script_name: a', '    step_name: a', '    environ_vars:'];
  for (let i = 0; lines.length < 160_000; i++) lines.push(`      VAR_${String(i).padStart(7, '0')}: "value number ${i} of a big environment block"`);
  return lines.join('\n') + '\n';
}
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c50000000049454e44ae426082', 'hex');

interface Row {
  name: string;
  file: string;
  bytes: Buffer;
  /** Codes `check FILE` must report, and whether they must be the only ones. */
  codes: string[];
  only?: boolean;
  /** What an editor sends the server for this file (undefined: a file-system row, CLI only), and the codes then. */
  editor?: { text: string; languageId?: string; codes: string[]; only?: boolean };
  /** A message the S100 must carry. */
  says?: RegExp;
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const big = tenMegabytes();
const ROWS: Row[] = [
  { name: 'alias bomb (10 levels of 10 aliases)', file: 'bomb.pipeline.yaml', bytes: utf8(aliasBomb()), codes: ['S100'], says: /aliases expand to more than 100,000 values/, editor: { text: aliasBomb(), codes: ['S100'] } },
  { name: 'JSON nested 2,000 levels', file: 'deep2k.pipeline.json', bytes: utf8(deepJson(2000)), codes: ['S100', 'D402'], says: /nested more than 256 levels/, editor: { text: deepJson(2000), languageId: 'json', codes: ['S100', 'D402'] } },
  { name: 'JSON nested 100,000 levels', file: 'deep100k.pipeline.json', bytes: utf8(deepJson(100_000)), codes: ['S100', 'D402'], says: /nested more than 256 levels/, editor: { text: deepJson(100_000), languageId: 'json', codes: ['S100', 'D402'] } },
  { name: 'YAML nested 2,000 levels', file: 'deep2k.pipeline.yaml', bytes: utf8(deepYaml(2000)), codes: ['S100', 'D402'], says: /nested more than 256 levels/, editor: { text: deepYaml(2000), codes: ['S100', 'D402'] } },
  { name: 'YAML nested 100,000 levels', file: 'deep100k.pipeline.yaml', bytes: utf8(deepYaml(100_000)), codes: ['S100', 'D402'], says: /nested more than 256 levels/, editor: { text: deepYaml(100_000), codes: ['S100', 'D402'] } },
  { name: 'a 10 MB spec (160,000 environment variables)', file: 'big.pipeline.yaml', bytes: utf8(big), codes: ['D402'], only: true, editor: { text: big, codes: ['D402'], only: true } },
  { name: 'PNG bytes named as a spec', file: 'image.pipeline.yaml', bytes: PNG, codes: ['S100'], only: true, says: /binary/, editor: { text: PNG.toString('utf8'), codes: ['S100'], only: true } },
  { name: 'NUL bytes in a spec', file: 'nul.pipeline.yaml', bytes: utf8(`${PLANTED}x: a\0b\n`), codes: ['S100'], only: true, says: /NUL bytes \(the first on line 3\)/, editor: { text: `${PLANTED}x: a\0b\n`, codes: ['S100'], only: true } },
  // An editor shows undecodable bytes as U+FFFD and sends that: the server cannot see them (the CLI can).
  { name: 'invalid UTF-8', file: 'latin1.pipeline.yaml', bytes: Buffer.concat([utf8('dag: {nodes: [a], edges: []}\nscript_specs: {}\nx: caf'), Buffer.from([0xe9, 0x0a])]), codes: ['S100', 'D402'], says: /Byte 0xE9 here is not UTF-8/, editor: { text: `${PLANTED}x: caf\uFFFD\n`, codes: ['D402', 'S102'], only: true } },
  // PyYAML reads a UTF-8 byte-order mark; Python's json.load refuses one.
  { name: 'UTF-8 BOM, YAML', file: 'bom.pipeline.yaml', bytes: utf8(`\uFEFF${PLANTED}`), codes: ['D402'], only: true, editor: { text: `\uFEFF${PLANTED}`, codes: ['D402'], only: true } },
  { name: 'UTF-8 BOM, JSON', file: 'bom.pipeline.json', bytes: utf8(`\uFEFF${PLANTED_JSON}`), codes: ['S100', 'D402'], only: true, says: /Unexpected UTF-8 BOM/, editor: { text: `\uFEFF${PLANTED_JSON}`, languageId: 'json', codes: ['S100', 'D402'], only: true } },
  // An editor decodes UTF-16 and sends text; Cursus (Python's open()) cannot read the file.
  { name: 'UTF-16 with BOM', file: 'utf16.pipeline.yaml', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PLANTED, 'utf16le')]), codes: ['S100'], only: true, says: /UTF-16/, editor: { text: PLANTED, codes: ['D402'], only: true } },
  { name: 'tabs for indentation', file: 'tabs.pipeline.yaml', bytes: utf8('dag:\n\tnodes: [a]\n\tedges: []\nscript_specs: {}\n'), codes: ['S100'], says: /Tabs/, editor: { text: 'dag:\n\tnodes: [a]\n\tedges: []\nscript_specs: {}\n', codes: ['S100'] } },
  { name: 'CRLF line ends', file: 'crlf.pipeline.yaml', bytes: utf8(PLANTED.replace(/\n/g, '\r\n')), codes: ['D402'], only: true, editor: { text: PLANTED.replace(/\n/g, '\r\n'), codes: ['D402'], only: true } },
  { name: 'an empty file', file: 'empty.pipeline.yaml', bytes: Buffer.alloc(0), codes: ['S104'], only: true, editor: { text: '', codes: ['S104'], only: true } },
  { name: 'a 1 MB line', file: 'longline.pipeline.yaml', bytes: utf8(`${PLANTED}x: "${'a'.repeat(1 << 20)}"\n`), codes: ['D402', 'S102'], only: true, editor: { text: `${PLANTED}x: "${'a'.repeat(1 << 20)}"\n`, codes: ['D402', 'S102'], only: true } },
  { name: 'a control character PyYAML refuses', file: 'bell.pipeline.yaml', bytes: utf8(`${PLANTED}x: "a\u0007b"\n`), codes: ['S100', 'D402'], says: /U\+0007 is not allowed in YAML/, editor: { text: `${PLANTED}x: "a\u0007b"\n`, codes: ['S100', 'D402'] } },
];

interface Finding {
  file: string;
  diagnostics: { code: string; message: string; line: number; column: number }[];
}

/** The built CLI with a 1 GiB heap (more memory ends it: the bound is checked) and its peak memory. */
function check(args: string[], cwd: string, asNobody = false): { code: number; out: Finding[]; stderr: string; maxRssMiB: number; seconds: number } {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--import', 'data:text/javascript,process.on("exit",()=>process.stderr.write(`\\nmax-rss-kib=${process.resourceUsage().maxRSS}\\n`))', cliBin, 'check', '--format', 'json', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
    maxBuffer: 64 << 20,
    ...(asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.equal(r.signal, null, `cursus-lint ${args.join(' ')} was killed (${r.signal}): over the 60 s limit. ${r.stderr}`);
  const rss = /max-rss-kib=(\d+)/.exec(r.stderr);
  return { code: r.status ?? -1, out: r.stdout ? (JSON.parse(r.stdout) as Finding[]) : [], stderr: r.stderr, maxRssMiB: rss ? Number(rss[1]) / 1024 : NaN, seconds };
}

function project(rows: Row[] = ROWS): string {
  const root = tempDir('cursus-lsp-hostile-');
  chmodSync(root, 0o755);
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "hostile"\n');
  writeFileSync(join(root, 'healthy.pipeline.yaml'), 'dag: {nodes: [h], edges: [[h, nowhere]]}\nscript_specs: {}\n');
  for (const row of rows) writeFileSync(join(root, row.file), row.bytes);
  // File-system rows: a folder named like a spec, symbolic link loops (a file link and a folder link back up),
  // a dangling link named like a spec.
  mkdirSync(join(root, 'folder.pipeline.yaml'));
  writeFileSync(join(root, 'folder.pipeline.yaml', 'inner.pipeline.yaml'), PLANTED);
  symlinkSync('loop-b.pipeline.yaml', join(root, 'loop-a.pipeline.yaml'));
  symlinkSync('loop-a.pipeline.yaml', join(root, 'loop-b.pipeline.yaml'));
  mkdirSync(join(root, 'sub'));
  symlinkSync('..', join(root, 'sub', 'up'));
  symlinkSync('moved-away.pipeline.yaml', join(root, 'dangling.pipeline.yaml'));
  return root;
}

const codesOf = (f: Finding | undefined) => (f?.diagnostics ?? []).map((d) => d.code);

function expectCodes(row: { name: string; codes: string[]; only?: boolean }, got: string[], where: string): void {
  for (const c of row.codes) assert.ok(got.includes(c), `${row.name} (${where}): expected ${c}, got ${got.join(', ') || 'nothing'}`);
  if (row.only) assert.deepEqual([...new Set(got)].sort(), [...row.codes].sort(), `${row.name} (${where}): only ${row.codes.join(', ')}`);
}

test('hostile files named on the command line: the expected findings, exit 1, bounded time and memory', (t) => {
  const root = project();
  const r = check(ROWS.map((row) => row.file), root);
  assert.equal(r.code, 1, `exit 1 for findings\n${r.stderr}`);
  for (const row of ROWS) {
    const report = r.out.find((f) => f.file === row.file);
    expectCodes(row, codesOf(report), 'check');
    if (row.says) assert.ok(report!.diagnostics.some((d) => d.code === 'S100' && row.says!.test(d.message)), `${row.name}: ${JSON.stringify(report!.diagnostics)}`);
  }
  // CRLF and a byte-order mark move no YAML finding: node a's D402 is at line 1, column 15 as in the plain file.
  const at = (file: string) => JSON.stringify(r.out.find((f) => f.file === file)!.diagnostics.filter((d) => d.code === 'D402').map((d) => [d.line, d.column]));
  assert.equal(at('crlf.pipeline.yaml'), '[[1,15]]');
  assert.equal(at('bom.pipeline.yaml'), '[[1,15]]');
  t.diagnostic(`all ${ROWS.length} rows in one run: ${r.seconds.toFixed(1)} s, peak ${Math.round(r.maxRssMiB)} MiB (heap limit 1 GiB)`);
  // Each row alone, for the figures (CURSUS_HOSTILE_FIGURES=1).
  if (!process.env.CURSUS_HOSTILE_FIGURES) return;
  const figures: string[] = [];
  for (const row of ROWS) {
    const one = check([row.file], root);
    assert.equal(one.code, 1, `${row.name}: ${one.stderr}`);
    figures.push(`${row.name}: ${codesOf(one.out[0]).join(',')} in ${one.seconds.toFixed(1)} s, ${Math.round(one.maxRssMiB)} MiB`);
  }
  for (const f of figures) t.diagnostic(f);
});

test('hostile files in one folder: every file reported, the healthy one too; loops and a dangling link said, not followed; a folder named like a spec searched', () => {
  const rows = ROWS.filter((r) => r.bytes.length < 4 << 20); // the 10 MB row has its own runs above and below
  const root = project(rows);
  const r = check([], root);
  assert.equal(r.code, 1, r.stderr);
  const by = new Map(r.out.map((f) => [f.file, f]));
  for (const row of rows) expectCodes(row, codesOf(by.get(row.file)), 'folder');
  assert.ok(codesOf(by.get('healthy.pipeline.yaml')).includes('D400'), 'the healthy file is still checked');
  assert.ok(codesOf(by.get('folder.pipeline.yaml/inner.pipeline.yaml')).includes('D402'), 'a folder named like a spec is searched');
  assert.match(r.stderr, /skipped dangling\.pipeline\.yaml: it is a symbolic link to moved-away\.pipeline\.yaml, which does not exist/);
  assert.match(r.stderr, /skipped loop-a\.pipeline\.yaml: it is a symbolic link that leads back to itself \(a loop\)/);
  assert.ok(![...by.keys()].some((f) => f.startsWith('sub/')), 'the link back up the tree is not followed');

  // Named on the command line, a link that leads nowhere is a spec that could not be read: exit 2, said why.
  for (const [file, why] of [['dangling.pipeline.yaml', /symbolic link to moved-away\.pipeline\.yaml, which does not exist/], ['loop-a.pipeline.yaml', /leads back to itself/]] as const) {
    const one = check([file, 'healthy.pipeline.yaml'], root);
    assert.equal(one.code, 2, one.stderr);
    assert.match(one.stderr, why);
    assert.deepEqual(one.out.map((f) => f.file), ['healthy.pipeline.yaml'], 'the other file is still reported');
  }
});

test('`run` refuses a spec Cursus cannot load (binary, undecodable, broken syntax): exit 2, saying where, nothing run', () => {
  const root = project(ROWS.filter((r) => ['image.pipeline.yaml', 'latin1.pipeline.yaml', 'tabs.pipeline.yaml'].includes(r.file)));
  for (const [file, why] of [['image.pipeline.yaml', /holds NUL bytes/], ['latin1.pipeline.yaml', /line 3, column 7: Byte 0xE9 here is not UTF-8/], ['tabs.pipeline.yaml', /line \d+, column \d+: YAML syntax error: Tabs are not allowed/]] as const) {
    const r = spawnSync(process.execPath, [cliBin, 'run', file, '--no-cache'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    assert.equal(r.status, 2, `${file}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`${file.replace('.', '\\.')} cannot be read as Cursus reads it`));
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stdout, /Pipeline passed/);
  }
});

test('an unreadable spec: named on stderr, exit 2, the others still reported (as root, run as nobody)', (t) => {
  const rows = ROWS.filter((r) => r.bytes.length < 1 << 20);
  const root = project(rows);
  writeFileSync(join(root, 'locked.pipeline.yaml'), PLANTED);
  chmodSync(join(root, 'locked.pipeline.yaml'), 0o000);
  const asRoot = process.getuid?.() === 0;
  // Root reads any file: the CLI runs as nobody then (the project is readable to others).
  const probe = spawnSync('cat', [join(root, 'locked.pipeline.yaml')], asRoot ? { uid: 65534, gid: 65534 } : {});
  if (probe.status === 0) {
    t.skip('this user can read a mode-000 file (root without a nobody user to switch to): unreadable files cannot be tested here');
    return;
  }
  const r = check([], root, asRoot);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /cannot read locked\.pipeline\.yaml: permission denied/);
  const files = r.out.map((f) => f.file);
  for (const row of rows) assert.ok(files.includes(row.file), `${row.file} still reported`);
  assert.ok(files.includes('healthy.pipeline.yaml'));
});

test('hostile files through the server: each opened gets its findings, the server keeps answering', async (t) => {
  const root = project();
  const client = new LspClient(root);
  const figures: string[] = [];
  try {
    await client.initialize(root);
    for (const row of ROWS) {
      if (!row.editor) continue;
      const uri = pathToFileURL(join(root, `editor-${row.file}`)).href;
      const started = Date.now();
      await client.open(uri, row.editor.text, row.editor.languageId ?? (row.file.endsWith('.json') ? 'json' : 'yaml'));
      const published = await client.diagnostics(uri, () => true, 60_000);
      expectCodes({ ...row, ...row.editor }, published.diagnostics.map((d) => d.code), 'server');
      for (const d of published.diagnostics) assert.ok(d.range.start.line >= 0 && d.range.end.line <= row.editor.text.split('\n').length, `${row.name}: a range inside the document`);
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
      assert.ok(Array.isArray(symbols), `${row.name}: the server still answers`);
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      await client.close(uri);
      figures.push(`${row.name}: ${published.diagnostics.map((d) => d.code).join(',')} in ${Date.now() - started} ms`);
    }
    const rss = client.rssKiB();
    if (rss) assert.ok(rss < 1024 * 1024, `the server's memory after every hostile file: ${Math.round(rss / 1024)} MiB`);
    assert.ok(client.alive);
    figures.push(`server RSS at the end: ${rss ? Math.round(rss / 1024) : '?'} MiB`);
    for (const f of figures) t.diagnostic(f);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
