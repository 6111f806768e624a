/**
 * One finding per syntax fault. A YAML parser that meets a mis-indented line, a tab, a missing `:` or an
 * unclosed `[` or quote reports the error where it noticed it (often the next line) and then reads the rest of
 * the block into the wrong places, so every later key becomes a finding of its own. Here the fault is found
 * instead: small edits at the error (re-indent a line to a column a block above uses, add the `:`, close the
 * bracket or the quote) are tried, and the first that makes the text parse is taken. The user gets one S100 on
 * the line of the cause, saying what to change, and the rest of the file is read
 * as repaired, so the other checks see what the user meant. Offsets of the repaired tree are mapped back to the
 * text as written. When no small edit helps, the parser's own errors are reported unchanged.
 */
import type { Span } from '../span.js';
import type { MapEntry, ScalarNode, YNode } from './ast.js';
import type { SyntaxProblem } from './parse.js';

/** One parse of a text: the tree and problems (as parseYamlTree returns them) and the parser's own errors. */
export interface RawParse {
  result: { root: YNode | null; problems: SyntaxProblem[]; aliased?: Span[]; repaired?: Span[] };
  /** Syntax errors of the yaml parser, in text order (the problems above may hold others, e.g. bad aliases). */
  errors: { code: string; pos: number; message: string }[];
  /** Where each unclosed `[`/`{` and quoted string starts (from the syntax tokens). */
  unclosed: { at: number; kind: '[' | '{' | '"' | "'" }[];
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

interface Candidate {
  edit: Edit;
  /** The finding, on the text as written. */
  span: Span;
  message: string;
}

/** At most this many repairs are applied to one text (each one a separate fault). */
const MAX_REPAIRS = 3;
/** Characters re-parsed in the search, in all; a big file gets fewer tries, never an unbounded wait. */
const PARSE_BUDGET = 3_000_000;

export function repairYaml(text: string, first: RawParse, parse: (text: string) => RawParse): RawParse['result'] | undefined {
  let current = text;
  let parsed = first;
  let budget = PARSE_BUDGET;
  const applied: { edit: Edit; candidate: Candidate }[] = [];
  while (parsed.errors.length && applied.length < MAX_REPAIRS) {
    let best: { candidate: Candidate; parsed: RawParse; text: string } | undefined;
    // One repair per line: a second edit on a line already repaired is a guess built on a guess.
    const repairedLines = new Set(applied.map(({ edit }) => lineAt(current, edit.at).start));
    for (const c of candidates(current, parsed)) {
      if (repairedLines.has(lineAt(current, c.edit.at).start)) continue;
      if (budget < current.length) break;
      budget -= current.length;
      const next = apply(current, c.edit);
      const p = parse(next);
      // Progress: fewer errors, and none left before the repaired place (a repair does not move the fault up).
      if (p.errors.length >= parsed.errors.length || (p.errors.length && p.errors[0].pos < c.edit.at)) continue;
      if (!best || p.errors.length < best.parsed.errors.length) best = { candidate: c, parsed: p, text: next };
      if (p.errors.length === 0) break;
    }
    if (!best) break;
    applied.push({ edit: best.candidate.edit, candidate: best.candidate });
    current = best.text;
    parsed = best.parsed;
  }
  // A repair is trusted only when the repaired text parses: one that merely moves the errors is a guess.
  if (!applied.length || parsed.errors.length) return undefined;
  // Offsets in the repaired text back to the text as written: undo the edits, last first.
  const back = (pos: number) => {
    let p = pos;
    for (let i = applied.length - 1; i >= 0; i--) p = unmap(p, applied[i].edit);
    return p;
  };
  // Each edit (and its candidate's finding) was described on the text of its time: back to the original by
  // undoing the edits before it.
  const toOriginal = (pos: number, i: number) => {
    let p = pos;
    for (let j = i - 1; j >= 0; j--) p = unmap(p, applied[j].edit);
    return p;
  };
  const problems: SyntaxProblem[] = applied.map(({ candidate }, i) => ({ message: candidate.message, span: { start: toOriginal(candidate.span.start, i), end: toOriginal(candidate.span.end, i) } }));
  const memo = new Map<YNode, YNode>();
  const mapSpan = (s: Span): Span => ({ start: back(s.start), end: Math.max(back(s.start), back(s.end)) });
  // Before the first place edited, offsets are the same in both texts: those nodes are the repaired reading's own
  // (often the chunks an open document read last time: what was computed from them is found by node again).
  const unmoved = Math.min(...applied.map(({ edit }) => edit.at));
  const mapNode = (n: YNode): YNode => {
    if (n.span.end <= unmoved) return n;
    const done = memo.get(n);
    if (done) return done;
    let out: YNode;
    if (n.kind === 'scalar') out = { ...n, span: mapSpan(n.span) };
    else if (n.kind === 'seq') out = { ...n, span: mapSpan(n.span), items: n.items.map(mapNode) };
    else out = { ...n, span: mapSpan(n.span), entries: n.entries.map((e): MapEntry => (e.span.end <= unmoved ? e : { ...e, key: mapNode(e.key) as ScalarNode, value: e.value && mapNode(e.value), span: mapSpan(e.span) })) };
    memo.set(n, out);
    return out;
  };
  const r = parsed.result;
  for (const p of r.problems) problems.push({ ...p, span: mapSpan(p.span) });
  // Where the text was edited, on the text as written: the tree there is the repair's guess (check.ts).
  const repaired = applied.map(({ edit }, i) => {
    const start = toOriginal(edit.at, i);
    return { start, end: Math.max(start, toOriginal(edit.at + edit.remove, i)) };
  });
  return {
    root: r.root && mapNode(r.root),
    problems,
    repaired,
    ...(r.aliased ? { aliased: r.aliased.map(mapSpan) } : {}),
  };
}

function apply(text: string, e: Edit): string {
  return text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
}

/** A position in the edited text, in the text before the edit. */
function unmap(pos: number, e: Edit): number {
  if (pos <= e.at) return pos;
  if (pos >= e.at + e.insert.length) return pos - e.insert.length + e.remove;
  return e.at + Math.min(pos - e.at, e.remove);
}

interface Line {
  start: number;
  /** End of the line's text, before `\r\n`/`\n`. */
  end: number;
  indent: number;
  /** Where the content starts (after spaces and tabs). */
  content: number;
  blank: boolean;
}

function lineAt(text: string, pos: number): Line {
  const start = pos <= 0 ? 0 : text.lastIndexOf('\n', pos - 1) + 1;
  return lineFrom(text, start);
}

function lineFrom(text: string, start: number): Line {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  let content = start;
  while (content < end && (text[content] === ' ' || text[content] === '\t')) content++;
  const blank = content === end || text[content] === '#';
  return { start, end, indent: content - start, content, blank };
}

function previousLine(text: string, line: Line): Line | undefined {
  let start = line.start;
  while (start > 0) {
    const prev = lineAt(text, start - 1);
    if (!prev.blank) return prev;
    start = prev.start;
  }
  return undefined;
}

function nextLine(text: string, line: Line): Line | undefined {
  let next = text.indexOf('\n', line.end);
  while (next >= 0 && next + 1 <= text.length) {
    const l = lineFrom(text, next + 1);
    if (!l.blank) return l;
    next = text.indexOf('\n', l.end);
  }
  return undefined;
}

/** Where the line's text ends, before a comment and trailing blanks (a ` #` inside quotes is text). */
function contentEnd(text: string, line: Line): number {
  let quote = '';
  let end = line.end;
  for (let i = line.content; i < line.end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && i > line.content && /\s/.test(text[i - 1])) {
      end = i;
      break;
    }
  }
  while (end > line.content && /\s/.test(text[end - 1])) end--;
  return end;
}

