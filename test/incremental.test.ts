/**
 * What the editor's incremental analysis reuses (chunk parses, per-spec findings, edge matches, encodings) must
 * never show a stale finding: after every edit of a long sequence, the findings with the document's cache equal
 * those of a fresh analysis of the same text. Also: settings that change nothing keep the warm project index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, checkFile, readSpecFile, type Diagnostic, type ProjectIndex } from '../server/src/engine/index.js';
import { Analyzer } from '../server/src/lsp/analysis.js';
import { warmUp } from '../server/src/lsp/warm-up.js';
import { DiagnosticEncoder, toLspDiagnostic } from '../server/src/lsp/convert.js';
import { messageBytes, messageJson } from '../server/src/lsp/wire.js';
import { lazyCopies } from '../server/src/engine/syntax/incremental-yaml.js';
import { loadConfig } from '../server/src/workspace/config.js';
import { ProjectIndexer } from '../server/src/workspace/project-index.js';
import { workspace } from './helpers/cli.js';
import { repoRoot } from './helpers/paths.js';

const N = 40;

function project(): string {
  const files: Record<string, string> = { 'pyproject.toml': '[project]\nname = "inc"\n', 'data/raw/x.csv': 'a\n' };
  for (let i = 0; i < N; i += 3) {
    files[`src/contracts/step_${i}_contract.py`] = `from base import ScriptContract\nSTEP_${i}_CONTRACT = ScriptContract(\n    entry_point="step_${i}.py",\n    expected_input_paths={"processed_data": "/opt/ml/processing/input/data"},\n    expected_output_paths={"processed_data": "/opt/ml/processing/output"},\n    required_env_vars=["LABEL_FIELD"],\n    optional_env_vars={},\n    expected_arguments={},\n)\n`;
    files[`src/scripts/step_${i}.py`] = `def main(input_paths, output_paths, environ_vars, job_args):\n    return environ_vars["LABEL_FIELD"]\n`;
  }
  return workspace(files);
}

function spec(): string {
  const lines = ['dag:', '  nodes:'];
  for (let i = 0; i < N; i++) lines.push(`    - s${i}`);
  lines.push('  edges:');
  for (let i = 1; i < N; i++) lines.push(`    - [s${i % 5 === 0 ? i - 5 : i - 1}, s${i}]`);
  lines.push('script_specs:');
  for (let i = 0; i < N; i++) {
    const input = i === 0 ? 'data/raw' : `out/s${i % 5 === 0 ? i - 5 : i - 1}`;
    lines.push(`  s${i}:`, `    script_name: step_${i}`, `    step_name: s${i}`, '    input_paths:', `      processed_data: ${input}`, '    output_paths:', `      processed_data: out/s${i}`, '    environ_vars:', '      LABEL_FIELD: label');
  }
  return lines.join('\n') + '\n';
}

/** A deterministic pseudo-random sequence (so a failure can be replayed). */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

