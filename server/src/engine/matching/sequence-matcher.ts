/**
 * Python difflib's SequenceMatcher(None, a, b).ratio(), ported step for step so scores agree bit for bit:
 * the same b2j index (with autojunk: characters of b more frequent than 1% are dropped when len(b) >= 200),
 * the same longest-match search with its tie-breaking (earliest in a, then earliest in b), the same
 * extension of a match over non-junk equal characters, and the same left/right recursion.
 * Elements are UTF-16 code units; callers pass normalised names, which hold only BMP characters.
 */

export function sequenceRatio(a: string, b: string): number {
  const total = a.length + b.length;
  if (total === 0) return 1.0;
  return (2.0 * matchedCharacters(a, b)) / total;
}

/** The sum of the sizes of difflib's matching blocks. */
export function matchedCharacters(a: string, b: string): number {
  const b2j = indexOf(b);
  const la = a.length;
  const lb = b.length;
  let matched = 0;
  const queue: [number, number, number, number][] = [[0, la, 0, lb]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, k] = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
    if (k > 0) {
      matched += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  return matched;
}

function indexOf(b: string): Map<string, number[]> {
  const b2j = new Map<string, number[]>();
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    const list = b2j.get(c);
    if (list) list.push(i);
    else b2j.set(c, [i]);
  }
  const n = b.length;
  if (n >= 200) {
    const ntest = Math.floor(n / 100) + 1;
    for (const [c, idxs] of [...b2j]) if (idxs.length > ntest) b2j.delete(c);
  }
  return b2j;
}

const NOTHING: number[] = [];

function longestMatch(a: string, b: string, b2j: Map<string, number[]>, alo: number, ahi: number, blo: number, bhi: number): [number, number, number] {
  let besti = alo;
  let bestj = blo;
  let bestsize = 0;
  let j2len = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const newj2len = new Map<number, number>();
    for (const j of b2j.get(a[i]) ?? NOTHING) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (j2len.get(j - 1) ?? 0) + 1;
      newj2len.set(j, k);
      if (k > bestsize) {
        besti = i - k + 1;
        bestj = j - k + 1;
        bestsize = k;
      }
    }
    j2len = newj2len;
  }
  // No element is junk (isjunk is None), so only the first two of difflib's four extension loops can fire;
  // they also absorb "popular" characters that autojunk removed from the index.
  while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
    besti--;
    bestj--;
    bestsize++;
  }
  while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
  return [besti, bestj, bestsize];
}