/** The edits worth trying for the first error, most likely first. */
function* candidates(text: string, parsed: RawParse): Generator<Candidate> {
  const error = parsed.errors[0];
  // An unclosed bracket or quote before the error: close it where its line ends (or where its last line ends).
  const opener = [...parsed.unclosed].reverse().find((u) => u.at <= error.pos);
  if (opener) yield* closers(text, opener, error.pos);
  // A quote left open runs on to the next quote of its kind, lines below: legal in a value, an error in a key.
  else {
    const runOn = runOnQuote(text, error.pos);
    if (runOn) yield* closers(text, runOn, error.pos, true);
  }
  let line = lineAt(text, error.pos);
  if (line.blank) line = nextLine(text, line) ?? previousLine(text, line) ?? line;
  const lines = [line, previousLine(text, line), nextLine(text, line)].filter((l): l is Line => l !== undefined && !l.blank);
  for (const l of lines) {
    const colon = missingColon(text, l);
    if (colon) yield colon;
    const dash = strayDash(text, l);
    if (dash) yield dash;
  }
  for (const l of lines) yield* reindents(text, l);
}

/**
 * A quoted string that starts on the error's line, at or before the error, and is not closed on that line: the
 * parser read it on to a quote lines below. Where it starts.
 */
function runOnQuote(text: string, errorAt: number): { at: number; kind: '"' | "'" } | undefined {
  const line = lineAt(text, errorAt);
  for (let i = line.content; i <= Math.min(errorAt, line.end - 1); i++) {
    const c = text[i];
    if (c === '#' && (i === line.content || /\s/.test(text[i - 1]))) return undefined;
    if (c !== '"' && c !== "'") continue;
    // Only where a quoted scalar can start: the line's content, after a space, `-`, `:`, `[`, `{` or `,`.
    if (i > line.content && !/[\s[{,:-]/.test(text[i - 1])) continue;
    const close = closingQuote(text, i);
    if (close < 0) return undefined;
    if (close < line.end) {
      i = close;
      continue;
    }
    return { at: i, kind: c };
  }
  return undefined;
}

/** Where the quoted string opened at `at` ends (`''` inside single quotes and `\"` inside double quotes are text), or -1. */
function closingQuote(text: string, at: number): number {
  const q = text[at];
  for (let i = at + 1; i < text.length; i++) {
    if (q === '"' && text[i] === '\\') i++;
    else if (text[i] === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

function* closers(text: string, opener: { at: number; kind: '[' | '{' | '"' | "'" }, errorAt: number, runsOn?: boolean): Generator<Candidate> {
  const close = opener.kind === '[' ? ']' : opener.kind === '{' ? '}' : opener.kind;
  const what = opener.kind === '"' || opener.kind === "'" ? `this string's opening ${opener.kind}` : `this '${opener.kind}'`;
  const own = lineAt(text, opener.at);
  const quote = opener.kind === '"' || opener.kind === "'";
  const places: { at: number; where: string }[] = [{ at: quote ? own.end : contentEnd(text, own), where: 'at the end of this line' }];
  // A quoted key (the string starts its line or follows `- `): `"name: value` meant `"name": value`.
  const colon = quote && /^(- +)?$/.test(text.slice(own.content, opener.at)) ? /:(\s|$)/.exec(text.slice(opener.at + 1, own.end)) : null;
  if (colon) places.unshift({ at: opener.at + 1 + colon.index, where: "before the ':'" });
  // A bracket whose items go on over several lines: close it after the last of them, before the error.
  let last = lineAt(text, errorAt);
  if (last.content >= errorAt || last.blank) last = previousLine(text, last) ?? own;
  if (last.start > own.start && !quote) places.push({ at: contentEnd(text, last), where: 'after its last item' });
  for (const { at, where } of places) {
    yield {
      edit: { at, remove: 0, insert: close },
      span: { start: opener.at, end: opener.at + 1 },
      message: `YAML syntax error: ${what} is ${runsOn ? `not closed on its line, so the string runs on to the next ${close} further down` : 'never closed'}. Close it with ${close} ${where}.`,
    };
  }
}

/** `key value` or a lone `key` where a map entry is expected: the `:` is missing after the key. */
function missingColon(text: string, line: Line): Candidate | undefined {
  const body = text.slice(line.content, contentEnd(text, line));
  // One value after the key (a word, a quoted string, a flow list or map): prose has no missing colon.
  const m = /^(- +)?([A-Za-z_][\w.-]*)( +(\S+|"[^"]*"|'[^']*'|\[.*\]|\{.*\}))?$/.exec(body);
  if (!m || body.includes(': ') || body.endsWith(':')) return undefined;
  const key = m[2];
  const at = line.content + (m[1]?.length ?? 0) + key.length;
  const rest = m[4] ?? '';
  return {
    edit: { at, remove: 0, insert: ':' },
    span: { start: line.content + (m[1]?.length ?? 0), end: at },
    message: `YAML syntax error: a ':' is missing after '${key}'. Write '${key}:${rest ? ` ${rest}` : ''}'.`,
  };
}

/** `- key: value` among the keys of a map: the `- ` makes it a list item where none can be. */
function strayDash(text: string, line: Line): Candidate | undefined {
  const m = /^- +(?=[^\s#])/.exec(text.slice(line.content, line.end));
  if (!m) return undefined;
  return {
    edit: { at: line.content, remove: m[0].length, insert: '' },
    span: { start: line.content, end: line.content + 1 },
    message: "YAML syntax error: this '-' starts a list item among the keys of a map. Remove the '- '.",
  };
}

/** The line moved to a column some block above it (or the next line) uses; a tab in its indentation replaced. */
function* reindents(text: string, line: Line): Generator<Candidate> {
  const indentText = text.slice(line.start, line.content);
  const tab = indentText.includes('\t');
  const columns: number[] = [];
  const add = (c: number) => {
    if (c >= 0 && !columns.includes(c) && (tab || c !== line.indent)) columns.push(c);
  };
  const prev = previousLine(text, line);
  const next = nextLine(text, line);
  // Columns are counted in spaces: a line indented with tabs says nothing about where a block is.
  const spaced = (l: Line | undefined) => (l && !text.slice(l.start, l.content).includes('\t') ? l : undefined);
  const opens = prev !== undefined && text.slice(prev.content, contentEnd(text, prev)).endsWith(':');
  // Below a `key:` with nothing after it, the line is most likely its first child: at the next line's column.
  if (opens && spaced(next) && next!.indent > prev!.indent) add(next!.indent);
  if (opens && tab) add(prev!.indent + 2);
  let floor = Infinity;
  for (let l = prev; l && floor > 0; l = previousLine(text, l)) {
    if (spaced(l) && l.indent < floor) {
      add(l.indent);
      floor = l.indent;
    }
  }
  if (spaced(next)) add(next!.indent);
  if (tab) [2, 4].forEach(add);
  const key = /^(- +)?([^\s:#][^:#]*?)\s*:(\s|$)/.exec(text.slice(line.content, line.end))?.[2];
  const what = key ? `'${key}'` : 'this line';
  for (const c of columns) {
    const spaces = ' '.repeat(c);
    yield {
      edit: { at: line.start, remove: line.content - line.start, insert: spaces },
      span: { start: tab ? line.start : line.content, end: contentEnd(text, line) },
      message: tab
        ? `YAML syntax error: Tabs are not allowed as indentation, and a tab indents ${key ? `'${key}'` : 'this line'}. Indent it with ${c} space${c === 1 ? '' : 's'}.`
        : `YAML syntax error: ${what} is indented ${line.indent} space${line.indent === 1 ? '' : 's'}, which lines it up with no key above it. Indent it ${c} spaces.`,
    };
  }
}
