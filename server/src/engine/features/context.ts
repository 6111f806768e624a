/**
 * Where the cursor is, in terms of the file format: the keys that lead to it and whether a key or a value is
 * being typed. Read from the text around the cursor, not from the tree, so it works in half-typed, momentarily
 * invalid YAML; JSON uses jsonc-parser's tolerant location.
 */
import { getLocation } from 'jsonc-parser';
import type { Span } from '../span.js';
import type { Language } from '../syntax/parse.js';

export interface CursorContext {
  /** Keys from the top of the file to the map (or list) the cursor is in. */
  path: string[];
  /** `key`: a map key is being typed; `value`: the value of `key`; `item`: an element of a list under `path`. */
  at: 'key' | 'value' | 'item';
  /** The key whose value is being typed (`at: 'value'`). */
  key?: string;
  /** What is typed so far of the current word. */
  prefix: string;
  /** The text a chosen completion replaces. */
  replace: Span;
  /** Inside an edge (`[a, b]` or `{from, to}`): which end. */
  edgeEnd?: 'src' | 'dst';
  /** The cursor's word is written inside quotes (JSON, or quoted YAML). */
  quoted: boolean;
}

export function cursorContext(text: string, offset: number, language: Language): CursorContext {
  return language === 'json' ? jsonContext(text, offset) : yamlContext(text, offset);
}

const WORD = /[A-Za-z0-9_.\-/$]*$/;

function yamlContext(text: string, offset: number): CursorContext {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const indent = before.length - before.trimStart().length;
  let body = before.slice(indent);
  let inSeqItem = false;
  const dash = /^-\s*/.exec(body);
  if (dash) {
    inSeqItem = true;
    body = body.slice(dash[0].length);
  }
  const quoteOpen = /["']([^"']*)$/.exec(body);
  const prefixMatch = quoteOpen ? quoteOpen[1] : (WORD.exec(body)?.[0] ?? '');
  const start = offset - prefixMatch.length - (quoteOpen ? 1 : 0);
  const after = /^[A-Za-z0-9_.\-/$]*["']?/.exec(text.slice(offset))?.[0] ?? '';
  const replace = { start, end: offset + after.length };
  const base = { prefix: prefixMatch, replace, quoted: Boolean(quoteOpen) };

  // Inline flow collections on this line: `key: [a, b` or `key: {x: 1, y` or an edge `- [a, `.
  const flow = flowContext(body);
  const keyOnLine = /^("[^"]*"|'[^']*'|[^\s:#{[][^:#]*?)\s*:(\s|$)/.exec(body);
  const parents = parentKeys(text, lineStart, indent);
  if (flow) {
    const path = keyOnLine ? [...parents, unquote(keyOnLine[1])] : parents;
    if (flow.kind === 'map') return { ...base, path: flow.key ? [...path, ...flow.outer] : [...path, ...flow.outer], at: flow.afterColon ? 'value' : 'key', key: flow.afterColon ? flow.key : undefined, edgeEnd: flow.edgeEnd };
    return { ...base, path: [...path, ...flow.outer], at: 'item', edgeEnd: flow.edgeEnd };
  }
  if (keyOnLine && body.length > keyOnLine[0].length - (keyOnLine[2] ? 1 : 0)) {
    return { ...base, path: parents, at: 'value', key: unquote(keyOnLine[1]) };
  }
  if (inSeqItem) {
    const owner = compactSeqKey(text, lineStart, indent);
    return { ...base, path: owner === undefined ? parents : [...parents, owner], at: 'item' };
  }
  return { ...base, path: parents, at: 'key' };
}

/**
 * Keys of the enclosing blocks: each earlier line indented less than the current level that is a `key:` line.
 * A list item's dash counts as indentation for the keys after it (`- from: a` holds `from` at the key's column).
 */
function parentKeys(text: string, lineStart: number, indent: number): string[] {
  const keys: string[] = [];
  let level = indent;
  let end = lineStart - 1;
  while (end > 0 && level > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    const content = line.trimStart();
    if (!content || content.startsWith('#')) continue;
    const dash = /^-\s+/.exec(content);
    const keyIndent = line.length - content.length + (dash ? dash[0].length : 0);
    if (keyIndent >= level) continue;
    const k = KEY_LINE.exec(dash ? content.slice(dash[0].length) : content);
    level = keyIndent;
    if (k) keys.unshift(unquote(k[1]));
  }
  return keys;
}

/**
 * A list written at its key's own indentation (`key:` then `- a` in the same column, as PyYAML and Cursus write
 * them): the key that owns the item, found above the earlier items and their contents.
 */
function compactSeqKey(text: string, lineStart: number, indent: number): string | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    const content = line.trimStart();
    if (!content || content.startsWith('#')) continue;
    const lineIndent = line.length - content.length;
    if (lineIndent > indent || (lineIndent === indent && /^-(\s|$)/.test(content))) continue;
    if (lineIndent < indent) return undefined;
    const k = /^("[^"]*"|'[^']*'|[^\s:#{[-][^:#]*?)\s*:\s*(#.*)?$/.exec(content);
    return k ? unquote(k[1]) : undefined;
  }
  return undefined;
}