/** Edits an editor would make: typing into values and keys, renaming a node, deleting and duplicating lines, breaking the syntax. */
function edit(text: string, r: () => number): string {
  const lines = text.split('\n');
  const at = Math.floor(r() * (lines.length - 1));
  const line = lines[at];
  switch (Math.floor(r() * 12)) {
    case 0: // type a character somewhere in the line
      lines[at] = line.slice(0, Math.floor(r() * (line.length + 1))) + ['a', 'b', 'c', 'x', '_', ':', '-', '\u0007', '\udc80'][Math.floor(r() * 9)] + line.slice(Math.floor(r() * (line.length + 1)));
      break;
    case 1: // delete a character
      if (line.length) {
        const c = Math.floor(r() * line.length);
        lines[at] = line.slice(0, c) + line.slice(c + 1);
      }
      break;
    case 2: // remove a line
      lines.splice(at, 1);
      break;
    case 3: // duplicate a line (duplicate keys, duplicate edges)
      lines.splice(at, 0, line);
      break;
    case 4: // rename a node everywhere on a line
      lines[at] = line.replace(/s(\d+)/, (_m, d: string) => `s${(Number(d) + 1) % N}`);
      break;
    case 5: // point an output elsewhere (shared outputs, unfed inputs)
      lines[at] = line.replace(/out\/s\d+/, `out/s${Math.floor(r() * N)}`);
      break;
    case 6: // rename a logical name (matching)
      lines[at] = line.replace('processed_data', r() < 0.5 ? 'model_input' : 'processed_dat');
      break;
    case 7: // type a whole new env var
      if (/^ {6}LABEL_FIELD/.test(line)) lines.splice(at + 1, 0, `      EXTRA_${Math.floor(r() * 100)}: x`);
      else lines[at] = `${line} `;
      break;
    case 8: // add a spec (and its node), or remove one
      if (r() < 0.5) {
        const n = 100 + Math.floor(r() * 50);
        const specsAt = lines.indexOf('script_specs:');
        lines.splice(specsAt + 1, 0, `  s${n}:`, `    script_name: step_${n}`, `    step_name: s${n}`, '    output_paths:', `      processed_data: out/s${n}`);
        if (r() < 0.7) lines.splice(lines.indexOf('  edges:'), 0, `    - s${n}`);
      } else {
        const key = lines.findIndex((l, i) => i >= at && /^ {2}s\d+:$/.test(l));
        if (key >= 0) {
          let end = key + 1;
          while (end < lines.length && /^ {4}/.test(lines[end])) end++;
          lines.splice(key, end - key);
        }
      }
      break;
    case 9: // add or remove an edge
      if (r() < 0.5) lines.splice(lines.indexOf('  edges:') + 1, 0, `    - [s${Math.floor(r() * N)}, s${Math.floor(r() * N)}]`);
      else {
        const edge = lines.findIndex((l, i) => i >= at && /^ {4}- \[/.test(l));
        if (edge >= 0) lines.splice(edge, 1);
      }
      break;
    default: // keep typing at the end of a value, as a user does (one line, inside one spec)
      lines[at] = `${line}${'abc_0'[Math.floor(r() * 5)]}`;
  }
  return lines.join('\n');
}

const show = (list: Diagnostic[]) => list.map((d) => JSON.stringify([d.code, d.span, d.message, d.severity, d.fixes, d.related ?? null]));

test('incremental findings (and their LSP encoding) equal a fresh analysis after each of 2 x 200 random edits', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const codes = new Set<string>();
  for (const seed of [11, 14]) editSequence(root, index, seed, codes);
  // The sequences exercised the cross-spec rules, not only syntax errors.
  for (const code of ['S100', 'S103', 'D400', 'D401', 'D402', 'M503', 'P303']) assert.ok(codes.has(code), `the edits produced ${code} at least once (got ${[...codes].join(' ')})`);
});

