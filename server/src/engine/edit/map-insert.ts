/** Adding entries to a map in the file's own style: block YAML, flow YAML or JSON, at the right indentation. */
import type { TextEdit } from '../diagnostics.js';
import type { Language } from '../syntax/parse.js';
import type { MapEntry, MapNode } from '../syntax/ast.js';
import { plainOrQuoted } from '../syntax/quote.js';

export interface NewEntry {
  key: string;
  /** The value as a string (written quoted as needed), or a nested map of strings. */
  value: string | Record<string, string>;
}

/**
 * Adds `entries` to the map held by `holder` (e.g. the `input_paths:` entry); when the spec has no such key,
 * adds `holderKey` with the entries to `parent` (the spec's own map).
 */
export function addEntries(text: string, language: Language, parent: MapNode, holder: MapEntry | undefined, holderKey: string, entries: NewEntry[]): TextEdit | undefined {
  if (entries.length === 0) return undefined;
  if (!holder) return appendToMap(text, language, parent, [{ key: holderKey, value: Object.fromEntries(entries.map((e) => [e.key, typeof e.value === 'string' ? e.value : ''])) }]);
  const value = holder.value;
  if (value === null || (value.kind === 'scalar' && value.value === null)) {
    const indent = columnOf(text, holder.key.span.start);
    const inner = entries.map((e) => `${' '.repeat(indent + 2)}${write(language, e.key)}:${writeValue(language, e.value, indent + 2)}`).join('\n');
    if (language === 'json' || value !== null) {
      const body = entries.map((e) => `${write(language, e.key)}: ${writeFlowValue(language, e.value)}`).join(', ');
      const span = value ? value.span : { start: holder.key.span.end + 1, end: holder.key.span.end + 1 };
      return { span, newText: language === 'json' ? `{${body}}` : ` {${body}}` };
    }
    return { span: { start: lineEnd(text, holder.key.span.end), end: lineEnd(text, holder.key.span.end) }, newText: `\n${inner}` };
  }
  if (value.kind !== 'map') return undefined;
  return appendToMap(text, language, value, entries);
}

function appendToMap(text: string, language: Language, map: MapNode, entries: NewEntry[]): TextEdit {
  const last = map.entries[map.entries.length - 1];
  if (!map.flow) {
    const indent = last ? columnOf(text, last.key.span.start) : columnOf(text, map.span.start);
    const at = lineEnd(text, last ? last.span.end : map.span.end);
    return { span: { start: at, end: at }, newText: entries.map((e) => `\n${' '.repeat(indent)}${write(language, e.key)}:${writeValue(language, e.value, indent)}`).join('') };
  }
  // Inside `{...}` a nested map is written `{k: v}` too: a block map there does not parse.
  if (!last) {
    const body = entries.map((e) => `${write(language, e.key)}: ${writeFlowValue(language, e.value)}`).join(', ');
    return { span: { start: map.span.start, end: map.span.end }, newText: `{${body}}` };
  }
  const multiline = text.slice(map.span.start, map.span.end).includes('\n');
  if (multiline) {
    const indent = columnOf(text, last.key.span.start);
    return { span: { start: last.span.end, end: last.span.end }, newText: entries.map((e) => `,\n${' '.repeat(indent)}${write(language, e.key)}: ${writeFlowValue(language, e.value)}`).join('') };
  }
  return { span: { start: last.span.end, end: last.span.end }, newText: entries.map((e) => `, ${write(language, e.key)}: ${writeFlowValue(language, e.value)}`).join('') };
}

function writeFlowValue(language: Language, v: string | Record<string, string>): string {
  if (typeof v === 'string') return write(language, v);
  return `{${Object.entries(v).map(([k, x]) => `${write(language, k)}: ${write(language, x)}`).join(', ')}}`;
}

function write(language: Language, s: string): string {
  return language === 'json' ? JSON.stringify(s) : plainOrQuoted(s);
}

/** The value after a block entry's `:`, with what separates them: a space, or the line break of a nested block map. */
function writeValue(language: Language, v: string | Record<string, string>, indent: number): string {
  if (typeof v === 'string') return ` ${write(language, v)}`;
  const pairs = Object.entries(v);
  if (language === 'json' || pairs.length === 0) return ` ${writeFlowValue(language, v)}`;
  return pairs.map(([k, x]) => `\n${' '.repeat(indent + 2)}${plainOrQuoted(k)}: ${plainOrQuoted(x)}`).join('');
}

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The end of the line on which the content ending at `offset` is (a block value's span ends after its line break),
 * before its line break (a CRLF's \r included; a trailing comment stays on its line).
 */
export function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', Math.max(0, offset - 1));
  if (end < 0) end = text.length;
  if (text[end - 1] === '\r') end--;
  return end;
}
