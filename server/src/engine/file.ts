/** One spec file read through every stage: text, tree, kind and model. */
import { buildModel } from './model/build.js';
import { detectKind } from './model/kind.js';
import type { FileKind, SpecModel } from './model/types.js';
import { LineIndex } from './span.js';
import { languageOf, parse, type Language, type ParseResult } from './syntax/parse.js';
import { OneShotChunks, parseYamlChunked } from './syntax/incremental-yaml.js';
import type { AnalysisCache } from './cache.js';
import { textFaults } from './syntax/text-faults.js';

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

/**
 * YAML files this large are parsed in chunks even without a cache (the CLI): the yaml package's tokens and
 * Document for a whole 18 MB pipeline took gigabytes; a chunk's are dropped once its part of the tree is built.
 * The tree is the same as a whole-file parse (test/incremental-yaml.test.ts), as in the editor.
 */
export const CHUNKED_FROM = 1024 * 1024;

/** Reads a file through parse, kind detection and model; undefined when the file is not one of ours. */
export function readSpecFile(path: string, text: string, kindOverride?: FileKind, cache?: AnalysisCache): AnalysedFile | undefined {
  const language = languageOf(path);
  const faults = textFaults(text, language);
  let parsed: ParseResult;
  if (faults.unreadable) parsed = { root: null, problems: [faults.unreadable], comments: [], unreadable: true };
  else {
    parsed = language !== 'yaml' ? parse(text, language) : cache ? parseYamlChunked(text, cache.chunks) : text.length >= CHUNKED_FROM ? parseYamlChunked(text, new OneShotChunks()) : parse(text, language);
    if (faults.problems.length) parsed = { ...parsed, problems: [...faults.problems, ...parsed.problems] };
  }
  const kind = kindOverride ?? detectKind(path, parsed.root);
  if (!kind) return undefined;
  return { path, text, language, parsed, kind, model: buildModel(kind, parsed.root, text, path), lines: new LineIndex(text) };
}
