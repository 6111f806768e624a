/** Which of our formats a file is, by its name and its content; unrelated YAML and JSON are left alone. */
import picomatch from 'picomatch';
import { entry, isMap, isSeq, type MapNode, type YNode } from '../syntax/ast.js';
import type { FileKind } from './types.js';
import { isPipelineConfig } from './pipeline-config.js';

/** Globs that name our files whatever their content, with the kind they imply. */
export const DEFAULT_KIND_GLOBS: { glob: string; kind: FileKind }[] = [
  { glob: '**/*_runtime_test_spec.json', kind: 'script-spec' },
  { glob: '**/*.dag.{json,yaml,yml}', kind: 'dag-file' },
  { glob: '**/*.pipeline.{json,yaml,yml}', kind: 'pipeline-spec' },
  { glob: '**/*.step.{yaml,yml}', kind: 'step-interface' },
  { glob: '**/pipeline_config/config*.json', kind: 'pipeline-config' },
];

/** Globs that make a file a candidate, claimed only when its content is one of ours. */
export const DEFAULT_CANDIDATE_GLOBS = ['**/*.spec.{yaml,yml,json}', '**/*.{yaml,yml,json}'];

const kindMatchers = DEFAULT_KIND_GLOBS.map((g) => ({ match: picomatch(g.glob, { dot: true }), kind: g.kind }));

/** The kind a file's content shows, or undefined when it is not one of ours. */
export function kindFromContent(root: YNode | null): FileKind | undefined {
  if (!isMap(root)) return undefined;
  if (entry(root, 'pipeline_spec')) return 'runtime-config';
  if (entry(root, 'script_specs')) return 'pipeline-spec';
  if (entry(root, 'script_name') || (entry(root, 'step_name') && (entry(root, 'input_paths') || entry(root, 'input_path_specs')))) {
    return entry(root, 'input_path_specs') || entry(root, 'output_path_specs') ? 'enhanced-script-spec' : 'script-spec';
  }
  const dag = entry(root, 'dag')?.value;
  if (isMap(dag) && (isSeq(entry(dag, 'nodes')?.value) || isSeq(entry(dag, 'edges')?.value))) return 'dag-file';
  if (entry(root, 'step_type') && isMap(entry(root, 'contract')?.value)) return 'step-interface';
  if (isPipelineConfig(root)) return 'pipeline-config';
  return undefined;
}

/** The kind a file's name implies, or undefined. `path` uses forward slashes. */
export function kindFromName(path: string): FileKind | undefined {
  for (const m of kindMatchers) if (m.match(path)) return m.kind;
  return undefined;
}

/**
 * The file's kind: content decides first (a `*_runtime_test_spec.json` holding a pipeline is a pipeline);
 * a name that implies a kind claims files whose content says nothing (so a broken spec is still checked).
 */
export function detectKind(path: string, root: YNode | null): FileKind | undefined {
  const byContent = kindFromContent(root);
  const byName = kindFromName(path);
  // A pipeline spec whose `script_specs` is misspelt or not written yet is still a pipeline spec, not a DAG file.
  if (byContent === 'dag-file' && byName === 'pipeline-spec') return byName;
  if (byContent) return byContent;
  if (byName === 'script-spec' && isMap(root) && hasEnhancedPaths(root)) return 'enhanced-script-spec';
  return byName;
}

function hasEnhancedPaths(root: MapNode): boolean {
  return Boolean(entry(root, 'input_path_specs') || entry(root, 'output_path_specs'));
}

/** A cheap textual test run before parsing, so a folder walk does not parse every JSON and YAML file. */
export function mightBeOurs(text: string): boolean {
  return /script_specs|script_name|pipeline_spec|step_name|step_type|["']?dag["']?\s*:|["']configuration["']\s*:/.test(text);
}
