/** One spec file read through every stage: text, tree, kind and model. */
import { buildModel } from './model/build.js';
import { detectKind } from './model/kind.js';
import type { FileKind, SpecModel } from './model/types.js';
import { LineIndex } from './span.js';
import { languageOf, parse, type Language, type ParseResult } from './syntax/parse.js';
import { parseYamlChunked } from './syntax/incremental-yaml.js';
import type { AnalysisCache } from './cache.js';

export interface AnalysedFile {
  /** Forward-slash path relative to the project root (or absolute when outside it). */
  path: string;
  text: string;
  language: Language;
  parsed: ParseResult;
  kind: FileKind;
  model: SpecModel;
  lines: LineIndex;
}

/** Reads a file through parse, kind detection and model; undefined when the file is not one of ours. */
export function readSpecFile(path: string, text: string, kindOverride?: FileKind, cache?: AnalysisCache): AnalysedFile | undefined {
  const language = languageOf(path);
  const parsed = cache && language === 'yaml' ? parseYamlChunked(text, cache.chunks) : parse(text, language);
  const kind = kindOverride ?? detectKind(path, parsed.root);
  if (!kind) return undefined;
  return { path, text, language, parsed, kind, model: buildModel(kind, parsed.root, text, path), lines: linesOf(text, cache) };
}

/** The line index, made from the last one's when the edit since then added or removed no line. */
function linesOf(text: string, cache: AnalysisCache | undefined): LineIndex {
  const last = cache?.lastLines;
  const change = last ? cache.changeFrom(last.text, text) : undefined;
  const lines = last && change && !change.lines ? last.lines.edited(text, change) : new LineIndex(text);
  if (cache) cache.lastLines = { text, lines };
  return lines;
}
