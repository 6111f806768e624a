/** Where a YAML problem is shown, and the problems both YAML readers (cst-tree.ts, parse-yaml.ts) report alike. */
import type { Span } from '../span.js';
import type { SyntaxProblem } from './parse.js';

/** An empty span (often at the end of the file) is moved onto the last character written before it. */
export function visibleSpan(text: string, from: number, to: number): Span {
  const start = Math.min(from, text.length);
  const end = Math.min(to, text.length);
  if (end > start && /\S/.test(text.slice(start, end))) return { start, end };
  if (start < text.length && !/\s/.test(text[start])) return { start, end: start + 1 };
  // In the indentation of a line: the error is about what that line holds, not the line before.
  let ahead = start;
  while (ahead < text.length && (text[ahead] === ' ' || text[ahead] === '\t')) ahead++;
  if (ahead < text.length && text[ahead] !== '\n' && text[ahead] !== '\r' && (start === 0 || /[\n \t]/.test(text[start - 1]))) {
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    if (!/\S/.test(text.slice(lineStart, start))) return { start: ahead, end: ahead + 1 };
  }
  let i = Math.min(start, text.length) - 1;
  while (i > 0 && /\s/.test(text[i])) i--;
  return i >= 0 ? { start: i, end: i + 1 } : { start, end };
}

/** A plain `=` value, which PyYAML cannot construct. */
export function bareEquals(text: string, span: Span): SyntaxProblem {
  return { message: "YAML value error: a bare `=` is YAML 1.1's value key, which PyYAML cannot load (\"could not determine a constructor\"). Quote it: '='.", span: visibleSpan(text, span.start, span.end) };
}
