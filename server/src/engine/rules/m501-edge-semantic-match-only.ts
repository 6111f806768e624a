/** M501: an input fed over an edge only by semantic similarity, not by name or alias. */
import { matchEdges } from '../matching/edges.js';
import { pipelineOf } from '../model/build.js';
import type { PathMatch } from '../matching/path-matcher.js';
import type { Rule } from './rule.js';

export const edgeSemanticMatchOnly: Rule = {
  meta: {
    code: 'M501',
    name: 'edge-semantic-match-only',
    severity: 'info',
    fixable: false,
    reads: ['dag', 'specs', 'inputs', 'outputs'],
    scope: 'shape',
    docs: {
      summary: 'An edge that connects an output to an input only because their names are similar enough (score at or above the threshold).',
      why: 'A semantic match is a guess that holds until a name changes or the threshold does; an exact name or an alias states the intent.',
      bad: 'preprocessing: {output_paths: {processed_data: out/p}}\ntraining: {input_paths: {input_data: out/p}}\n',
      good: 'training:\n  input_path_specs:\n    input_data: {logical_name: input_data, path: out/p, aliases: [processed_data]}\n',
    },
  },
  check(ctx) {
    const pipeline = pipelineOf(ctx.file.model);
    if (!pipeline) return;
    const threshold = ctx.options.semanticThreshold;
    for (const e of matchEdges(pipeline, threshold, ctx.cache, ctx.project)) {
      // Most edges match by name: they make no lists (a 40,000-edge pipeline made five per edge).
      if (e.strategy === 'resolver' || !hasSemantic(e.matches)) continue;
      const firm = new Set(e.matches.filter((m) => m.type !== 'semantic').map((m) => m.dest));
      const weak = e.matches.filter((m) => m.type === 'semantic' && !firm.has(m.dest));
      const seen = new Set<string>();
      const pairs = weak.filter((m) => !seen.has(m.dest) && seen.add(m.dest));
      if (pairs.length === 0) continue;
      const list = pairs.map((m) => `'${m.source}' -> '${m.dest}' scores ${m.confidence.toFixed(3)}`).join('; ');
      ctx.report({
        span: e.edge.span,
        message: `${e.edge.src.name} -> ${e.edge.dst.name} matches only by semantic similarity: ${list} (threshold ${threshold}). Use the same name or add an alias to make it explicit.`,
      });
    }
  },
};

function hasSemantic(matches: readonly PathMatch[]): boolean {
  for (let i = 0; i < matches.length; i++) if (matches[i].type === 'semantic') return true;
  return false;
}
