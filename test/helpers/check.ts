/** The engine test helpers: the only callers of the engine in tests. A test is an input and an expectation. */
import assert from 'node:assert/strict';
import { checkFile, readSpecFile, type CheckOptions, type Diagnostic, type LineIndex, type ProjectIndex } from '../../server/src/engine/index.js';
import type { Expectation } from './markers.js';

export interface Found {
  code: string;
  line: number;
  start: number;
  end: number;
  message: string;
}

export function diagnose(path: string, text: string, options: CheckOptions = {}, index?: ProjectIndex): { found: Found[]; diagnostics: Diagnostic[] } {
  const file = readSpecFile(path, text);
  assert.ok(file, `${path} was not recognised as a spec file`);
  const diagnostics = checkFile(file, options, index);
  return { diagnostics, found: diagnostics.map((d) => located(file.lines, d)) };
}

export function located(lines: LineIndex, d: Diagnostic): Found {
  const s = lines.position(d.span.start);
  const e = lines.position(d.span.end);
  return { code: d.code, line: s.line, start: s.character, end: e.line === s.line ? e.character : Number.POSITIVE_INFINITY, message: d.message };
}

/** Asserts the findings are exactly the expected ones: same codes at the same places, nothing more. */
export function assertFindings(label: string, found: Found[], expected: Expectation[]): void {
  const key = (x: { code: string; line: number; start: number; end: number }) => `${x.line + 1}:${x.start + 1}-${x.end === Number.POSITIVE_INFINITY ? '…' : x.end + 1} ${x.code}`;
  const matches = (f: Found, e: Expectation) => f.code === e.code && f.line === e.line && f.start === e.start && (f.end === e.end || f.end === Number.POSITIVE_INFINITY);
  const missing = expected.filter((e) => !found.some((f) => matches(f, e)));
  const extra = found.filter((f) => !expected.some((e) => matches(f, e)));
  assert.deepEqual(
    { missing: missing.map(key), unexpected: extra.map((f) => `${key(f)} ${f.message}`) },
    { missing: [], unexpected: [] },
    `${label}: findings differ from the markers`,
  );
}