function editSequence(root: string, index: ProjectIndex, seed: number, codes: Set<string>): void {
  const cache = new AnalysisCache();
  const encoder = new DiagnosticEncoder();
  const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
  const toUri = (rel: string) => pathToFileURL(join(root, rel)).href;
  const r = rng(seed);
  let text = spec();
  const first = checkFile(readSpecFile('p.pipeline.yaml', text, undefined, cache)!, {}, index, cache);
  assert.ok(first.length > 0, 'the spec has findings to keep track of (unknown contracts, unfed inputs)');
  let validCompared = 0;
  let lastValid = text;
  for (let i = 0; i < 200; i++) {
    // Now and then the user repairs the file (back to its last valid state), as typing does.
    text = i % 6 === 5 ? lastValid : edit(text, r);
    // Fresh as the editor would start: a new cache (the chunked reading), and the whole-file reading of the CLI.
    const incremental = readSpecFile('p.pipeline.yaml', text, undefined, cache);
    const cold = new AnalysisCache();
    const fresh = readSpecFile('p.pipeline.yaml', text, undefined, cold);
    const whole = readSpecFile('p.pipeline.yaml', text);
    assert.equal(incremental?.kind, fresh?.kind, `seed ${seed}, edit ${i}: kind`);
    if (!incremental || !fresh) continue;
    const a = checkFile(incremental, {}, index, cache);
    const b = checkFile(fresh, {}, index, cold);
    for (const d of b) codes.add(d.code);
    assert.deepEqual(show(a), show(b), `seed ${seed}, edit ${i}: incremental findings differ from a fresh analysis of:\n${text}`);
    // The encoder reuses what it sent for findings that did not move on screen: what it sends is what a fresh encoding gives.
    assert.deepEqual(encoder.encode(uri, incremental.lines, a, toUri), b.map((d) => toLspDiagnostic(fresh.lines, uri, d, toUri)), `seed ${seed}, edit ${i}: LSP diagnostics`);
    assert.deepEqual([...Array(incremental.lines.lineCount).keys()].map((l) => incremental.lines.lineStart(l)), [...Array(fresh.lines.lineCount).keys()].map((l) => fresh.lines.lineStart(l)), `seed ${seed}, edit ${i}: line index`);
    // What the editor shows is what the CLI (the whole-file reading) shows, on broken text too.
    assert.ok(whole, `seed ${seed}, edit ${i}: the whole-file reading recognises the spec too`);
    assert.deepEqual(show(checkFile(whole, {}, index)), show(b), `seed ${seed}, edit ${i}: the chunked reading differs from the whole-file reading:\n${text}`);
    if (fresh.parsed.problems.length === 0) {
      validCompared++;
      lastValid = text;
    }
  }
  assert.ok(validCompared >= 20, `enough valid states were compared with the whole-file reading (${validCompared})`);
  // The cheap paths were taken often, and matched: an edit parsed as one block spliced into the last tree, and
  // the DAG and matching findings moved with the edit rather than computed again.
  assert.ok(cache.chunks.spliced >= 25, `edits spliced into the last tree: ${cache.chunks.spliced}`);
  assert.ok(cache.shapeReuses >= 25, `shape findings moved with the edit: ${cache.shapeReuses}`);
}

test('a settings answer that changes nothing keeps the warm index and the results; one that does re-checks with the same index', async () => {
  const root = project();
  const analyzer = new Analyzer(root);
  await warmUp(analyzer, () => false);
  const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
  const doc = TextDocument.create(uri, 'yaml', 1, spec());
  const before = analyzer.analyse(doc);
  assert.ok(before.diagnostics.some((d) => d.code === 'C200'), 'the spec has findings');
  assert.equal(analyzer.setSettings({}), false, 'empty settings are what the server started with');
  assert.equal(analyzer.analyse(doc), before, 'the same analysis is served again');
  assert.equal(analyzer.setSettings({ rules: { C200: 'off' } }), true);
  const after = analyzer.analyse(doc);
  assert.equal(after.index, before.index, 'the project index survived the settings change');
  assert.ok(after.diagnostics.every((d) => d.code !== 'C200'));
  assert.equal(analyzer.setSettings({ rules: { C200: 'off' } }), false, 'the same settings again change nothing');
});

