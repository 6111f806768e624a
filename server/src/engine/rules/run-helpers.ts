/** Where the last run's findings go: each spec with the name its run was recorded under. */
import { loneSpecName, type NodeRun } from '../runs.js';
import type { ScriptSpecModel } from '../model/types.js';
import { specsOf } from './helpers.js';
import type { RuleContext } from './rule.js';

export function runsOfSpecs(ctx: RuleContext): { spec: ScriptSpecModel; name: string; run: NodeRun }[] {
  const runs = ctx.runs;
  if (!runs) return [];
  return specsOf(ctx).flatMap(({ node, spec }) => {
    const name = node?.name ?? loneSpecName(spec.stepName?.name, spec.scriptName?.name);
    const run = runs.nodes[name];
    return run && !run.stale ? [{ spec, name, run }] : [];
  });
}
