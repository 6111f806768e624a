/** JSON text to the format-neutral tree, strictly (Cursus reads these files with Python's json.load). */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { MapEntry, ScalarNode, YNode } from './ast.js';
import { MAX_NESTING, tooDeepMessage } from './limits.js';
import type { ParseResult, SyntaxProblem } from './parse.js';

export function parseJson(text: string): ParseResult {
  const errors: ParseError[] = [];
  // A byte-order mark is reported on its own (text-faults.ts); the parser reads past it.
  const bounded = cutDeepNesting(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  const tree = parseTree(bounded.text, errors, OPTIONS);
  const repaired = errors.length ? repair(bounded.text, errors) : undefined;
  if (repaired) return { root: repaired.root, problems: [...bounded.problems, repaired.problem], comments: [] };
  return { root: tree ? convert(tree) : null, problems: [...bounded.problems, ...explain(bounded.text, errors)], comments: [] };
}

const OPTIONS = { allowTrailingComma: false, disallowComments: true, allowEmptyContent: true };

/**
 * One finding per fault: a missing `:` or `,` makes the parser read every later key as a new error. When
 * inserting the missing character where the first error is makes the text parse (for a missing `,`, also with
 * the `}` or `]` of a map or list left open before it; at the end of the file, the `}` or `]` itself), that
 * error is the one problem (placed after the value it belongs after) and the tree is read as repaired.
 */
function repair(text: string, all: ParseError[]): { root: YNode | null; problem: SyntaxProblem } | undefined {
  const first = all[0];
  const code = printParseErrorCode(first.error);
  // The character the parser asked for; a ',' may also be missing after a map or list never closed (typed half-way).
  const tries: string[] = code === 'ColonExpected' ? [':'] : code === 'CommaExpected' ? [',', '},', '],'] : code === 'CloseBraceExpected' || code === 'CloseBracketExpected' ? [closersAt(all)] : [];
  const at = first.offset;
  let tree: JsonNode | undefined;
  let insert = '';
  for (const candidate of tries) {
    if (!candidate) continue;
    const errors: ParseError[] = [];
    const t = parseTree(text.slice(0, at) + candidate + text.slice(at), errors, OPTIONS);
    if (errors.length || !t) continue;
    tree = t;
    insert = candidate;
    break;
  }
  if (!tree) return undefined;
  let before = at - 1;
  while (before > 0 && /\s/.test(text[before])) before--;
  const after = { start: before, end: before + 1 };
  const closer = insert[0] === '}' ? "map's '{'" : "list's '['";
  const [span, message] = insert === ':'
    ? [{ start: at, end: Math.min(text.length, at + Math.max(first.length, 1)) }, "JSON syntax error: a ':' is expected between the key and its value. Python's json.load rejects this file until it is fixed."]
    : insert === ','
      ? [after, "JSON syntax error: a ',' is missing after this value. Python's json.load rejects this file until it is fixed."]
      : insert.endsWith(',')
        ? [after, `JSON syntax error: the ${closer} is never closed: write ${insert[0]} and a ',' after this value. Python's json.load rejects this file until it is fixed.`]
        : [after, `JSON syntax error: ${insert.length === 1 ? `the ${closer} is` : `${insert.length} maps or lists are`} never closed: write ${insert} after this value, at the end of the file. Python's json.load rejects this file until it is fixed.`];
  const n = insert.length;
  const back = (pos: number) => (pos <= at ? pos : Math.max(at, pos - n));
  const shift = (n: YNode): YNode => {
    const sp = { start: back(n.span.start), end: back(n.span.end) };
    if (n.kind === 'scalar') return { ...n, span: sp };
    if (n.kind === 'seq') return { ...n, span: sp, items: n.items.map(shift) };
    return { ...n, span: sp, entries: n.entries.map((e) => ({ ...e, key: shift(e.key) as ScalarNode, value: e.value && shift(e.value), span: { start: back(e.span.start), end: back(e.span.end) } })) };
  };
  const root = convert(tree);
  return { root: root && shift(root), problem: { message: message as string, span: span as { start: number; end: number } } };
}

/** The closers the parser found missing where the first error is (one error per map or list left open, innermost first). */
function closersAt(errors: ParseError[]): string {
  const at = errors[0].offset;
  let out = '';
  for (const e of errors) {
    if (e.offset !== at) break;
    const code = printParseErrorCode(e.error);
    if (code === 'CloseBraceExpected') out += '}';
    else if (code === 'CloseBracketExpected') out += ']';
    else break;
  }
  return out;
}

/**
 * The parser recurses once per level, so a value nested deeper than MAX_NESTING is blanked before parsing:
 * its text becomes `0` and spaces (line breaks kept, so offsets and lines stay), and one problem says so.
 */
function cutDeepNesting(text: string): { text: string; problems: SyntaxProblem[] } {
  let depth = 0;
  let inString = false;
  let cutFrom = -1;
  const cuts: { start: number; end: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34 || c === 10) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > MAX_NESTING && cutFrom < 0) cutFrom = i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
      if (cutFrom >= 0 && depth === MAX_NESTING) {
        cuts.push({ start: cutFrom, end: i + 1 });
        cutFrom = -1;
      }
    }
  }
  if (cutFrom >= 0) cuts.push({ start: cutFrom, end: text.length });
  if (!cuts.length) return { text, problems: [] };
  let out = '';
  let at = 0;
  for (const c of cuts) {
    out += text.slice(at, c.start) + '0' + text.slice(c.start + 1, c.end).replace(/[^\r\n]/g, ' ');
    at = c.end;
  }
  out += text.slice(at);
  const first = cuts[0].start;
  return { text: out, problems: [{ message: tooDeepMessage('JSON', "Python's json.load fails with RecursionError near 1,000"), span: { start: first, end: first + 1 } }] };
}

