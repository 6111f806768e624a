/** Where the X6xx findings about a script point: the spec's script_name, with the script's own line as related. */
import type { RelatedInfo } from '../diagnostics.js';
import type { ScriptSpecModel } from '../model/types.js';
import type { ScriptFile } from '../project.js';
import type { ScriptInfo } from '../python/scripts.js';
import type { Position } from '../span.js';
import { specsOf } from './helpers.js';
import type { RuleContext } from './rule.js';

export interface ResolvedScript {
  spec: ScriptSpecModel;
  file: ScriptFile;
  info: ScriptInfo;
}

export function resolvedScripts(ctx: RuleContext): ResolvedScript[] {
  return specsOf(ctx).flatMap(({ spec }) => {
    const file = ctx.resolve(spec).script;
    const info = file?.read();
    return file && info && spec.scriptName ? [{ spec, file, info }] : [];
  });
}

export function inScript(file: ScriptFile, at: Position, length: number, message: string): RelatedInfo {
  return { file: file.path, span: { start: 0, end: 0 }, range: { start: at, end: { line: at.line, character: at.character + length } }, message };
}
