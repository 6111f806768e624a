/**
 * What stops Python from reading a spec file as text before any YAML or JSON is parsed: binary content,
 * UTF-16, bytes that are not UTF-8, and the characters PyYAML refuses. Undecodable bytes arrive as the lone
 * surrogates U+DC80-U+DCFF (Python's "surrogateescape", as the CLI decodes files), one per byte.
 */
import type { Language, SyntaxProblem } from './parse.js';

export interface TextFaults {
  /** Not text at all: nothing of the file is read; this is its only finding. */
  unreadable?: SyntaxProblem;
  /** Text with a fault at one place (the first of each kind); the rest is read as usual. */
  problems: SyntaxProblem[];
}

/** Characters outside PyYAML's printable set (yaml.reader.Reader.NON_PRINTABLE), lone surrogates included. */
// eslint-disable-next-line no-control-regex -- these are the characters looked for
const NON_PRINTABLE_YAML = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNDECODABLE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
/**
 * Every character either pattern above can match (and the BOM a JSON file is checked for): a text with none of
 * them, nearly every spec, has no fault to look for. One scan without look-arounds instead of two with (an 18 MB
 * pipeline's two scans took a tenth of a second).
 */
// eslint-disable-next-line no-control-regex -- these are the characters looked for
const MAYBE_FAULTY = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

export function textFaults(text: string, language: Language): TextFaults {
  const format = language === 'json' ? 'JSON' : 'YAML';
  // A UTF-16 byte-order mark, read as bytes (FF FE or FE FF).
  if (/^(\uDCFF\uDCFE|\uDCFE\uDCFF)/.test(text)) {
    return { problems: [], unreadable: { span: { start: 0, end: 2 }, message: `This file is UTF-16 (it starts with a UTF-16 byte-order mark); Cursus reads spec files as UTF-8 and cannot load it. Save it as UTF-8.` } };
  }
  if (!MAYBE_FAULTY.test(text)) return { problems: [] };
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    // Reported at the top: the whole file is unreadable, not one place in it.
    const line = text.slice(0, nul).split('\n').length;
    return {
      problems: [],
      unreadable: { span: { start: 0, end: 1 }, message: `This file holds NUL bytes (the first on line ${line}): it is binary (or UTF-16 without a byte-order mark), not ${format} text, and Cursus cannot load it. Put the spec's text back (saved as UTF-8), or rename the file if it is not a spec.` },
    };
  }
  const problems: SyntaxProblem[] = [];
  const bad = UNDECODABLE.exec(text);
  if (bad) {
    const byte = (bad[0].charCodeAt(0) - 0xdc00).toString(16).toUpperCase();
    problems.push({ text: true, span: { start: bad.index, end: bad.index + 1 }, message: `Byte 0x${byte} here is not UTF-8: Python stops reading the file with UnicodeDecodeError. Save the file as UTF-8 (for example \`iconv -f latin1 -t utf-8\`).` });
  }
  if (language === 'yaml') {
    const odd = NON_PRINTABLE_YAML.exec(text);
    if (odd && odd.index !== bad?.index) {
      const hex = odd[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      problems.push({ text: true, span: { start: odd.index, end: odd.index + 1 }, message: `Character U+${hex} is not allowed in YAML: PyYAML refuses the file ("unacceptable character #x${hex.toLowerCase()}"). Remove it, or write it as an escape ("\\x${hex.slice(2).toLowerCase()}") inside a double-quoted string.` });
    }
  } else if (text.charCodeAt(0) === 0xfeff) {
    problems.push({ text: true, span: { start: 0, end: 1 }, message: `The file starts with a UTF-8 byte-order mark: Python's json.load refuses it ("Unexpected UTF-8 BOM"). Save the file as UTF-8 without a BOM.` });
  }
  return { problems };
}
