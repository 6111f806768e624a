/** Reads a script statically: does `main` exist with the four parameters, and which keys does it read. */
import { LineIndex, type Position, type Span } from '../span.js';
import { children, parsePython, spanOf, textOf, topLevelStatements, type PythonTree, type SyntaxNode } from './tree.js';
import { decodeStringLiteral } from './strings.js';
import { readImports, type ImportRef } from './imports.js';

export const MAIN_PARAMS = ['input_paths', 'output_paths', 'environ_vars', 'job_args'] as const;

export type ReadTarget = 'input_paths' | 'output_paths' | 'environ_vars' | 'job_args';

/** One place the script reads a key: `input_paths["X"]`, `environ_vars.get("X", default)` or `job_args.x`. */
export interface KeyRead {
  target: ReadTarget;
  key: string;
  span: Span;
  at: Position;
  /** `index` raises when the key is missing; `get` falls back to its default; `attr` is a job_args attribute. */
  how: 'index' | 'get' | 'attr';
  /** The literal default of a `.get(key, default)`, when it is a string. */
  fallback?: string;
}

export interface ScriptInfo {
  main?: { span: Span; at: Position; params: string[]; paramsSpan: Span };
  reads: KeyRead[];
  /** Every import statement, in source order (see imports.ts). */
  imports: ImportRef[];
  syntaxError?: { span: Span; at: Position };
}

export function readScript(text: string): ScriptInfo {
  const tree = parsePython(text);
  const lines = new LineIndex(text);
  const info: ScriptInfo = { reads: [], imports: readImports(tree, lines), syntaxError: tree.syntaxError && { span: tree.syntaxError, at: lines.position(tree.syntaxError.start) } };
  for (const stmt of topLevelStatements(tree)) {
    const def = stmt.name === 'DecoratedStatement' ? stmt.getChild('FunctionDefinition') : stmt;
    if (def?.name !== 'FunctionDefinition') continue;
    const name = def.getChild('VariableName');
    if (!name || textOf(tree, name) !== 'main') continue;
    const params = def.getChild('ParamList');
    info.main = { span: spanOf(name), at: lines.position(name.from), params: params ? paramNames(tree, params) : [], paramsSpan: params ? spanOf(params) : spanOf(name) };
  }
  tree.tree.iterate({
    enter: (ref) => {
      if (ref.name === 'MemberExpression') collectRead(tree, lines, ref.node, info.reads);
    },
  });
  return info;
}

function paramNames(t: PythonTree, list: SyntaxNode): string[] {
  const names: string[] = [];
  let afterDefault = false;
  for (const c of children(list)) {
    if (c.name === 'AssignOp') afterDefault = true;
    else if (c.name === ',') afterDefault = false;
    else if (c.name === 'VariableName' && !afterDefault) names.push(textOf(t, c));
  }
  return names;
}

const TARGETS = new Set<string>(MAIN_PARAMS);

function collectRead(t: PythonTree, lines: LineIndex, node: SyntaxNode, out: KeyRead[]): void {
  const object = node.firstChild;
  if (!object || object.name !== 'VariableName') return;
  const target = textOf(t, object);
  if (!TARGETS.has(target)) return;
  const bracket = node.getChild('[');
  if (bracket) {
    const keyNode = bracket.nextSibling;
    const key = keyNode && keyNode.name === 'String' ? decodeStringLiteral(textOf(t, keyNode)) : undefined;
    if (key !== undefined && keyNode) out.push({ target: target as ReadTarget, key, span: spanOf(keyNode), at: lines.position(keyNode.from), how: 'index' });
    return;
  }
  const prop = node.getChild('PropertyName');
  if (!prop) return;
  const propName = textOf(t, prop);
  if (target === 'job_args') {
    out.push({ target: 'job_args', key: propName, span: spanOf(prop), at: lines.position(prop.from), how: 'attr' });
    return;
  }
  if (propName !== 'get' || node.parent?.name !== 'CallExpression') return;
  const args = node.parent.getChild('ArgList');
  const values = args ? children(args).filter((c) => !['(', ')', ','].includes(c.name)) : [];
  const first = values[0];
  const key = first && first.name === 'String' ? decodeStringLiteral(textOf(t, first)) : undefined;
  if (key === undefined || !first) return;
  const second = values[1];
  const fallback = second && second.name === 'String' ? decodeStringLiteral(textOf(t, second)) : undefined;
  out.push({ target: target as ReadTarget, key, span: spanOf(first), at: lines.position(first.from), how: 'get', ...(fallback !== undefined ? { fallback } : {}) });
}
