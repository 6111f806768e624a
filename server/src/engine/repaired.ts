/**
 * What an open document's analysis may reuse from earlier analyses (cache.ts), by what the tree was read from.
 * Results kept by a part's text (a spec's findings, its schema issues) hold only where the part's tree is what
 * its text alone says. That is so in a text that parses, without aliases (an alias brings in a value written
 * elsewhere: a spec's text stays while the anchor it uses changes). In a text whose syntax error a small edit
 * repaired (yaml-repair.ts), the tree is the reading of the repaired text, offsets mapped back: what its text says
 * everywhere but near the places the repair edited, where it is the repair's guess (and the repair chosen depends
 * on the whole file: two faults, one fixed, and the other is repaired another way). Parts near those places are
 * computed afresh and not kept by their text; the rest is reused as for a text that parses. A syntax error the
 * parser could not repair leaves its own guess of the structure: nothing is reused.
 */
import type { AnalysedFile } from './file.js';
import { pipelineOf } from './model/build.js';
import type { Span } from './span.js';

export interface Reuse {
  /** Whether the tree over `span` (a spec's region, say) may not be what its text alone says: near a repair or a problem. */
  near(span: Span): boolean;
  /**
   * Whether every part the shape rules read (shape.ts) is what its text says: no repair among them, so that two
   * files with the same shape give those rules the same model. The repairs lie inside entries of specs that the
   * shape does not hold (an env value, a job argument).
   */
  readonly shapeIntact: boolean;
}

const ALL: Reuse = { near: () => false, shapeIntact: true };

/** The spec fields the shape rules read (see specShape in shape.ts): a repair inside one of them changes the shape. */
const SHAPE_FIELDS = new Set(['script_name', 'step_name', 'script_path', 'run', 'input_paths', 'input_path_specs', 'output_paths', 'output_path_specs']);

/** What of `file`'s analysis may be reused from earlier ones, or undefined when nothing may (check from scratch). */
export function reuseOf(file: AnalysedFile): Reuse | undefined {
  const parsed = file.parsed;
  if (parsed.aliased?.length) return undefined;
  if (!parsed.problems.length) return ALL;
  const repaired = parsed.repaired;
  if (!repaired?.length || parsed.unreadable || parsed.problems.some((p) => p.structural)) return undefined;
  const text = file.text;
  // Whole lines, and the line breaks on either side: a repair that re-indents a line moves where a spec starts.
  const regions = [...repaired, ...parsed.problems.map((p) => p.span)].map((s) => ({ start: lineStart(text, s.start) - 1, end: lineEnd(text, s.end) + 1 }));
  return {
    near: (span) => regions.some((r) => span.start <= r.end && r.start <= span.end),
    shapeIntact: repaired.every((edit) => insideUnshapedField(file, edit)),
  };
}

/** Whether `edit` lies inside the value of an entry of a pipeline's spec that the shape does not hold. */
function insideUnshapedField(file: AnalysedFile, edit: Span): boolean {
  const spec = pipelineOf(file.model)?.specs.find((s) => s.entry.span.start < edit.start && edit.end <= s.entry.span.end)?.spec;
  if (!spec) return false;
  const field = spec.node.entries.find((e) => e.key.span.end < edit.start && edit.end <= e.span.end);
  return field !== undefined && !SHAPE_FIELDS.has(String(field.key.value));
}

function lineStart(text: string, at: number): number {
  let i = Math.min(at, text.length);
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEnd(text: string, at: number): number {
  let i = Math.max(at, 0);
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}
