/** `cursus-lint match A B [--explain]` and `cursus-lint match --stdin`: Cursus's semantic score of two names. */
import { parseArgs } from 'node:util';
import { explainScore, WEIGHTS } from '../engine/matching/semantic.js';
import type { CliIO } from './check.js';
import { viewOf } from '../engine/index.js';
import type { SpecDependency, SpecOutput } from '../engine/contracts/model.js';
import { resolveNodeStep } from '../engine/dag/wiring.js';
import { describeScore, RESOLVER_THRESHOLD, resolverScore } from '../engine/matching/resolver.js';
import { Projects } from './project.js';
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
      resolver: { type: 'boolean', default: false },
    },
  });
  if (values.resolver) return resolverMatch(positionals, Boolean(values.json), io);
  const threshold = Number(values.threshold);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--threshold takes a number from 0 to 1, not '${values.threshold}'.`);
  if (values.stdin) {
    if (positionals.length) throw new UsageError('match --stdin reads the names from standard input; give no names on the command line.');
    return stdinPairs(await io.readStdin(), threshold, io);
  }
  if (positionals.length !== 2) throw new UsageError('Usage: cursus-lint match A B [--explain] [--json] [--threshold T] | cursus-lint match --stdin | cursus-lint match --resolver PROVIDER.OUTPUT CONSUMER.DEPENDENCY');
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

/**
 * `match --resolver PROVIDER.OUTPUT CONSUMER.DEPENDENCY`: Cursus 2.9's dependency-resolver score of one output for one
 * dependency, with its parts. The steps are node names (or step types) resolved against the project's interfaces.
 */
function resolverMatch(positionals: string[], json: boolean, io: CliIO): number {
  if (positionals.length !== 2) throw new UsageError('Usage: cursus-lint match --resolver PROVIDER.OUTPUT CONSUMER.DEPENDENCY [--json] (node names or step types of the project\'s step interfaces)');
  const projects = new Projects(io.cwd);
  const project = viewOf(projects.indexerFor(projects.forPath(io.cwd)).index());
  if (!project.hasInterfaces) throw new UsageError(`No step interfaces (.step.yaml) found under ${projects.forPath(io.cwd).root}; --resolver scores their specifications.`);
  const side = (arg: string, what: 'output' | 'dependency') => {
    const dot = arg.lastIndexOf('.');
    if (dot <= 0 || dot === arg.length - 1) throw new UsageError(`'${arg}' is not STEP.${what.toUpperCase()} (for example TabularPreprocessing_training.processed_data).`);
    const node = arg.slice(0, dot);
    const name = arg.slice(dot + 1);
    const step = resolveNodeStep(node, project);
    const spec = step.strategy === 'step-interface' ? step.contract?.specification : undefined;
    if (!spec || !step.contract?.stepType) throw new UsageError(`'${node}' resolves to no step interface of this project (${step.how}).`);
    const list: { name: string }[] = what === 'output' ? spec.outputs : spec.dependencies;
    const found = list.find((x) => x.name === name);
    if (!found) throw new UsageError(`${step.contract.stepType} has no ${what} '${name}' (it has: ${list.map((x) => x.name).join(', ') || 'none'}).`);
    return { node, stepType: step.contract.stepType, item: found };
  };
  const out = side(positionals[0], 'output');
  const dep = side(positionals[1], 'dependency');
  const s = resolverScore(dep.item as SpecDependency, out.item as SpecOutput, out.stepType);
  const binds = s.score > RESOLVER_THRESHOLD;
  if (json) {
    io.stdout(JSON.stringify({ provider: out.node, output: out.item.name, consumer: dep.node, dependency: dep.item.name, score: s.score, binds, threshold: RESOLVER_THRESHOLD, parts: { type: s.type, data_type: s.dataType, semantic: s.semantic, similarity: s.similarity, similar_to: s.similarTo, exact: s.exact, sources: s.source, keywords: s.keywords } }) + '\n');
    return 0;
  }
  io.stdout(`${String(s.score)}  ${binds ? 'binds (> 0.5)' : 'does not bind (needs > 0.5)'}  (${out.node}.${out.item.name} -> ${dep.node}.${dep.item.name})\n  ${describeScore(s).split(', ').join('\n  ')}\n`);
  return 0;
}
