/** Document links and folding ranges: the paths a spec names, and its blocks. */
import type { AnalysedFile } from '../file.js';
import { pipelineOf, scriptSpecsOf } from '../model/build.js';
import type { ProjectView } from '../project.js';
import type { Span } from '../span.js';
import type { YNode } from '../syntax/ast.js';

export interface DocLink {
  span: Span;
  /** Project-relative or absolute path of the target, as the runner resolves it. */
  target: string;
  tooltip: string;
}

/**
 * Every path in a spec that is on disk: inputs and outputs (relative to the project root, as the runner
 * takes them), `script_path`, the script `script_name` resolves to, and a pipeline's `pipeline_config`.
 */
export function documentLinks(file: AnalysedFile, project: ProjectView): DocLink[] {
  const exists = project.index.exists?.bind(project.index);
  const out: DocLink[] = [];
  const unquoted = (span: Span) => (/^["']/.test(file.text[span.start] ?? '') ? { start: span.start + 1, end: span.end - 1 } : span);
  for (const { spec } of scriptSpecsOf(file.model)) {
    for (const p of [...spec.inputs, ...spec.outputs]) {
      if (!p.path || !p.path.value.trim() || p.path.value.startsWith('/opt/ml/') || !exists?.(p.path.value)) continue;
      out.push({ span: unquoted(p.path.span), target: p.path.value, tooltip: `${p.logicalName}: ${p.path.value}` });
    }
    if (spec.scriptPath && exists?.(spec.scriptPath.name)) out.push({ span: unquoted(spec.scriptPath.span), target: spec.scriptPath.name, tooltip: 'The script this spec runs' });
    else if (spec.scriptName) {
      const script = project.scriptNamed(spec.scriptName.name);
      if (script) out.push({ span: unquoted(spec.scriptName.span), target: script.path, tooltip: `Script ${script.path}` });
    }
  }
  const config = pipelineOf(file.model)?.pipelineConfig;
  if (config && exists?.(config.name)) out.push({ span: unquoted(config.span), target: config.name, tooltip: 'The pipeline configuration' });
  return out;
}

/** Folding ranges (0-based start and end lines) for every map entry and sequence item spanning lines. */
export function foldingRanges(file: AnalysedFile): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const add = (from: number, to: number) => {
    const start = file.lines.position(from).line;
    let end = file.lines.position(to).line;
    if (to > 0 && file.text[to - 1] === '\n') end--;
    if (end > start) out.push({ start, end });
  };
  const stack: YNode[] = file.parsed.root ? [file.parsed.root] : [];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      for (const e of node.entries) {
        if (e.value && e.value.kind !== 'scalar') {
          add(e.key.span.start, e.value.span.end);
          stack.push(e.value);
        }
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        if (item.kind !== 'scalar') {
          add(item.span.start, item.span.end);
          stack.push(item);
        }
      }
    }
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}
