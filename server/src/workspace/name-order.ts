/**
 * String.prototype.localeCompare's order for file names, without ICU when it can be done exactly: the first
 * localeCompare of a process loads ICU's collation data (10-60 ms, more than the rest of a fully cached `run`).
 * For names of printable ASCII characters under a default locale whose collation is the CLDR root's for them
 * (English, C/POSIX, none), the root order is applied here: punctuation and symbols, then digits, then letters
 * regardless of case; then the longer name after its prefix; then lower case before upper case. Anything else
 * (another locale, other characters) asks localeCompare. test/name-order.test.ts holds the two to each other.
 */

/** Printable ASCII in the root collation's primary order; a lower-case letter is followed by its upper case. */
const ROOT_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ';

const PRIMARY = new Uint8Array(128);
for (let i = 0, weight = 0; i < ROOT_ORDER.length; i++) {
  const c = ROOT_ORDER.charCodeAt(i);
  // An upper-case letter shares its lower case's primary weight.
  PRIMARY[c] = c >= 65 && c <= 90 ? PRIMARY[c + 32] : ++weight;
}

/** Whether the default locale (ICU reads LC_ALL, then LC_MESSAGES, then LANG) collates ASCII as the root does. */
export function rootOrderLocale(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale === '' || /^(C|POSIX)([.@]|$)/.test(locale) || /^en([_.@-]|$)/.test(locale);
}

const plainLocale = rootOrderLocale();

export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  if (!plainLocale || !printableAscii(a) || !printableAscii(b)) return a.localeCompare(b);
  const common = Math.min(a.length, b.length);
  let caseOrder = 0;
  for (let i = 0; i < common; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const primary = PRIMARY[x] - PRIMARY[y];
    if (primary !== 0) return primary < 0 ? -1 : 1;
    // Same letter, other case: decides only if nothing stronger does (lower case first).
    if (caseOrder === 0) caseOrder = x > y ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return caseOrder;
}

function printableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}
