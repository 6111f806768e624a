/**
 * Server soak: the built server over stdio takes thousands of random edits (typing, deletions, pastes of other
 * files, syntax broken and mended, several changes in one notification, whole-text replacements), open/close
 * storms, cancelled requests and requests on closed or unknown documents, across pipeline specs (YAML and JSON),
 * a script spec, DAG files, a step interface, a pipeline configuration and a contract. Afterwards: every request
 * was answered, nothing failed inside the server, closed documents are left with no findings, the findings of
 * each open document equal those of a fresh server opening the same final text, memory stayed bounded and the
 * server exits cleanly.
 *
 * Seeded: a failure names its seed (rerun with CURSUS_SOAK_SEED=<seed>). CI runs 2,000 edits;
 * CURSUS_SOAK=1 runs 50,000 (CURSUS_SOAK_EDITS=<n> sets any count).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { parse as parseYaml } from 'yaml';
import { LspClient, type PublishedDiagnostics } from './helpers/lsp.js';
import { repoRoot } from './helpers/paths.js';
import { tempDir } from './helpers/temp.js';

const LONG = Boolean(process.env.CURSUS_SOAK);
const EDITS = Number(process.env.CURSUS_SOAK_EDITS ?? (LONG ? 50_000 : 2_000));
const SEED = Number(process.env.CURSUS_SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUEST_CANCELLED = -32800;
/** prepareRename refuses with RequestFailed when there is nothing to rename: a deliberate answer. */
const REQUEST_FAILED = -32803;

/** mulberry32: small, seedable, good enough to pick edits. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** The documents, by path in a copy of examples/ (language, and whether it is checked like a spec). */
const FILES: [string, string][] = [
  ['specs/demo.pipeline.yaml', 'yaml'],
  ['specs/broken.pipeline.yaml', 'yaml'],
  ['specs/demo.pipeline.json', 'json'],
  ['specs/new.pipeline.yaml', 'yaml'], // not on disk: an unsaved new file
  ['dags/demo.dag.json', 'json'],
  ['test/integration/runtime/.specs/tabular_preprocessing_runtime_test_spec.json', 'json'],
  ['cursus-2.9/dags/threshold_e2e.pipeline.yaml', 'yaml'],
  ['cursus-2.9/dags/threshold_e2e.dag.json', 'json'],
  ['cursus-2.9/steps/interfaces/threshold_training.step.yaml', 'yaml'],
  ['cursus-2.9/pipeline_config/config.json', 'json'],
  ['src/cursus_demo/steps/contracts/xgboost_training_contract.py', 'python'],
];

/** What typing and pasting insert: pieces that matter to YAML, JSON and the schema, and plain characters. */
const PIECES = [
  'a', 'x', '_', '1', ' ', '  ', '\n', '\n  ', '\n    ', ':', ': ', '- ', ',', '[', ']', '{', '}', '"', "'", '#', '\t', '&a ', '*a', '<<: *a', '|',
  'script_name: ', 'input_paths:', 'DATA', 'environ_vars', 'edges', 'nodes', 'yes', '0o17', '~', '\u00e9', '\ud83d\ude00', '\r\n', '\\', 'null',
];
/** Insertions that break the syntax of most files (each is removed again by the next change). */
const BREAKERS = ['[', '{', ': :', '\t', '"', "'", '- - -\n', '}}', '&', '*', '%', '\n\t- x', ',,', '```'];

interface Doc {
  uri: string;
  languageId: string;
  original: string;
  text: TextDocument;
  open: boolean;
  /** The next version to send (monotonic across close and reopen, so publications are told apart). */
  version: number;
  everOpened: boolean;
}

type Outcome = 'answered' | 'cancelled' | 'refused';

