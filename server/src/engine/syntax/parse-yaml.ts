/** YAML text to the format-neutral tree, with syntax problems as data (the `yaml` package never throws here). */
import { parseDocument, isMap, isSeq, isScalar, isAlias, isPair, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { MapEntry, ScalarNode, ScalarValue, YNode } from './ast.js';
import type { ParseResult, SyntaxProblem } from './parse.js';

const MAX_ALIAS_DEPTH = 32;

export function parseYaml(text: string): ParseResult {
  return { ...parseYamlTree(text), comments: collectComments(text) };
}

/** The tree and syntax problems of one YAML text (a whole file, or one chunk of it). */
export function parseYamlTree(text: string): { root: YNode | null; problems: SyntaxProblem[] } {
  // The yaml package builds an Error (with a stack trace) per syntax problem; a half-typed file can have
  // thousands, and capturing their stacks was most of the time spent on such a file.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, strict: false, intAsBigInt: false });
  } finally {
    Error.stackTraceLimit = limit;
  }
  const problems: SyntaxProblem[] = doc.errors.map((e) => ({
    message: yamlMessage(e.message, e.code),
    span: visibleSpan(text, e.pos[0], Math.max(e.pos[1], e.pos[0])),
  }));
  return { root: doc.contents ? convert(doc, doc.contents as YamlNode, 0) : null, problems };
}

function convert(doc: Document, node: YamlNode | null | undefined, depth: number): YNode | null {
  if (!node) return null;
  const range = node.range ?? [0, 0, 0];
  const span = { start: range[0], end: range[1] };
  if (isAlias(node)) {
    if (depth > MAX_ALIAS_DEPTH) return null;
    const target = node.resolve(doc);
    return target ? convert(doc, target as YamlNode, depth + 1) : null;
  }
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = scalarKey(doc, item.key as YamlNode | null, span.start);
      const value = convert(doc, item.value as YamlNode | null, depth);
      entries.push({ key, value, span: { start: key.span.start, end: value ? value.span.end : key.span.end } });
    }
    return { kind: 'map', span, flow: Boolean(node.flow), entries };
  }
  if (isSeq(node)) {
    const items: YNode[] = [];
    for (const item of node.items) {
      const converted = convert(doc, item as YamlNode, depth);
      items.push(converted ?? { kind: 'scalar', value: null, quoted: false, span: seqItemSpan(item as YamlNode, span) });
    }
    return { kind: 'seq', span, flow: Boolean(node.flow), items };
  }
  if (isScalar(node)) return scalar(node, span);
  return null;
}

/** An empty span (often at the end of the file) is moved onto the last character written before it. */
function visibleSpan(text: string, from: number, to: number): { start: number; end: number } {
  const start = Math.min(from, text.length);
  const end = Math.min(to, text.length);
  if (end > start && /\S/.test(text.slice(start, end))) return { start, end };
  if (start < text.length && !/\s/.test(text[start])) return { start, end: start + 1 };
  let i = Math.min(start, text.length) - 1;
  while (i > 0 && /\s/.test(text[i])) i--;
  return i >= 0 ? { start: i, end: i + 1 } : { start, end };
}

function seqItemSpan(item: YamlNode | null, parent: { start: number; end: number }) {
  const r = item?.range;
  return r ? { start: r[0], end: r[1] } : { start: parent.start, end: parent.start };
}

function scalar(node: Scalar, span: { start: number; end: number }): ScalarNode {
  const raw = node.value;
  let value: ScalarValue;
  if (raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') value = raw;
  else value = String(raw);
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  return { kind: 'scalar', span, value, quoted };
}

function scalarKey(doc: Document, key: YamlNode | null, fallback: number): ScalarNode {
  if (key && isScalar(key)) {
    const r = key.range ?? [fallback, fallback, fallback];
    const s = scalar(key, { start: r[0], end: r[1] });
    return { ...s, value: s.value === null ? '' : String(s.value) };
  }
  const r = key?.range ?? [fallback, fallback, fallback];
  return { kind: 'scalar', span: { start: r[0], end: r[1] }, value: key ? String(key.toJSON?.() ?? '') : '', quoted: false };
}

function yamlMessage(message: string, code: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const hint = code === 'MULTIPLE_DOCS' ? ' Keep one spec per file.' : ' Fix the YAML syntax here.';
  return `YAML syntax error: ${first.replace(/\.$/, '')}.${hint}`;
}

/** Comments with their offsets, for suppression comments; a `#` inside quotes is not a comment. */
export function collectComments(text: string): { span: { start: number; end: number }; text: string }[] {
  const out: { span: { start: number; end: number }; text: string }[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const hash = commentStart(text, lineStart, lineEnd);
    if (hash >= 0) {
      const end = text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
      out.push({ span: { start: hash, end }, text: text.slice(hash + 1, end) });
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

function commentStart(text: string, start: number, end: number): number {
  let quote = '';
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === start || /\s/.test(text[i - 1]))) return i;
  }
  return -1;
}