test('the disk poll (clients without file events) stats in the background and notices edited and deleted files', async () => {
  const root = project();
  const analyzer = new Analyzer(root);
  analyzer.pythonAllowed = false;
  await warmUp(analyzer, () => false);
  const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
  const doc = TextDocument.create(uri, 'yaml', 1, spec());
  const before = analyzer.analyse(doc);
  assert.ok(before.diagnostics.some((d) => d.code === 'C202' || d.code === 'M503' || d.code === 'C200'), 'the spec has contract findings');
  let now = Date.now() + 10_000;
  assert.equal(await analyzer.pollDisk(now), false, 'nothing changed on disk');
  // Step 0's contract now names its input as the spec does not: the next analysis after the poll says so.
  const contract = join(root, 'src/contracts/step_0_contract.py');
  writeFileSync(contract, readFileSync(contract, 'utf8').replace('"processed_data": "/opt/ml/processing/input/data"', '"training_data": "/opt/ml/processing/input/data"'));
  now += 3000;
  const polling = analyzer.pollDisk(now);
  assert.equal(await analyzer.pollDisk(now + 3000), false, 'a poll while one is running does nothing');
  assert.equal(await polling, true, 'the edited contract is noticed');
  const after = analyzer.analyse(doc);
  assert.notEqual(after, before, 'analysed again with the new contract');
  assert.ok(after.diagnostics.some((d) => d.message.includes('training_data')), after.diagnostics.map((d) => d.message).join('\n'));
  // A deleted script is noticed too.
  rmSync(join(root, 'src/scripts/step_3.py'));
  assert.equal(await analyzer.pollDisk((now += 3000)), true, 'the deleted script is noticed');
  assert.equal(await analyzer.pollDisk(now + 1000), false, 'at most one poll every 2 s');
});

test('the JSON the server writes: publishDiagnostics put together from each diagnostic\'s kept text equals JSON.stringify, every other message too', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const uri = pathToFileURL(join(root, 'p.pipeline.yaml')).href;
  const toUri = (rel: string) => pathToFileURL(join(root, rel)).href;
  const cache = new AnalysisCache();
  const encoder = new DiagnosticEncoder();
  const r = rng(5);
  let text = spec();
  for (let i = 0; i < 40; i++) {
    const file = readSpecFile('p.pipeline.yaml', text, undefined, cache)!;
    const diagnostics = encoder.encode(uri, file.lines, checkFile(file, {}, index, cache), toUri);
    assert.ok(diagnostics.length > 0);
    const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: i + 1, diagnostics } };
    assert.equal(messageJson(message), JSON.stringify(message), `edit ${i}`);
    text = edit(text, r);
  }
  const closed = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a "quoted"\u2028name.yaml', diagnostics: [] } };
  assert.equal(messageJson(closed), JSON.stringify(closed), 'no version, an empty list, characters JSON escapes');
  const other = { jsonrpc: '2.0', id: 3, result: { items: [{ label: 'x' }] } };
  assert.equal(messageJson(other), JSON.stringify(other));
  const extra = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, diagnostics: [], extra: 1 } };
  assert.equal(messageJson(extra), JSON.stringify(extra), 'a field it does not know is not lost');
  const wide = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: 7, diagnostics: [{ message: 'clé « ü » \u{1F600}' }, null, { message: 'b\u2028' }] } };
  assert.deepEqual(messageBytes(wide), Buffer.from(JSON.stringify(wide), 'utf8'), 'characters of two, three and four UTF-8 bytes');
});

