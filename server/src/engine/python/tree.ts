/** Python source through @lezer/python: an error-tolerant syntax tree, plus small helpers to read it. */
import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import type { Span } from '../span.js';

export type { SyntaxNode };

export interface PythonTree {
  text: string;
  tree: Tree;
  /** The first syntax error, if any (lezer recovers and keeps going; so do we). */
  syntaxError?: Span;
}

export function parsePython(text: string): PythonTree {
  const tree = parser.parse(text);
  let syntaxError: Span | undefined;
  tree.iterate({
    enter: (n) => {
      if (syntaxError) return false;
      if (n.type.isError) {
        syntaxError = { start: n.from, end: Math.max(n.to, Math.min(text.length, n.from + 1)) };
        return false;
      }
      return undefined;
    },
  });
  return { text, tree, syntaxError };
}

export function textOf(t: PythonTree | string, n: SyntaxNode): string {
  return (typeof t === 'string' ? t : t.text).slice(n.from, n.to);
}

export function spanOf(n: SyntaxNode): Span {
  return { start: n.from, end: n.to };
}

export function children(n: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** Statements at module level, looking through the grouping lezer uses for `a; b` lines. */
export function topLevelStatements(t: PythonTree): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const c of children(t.tree.topNode)) {
    if (c.name === 'StatementGroup') out.push(...children(c));
    else out.push(c);
  }
  return out;
}

/** The dotted name of a callee or attribute chain's last part: `mod.ProcessingScriptContract` -> `ProcessingScriptContract`. */
export function lastName(t: PythonTree, n: SyntaxNode): string | undefined {
  if (n.name === 'VariableName') return textOf(t, n);
  if (n.name === 'MemberExpression') {
    const prop = n.getChild('PropertyName');
    return prop ? textOf(t, prop) : undefined;
  }
  return undefined;
}