const KEY_LINE = /^("[^"]*"|'[^']*'|[^\s:#{[-][^:#]*?)\s*:(\s*(#.*)?$|\s)/;

interface FlowContext {
  kind: 'map' | 'seq';
  /** Keys inside the flow collection between its opening and the cursor (`{a: {b: |` gives [a]). */
  outer: string[];
  key?: string;
  afterColon: boolean;
  edgeEnd?: 'src' | 'dst';
}

/** The innermost open flow collection before the cursor on this line, if any. */
function flowContext(body: string): FlowContext | undefined {
  const stack: { ch: string; key?: string; items: number }[] = [];
  let quote = '';
  let token = '';
  let lastKey: string | undefined;
  for (const c of body) {
    if (quote) {
      if (c === quote) quote = '';
      else token += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c === '[' || c === '{') {
      stack.push({ ch: c, key: lastKey, items: 0 });
      token = '';
      lastKey = undefined;
    } else if (c === ']' || c === '}') {
      stack.pop();
      token = '';
    } else if (c === ',') {
      if (stack.length) stack[stack.length - 1].items++;
      token = '';
      lastKey = undefined;
    } else if (c === ':') {
      lastKey = token.trim();
      token = '';
    } else {
      token += c;
    }
  }
  if (!stack.length) return undefined;
  const top = stack[stack.length - 1];
  const outer = stack.slice(1).map((s) => s.key).filter((k): k is string => Boolean(k));
  const parent = stack.length >= 2 ? stack[stack.length - 2] : undefined;
  if (top.ch === '{') {
    const edgeEnd = lastKey === 'from' ? 'src' : lastKey === 'to' ? 'dst' : undefined;
    return { kind: 'map', outer, key: lastKey, afterColon: lastKey !== undefined, edgeEnd };
  }
  const isEdge = parent?.ch === '[' || stack.length === 1;
  return { kind: 'seq', outer, afterColon: false, edgeEnd: isEdge ? (top.items === 0 ? 'src' : 'dst') : undefined };
}

function unquote(s: string): string {
  const t = s.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
}

function jsonContext(text: string, offset: number): CursorContext {
  const loc = getLocation(text, offset);
  const path = loc.path.filter((p): p is string | number => p !== '').map(String);
  const node = loc.previousNode;
  const replace = node && (node.type === 'string' || node.type === 'property') ? { start: node.offset, end: node.offset + node.length } : { start: offset, end: offset };
  const inToken = node && (node.type === 'string' || node.type === 'property') && text[node.offset] === '"';
  const prefix = inToken ? text.slice(node.offset + 1, Math.min(offset, node.offset + node.length)).replace(/"$/, '') : '';
  const quoted = Boolean(inToken);
  if (loc.isAtPropertyKey) return { path: loc.path.slice(0, -1).map(String).filter((p) => !/^\d+$/.test(p)), at: 'key', prefix, replace, quoted };
  const last = path[path.length - 1];
  if (last !== undefined && /^\d+$/.test(last)) {
    const parentPath = path.slice(0, -1);
    const inEdge = parentPath.length >= 2 && /^\d+$/.test(parentPath[parentPath.length - 1]) && parentPath[parentPath.length - 2] === 'edges';
    if (inEdge) return { path: parentPath.slice(0, -1), at: 'item', prefix, replace, quoted, edgeEnd: last === '0' ? 'src' : 'dst' };
    return { path: parentPath, at: 'item', prefix, replace, quoted };
  }
  return { path: path.slice(0, -1), at: 'value', key: last, prefix, replace, quoted };
}
