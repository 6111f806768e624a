/** Decodes Python string literals (prefixes, triple quotes, escapes) without running Python. */

/** The value of one literal as written (`'a'`, `r"\d"`, `"""x"""`, `b"x"`), or undefined for f-strings with fields. */
export function decodeStringLiteral(source: string): string | undefined {
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(source);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  if (!source.endsWith(quote) || source.length < m[0].length + quote.length) return undefined;
  const body = source.slice(m[0].length, source.length - quote.length);
  if (prefix.includes('f') && /(^|[^{]){(?!{)/.test(body)) return undefined;
  const unbraced = prefix.includes('f') ? body.replace(/{{/g, '{').replace(/}}/g, '}') : body;
  return prefix.includes('r') ? unbraced : unescape(unbraced);
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\u0007', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.|\n)/g, (all, e: string) => {
    if (e[0] === 'x' || e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e) && e !== '0') return String.fromCharCode(parseInt(e, 8));
    return SIMPLE[e] ?? all;
  });
}
