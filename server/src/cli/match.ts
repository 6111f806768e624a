/** `cursus-lint match A B [--explain]` and `cursus-lint match --stdin`: Cursus's semantic score of two names. */
import { parseArgs } from 'node:util';
import { explainScore, WEIGHTS } from '../engine/matching/semantic.js';
import type { CliIO } from './check.js';
import { UsageError } from './errors.js';

export interface MatchIO extends CliIO {
  readStdin: () => Promise<string>;
}

function matchType(a: string, b: string, score: number, threshold: number): string {
  if (a === b) return 'exact_logical';
  return score >= threshold ? 'semantic' : 'none';
}

export async function runMatch(argv: string[], io: MatchIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      explain: { type: 'boolean', default: false },
      stdin: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      threshold: { type: 'string', default: '0.7' },
    },
  });
  const threshold = Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold takes a number from 0 to 1, not '${values.threshold}'.`);
  if (values.stdin) {
    if (positionals.length) throw new UsageError('match --stdin reads the names from standard input; give no names on the command line.');
    return stdinPairs(await io.readStdin(), threshold, io);
  }
  if (positionals.length !== 2) throw new UsageError('Usage: cursus-lint match A B [--explain] [--json] [--threshold T] | cursus-lint match --stdin');
  const [a, b] = positionals;
  const p = explainScore(a, b);
  const type = matchType(a, b, p.score, threshold);
  if (values.json) {
    io.stdout(JSON.stringify({ a, b, score: p.score, match_type: type, threshold, normalized: p.normalized, parts: { string: p.string, token: p.token, semantic: p.semantic, substring: p.substring } }) + '\n');
    return 0;
  }
  io.stdout(`${p.score.toFixed(6)}  ${type}  (${a} -> ${b}, threshold ${threshold})\n`);
  if (values.explain) {
    io.stdout(`normalized: '${p.normalized[0]}' -> '${p.normalized[1]}'${p.normalized[0] === p.normalized[1] ? ' (equal: score 1)' : ''}\n`);
    const row = (name: string, value: number, weight: number, what: string) => `  ${name.padEnd(10)} ${value.toFixed(6)} x ${weight.toFixed(2)} = ${(value * weight).toFixed(6)}  ${what}\n`;
    io.stdout(row('string', p.string, WEIGHTS.string, "difflib ratio of the normalized names"));
    io.stdout(row('token', p.token, WEIGHTS.token, 'Jaccard overlap of the word sets'));
    io.stdout(row('semantic', p.semantic, WEIGHTS.semantic, 'equal words 1, synonyms 0.8, over all word pairs'));
    io.stdout(row('substring', p.substring, WEIGHTS.substring, 'shorter/longer when one contains the other'));
  }
  return 0;
}

/** `a<TAB>b` lines in, one JSON object a line out; a malformed line gets an error object and exit code 2. */
function stdinPairs(text: string, threshold: number, io: CliIO): number {
  const out: string[] = [];
  let bad = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const tab = line.indexOf('\t');
    if (tab < 0) {
      bad++;
      out.push(JSON.stringify({ line: i + 1, error: 'expected two names separated by a tab' }));
      return;
    }
    const a = line.slice(0, tab);
    const b = line.slice(tab + 1);
    const { score } = explainScore(a, b);
    out.push(JSON.stringify({ a, b, score, match_type: matchType(a, b, score, threshold) }));
    if (out.length >= 4096) io.stdout(out.splice(0).join('\n') + '\n');
  });
  if (out.length) io.stdout(out.join('\n') + '\n');
  if (bad) io.stderr(`cursus-lint: ${bad} line(s) without a tab were answered with an error object.\n`);
  return bad ? 2 : 0;
}
