/** Edits on sequences that keep the rest of the file as it was written. */
import type { Fix, TextEdit } from '../diagnostics.js';
import type { SeqNode } from '../syntax/ast.js';

/**
 * The edits deleting item `index` of a block or flow sequence: exactly the item, one comma next to it and the
 * blanks between them; the whole line when the item is alone on it. Neighbours' comments stay. Undefined when
 * the item cannot be removed cleanly (a block item sharing its line with other content).
 */
export function removeSequenceItem(text: string, seq: SeqNode, index: number): TextEdit[] | undefined {
  const item = seq.items[index];
  if (!item) return undefined;
  if (!seq.flow) {
    const lineStart = text.lastIndexOf('\n', item.span.start - 1) + 1;
    if (!/^\s*-\s*$/.test(text.slice(lineStart, item.span.start))) return undefined;
    const lineEnd = endOfLine(text, item.span.end);
    if (!/^\s*(#.*)?\r?$/.test(text.slice(item.span.end, lineEnd))) return undefined;
    return [{ span: { start: lineStart, end: Math.min(text.length, lineEnd + 1) }, newText: '' }];
  }
  const prev = seq.items[index - 1];
  const next = seq.items[index + 1];
  // The comma after the item (before the next one), or else the one before it.
  const after = commaBetween(text, item.span.end, next ? next.span.start : seq.span.end);
  const before = prev ? commaBetween(text, prev.span.end, item.span.start) : undefined;
  const lineStart = text.lastIndexOf('\n', item.span.start - 1) + 1;
  const aloneBefore = /^[ \t]*$/.test(text.slice(lineStart, item.span.start));
  if (next && after !== undefined) {
    const lineEnd = endOfLine(text, after);
    // `  [a, b],  # its note` on a line of its own: the whole line goes.
    if (aloneBefore && /^[ \t]*(#.*)?\r?$/.test(text.slice(after + 1, lineEnd)) && lineEnd < text.length) return [{ span: { start: lineStart, end: lineEnd + 1 }, newText: '' }];
    // `a, b` -> `b`: the item, its comma and the blanks up to the next thing on the line.
    let end = after + 1;
    while (text[end] === ' ' || text[end] === '\t') end++;
    if (text[end] === '\n' || text[end] === '\r' || text[end] === '#') end = after + 1;
    return [{ span: { start: item.span.start, end }, newText: '' }];
  }
  if (before === undefined) return next ? undefined : [{ span: item.span, newText: '' }];
  // The last item: drop the comma before it (leaving any comment after that comma alone) and the item itself.
  const lineEnd = endOfLine(text, item.span.end);
  const rest = text.slice(item.span.end, lineEnd);
  const itemEdit: TextEdit = aloneBefore && lineStart > before && /^[ \t]*,?[ \t]*(#.*)?\r?$/.test(rest) && lineEnd < text.length
    ? { span: { start: lineStart, end: lineEnd + 1 }, newText: '' }
    : { span: { start: blanksBefore(text, item.span.start, before + 1), end: item.span.end + (after !== undefined && /^[ \t]*,/.test(rest) ? rest.indexOf(',') + 1 : 0) }, newText: '' };
  return [{ span: { start: before, end: before + 1 }, newText: '' }, itemEdit];
}

/** One fix removing an item, or none when it cannot be removed cleanly. */
export function removalFix(text: string, seq: SeqNode, index: number, title: string): Fix[] {
  const edits = removeSequenceItem(text, seq, index);
  return edits ? [{ title, safe: true, edits }] : [];
}

/** The offset of the separating comma between two offsets of a flow sequence, skipping comments. */
function commaBetween(text: string, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === ',') return i;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= to) return undefined;
      i = nl;
    }
  }
  return undefined;
}

/** The start of the blanks (spaces, tabs) right before `offset` on its line, not before `floor`. */
function blanksBefore(text: string, offset: number, floor: number): number {
  let i = offset;
  while (i > floor && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

function endOfLine(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}
