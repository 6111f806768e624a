/** Small helpers shared by the contract, path and script rules. */
import { posix } from 'node:path';
import { scriptSpecsOf } from '../model/build.js';
import type { NameRef, ScriptSpecModel } from '../model/types.js';
import type { RelatedInfo } from '../diagnostics.js';
import type { Position } from '../span.js';
import type { RuleContext } from './rule.js';

export const DEFAULT_WORKSPACE_ROOT = 'test/integration/runtime';

export function specsOf(ctx: RuleContext): readonly { node?: NameRef; spec: ScriptSpecModel }[] {
  return ctx.only ? [ctx.only] : scriptSpecsOf(ctx.file.model);
}

export function workspaceRootOf(ctx: RuleContext): string {
  return ctx.workspaceRoot;
}

/** Points at a name in another project file. */
export function elsewhere(file: string, at: Position, length: number, message: string): RelatedInfo {
  return { file, span: { start: 0, end: 0 }, range: { start: at, end: { line: at.line, character: at.character + length } }, message };
}

/** Argument names match with `-` and `_` treated alike (`job-type` in a contract is `job_type` in job_args). */
export function argKey(name: string): string {
  return name.replace(/-/g, '_');
}

/**
 * A local test path for a container path: `/opt/ml/processing/input/data` for script `x` becomes
 * `<workspace root>/x/input/data`. Keeps the meaningful tail, drops the SageMaker prefix.
 */
export function localPathFor(containerPath: string | undefined, scriptName: string, workspaceRoot: string, logicalName: string, direction: 'input' | 'output'): string {
  const tail = containerPath?.startsWith('/opt/ml/')
    ? containerPath.slice('/opt/ml/'.length).replace(/^processing\//, '').replace(/^input\/config\//, 'config/')
    : `${direction}/${logicalName}`;
  return posix.join(workspaceRoot, scriptName || 'script', tail || `${direction}/${logicalName}`);
}

export function isContainerPath(p: string): boolean {
  return p === '/opt/ml' || p.startsWith('/opt/ml/');
}

/** A project-relative, normalised form of a spec path (absolute paths stay absolute). */
export function normalisePath(p: string): string {
  // Most paths are already normal; posix.normalize is the slow part of the path rules on big pipelines.
  if (!/\\|\/\/|(^|\/)\.\.?(\/|$)/.test(p)) return p.endsWith('/') ? p.slice(0, -1) : p;
  const n = posix.normalize(p.replace(/\\/g, '/'));
  return n === '.' ? '' : n.replace(/\/$/, '');
}

/** True when `a` and `b` are the same folder or one holds the other. */
export function overlaps(a: string, b: string): boolean {
  const x = normalisePath(a);
  const y = normalisePath(b);
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`) || x === '' || y === '';
}