test('findings reused for specs an edit moved (S103, schema issues, per-spec rules) follow them, and go when their cause goes', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const cache = new AnalysisCache();
  const check = (t: string) => checkFile(readSpecFile('p.pipeline.yaml', t, undefined, cache)!, {}, index, cache);
  const fresh = (t: string) => checkFile(readSpecFile('p.pipeline.yaml', t)!, {}, index);
  const base = spec();
  // s30 (after the spec typed into) with a repeated key and a misspelt one; s5 is where the typing happens.
  const faulty = base.replace('  s30:\n    script_name: step_30\n', '  s30:\n    script_name: step_30\n    script_name: step_30\n    stepp_name: x\n');
  const typeAt = faulty.indexOf('LABEL_FIELD: label', faulty.indexOf('  s5:\n')) + 'LABEL_FIELD: label'.length;
  const typed = (t: string, s: string) => `${t.slice(0, typeAt)}${s}${t.slice(typeAt)}`;
  const codesAt = (list: Diagnostic[], code: string) => list.filter((d) => d.code === code).map((d) => d.span.start);
  let text = faulty;
  assert.deepEqual(show(check(text)), show(fresh(text)));
  for (const s of ['a', 'ab', 'abc', 'ab']) {
    text = typed(faulty, s);
    const found = check(text);
    assert.deepEqual(show(found), show(fresh(text)), `after typing '${s}'`);
    assert.equal(codesAt(found, 'S103').length, 1, 'the repeated key is reported once, where it now is');
    assert.equal(codesAt(found, 'S103')[0], text.indexOf('script_name: step_30', text.indexOf('script_name: step_30') + 1));
    assert.ok(codesAt(found, 'S102').includes(text.indexOf('stepp_name')), 'the misspelt key moved with its spec');
  }
  // The causes removed (the spec is parsed again), then typing again moves the others: nothing stale comes back.
  text = typed(base, 'ab');
  let found = check(text);
  assert.deepEqual(show(found), show(fresh(text)));
  assert.equal(codesAt(found, 'S103').length + codesAt(found, 'S102').length, 0);
  for (const s of ['abc', 'abcd', 'a']) {
    text = typed(base, s);
    found = check(text);
    assert.deepEqual(show(found), show(fresh(text)), `after typing '${s}' with the faults gone`);
    assert.equal(codesAt(found, 'S103').length + codesAt(found, 'S102').length, 0);
  }
  assert.ok(cache.hits > 0, 'the moved specs were reused, not computed again');
  rmSync(root, { recursive: true, force: true });
});

test('a keystroke leaves the specs after it unread (lazy moved copies), and reading them later gives what a fresh parse gives', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const cache = new AnalysisCache();
  const base = spec();
  const typeAt = base.indexOf('LABEL_FIELD: label', base.indexOf('  s5:\n')) + 'LABEL_FIELD: label'.length;
  let file = readSpecFile('p.pipeline.yaml', base, undefined, cache)!;
  checkFile(file, {}, index, cache);
  const before = { ...lazyCopies };
  let text = base;
  for (const s of ['a', 'ab', 'abc']) {
    text = `${base.slice(0, typeAt)}${s}${base.slice(typeAt)}`;
    file = readSpecFile('p.pipeline.yaml', text, undefined, cache)!;
    assert.deepEqual(show(checkFile(file, {}, index, cache)), show(checkFile(readSpecFile('p.pipeline.yaml', text)!, {}, index)), `after typing '${s}'`);
  }
  assert.ok(lazyCopies.made > before.made, 'the specs after the edit were moved as lazy copies');
  assert.equal(lazyCopies.materialized, before.materialized, 'checking the file read none of them again');
  // Read now (an outline, a hover): the same trees and models as a fresh parse of the text.
  const fresh = readSpecFile('p.pipeline.yaml', text)!;
  const specsOf = (f: typeof file) => (f.model.kind === 'pipeline-spec' ? f.model.pipeline.specs : []);
  // Reading one field of a lazy model reads them all (a spread copies own fields only).
  const models = (f: typeof file) =>
    specsOf(f).map((s) => {
      assert.ok(s.spec?.anchor);
      return JSON.stringify({ ...s.spec, node: undefined });
    });
  assert.deepEqual(models(file), models(fresh));
  assert.deepEqual(file.parsed.root, fresh.parsed.root);
  assert.ok(lazyCopies.materialized > before.materialized);
  rmSync(root, { recursive: true, force: true });
});

