/** Edits on sequences that keep the rest of the file as it was written. */
import type { TextEdit } from '../diagnostics.js';
import type { SeqNode } from '../syntax/ast.js';

/** Deletes item `index` of a block or flow sequence; undefined when the item shares its line with other content. */
export function removeSequenceItem(text: string, seq: SeqNode, index: number): TextEdit | undefined {
  const item = seq.items[index];
  if (!item) return undefined;
  if (seq.flow) {
    if (index > 0) return { span: { start: seq.items[index - 1].span.end, end: item.span.end }, newText: '' };
    const next = seq.items[index + 1];
    return { span: { start: item.span.start, end: next ? next.span.start : item.span.end }, newText: '' };
  }
  const lineStart = text.lastIndexOf('\n', item.span.start - 1) + 1;
  if (!/^\s*-\s*$/.test(text.slice(lineStart, item.span.start))) return undefined;
  let lineEnd = text.indexOf('\n', item.span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const tail = text.slice(item.span.end, lineEnd);
  if (!/^\s*(#.*)?\r?$/.test(tail)) return undefined;
  return { span: { start: lineStart, end: Math.min(text.length, lineEnd + 1) }, newText: '' };
}
