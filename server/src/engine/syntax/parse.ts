/** Parses a spec file's text by its language; never throws, returns the tree and the syntax problems. */
import type { Span } from '../span.js';
import type { YNode } from './ast.js';
import { parseJson } from './parse-json.js';
import { parseYaml } from './parse-yaml.js';

export type Language = 'yaml' | 'json';

export interface SyntaxProblem {
  message: string;
  span: Span;
  /**
   * The YAML parser could not read the structure here (and no small edit repaired it): what it read after this
   * point is its guess, so findings built on the tree are not trusted (check.ts).
   */
  structural?: true;
  /** About the characters (an undecodable byte, a byte-order mark), not the syntax: the tree is whole, fixes may apply. */
  text?: boolean;
}

export interface Comment {
  /** Offsets of the comment, `#` included. */
  span: Span;
  /** The comment's text after the `#`. */
  text: string;
}

export interface ParseResult {
  root: YNode | null;
  problems: SyntaxProblem[];
  comments: Comment[];
  /** The anchored nodes that aliases refer to (YAML): an edit inside one changes every alias of it. */
  aliased?: Span[];
  /**
   * Where a syntax error was repaired (yaml-repair.ts): the places of the text as written that the small edits
   * making it parse changed. The tree is read from the repaired text: around these places it is the repair's
   * guess, elsewhere it is what the text says (what an open document's analysis may reuse, check.ts).
   */
  repaired?: Span[];
  /** Not text Cursus can read (binary, UTF-16): the one problem says why, and nothing else is checked. */
  unreadable?: boolean;
  /** Made from the reading of `base` by parsing again only the block that was at `block` in it (the edit is inside). */
  spliced?: { base: string; block: Span };
}

export function languageOf(path: string): Language {
  return /\.json$/i.test(path) ? 'json' : 'yaml';
}

export function parse(text: string, language: Language): ParseResult {
  return language === 'json' ? parseJson(text) : parseYaml(text);
}
