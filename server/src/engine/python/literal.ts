/**
 * Reads literal Python values statically: strings (with implicit concatenation), numbers, booleans, None,
 * dicts, lists, tuples and `dict(...)` calls. What it cannot resolve is reported as unresolved, never guessed.
 */
import type { Span } from '../span.js';
import { children, spanOf, textOf, type PythonTree, type SyntaxNode } from './tree.js';
import { decodeStringLiteral } from './strings.js';

export type Lit =
  | { kind: 'str'; value: string; span: Span }
  | { kind: 'num'; value: number; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'none'; span: Span }
  | { kind: 'list'; items: Lit[]; span: Span }
  | { kind: 'dict'; entries: DictEntry[]; span: Span; /** Parts that could not be read (`**other`, computed keys). */ unresolved: Unresolved[] }
  | Unresolved;

export interface DictEntry {
  key: string;
  keySpan: Span;
  value: Lit;
}

export interface Unresolved {
  kind: 'unresolved';
  reason: string;
  span: Span;
}

const IGNORED = new Set(['(', ')', '[', ']', '{', '}', ',', ':', 'Comment']);

export function readLiteral(t: PythonTree, node: SyntaxNode): Lit {
  const span = spanOf(node);
  switch (node.name) {
    case 'String':
    case 'FormatString': {
      const value = decodeStringLiteral(textOf(t, node));
      return value === undefined ? unresolved(span, `${textOf(t, node).slice(0, 40)} is a formatted string`) : { kind: 'str', value, span };
    }
    case 'ContinuedString': {
      let value = '';
      for (const part of children(node)) {
        if (part.name === 'Comment') continue;
        const piece = readLiteral(t, part);
        if (piece.kind !== 'str') return piece.kind === 'unresolved' ? piece : unresolved(span, 'a concatenation of non-strings');
        value += piece.value;
      }
      return { kind: 'str', value, span };
    }
    case 'Number': {
      const value = Number(textOf(t, node).replace(/_/g, ''));
      return Number.isNaN(value) ? unresolved(span, `the number ${textOf(t, node)}`) : { kind: 'num', value, span };
    }
    case 'UnaryExpression': {
      const [op, operand] = children(node);
      const inner = operand ? readLiteral(t, operand) : undefined;
      if (op && textOf(t, op) === '-' && inner?.kind === 'num') return { kind: 'num', value: -inner.value, span };
      return unresolved(span, `the expression ${textOf(t, node)}`);
    }
    case 'Boolean':
      return { kind: 'bool', value: textOf(t, node) === 'True', span };
    case 'None':
      return { kind: 'none', span };
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression':
      return readSequence(t, node);
    case 'ParenthesizedExpression': {
      const inner = children(node).find((c) => !IGNORED.has(c.name));
      return inner ? readLiteral(t, inner) : unresolved(span, 'empty parentheses');
    }
    case 'DictionaryExpression':
      return readDict(t, node);
    case 'CallExpression':
      return readDictCall(t, node);
    case 'VariableName':
      return unresolved(span, `the name ${textOf(t, node)} (defined or imported elsewhere)`);
    case 'MemberExpression':
      return unresolved(span, `the expression ${textOf(t, node)} (defined elsewhere)`);
    default:
      if (node.name.endsWith('ComprehensionExpression')) return unresolved(span, 'a comprehension');
      return unresolved(span, `the expression ${textOf(t, node).slice(0, 40)}`);
  }
}

function readSequence(t: PythonTree, node: SyntaxNode): Lit {
  const items: Lit[] = [];
  for (const c of children(node)) {
    if (IGNORED.has(c.name)) continue;
    if (c.name === '*') return unresolved(spanOf(node), 'a starred expansion');
    items.push(readLiteral(t, c));
  }
  return { kind: 'list', items, span: spanOf(node) };
}

function readDict(t: PythonTree, node: SyntaxNode): Lit {
  const entries: DictEntry[] = [];
  const missing: Unresolved[] = [];
  const parts = children(node).filter((c) => !IGNORED.has(c.name));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.name === '**') {
      const target = parts[++i];
      missing.push(unresolved(target ? { start: part.from, end: target.to } : spanOf(part), `**${target ? textOf(t, target) : ''} expands another mapping`));
      continue;
    }
    const valueNode = parts[++i];
    const key = readLiteral(t, part);
    if (key.kind !== 'str') {
      missing.push(unresolved(spanOf(part), `the key ${textOf(t, part)} is not a string literal`));
      continue;
    }
    entries.push({ key: key.value, keySpan: key.span, value: valueNode ? readLiteral(t, valueNode) : unresolved(spanOf(part), 'a missing value') });
  }
  return { kind: 'dict', entries, span: spanOf(node), unresolved: missing };
}

/** `dict(a=1, b="x")` and `dict({...}, c=2)`; any other call is unresolved. */
function readDictCall(t: PythonTree, node: SyntaxNode): Lit {
  const span = spanOf(node);
  const callee = node.firstChild;
  const args = node.getChild('ArgList');
  if (!callee || callee.name !== 'VariableName' || textOf(t, callee) !== 'dict' || !args) {
    return unresolved(span, `the call ${textOf(t, node).slice(0, 40)}`);
  }
  const entries: DictEntry[] = [];
  const missing: Unresolved[] = [];
  const parts = children(args).filter((c) => !IGNORED.has(c.name));
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp') {
      const value = parts[i + 2];
      entries.push({ key: textOf(t, part), keySpan: spanOf(part), value: value ? readLiteral(t, value) : unresolved(spanOf(part), 'a missing value') });
      i += 2;
      continue;
    }
    if (part.name === '**') {
      const target = parts[++i];
      missing.push(unresolved(target ? { start: part.from, end: target.to } : spanOf(part), `**${target ? textOf(t, target) : ''} expands another mapping`));
      continue;
    }
    const positional = readLiteral(t, part);
    if (positional.kind === 'dict') {
      entries.push(...positional.entries);
      missing.push(...positional.unresolved);
    } else {
      missing.push(positional.kind === 'unresolved' ? positional : unresolved(spanOf(part), 'a positional argument that is not a mapping'));
    }
  }
  return { kind: 'dict', entries, span, unresolved: missing };
}

function unresolved(span: Span, reason: string): Unresolved {
  return { kind: 'unresolved', reason, span };
}

/** The plain value of a literal, for JSON output; unresolved parts become null. */
export function plainValue(l: Lit): unknown {
  switch (l.kind) {
    case 'str':
    case 'num':
    case 'bool':
      return l.value;
    case 'none':
    case 'unresolved':
      return null;
    case 'list':
      return l.items.map(plainValue);
    case 'dict':
      return Object.fromEntries(l.entries.map((e) => [e.key, plainValue(e.value)]));
  }
}
