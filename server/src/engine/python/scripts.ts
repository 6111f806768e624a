/** Reads a script statically: does `main` exist with the four parameters, and which keys does it read. */
import { LineIndex, type Position, type Span } from '../span.js';
import { children, lastName, parsePython, spanOf, textOf, topLevelStatements, type PythonTree, type SyntaxNode } from './tree.js';
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

/** One `add_argument(...)` call: its literal option strings and `dest`, or `dynamic` when one is not a literal. */
export interface ParserArgument {
  flags: string[];
  dest?: string;
  dynamic: boolean;
  at: Position;
}

/** An `os.environ[...]`, `os.environ.get(...)` or `os.getenv(...)` read, outside any `environ_vars = {...}` dict. */
export interface OsEnvRead {
  key: string;
  at: Position;
}

export interface ScriptInfo {
  main?: { span: Span; at: Position; params: string[]; paramsSpan: Span };
  reads: KeyRead[];
  /** argparse arguments the script defines (for checking declared command-line flags). */
  parserArguments: ParserArgument[];
  /** Whether the script builds an argparse parser at all. */
  hasParser: boolean;
  osEnvReads: OsEnvRead[];
  /** Every import statement, in source order (see imports.ts). */
  imports: ImportRef[];
  /** `pending`: the parser's verdict, standing in while the interpreter's is being asked (not reported). */
  syntaxError?: { span: Span; at: Position; message?: string; by?: string; pending?: true };
}

/**
 * The script's syntax verdict replaced by CPython's (`null`: it parses): the interpreter that will import it
 * decides, not the looser tree reader. Line and column are CPython's, 1-based.
 */
export function withCpythonVerdict(info: ScriptInfo, text: string, verdict: { line: number; column: number; message: string } | null, interpreter: string): ScriptInfo {
  if (verdict === null) return info.syntaxError ? { ...info, syntaxError: undefined } : info;
  const lines = new LineIndex(text);
  const start = lines.offset({ line: verdict.line - 1, character: verdict.column - 1 });
  const end = Math.min(text.length, start + 1);
  return { ...info, syntaxError: { span: { start, end: Math.max(start, end) }, at: lines.position(start), message: verdict.message, by: interpreter } };
}

export function readScript(text: string): ScriptInfo {
  const tree = parsePython(text);
  const lines = new LineIndex(text);
  const info: ScriptInfo = { reads: [], parserArguments: [], hasParser: /\bArgumentParser\s*\(|\.add_argument\s*\(/.test(text), osEnvReads: [], imports: readImports(tree, lines), syntaxError: tree.syntaxError && { span: tree.syntaxError, at: lines.position(tree.syntaxError.start) } };
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
      if (ref.name === 'MemberExpression') {
        collectRead(tree, lines, ref.node, info.reads);
        collectOsEnv(tree, lines, ref.node, info.osEnvReads);
      } else if (ref.name === 'CallExpression') {
        collectParserArgument(tree, lines, ref.node, info.parserArguments);
      }
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

function callArgs(call: SyntaxNode): SyntaxNode[] {
  const args = call.getChild('ArgList');
  return args ? children(args).filter((c) => !['(', ')', ','].includes(c.name)) : [];
}

/** `parser.add_argument("-n", "--num-parts", dest="parts")`: the option strings and dest, as written. */
function collectParserArgument(t: PythonTree, lines: LineIndex, call: SyntaxNode, out: ParserArgument[]): void {
  const callee = call.firstChild;
  if (callee?.name !== 'MemberExpression' || lastName(t, callee) !== 'add_argument') return;
  const parts = callArgs(call);
  const arg: ParserArgument = { flags: [], dynamic: false, at: lines.position(call.from) };
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp') {
      const value = parts[i + 2];
      if (textOf(t, p) === 'dest') {
        if (value?.name === 'String') arg.dest = decodeStringLiteral(textOf(t, value));
        else arg.dynamic = true;
      }
      i += 2;
    } else if (p.name === 'String') {
      const flag = decodeStringLiteral(textOf(t, p));
      if (flag !== undefined) arg.flags.push(flag);
    } else {
      arg.dynamic = true;
    }
  }
  out.push(arg);
}

/** Whether `n` is the expression `os.environ` (or a bare `environ` imported from os). */
function isOsEnviron(t: PythonTree, n: SyntaxNode | null): boolean {
  if (!n) return false;
  if (n.name === 'VariableName') return textOf(t, n) === 'environ';
  if (n.name !== 'MemberExpression') return false;
  const obj = n.firstChild;
  return obj?.name === 'VariableName' && textOf(t, obj) === 'os' && lastName(t, n) === 'environ';
}

function collectOsEnv(t: PythonTree, lines: LineIndex, node: SyntaxNode, out: OsEnvRead[]): void {
  const object = node.firstChild;
  let keyNode: SyntaxNode | null | undefined;
  const bracket = node.getChild('[');
  if (bracket && isOsEnviron(t, object)) {
    keyNode = bracket.nextSibling;
  } else {
    const prop = node.getChild('PropertyName');
    const call = node.parent?.name === 'CallExpression' && node.parent.firstChild?.from === node.from && node.parent.firstChild?.to === node.to ? node.parent : undefined;
    if (!prop || !call) return;
    const name = textOf(t, prop);
    const osGetenv = name === 'getenv' && object?.name === 'VariableName' && textOf(t, object) === 'os';
    const environGet = (name === 'get' || name === 'setdefault' || name === 'pop') && isOsEnviron(t, object);
    if (!osGetenv && !environGet) return;
    keyNode = callArgs(call)[0];
  }
  if (!keyNode || keyNode.name !== 'String' || insideEnvironVarsDict(t, node)) return;
  const key = decodeStringLiteral(textOf(t, keyNode));
  if (key !== undefined) out.push({ key, at: lines.position(keyNode.from) });
}

/** Cursus's C7 treats reads inside any `environ_vars = {...}` dict assignment as harvesting, not as reads. */
function insideEnvironVarsDict(t: PythonTree, node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.name !== 'AssignStatement') continue;
    const target = p.firstChild;
    const value = target?.nextSibling?.nextSibling;
    return target?.name === 'VariableName' && textOf(t, target) === 'environ_vars' && value?.name === 'DictionaryExpression';
  }
  return false;
}
