/**
 * Differential fuzz of the edit loop over the real built server: what a user sees after typing must be what a
 * fresh check of the same text gives. Server A gets didOpen, then didChange after didChange with incremental
 * ranges as editors send them (UTF-16 positions, CRLF files, edits at column 0, block deletions, pastes of
 * several lines, undo-like reverts, typing inside flow maps and quoted strings, bursts typed faster than the
 * analysis, several changes in one notification, contracts and scripts edited on disk while a spec is open);
 * server B opens each version afresh (didClose, then didOpen) and reads it as the CLI does, from scratch
 * (CURSUS_LSP_FROM_SCRATCH: no cache between versions, the whole-file parse). After each
 * publication their diagnostics and the quick fixes offered for them must be equal.
 *
 * Seeded and reproducible: `CURSUS_FUZZ_SEED=n` picks the seed. The suite runs a small mode (a few dozen edits on
 * the bundled examples); `CURSUS_FUZZ=1` runs thousands, on the examples, on test/fixtures and on the real files
 * in the shared reference folder when present (`CURSUS_FUZZ_EDITS=n` edits per file). A mismatch is replayed
 * from the state before its last edit on a fresh pair of servers (the minimal case: one text, one edit) and
 * written as JSON to a temporary file named in the failure.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, type PublishedDiagnostics } from './lsp.js';
import { rng } from './reference.js';
import { tempDir } from './temp.js';

/** One change of a didChange notification: a range of the text before it, and what replaces it. */
export interface RangeChange {
  range: { start: Position; end: Position };
  text: string;
}
interface Position {
  line: number;
  character: number;
}
/** One step of the fuzz: the notifications sent (each one a list of changes), or a file written on disk. */
export type Step = { kind: string; notifications: RangeChange[][] } | { kind: 'disk'; file: string; text: string };

export interface Target {
  /** Project-relative path of the open file. */
  rel: string;
  languageId: 'yaml' | 'json';
  /** Opened with its line ends made CRLF. */
  crlf?: boolean;
}

export interface Mismatch {
  target: string;
  seed: number;
  step: number;
  kind: string;
  before: string;
  after: string;
  steps: Step[];
  incremental: unknown;
  fresh: unknown;
  /** Whether the last step alone, from a freshly opened `before`, gives the mismatch again. */
  replayed: boolean;
  file?: string;
}

/** LSP line starts: a line ends at \n, \r\n or a lone \r. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}

function positionAt(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** Applies LSP changes in order, as the server's TextDocument does. */
export function applyChanges(text: string, changes: RangeChange[]): string {
  let t = text;
  for (const c of changes) {
    const starts = lineStarts(t);
    const off = (p: Position) => Math.min(starts[p.line] + p.character, t.length);
    t = t.slice(0, off(c.range.start)) + c.text + t.slice(off(c.range.end));
  }
  return t;
}

/** An offset moved off the middle of a surrogate pair and of a \r\n (no editor places a cursor there). */
function safe(text: string, offset: number): number {
  let o = Math.max(0, Math.min(offset, text.length));
  const hi = (i: number) => (text.charCodeAt(i) & 0xfc00) === 0xd800;
  const lo = (i: number) => (text.charCodeAt(i) & 0xfc00) === 0xdc00;
  if (o > 0 && hi(o - 1) && lo(o)) o--;
  if (o > 0 && text[o - 1] === '\r' && text[o] === '\n') o--;
  return o;
}

function change(text: string, start: number, end: number, insert: string): RangeChange {
  const s = safe(text, start);
  const e = Math.max(s, safe(text, end));
  const starts = lineStarts(text);
  return { range: { start: positionAt(starts, s), end: positionAt(starts, e) }, text: insert };
}

/** The single replacement that turns `from` into `to` (an editor's undo of several edits at once). */
function diffChange(from: string, to: string): RangeChange {
  let p = 0;
  while (p < from.length && p < to.length && from[p] === to[p]) p++;
  let s = 0;
  while (s < from.length - p && s < to.length - p && from[from.length - 1 - s] === to[to.length - 1 - s]) s++;
  let start = p;
  let endFrom = from.length - s;
  let endTo = to.length - s;
  // Not inside a surrogate pair or a \r\n at either end.
  while (start > 0 && (safe(from, start) !== start || safe(to, start) !== start)) start--;
  while (endFrom < from.length && (safe(from, endFrom) !== endFrom || safe(to, endTo) !== endTo)) {
    endFrom++;
    endTo++;
  }
  return change(from, start, endFrom, to.slice(start, endTo));
}

