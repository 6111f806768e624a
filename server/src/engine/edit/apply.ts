/** Applying text edits and the safe fixes of a file, the way `--fix` and the editor's fix-all do. */
import { checkFile, type CheckOptions } from '../check.js';
import type { Fix, TextEdit } from '../diagnostics.js';
import { readSpecFile } from '../file.js';
import type { ProjectIndex } from '../project.js';
import type { AnalysisCache } from '../cache.js';

/** Applies edits that do not overlap each other (the caller guarantees it), in the text's own line endings. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const crlf = usesCrlf(text);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    out += text.slice(cursor, e.span.start) + (crlf ? toCrlf(e.newText) : e.newText);
    cursor = Math.max(cursor, e.span.end);
  }
  return out + text.slice(cursor);
}

/** The file breaks its lines with `\r\n` (its first line break is one): inserted lines must too. */
export function usesCrlf(text: string): boolean {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r';
}

/** Edits write `\n`; in a CRLF file every line break they insert becomes `\r\n`, so no line ending is mixed. */
export function toCrlf(newText: string): string {
  return newText.replace(/\r?\n/g, '\r\n');
}

/** The fixes that can be applied together: each whole or not at all, none touching another's text. */
export function compatibleFixes(fixes: Fix[]): Fix[] {
  const taken: { start: number; end: number }[] = [];
  const overlaps = (e: TextEdit) => taken.some((t) => e.span.start < t.end && t.start < e.span.end || (e.span.start === t.start && e.span.end === t.end));
  const out: Fix[] = [];
  for (const fix of fixes) {
    if (fix.edits.some(overlaps)) continue;
    for (const e of fix.edits) taken.push(e.span);
    out.push(fix);
  }
  return out;
}

export interface FixResult {
  text: string;
  /** How many fixes were applied. */
  fixed: number;
  /** Why nothing was applied, when the file was left alone on purpose (it has syntax errors). */
  refused?: string;
}

/**
 * Applies every safe fix (with `unsafe`, every finding's first fix), re-checking between passes so that fixes
 * which touched the same place get their turn; stops when nothing changes (at most 10 passes). A file with
 * syntax errors is left alone, and a fix whose result would not parse is left out (the others are applied).
 */
export function applySafeFixes(path: string, text: string, options: CheckOptions = {}, index?: ProjectIndex, cache?: AnalysisCache, unsafe = false): FixResult {
  let current = text;
  let fixed = 0;
  for (let pass = 0; pass < 10; pass++) {
    const file = readSpecFile(path, current, undefined, cache);
    if (!file) break;
    if (file.parsed.problems.some((p) => !p.text)) {
      if (pass === 0) return { text, fixed: 0, refused: 'it has syntax errors; fix those first' };
      break;
    }
    const wanted = checkFile(file, options, index, cache).flatMap((d) => (unsafe ? d.fixes : d.fixes.filter((f) => f.safe)).slice(0, 1));
    let chosen = compatibleFixes(wanted);
    if (chosen.length === 0) break;
    const parses = (t: string) => {
      const after = readSpecFile(path, t, undefined, cache);
      return after !== undefined && !after.parsed.problems.some((p) => !p.text);
    };
    chosen = fixesThatParse(current, chosen, parses);
    const next = applyEdits(current, chosen.flatMap((f) => f.edits));
    if (chosen.length === 0 || next === current) break;
    fixed += chosen.length;
    current = next;
  }
  return { text: current, fixed };
}

/**
 * The fixes of `chosen` (compatible with each other) whose result parses: a fix that would break the syntax is
 * left out, and the others are still applied. Found by halving: a group whose result parses is kept whole, one
 * that does not is split, so a few breaking fixes among a thousand cost a few dozen parses, not one per fix (a
 * parse of a 15,000-line pipeline is tens of ms). If the groups kept do not parse together, only the first fix.
 */
export function fixesThatParse(text: string, chosen: Fix[], parses: (text: string) => boolean): Fix[] {
  const all = (fixes: Fix[]) => applyEdits(text, fixes.flatMap((f) => f.edits));
  if (chosen.length === 0 || parses(all(chosen))) return chosen;
  // `fixes` (more than one) do not parse together: each half is kept if it parses, else looked into.
  const keep = (fixes: Fix[]): Fix[] => {
    const half = fixes.length >> 1;
    return [fixes.slice(0, half), fixes.slice(half)].flatMap((part) => (parses(all(part)) ? part : part.length > 1 ? keep(part) : []));
  };
  const kept = chosen.length > 1 ? keep(chosen) : [];
  if (kept.length > 1 && !parses(all(kept))) return parses(all(kept.slice(0, 1))) ? kept.slice(0, 1) : [];
  return kept;
}
