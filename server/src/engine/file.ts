/** One spec file read through every stage: text, tree, kind and model. */
import { buildModel } from './model/build.js';
import { detectKind } from './model/kind.js';
import type { FileKind, SpecModel } from './model/types.js';
import { LineIndex } from './span.js';
import { languageOf, parse, type Language, type ParseResult } from './syntax/parse.js';
import { parseYamlChunked, parseYamlInChunks, type ReadyChunks } from './syntax/incremental-yaml.js';
import type { AnalysisCache } from './cache.js';
import { textFaults, type TextFaults } from './syntax/text-faults.js';

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

/**
 * Reads a file through parse, kind detection and model; undefined when the file is not one of ours. `ready`: for
 * a file read in chunks without a cache, chunk readings made ahead (see parseYamlInChunks).
 */
export function readSpecFile(path: string, text: string, kindOverride?: FileKind, cache?: AnalysisCache, ready?: ReadyChunks): AnalysedFile | undefined {
  const language = languageOf(path);
  const faults = faultsOf(text, language, cache);
  let parsed: ParseResult;
  if (faults.unreadable) parsed = { root: null, problems: [faults.unreadable], comments: [], unreadable: true };
  else {
    parsed = language !== 'yaml' ? parse(text, language) : cache ? parseYamlChunked(text, cache.chunks, CHUNKED_FROM) : text.length >= CHUNKED_FROM ? parseYamlInChunks(text, ready) : parse(text, language);
    if (faults.problems.length) parsed = { ...parsed, problems: [...faults.problems, ...parsed.problems] };
  }
  const kind = kindOverride ?? detectKind(path, parsed.root);
  if (!kind) return undefined;
  return { path, text, language, parsed, kind, model: buildModel(kind, parsed.root, text, path, parsed.problems), lines: linesOf(text, cache) };
}

/**
 * The text's faults. When the last text had none, an edit that brings in none (and splits no surrogate pair,
 * and is not at the start, where byte-order marks are) leaves it with none: only the edit is scanned.
 */
function faultsOf(text: string, language: Language, cache: AnalysisCache | undefined) {
  const last = cache?.lastFaults;
  if (last && last.language === language && last.clean) {
    const c = cache.changeFrom(last.text, text);
    const surrogate = (i: number) => (text.charCodeAt(i) & 0xf800) === 0xd800;
    const added = text.slice(c.start, c.start + c.newLength);
    if (c.start >= 2 && !surrogate(c.start - 1) && !surrogate(c.start + c.newLength) && clean(textFaults(added, language))) {
      cache.lastFaults = { text, language, clean: true };
      return { problems: [] };
    }
  }
  const faults = textFaults(text, language);
  if (cache) cache.lastFaults = { text, language, clean: clean(faults) };
  return faults;
}

const clean = (f: TextFaults) => !f.unreadable && f.problems.length === 0;

/** The line index, made from the last one's when the edit since then added or removed no line. */
function linesOf(text: string, cache: AnalysisCache | undefined): LineIndex {
  const last = cache?.lastLines;
  const change = last ? cache.changeFrom(last.text, text) : undefined;
  const lines = last && change && !change.lines ? last.lines.edited(text, change) : new LineIndex(text);
  if (cache) cache.lastLines = { text, lines };
  return lines;
}