const TYPED = ['a', 'x', '_', '0', ':', ' ', '-', '#', '"', "'", '[', ']', '{', '}', ',', 'é', '中', '\u{1F600}'];

/** The next step on `text`: what an editor would send for one of the user's actions. */
function nextStep(text: string, history: string[], r: (n: number) => number): Step & { kind: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const starts = lineStarts(text);
  const lines = starts.length;
  const lineStart = (l: number) => starts[l];
  const lineEnd = (l: number) => {
    if (l + 1 >= lines) return text.length;
    const next = starts[l + 1];
    return text[next - 2] === '\r' && text[next - 1] === '\n' ? next - 2 : next - 1;
  };
  const indentOf = (l: number) => /^ */.exec(text.slice(lineStart(l), lineEnd(l)))![0].length;
  const anyLine = () => r(lines);
  const one = (kind: string, c: RangeChange) => ({ kind, notifications: [[c]] });
  switch (r(14)) {
    case 0:
    case 1: {
      const at = r(text.length + 1);
      return one('type', change(text, at, at, TYPED[r(TYPED.length)]));
    }
    case 2: {
      const at = lineStart(anyLine());
      return one('column 0', change(text, at, at, ['x', ' ', '-', '#', 'é'][r(5)]));
    }
    case 3: {
      const at = r(text.length);
      return one('delete', change(text, at, at + 1 + r(3), ''));
    }
    case 4: {
      const l = anyLine();
      const at = lineEnd(l);
      return one('enter', change(text, at, at, eol + ' '.repeat(indentOf(l) + (r(2) ? 2 : 0))));
    }
    case 5: {
      // A whole block: the line and the lines below it indented further.
      const l = anyLine();
      let end = l + 1;
      while (end < lines && (indentOf(end) > indentOf(l) || lineEnd(end) === lineStart(end))) end++;
      return one('delete block', change(text, lineStart(l), end < lines ? lineStart(end) : text.length, ''));
    }
    case 6: {
      const from = anyLine();
      const to = Math.min(lines, from + 2 + r(5));
      const block = text.slice(lineStart(from), to < lines ? lineStart(to) : text.length);
      const at = lineStart(anyLine());
      return one('paste lines', change(text, at, at, block.endsWith('\n') || !block ? block : block + eol));
    }
    case 7: {
      const back = history[Math.max(0, history.length - 1 - r(5))];
      return one('revert', diffChange(text, back ?? text));
    }
    case 8: {
      const opens = [...text.matchAll(/[[{]/g)].map((m) => m.index);
      if (!opens.length) break;
      const at = opens[r(opens.length)] + 1;
      return one('inside flow', change(text, at, at, ['a', ', ', 'x: 1, ', ']', '}', ' ', 'é'][r(7)]));
    }
    case 9: {
      const quotes = [...text.matchAll(/["']/g)].map((m) => m.index);
      if (!quotes.length) break;
      const at = quotes[r(quotes.length)] + 1;
      return one('inside quotes', change(text, at, at, ['a', 'é', '\\', '"', "'", ' ', '\u{1F600}'][r(7)]));
    }
    case 10: {
      // A word typed faster than the analysis: one notification a character, not waited for.
      const word = ['abc', 'name', '_x1', 'é中'][r(4)];
      let at = r(text.length + 1);
      at = safe(text, at);
      const notifications: RangeChange[][] = [];
      let t = text;
      for (const ch of word) {
        const c = change(t, at, at, ch);
        notifications.push([c]);
        t = applyChanges(t, [c]);
        at += ch.length;
      }
      return { kind: 'burst', notifications };
    }
    case 11: {
      // Several cursors: one notification with a change at each, applied in order.
      const changes: RangeChange[] = [];
      let t = text;
      for (let i = 0; i < 2 + r(2); i++) {
        const at = r(t.length + 1);
        const c = change(t, at, at + r(2), ['x', '', ' ', 'é'][r(4)]);
        changes.push(c);
        t = applyChanges(t, [c]);
      }
      return { kind: 'several changes', notifications: [changes] };
    }
    case 12: {
      // Back to a line's start and remove its indentation (un-indent), or indent it.
      const l = anyLine();
      const indent = indentOf(l);
      if (indent > 0 && r(2)) return one('dedent', change(text, lineStart(l), lineStart(l) + Math.min(indent, 2), ''));
      return one('indent', change(text, lineStart(l), lineStart(l), '  '));
    }
    default:
      break;
  }
  // Typing at the end of a value, the commonest keystroke.
  const at = lineEnd(anyLine());
  return one('type at end', change(text, at, at, 'abc_0é'[r(6)]));
}

/** What is compared: the diagnostics as published, and the quick fixes offered over the whole document. */
interface Seen {
  diagnostics: PublishedDiagnostics['diagnostics'];
  actions: unknown;
}

/**
 * A pair of servers on one project: A edits incrementally, B opens every version afresh and reads it as the CLI
 * does (CURSUS_LSP_FROM_SCRATCH: no cache, the whole-file parse).
 */
export class FuzzPair {
  readonly a: LspClient;
  readonly b: LspClient;
  constructor(readonly root: string) {
    this.a = new LspClient(root);
    this.b = new LspClient(root, undefined, { CURSUS_LSP_FROM_SCRATCH: '1' });
  }

  async start(): Promise<void> {
    const caps = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } };
    await Promise.all([this.a.initialize(this.root, caps), this.b.initialize(this.root, caps)]);
  }

  async stop(): Promise<void> {
    await Promise.all([this.a.shutdown(), this.b.shutdown()]);
  }

  private async actions(client: LspClient, uri: string, text: string): Promise<unknown> {
    const starts = lineStarts(text);
    const end = positionAt(starts, text.length);
    return client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end }, context: { diagnostics: [], only: ['quickfix'] } });
  }

  /** A's publication for `version`, and its quick fixes. */
  async incremental(uri: string, version: number, text: string, timeoutMs: number): Promise<Seen> {
    await this.a.until(() => this.a.latest.get(uri)?.version === version, timeoutMs, `A's diagnostics for version ${version} of ${uri}`);
    return { diagnostics: this.a.latest.get(uri)!.diagnostics, actions: await this.actions(this.a, uri, text) };
  }

  /** B's diagnostics for `text` opened afresh, and its quick fixes. */
  async fresh(uri: string, languageId: string, version: number, text: string, timeoutMs: number): Promise<Seen> {
    if (this.b.latest.has(uri)) await this.b.close(uri);
    this.b.latest.delete(uri);
    await this.b.open(uri, text, languageId, version);
    await this.b.until(() => this.b.latest.get(uri)?.version === version, timeoutMs, `B's diagnostics for version ${version} of ${uri}`);
    return { diagnostics: this.b.latest.get(uri)!.diagnostics, actions: await this.actions(this.b, uri, text) };
  }
}