test('a character typed at column 0 inside an indented block (which breaks it) gives what the CLI gives: one finding, not one per chunk', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const base = spec();
  const lines = base.split('\n');
  const broken: number[] = [];
  // Every indented line of the spec in turn, typed into from the same warm cache (undone in between), as a user does.
  const cache = new AnalysisCache();
  checkFile(readSpecFile('p.pipeline.yaml', base, undefined, cache)!, {}, index, cache);
  // Every eleventh indented line (of each kind: node, edge, spec key, field, nested field), then the review's case.
  for (let at = 1; at < lines.length; at += 11) {
    if (!lines[at].startsWith(' ')) continue;
    const text = [...lines.slice(0, at), `x${lines[at]}`, ...lines.slice(at + 1)].join('\n');
    const typed = checkFile(readSpecFile('p.pipeline.yaml', text, undefined, cache)!, {}, index, cache);
    const cli = checkFile(readSpecFile('p.pipeline.yaml', text)!, {}, index);
    assert.deepEqual(show(typed), show(cli), `'x' typed at the start of line ${at + 1} (${lines[at].trim()}): the editor's findings differ from the CLI's`);
    const s100 = cli.filter((d) => d.code === 'S100');
    if (s100.length === 1) broken.push(at);
    checkFile(readSpecFile('p.pipeline.yaml', base, undefined, cache)!, {}, index, cache);
  }
  // The case the session 5 review found: 'x' at column 0 of 'script_name' inside s7's block.
  const at = lines.indexOf('    script_name: step_7');
  const text = [...lines.slice(0, at), `x${lines[at]}`, ...lines.slice(at + 1)].join('\n');
  const found = checkFile(readSpecFile('p.pipeline.yaml', text, undefined, cache)!, {}, index, cache);
  assert.deepEqual(show(found), show(checkFile(readSpecFile('p.pipeline.yaml', text)!, {}, index)));
  const s100 = found.filter((d) => d.code === 'S100');
  assert.equal(s100.length, 1, found.map((d) => d.message).join('\n'));
  assert.match(s100[0].message, /indented 0 spaces.*Indent it 4 spaces/);
  assert.equal(s100[0].span.start, text.indexOf('x    script_name: step_7'));
  assert.ok(broken.length > 10, `most such keystrokes give one syntax finding (${broken.length})`);
  rmSync(root, { recursive: true, force: true });
});

test('two syntax faults in two specs, one fixed: the other spec (same text, now read with a different repair) loses what the first reading gave it', () => {
  const root = project();
  const index: ProjectIndex = new ProjectIndexer(loadConfig(root)).index();
  const demo = readFileSync(join(repoRoot, 'examples/specs/demo.pipeline.yaml'), 'utf8');
  // XGBoostTraining's 'path' one space short of its block; an edge's '[' closed too early.
  const pathFault = demo.replace('        logical_name: hyperparameters_s3_uri\n        path:', '        logical_name: hyperparameters_s3_uri\n     path:');
  const both = pathFault.replace('    - [TabularPreprocessing_training, XGBoostTraining]', '    - []TabularPreprocessing_training, XGBoostTraining]');
  assert.notEqual(both, pathFault);
  for (const [before, after, what] of [
    [both, pathFault, 'the edge fixed'],
    [both, both.replace(/ {2}edges:\n( {4}- .*\n)+\n/, ''), 'the edges deleted'],
  ] as const) {
    const cache = new AnalysisCache();
    checkFile(readSpecFile('p.pipeline.yaml', before, undefined, cache)!, {}, index, cache);
    const typed = checkFile(readSpecFile('p.pipeline.yaml', after, undefined, cache)!, {}, index, cache);
    const cli = checkFile(readSpecFile('p.pipeline.yaml', after)!, {}, index);
    assert.deepEqual(show(typed), show(cli), `${what}: the editor's findings differ from the CLI's`);
    // The repair reads 'path' into its block: no 'missing path' left over from the reading with two faults.
    assert.ok(!typed.some((d) => d.code === 'S104' && d.message.includes("'path'")), typed.map((d) => d.message).join('\n'));
    // And typing on from there (a valid text again) is still the same as the CLI.
    const repaired = after.replace('\n     path:', '\n        path:');
    assert.deepEqual(show(checkFile(readSpecFile('p.pipeline.yaml', repaired, undefined, cache)!, {}, index, cache)), show(checkFile(readSpecFile('p.pipeline.yaml', repaired)!, {}, index)), `${what}, then the path fixed`);
  }
  rmSync(root, { recursive: true, force: true });
});
