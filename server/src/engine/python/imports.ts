/** What a script imports, read statically: every `import x` / `from x import y`, relative or not, and whether it is optional. */
import type { Position, Span } from '../span.js';
import { LineIndex } from '../span.js';
import { children, textOf, type PythonTree, type SyntaxNode } from './tree.js';

export interface ImportRef {
  /** The dotted module as written (`sklearn.model_selection`); for `from . import x` the part after the dots (may be empty). */
  module: string;
  /** The first part of the module (`sklearn`): what must be importable. Empty for relative imports. */
  top: string;
  /** Leading dots of a relative import (0 for absolute imports). */
  level: number;
  /**
   * The script works without it: inside a `try` whose handler catches ImportError (or ModuleNotFoundError,
   * Exception, or everything), or under `if TYPE_CHECKING:`.
   */
  optional: boolean;
  /** Inside a function or class body: only needed when that code runs. */
  nested: boolean;
  span: Span;
  at: Position;
}

const CATCHES_IMPORT_ERROR = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

export function readImports(t: PythonTree, lines: LineIndex = new LineIndex(t.text)): ImportRef[] {
  const out: ImportRef[] = [];
  t.tree.iterate({
    enter: (ref) => {
      if (ref.name !== 'ImportStatement') return;
      const node = ref.node;
      const optional = isOptional(t, node);
      const nested = isNested(node);
      const parts = children(node);
      if (parts[0]?.name === 'from') {
        let level = 0;
        let i = 1;
        for (; i < parts.length && (parts[i].name === '.' || parts[i].name === 'Ellipsis'); i++) level += parts[i].name === '.' ? 1 : 3;
        const names: SyntaxNode[] = [];
        for (; i < parts.length && parts[i].name !== 'import'; i++) names.push(parts[i]);
        const module = names.map((n) => textOf(t, n)).join('');
        const first = names[0];
        const span = first ? { start: first.from, end: names[names.length - 1].to } : { start: node.from, end: node.to };
        out.push({ module, top: level ? '' : module.split('.')[0], level, optional, nested, span, at: lines.position(span.start) });
        return;
      }
      // `import a.b as c, d`: dotted names separated by commas, each maybe followed by `as alias`.
      let current: SyntaxNode[] = [];
      let alias = false;
      const flush = () => {
        if (current.length) {
          const module = current.map((n) => textOf(t, n)).join('');
          const span = { start: current[0].from, end: current[current.length - 1].to };
          out.push({ module, top: module.split('.')[0], level: 0, optional, nested, span, at: lines.position(span.start) });
        }
        current = [];
        alias = false;
      };
      for (const c of parts.slice(1)) {
        if (c.name === ',') flush();
        else if (c.name === 'as') alias = true;
        else if (!alias && (c.name === 'VariableName' || c.name === '.')) current.push(c);
      }
      flush();
    },
  });
  return out;
}

function isOptional(t: PythonTree, node: SyntaxNode): boolean {
  for (let p: SyntaxNode | null = node.parent, child: SyntaxNode = node; p; child = p, p = p.parent) {
    if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition') break;
    if (p.name === 'IfStatement' && /^\s*(typing\.)?TYPE_CHECKING\b/.test(t.text.slice(p.from + 2, p.to))) return true;
    if (p.name !== 'TryStatement') continue;
    // Only the `try:` body is protected, not the handlers or `else`/`finally`.
    const kids = children(p);
    if (kids[1]?.from !== child.from || kids[1]?.to !== child.to) continue;
    for (let i = 2; i < kids.length; i++) {
      if (kids[i].name !== 'except') continue;
      const next = kids[i + 1];
      if (!next || next.name === 'Body') return true; // bare `except:`
      const caught = textOf(t, next).replace(/[()\s]/g, '').split(',');
      if (caught.some((c) => CATCHES_IMPORT_ERROR.has(c.split('.').pop() ?? c))) return true;
    }
  }
  return false;
}

function isNested(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p.name === 'FunctionDefinition' || p.name === 'ClassDefinition') return true;
  return false;
}