test(`server soak: ${EDITS.toLocaleString('en-US')} random edits, open/close storms, cancellations, requests on unknown documents; final diagnostics equal a fresh open`, async (t) => {
  const rand = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)];
  const root = tempDir('cursus-lsp-soak-');
  cpSync(join(repoRoot, 'examples'), root, { recursive: true });
  // The demo pipeline also as JSON, so JSON pipeline specs are edited too.
  writeFileSync(join(root, 'specs/demo.pipeline.json'), JSON.stringify(parseYaml(readFileSync(join(root, 'specs/demo.pipeline.yaml'), 'utf8')), null, 2) + '\n');
  const docs: Doc[] = FILES.map(([rel, languageId]) => {
    let original: string;
    try {
      original = readFileSync(join(root, rel), 'utf8');
    } catch {
      original = 'dag:\n  nodes: [a, b]\n  edges:\n    - [a, b]\nscript_specs:\n  a: {script_name: a, step_name: a}\n';
    }
    const uri = pathToFileURL(join(root, rel)).href;
    return { uri, languageId, original, text: TextDocument.create(uri, languageId, 0, original), open: false, version: 1, everOpened: false };
  });
  const corpus = docs.map((d) => d.original);
  const unknownUris = [pathToFileURL(join(root, 'specs/never-opened.pipeline.yaml')).href, 'file:///nowhere/at/all.pipeline.yaml', 'untitled:Untitled-7', 'vscode-notebook-cell:/x.ipynb#a'];

  const client = new LspClient(root);
  const counts = { edits: 0, changes: 0, notifications: 0, opens: 0, closes: 0, requests: 0, cancelled: 0, refused: 0, unknownTargets: 0 };
  const pending: Promise<Outcome>[] = [];
  const rss: number[] = [];
  try {
    await client.initialize(root, { workspace: { configuration: true } });

    const open = (d: Doc) => {
      d.text = TextDocument.create(d.uri, d.languageId, d.version, d.text.getText());
      void client.open(d.uri, d.text.getText(), d.languageId, d.version++);
      d.open = d.everOpened = true;
      counts.opens++;
    };
    const close = (d: Doc) => {
      void client.close(d.uri);
      d.open = false;
      counts.closes++;
    };
    /** Sends one didChange with the given changes, applied to our copy in order as the protocol says. */
    const change = (d: Doc, changes: TextDocumentContentChangeEvent[]) => {
      const v = d.version++;
      d.text = TextDocument.update(d.text, changes, v);
      void client.change(d.uri, v, changes);
      counts.notifications++;
      counts.changes += changes.length;
      counts.edits++;
    };
    const position = (d: Doc, offset: number) => {
      // Never between the two halves of a surrogate pair: an editor's cursor cannot stand there.
      const text = d.text.getText();
      if (offset > 0 && offset < text.length && /[\udc00-\udfff]/.test(text[offset]) && /[\ud800-\udbff]/.test(text[offset - 1])) offset--;
      return d.text.positionAt(offset);
    };
    const randomRange = (d: Doc, maxLength: number) => {
      const n = d.text.getText().length;
      const start = rand(n + 1);
      const end = Math.min(n, start + rand(maxLength + 1));
      return { start: position(d, start), end: position(d, end) };
    };
    const request = (method: string, params: object, cancel: 'now' | 'soon' | 'never') => {
      const source = new CancellationTokenSource();
      counts.requests++;
      pending.push(
        client.connection.sendRequest(method, params, source.token).then(
          () => 'answered' as const,
          (err: unknown) => {
            if (err instanceof ResponseError && err.code === REQUEST_CANCELLED) return 'cancelled' as const;
            if (err instanceof ResponseError && err.code === REQUEST_FAILED && method === 'textDocument/prepareRename') return 'refused' as const;
            throw new Error(`${method} ${JSON.stringify(params)} failed: ${(err as Error).message}`);
          },
        ),
      );
      if (cancel === 'now') source.cancel();
      else if (cancel === 'soon') setImmediate(() => source.cancel());
    };
    const randomRequest = () => {
      const opened = docs.filter((d) => d.open);
      const roll = rand(10);
      let uri: string;
      let at: { line: number; character: number };
      if (roll < 8 && opened.length) {
        const d = pick(opened);
        uri = d.uri;
        at = rand(8) === 0 ? { line: d.text.lineCount + rand(5), character: rand(200) } : position(d, rand(d.text.getText().length + 1));
      } else {
        counts.unknownTargets++;
        const closed = docs.filter((d) => !d.open);
        uri = roll === 8 && closed.length ? pick(closed).uri : pick(unknownUris);
        at = { line: rand(40), character: rand(40) };
      }
      const textDocument = { uri };
      const range = { start: at, end: at };
      const [method, params] = pick([
        ['textDocument/hover', { textDocument, position: at }],
        ['textDocument/completion', { textDocument, position: at }],
        ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
        ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [], only: ['source.fixAll'] } }],
        ['textDocument/definition', { textDocument, position: at }],
        ['textDocument/references', { textDocument, position: at, context: { includeDeclaration: true } }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/codeLens', { textDocument }],
        ['textDocument/foldingRange', { textDocument }],
        ['textDocument/documentLink', { textDocument }],
        ['textDocument/prepareRename', { textDocument, position: at }],
      ] as const);
      request(method, params, pick(['now', 'soon', 'never'] as const));
    };

    for (const d of docs) open(d);
    let lastBreather = 0;
    while (counts.edits < EDITS) {
      const opened = docs.filter((d) => d.open);
      const roll = rand(100);
      if (roll < 8 || opened.length === 0) {
        // Open/close: close one, reopen one (with its last text or its original), or a storm on one document.
        const d = pick(docs);
        if (rand(4) === 0) {
          for (let i = rand(6) + 2; i > 0; i--) {
            if (d.open) close(d);
            else open(d);
            if (d.open && rand(2)) change(d, [{ range: randomRange(d, 0), text: pick(PIECES) }]);
          }
        } else if (d.open) close(d);
        else {
          if (rand(3) === 0) d.text = TextDocument.create(d.uri, d.languageId, 0, d.original);
          open(d);
        }
      } else if (roll < 45) {
        randomRequest();
      } else {
        const d = pick(opened);
        const kind = rand(100);
        const size = d.text.getText().length;
        if (size > 60_000 || kind < 4) {
          // Restore the original (syntax mended), as a whole-text change.
          change(d, [{ text: rand(4) ? d.original : pick(corpus) }]);
        } else if (kind < 40) {
          // Typing: a few keystrokes, one change each, a completion or hover request now and then.
          const start = rand(size + 1);
          let at = position(d, start);
          for (let i = rand(8) + 1; i > 0 && counts.edits < EDITS; i--) {
            const piece = pick(PIECES);
            change(d, [{ range: { start: at, end: at }, text: piece }]);
            at = d.text.positionAt(d.text.offsetAt(at) + piece.length);
            if (rand(3) === 0) request(pick(['textDocument/completion', 'textDocument/hover']), { textDocument: { uri: d.uri }, position: at }, pick(['now', 'soon', 'never'] as const));
          }
        } else if (kind < 58) {
          // Deletion (backspace runs and selections).
          change(d, [{ range: randomRange(d, rand(4) ? 3 : 200), text: '' }]);
        } else if (kind < 68) {
          // A paste of another file's content, whole or a slice.
          const other = pick(corpus);
          const from = rand(other.length);
          change(d, [{ range: randomRange(d, rand(3) ? 0 : 40), text: rand(3) ? other.slice(from, from + rand(400)) : other }]);
        } else if (kind < 80) {
          // Syntax broken, maybe looked at, then mended.
          const at = position(d, rand(size + 1));
          const breaker = pick(BREAKERS);
          change(d, [{ range: { start: at, end: at }, text: breaker }]);
          if (rand(2)) randomRequest();
          const end = d.text.positionAt(d.text.offsetAt(at) + breaker.length);
          change(d, [{ range: { start: at, end }, text: '' }]);
        } else if (kind < 90) {
          // Several changes in one notification, applied in order.
          const changes: TextDocumentContentChangeEvent[] = [];
          // (update() changes the document it is given: compute the ranges on a copy)
          let copy = TextDocument.create(d.uri, d.languageId, 0, d.text.getText());
          for (let i = rand(3) + 2; i > 0; i--) {
            const n = copy.getText().length;
            const s = rand(n + 1);
            const e = Math.min(n, s + rand(10));
            const c = { range: { start: copy.positionAt(s), end: copy.positionAt(e) }, text: pick(PIECES) };
            changes.push(c);
            copy = TextDocument.update(copy, [c], copy.version);
          }
          change(d, changes);
        } else {
          // A replaced range: a selection overtyped with something else.
          change(d, [{ range: randomRange(d, 30), text: pick(PIECES) + pick(PIECES) }]);
        }
      }
      // Let the server breathe now and then, as a typing user does; other times keep flooding it.
      if (counts.edits - lastBreather >= 200) {
        lastBreather = counts.edits;
        await client.request('textDocument/documentSymbol', { textDocument: { uri: docs[0].uri } });
        const kib = client.rssKiB();
        if (kib) rss.push(kib);
      } else if (rand(50) === 0) await new Promise((r) => setImmediate(r));
    }

    // Every request is answered: with its result, RequestCancelled, or (prepareRename) a deliberate refusal.
    let timer: NodeJS.Timeout | undefined;
    const outcomes = await Promise.race([
      Promise.all(pending),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`requests left unanswered after 120 s`)), 120_000))),
    ]).finally(() => clearTimeout(timer));
    counts.cancelled = outcomes.filter((o) => o === 'cancelled').length;
    counts.refused = outcomes.filter((o) => o === 'refused').length;
    assert.equal(outcomes.length, counts.requests);

    // The open documents' final versions are published; closed ones are left with no findings.
    const opened = docs.filter((d) => d.open);
    const finalVersion = new Map(opened.map((d) => [d.uri, d.version - 1]));
    const spec = (d: Doc) => d.languageId !== 'python';
    await client.until(() => opened.filter(spec).every((d) => client.latest.get(d.uri)?.version === finalVersion.get(d.uri)), 60_000, 'the final versions to be published');
    for (const d of docs.filter((x) => !x.open && x.everOpened && spec(x))) {
      assert.deepEqual(client.latest.get(d.uri)?.diagnostics, [], `${d.uri} was closed: its findings are cleared`);
    }
    assert.ok(client.alive, 'the server is still running');
    const failures = client.logs.filter((l) => /failed|unhandled|Internal error/i.test(l));
    assert.deepEqual(failures, [], 'nothing failed inside the server');

    // A fresh server opening the same final texts reports the same findings (once both have settled: the
    // interpreter's answer may re-check the specs on either side).
    const fresh = new LspClient(root);
    try {
      await fresh.initialize(root, { workspace: { configuration: true } });
      for (const d of opened) void fresh.open(d.uri, d.text.getText(), d.languageId, finalVersion.get(d.uri));
      const key = (p: PublishedDiagnostics | undefined) => JSON.stringify(p?.diagnostics.map((x) => [x.code, x.severity, x.range, x.message]));
      const same = () => opened.filter(spec).every((d) => fresh.latest.get(d.uri)?.version === finalVersion.get(d.uri) && key(fresh.latest.get(d.uri)) === key(client.latest.get(d.uri)));
      try {
        await Promise.race([client.until(same, 60_000, 'the soaked and the fresh server to agree'), fresh.until(same, 60_000, 'the soaked and the fresh server to agree')]);
      } catch (err) {
        for (const d of opened.filter(spec)) {
          assert.deepEqual(client.latest.get(d.uri)?.diagnostics.map((x) => [x.code, x.range, x.message]), fresh.latest.get(d.uri)?.diagnostics.map((x) => [x.code, x.range, x.message]), `${d.uri} (final text ${JSON.stringify(d.text.getText().slice(0, 2000))})`);
        }
        throw err;
      }
      assert.ok(opened.some((d) => (client.latest.get(d.uri)?.diagnostics.length ?? 0) > 0), 'the final texts have findings to compare');
    } finally {
      await fresh.shutdown();
    }

    // Memory stays bounded: no growth with the number of edits once warm.
    const kib = client.rssKiB();
    if (kib) rss.push(kib);
    if (rss.length >= 4) {
      const warm = Math.max(...rss.slice(0, Math.ceil(rss.length / 4)));
      const last = rss[rss.length - 1];
      assert.ok(last < 600 * 1024, `the server's memory stays under 600 MiB (${Math.round(last / 1024)} MiB)`);
      if (LONG) assert.ok(last < warm + 150 * 1024, `the server's memory does not grow with the edits (${Math.round(warm / 1024)} MiB warm, ${Math.round(last / 1024)} MiB at the end)`);
    }
    t.diagnostic(`seed ${SEED}: ${counts.edits} edits (${counts.changes} content changes), ${counts.opens} opens, ${counts.closes} closes, ${counts.requests} requests (${counts.cancelled} cancelled, ${counts.refused} refused renames, ${counts.unknownTargets} on closed or unknown documents); RSS ${rss.length ? `${Math.round(Math.min(...rss) / 1024)}-${Math.round(Math.max(...rss) / 1024)} MiB` : 'not measured'}`);
  } catch (err) {
    if (err instanceof Error) err.message = `[soak seed ${SEED}: rerun with CURSUS_SOAK_SEED=${SEED}] ${err.message}`;
    throw err;
  } finally {
    if (client.alive) assert.equal(await client.shutdown(), 0, 'the server exits cleanly');
  }
});
