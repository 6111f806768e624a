/** Where one text differs from another, found by comparing their common start and end. */

/** One contiguous change between two texts: `[start, oldEnd)` of the old text became `[start, start + newLength)`. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newLength: number;
}

/**
 * The common prefix and suffix of two texts, compared a block at a time (blocks of 4 KiB: each comparison makes
 * two slices, and a keystroke in a 450 KB spec made about 3,500 of them with blocks of 256).
 */
export function textChange(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  const BLOCK = 4096;
  let start = 0;
  while (start + BLOCK <= max && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  const room = max - start;
  while (suffix + BLOCK <= room && before.slice(before.length - suffix - BLOCK, before.length - suffix) === after.slice(after.length - suffix - BLOCK, after.length - suffix)) suffix += BLOCK;
  while (suffix < room && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newLength: after.length - suffix - start };
}

/**
 * The change from `before` to `after` when it is one that findings can follow: it adds or removes no line
 * (so line numbers quoted in messages hold) and leaves every line's indentation alone (so the layout fixes
 * copy is the same). Undefined otherwise.
 */
export function movableChange(before: string, after: string, known?: TextChange): TextChange | undefined {
  if (before === after) return { start: 0, oldEnd: 0, newLength: 0 };
  const change = known ?? textChange(before, after);
  const removed = before.slice(change.start, change.oldEnd);
  const added = after.slice(change.start, change.start + change.newLength);
  if (/[\r\n]/.test(removed) || /[\r\n]/.test(added)) return undefined;
  // Something other than spaces must stand before the change on its line, in both texts.
  let i = change.start - 1;
  while (i >= 0 && before.charCodeAt(i) === 32) i--;
  if (i < 0 || before[i] === '\n' || before[i] === '\r') return undefined;
  return change;
}


/**
 * A copy of `s` that does not keep the text it was cut from alive. A slice of a document shares the
 * document's memory: kept as a cache key, one slice per edit would keep every version of the document.
 */
export function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
