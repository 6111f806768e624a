/** The pipeline configuration a DAG or pipeline spec is checked against, read through the project (the engine does no IO). */
import { posix } from 'node:path';
import { pipelineOf } from '../model/build.js';
import { isPipelineConfig, readPipelineConfig, type PipelineConfigModel } from '../model/pipeline-config.js';
import type { Span } from '../span.js';
import { parse } from '../syntax/parse.js';
import type { RuleContext } from './rule.js';

export interface AssociatedConfig {
  path: string;
  /** Where the association is written (the spec's `pipeline_config` value), when it is in the file. */
  span?: Span;
  model?: PipelineConfigModel;
  /** Why the configuration could not be used. */
  problem?: string;
}

const parsed = new Map<string, PipelineConfigModel | string>();

/** The configuration named by the spec's `pipeline_config`, else the one given by option or setting. */
export function associatedConfig(ctx: RuleContext): AssociatedConfig | undefined {
  const named = pipelineOf(ctx.file.model)?.pipelineConfig;
  const path = named?.name ?? ctx.pipelineConfig;
  if (!path) return undefined;
  const rel = posix.normalize(path.replace(/\\/g, '/'));
  const text = ctx.project.index.readText?.(rel);
  if (text === undefined) return { path, span: named?.span, problem: `cannot read '${path}' (relative to the project root)` };
  let model = parsed.get(text);
  if (model === undefined) {
    const tree = parse(text, 'json');
    model = tree.problems.length ? `'${path}' is not valid JSON (${tree.problems[0].message})` : isPipelineConfig(tree.root) ? readPipelineConfig(tree.root, text) : `'${path}' is not a pipeline configuration (no configuration.specific or metadata.config_types)`;
    if (parsed.size > 16) parsed.clear();
    parsed.set(text, model);
  }
  return typeof model === 'string' ? { path, span: named?.span, problem: model } : { path, span: named?.span, model };
}