const same = (x: Seen, y: Seen) => JSON.stringify(x) === JSON.stringify(y);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Compares A (incremental) with B (fresh) on `text`. The interpreter's answers (X603-X605) arrive at each server
 * in its own time: a difference is looked at again once both have had time to settle, and only one that stays
 * is a mismatch.
 */
async function compare(pair: FuzzPair, uri: string, languageId: string, version: number, text: string, timeoutMs: number): Promise<{ a: Seen; b: Seen } | undefined> {
  let a = await pair.incremental(uri, version, text, timeoutMs);
  let b = await pair.fresh(uri, languageId, version, text, timeoutMs);
  for (let attempt = 0; attempt < 3 && !same(a, b); attempt++) {
    if (process.env.CURSUS_FUZZ_DEBUG) console.error(`fuzz: version ${version} differs, looked at again (${attempt + 1})\n  A ${JSON.stringify(a).slice(0, 400)}\n  B ${JSON.stringify(b).slice(0, 400)}`);
    await pause(700 * (attempt + 1));
    a = await pair.incremental(uri, version, text, timeoutMs);
    b = await pair.fresh(uri, languageId, version, text, timeoutMs);
  }
  return same(a, b) ? undefined : { a, b };
}

/** Sends one step to A (and writes a disk step, telling both servers); returns A's text afterwards. */
async function send(pair: FuzzPair, uri: string, version: { n: number }, text: string, step: Step): Promise<string> {
  if (step.kind === 'disk' && 'file' in step) {
    writeFileSync(step.file, step.text);
    const changes = [{ uri: pathToFileURL(step.file).href, type: 2 }];
    const before = pair.a.publications.get(uri) ?? 0;
    await Promise.all([pair.a.connection.sendNotification('workspace/didChangeWatchedFiles', { changes }), pair.b.connection.sendNotification('workspace/didChangeWatchedFiles', { changes })]);
    // The open spec is checked again after the server's debounce (and published only if its findings changed).
    await pair.a.until(() => (pair.a.publications.get(uri) ?? 0) > before, 1000, 'A re-checking after a file event').catch(() => undefined);
    return text;
  }
  let t = text;
  for (const changes of (step as { notifications: RangeChange[][] }).notifications) {
    version.n++;
    t = applyChanges(t, changes);
    await pair.a.change(uri, version.n, changes);
  }
  return t;
}