/** One problem per place; a trailing comma (two parser errors at the closing bracket) becomes one clear problem. */
function explain(text: string, errors: ParseError[]): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  const seen = new Set<number>();
  for (const e of errors) {
    if (seen.has(e.offset)) continue;
    seen.add(e.offset);
    const comma = trailingCommaBefore(text, e.offset);
    if (comma >= 0) {
      out.push({ message: "JSON syntax error: trailing comma. Python's json.load rejects it; remove the comma.", span: { start: comma, end: comma + 1 } });
      continue;
    }
    // What the parser read past this point is its guess (a trailing comma, above, leaves the tree as meant).
    out.push({
      message: `JSON syntax error: ${describe(printParseErrorCode(e.error))}. Python's json.load rejects this file until it is fixed.`,
      span: { start: e.offset, end: Math.min(text.length, e.offset + Math.max(e.length, 1)) },
      structural: true,
    });
  }
  return out;
}

function trailingCommaBefore(text: string, offset: number): number {
  if (text[offset] !== '}' && text[offset] !== ']') return -1;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : -1;
}

function convert(node: JsonNode): YNode | null {
  const span = { start: node.offset, end: node.offset + node.length };
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k) continue;
        const key: ScalarNode = { kind: 'scalar', span: { start: k.offset, end: k.offset + k.length }, value: String(k.value ?? ''), quoted: true };
        const value = v ? convert(v) : null;
        entries.push({ key, value, span: { start: key.span.start, end: value ? value.span.end : key.span.end } });
      }
      return { kind: 'map', span, flow: true, entries };
    }
    case 'array':
      return { kind: 'seq', span, flow: true, items: (node.children ?? []).map((c) => convert(c)).filter((c): c is YNode => c !== null) };
    case 'string':
      return { kind: 'scalar', span, value: node.value as string, quoted: true };
    case 'number':
    case 'boolean':
      return { kind: 'scalar', span, value: node.value as number | boolean, quoted: false };
    case 'null':
      return { kind: 'scalar', span, value: null, quoted: false };
    default:
      return null;
  }
}

function describe(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'a property name in double quotes is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: "a ':' is expected",
    CommaExpected: "a ',' is expected",
    CloseBraceExpected: "a closing '}' is expected",
    CloseBracketExpected: "a closing ']' is expected",
    EndOfFileExpected: 'text after the end of the JSON value',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in string',
  };
  return words[code] ?? code;
}
