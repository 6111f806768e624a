/**
 * Expectations written inside fixtures: a `# ^^^ CODE` line under the faulty line marks where a finding must be.
 * The carets' columns are the columns of the finding; for a finding at column 1, write the carets bare (`^^^ CODE`).
 * Marker lines are removed before the file is checked, so they never shift a position.
 */

export interface Expectation {
  code: string;
  /** 0-based line and columns in the text with marker lines removed. */
  line: number;
  start: number;
  end: number;
}

const MARKER = /^(\s*(?:#\s*)?)(\^+)\s+([A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*)\s*$/;

/** Strips marker lines (so offsets do not shift) and returns the clean text and what the markers expect. */
export function extractMarkers(text: string): { text: string; expected: Expectation[] } {
  const kept: string[] = [];
  const expected: Expectation[] = [];
  for (const line of text.split('\n')) {
    const m = MARKER.exec(line);
    if (m && kept.length > 0) {
      const start = m[1].length;
      for (const code of m[3].split(',').map((c) => c.trim())) {
        expected.push({ code, line: kept.length - 1, start, end: start + m[2].length });
      }
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join('\n'), expected };
}

/** `line:col-endCol CODE` lines (1-based) in a `<file>.expected` sidecar, for JSON fixtures that cannot hold comments. */
export function parseSidecar(text: string): Expectation[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\d+):(\d+)-(\d+)\s+([A-Z]\d{3})$/.exec(l);
      if (!m) throw new Error(`bad sidecar line: ${l}`);
      return { code: m[4], line: Number(m[1]) - 1, start: Number(m[2]) - 1, end: Number(m[3]) - 1 };
    });
}