/** Disk edits for a spec's project: a contract or script changed (a port renamed, broken, put back). */
function diskStep(root: string, r: (n: number) => number, originals: Map<string, string>): Step | undefined {
  const py = listFiles(root).filter((f) => f.endsWith('.py') && !f.includes('/.'));
  if (!py.length) return undefined;
  const file = py[r(py.length)];
  if (!originals.has(file)) originals.set(file, readFileSync(file, 'utf8'));
  const original = originals.get(file)!;
  const current = readFileSync(file, 'utf8');
  let text: string;
  switch (r(4)) {
    case 0: // a quoted name renamed (a logical name, an env var, an entry point)
      text = current.replace(/(["'])([A-Za-z_][A-Za-z0-9_]*)\1/, (_m, q: string, name: string) => `${q}${name}_x${q}`);
      break;
    case 1: // a syntax error
      text = `${current}\ndef broken(:\n`;
      break;
    case 2: // emptied
      text = '';
      break;
    default: // put back
      text = original;
  }
  return { kind: 'disk', file, text };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    if (name === 'node_modules' || name === '.cursus-runs' || name === '.git') continue;
    if (statSync(abs).isDirectory()) out.push(...listFiles(abs));
    else out.push(abs);
  }
  return out;
}

/**
 * Runs `edits` fuzz steps on one open file of the project at `root` (already copied somewhere writable), with a
 * started pair of servers on it. Returns the mismatches found (at most `maxMismatches`, each replayed alone).
 */
export async function fuzzFile(pair: FuzzPair, target: Target, seed: number, edits: number, options: { disk?: boolean; timeoutMs?: number; maxMismatches?: number } = {}): Promise<{ mismatches: Mismatch[]; kinds: Map<string, number> }> {
  const root = pair.root;
  const r = rng(seed);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const abs = join(root, target.rel);
  let text = readFileSync(abs, 'utf8');
  if (target.crlf) text = text.replace(/\r?\n/g, '\r\n');
  const uri = pathToFileURL(abs).href;
  const mismatches: Mismatch[] = [];
  const kinds = new Map<string, number>();
  const originals = new Map<string, string>();
  try {
    const version = { n: 1 };
    await pair.a.open(uri, text, target.languageId, 1);
    // The first check settles (the project read, the interpreter asked) before the edits begin.
    const first = await compare(pair, uri, target.languageId, 1, text, timeoutMs * 2);
    if (first) mismatches.push({ target: target.rel, seed, step: 0, kind: 'open', before: '', after: text, steps: [], incremental: first.a, fresh: first.b, replayed: false });
    const history: string[] = [text];
    const steps: Step[] = [];
    for (let i = 1; i <= edits && mismatches.length < (options.maxMismatches ?? 3); i++) {
      const step = options.disk && r(12) === 0 ? diskStep(root, r, originals) ?? nextStep(text, history, r) : nextStep(text, history, r);
      kinds.set(step.kind, (kinds.get(step.kind) ?? 0) + 1);
      const before = text;
      text = await send(pair, uri, version, text, step);
      steps.push(step);
      history.push(text);
      if (history.length > 8) history.shift();
      const t0 = performance.now();
      const found = await compare(pair, uri, target.languageId, version.n, text, timeoutMs);
      if (process.env.CURSUS_FUZZ_DEBUG) console.error(`fuzz: ${target.rel} step ${i} ${step.kind} compared in ${(performance.now() - t0).toFixed(0)} ms`);
      if (!found) continue;
      const m: Mismatch = { target: target.rel, seed, step: i, kind: step.kind, before, after: text, steps: steps.slice(-3), incremental: found.a, fresh: found.b, replayed: false };
      if (step.kind !== 'disk') m.replayed = await replay(root, target, before, step, timeoutMs);
      mismatches.push(m);
      // Go on from a fresh state: reopen A with the text as it is.
      await pair.a.close(uri);
      pair.a.latest.delete(uri);
      await pair.a.open(uri, text, target.languageId, ++version.n);
    }
    await pair.a.close(uri);
    await pair.b.close(uri);
    pair.a.latest.delete(uri);
    pair.b.latest.delete(uri);
  } finally {
    for (const [file, original] of originals) writeFileSync(file, original);
    // The servers see the files put back before the next file is opened.
    const changes = [...originals.keys()].map((file) => ({ uri: pathToFileURL(file).href, type: 2 }));
    if (changes.length) await Promise.all([pair.a.connection.sendNotification('workspace/didChangeWatchedFiles', { changes }), pair.b.connection.sendNotification('workspace/didChangeWatchedFiles', { changes })]);
  }
  return { mismatches, kinds };
}

/** The last step alone, from `before` freshly opened, on a new pair of servers: whether it mismatches again. */
async function replay(root: string, target: Target, before: string, step: Step, timeoutMs: number): Promise<boolean> {
  const pair = new FuzzPair(root);
  const uri = pathToFileURL(join(root, target.rel)).href;
  try {
    await pair.start();
    await pair.a.open(uri, before, target.languageId, 1);
    await compare(pair, uri, target.languageId, 1, before, timeoutMs);
    const version = { n: 1 };
    const after = await send(pair, uri, version, before, step);
    return (await compare(pair, uri, target.languageId, version.n, after, timeoutMs)) !== undefined;
  } finally {
    await pair.stop().catch(() => undefined);
  }
}

/** A copy of `dir` in a temporary folder (the fuzz writes contracts and scripts). */
export function copyProject(dir: string): string {
  const root = tempDir('cursus-fuzz-');
  cpSync(dir, root, { recursive: true, filter: (src) => !/[\\/](\.cursus-runs|node_modules)$/.test(src) });
  return root;
}

/** The reference folder's files laid out as a Cursus 2.9 project (interfaces, DAGs, pipeline config), if present. */
export function referenceProject(shared: string): { root: string; targets: Target[] } | undefined {
  if (!existsSync(shared)) return undefined;
  const root = tempDir('cursus-fuzz-ref-');
  writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "fuzz-reference"\n');
  const targets: Target[] = [];
  const copyAll = (from: string, to: string) => {
    if (!existsSync(from)) return;
    mkdirSync(join(root, to), { recursive: true });
    for (const name of readdirSync(from)) {
      cpSync(join(from, name), join(root, to, name));
      targets.push({ rel: `${to}/${name}`, languageId: name.endsWith('.json') ? 'json' : 'yaml' });
    }
  };
  copyAll(join(shared, 'cursus-interfaces'), 'steps/interfaces');
  copyAll(join(shared, 'cursus-dags'), 'dags');
  copyAll(join(shared, 'cursus-config'), 'pipeline_config');
  return { root, targets };
}

/** The files of a project the fuzz opens: specs, step interfaces, DAGs and pipeline configurations. */
export function targetsIn(root: string): Target[] {
  return listFiles(root)
    .map((f) => relative(root, f).split('\\').join('/'))
    .filter((rel) => /\.(ya?ml|json)$/i.test(rel) && !/(^|\/)(\.|package)/.test(rel))
    .map((rel) => ({ rel, languageId: rel.endsWith('.json') ? ('json' as const) : ('yaml' as const) }));
}

/** Writes a mismatch where a developer can replay it; returns the path. */
export function keepMismatch(m: Mismatch): string {
  // Kept after the test (only a failure writes one): the temporary folders of the run are removed at its exit.
  const file = join(mkdtempSync(join(tmpdir(), 'cursus-fuzz-mismatch-')), 'mismatch.json');
  writeFileSync(file, JSON.stringify(m, null, 2));
  return file;
}
