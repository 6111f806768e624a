/** Finds script contracts in a Python file: module-level `NAME = <...>Contract(...)` assignments, read statically. */
import { LineIndex, type Span } from '../span.js';
import { readLiteral, type Lit } from '../python/literal.js';
import { children, lastName, parsePython, spanOf, textOf, topLevelStatements, type PythonTree, type SyntaxNode } from '../python/tree.js';
import { newContract, type ContractField, type ContractInfo } from './model.js';

export interface ContractFileResult {
  contracts: ContractInfo[];
  syntaxError?: Span;
}

/** Quick textual test before parsing: files without a `...Contract(` call cannot define a contract. */
export function mightDefineContract(text: string): boolean {
  return /Contract\s*\(/.test(text);
}

export function readContracts(file: string, text: string): ContractFileResult {
  const tree = parsePython(text);
  const lines = new LineIndex(text);
  const contracts: ContractInfo[] = [];
  for (const stmt of topLevelStatements(tree)) {
    if (stmt.name !== 'AssignStatement') continue;
    const target = stmt.firstChild;
    const call = children(stmt).find((c) => c.name === 'CallExpression');
    if (!target || target.name !== 'VariableName' || !call) continue;
    const callee = call.firstChild ? lastName(tree, call.firstChild) : undefined;
    if (!callee || !/Contract$/.test(callee)) continue;
    contracts.push(readContract(tree, file, lines, textOf(tree, target), spanOf(target), callee, call));
  }
  return { contracts, syntaxError: tree.syntaxError };
}

function readContract(t: PythonTree, file: string, lines: LineIndex, name: string, nameSpan: Span, callee: string, call: SyntaxNode): ContractInfo {
  const nameAt = lines.position(nameSpan.start);
  const info = newContract({ file, line: nameAt.line + 1, name, nameSpan, nameAt, callee, dialect: 'python' });
  const args = call.getChild('ArgList');
  const parts = args ? children(args).filter((c) => !['(', ')', ',', 'Comment'].includes(c.name)) : [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
      applyField(info, lines, textOf(t, part), readLiteral(t, parts[i + 2]));
      i += 2;
    } else if (part.name === '**' || part.name === '*') {
      const target = parts[++i];
      info.unresolved.push({ field: 'arguments', reason: `${textOf(t, part)}${target ? textOf(t, target) : ''} passes arguments that cannot be read statically`, span: spanOf(part) });
    } else {
      info.unresolved.push({ field: 'arguments', reason: `positional argument ${textOf(t, part).slice(0, 40)} cannot be matched to a field`, span: spanOf(part) });
    }
  }
  return info;
}

function applyField(info: ContractInfo, lines: LineIndex, field: string, value: Lit): void {
  const note = (f: ContractField, reason: string, span: Span) => info.unresolved.push({ field: f, reason, span });
  switch (field) {
    case 'entry_point':
      if (value.kind === 'str') info.entryPoint = { value: value.value, span: value.span };
      else note('entry_point', describe(value), value.span);
      return;
    case 'expected_input_paths':
    case 'expected_output_paths':
    case 'optional_env_vars':
    case 'expected_arguments':
    case 'framework_requirements': {
      const target = field === 'expected_input_paths' ? info.inputs : field === 'expected_output_paths' ? info.outputs : field === 'optional_env_vars' ? info.optionalEnv : field === 'framework_requirements' ? (info.frameworkRequirements ??= []) : info.args;
      if (value.kind !== 'dict') {
        if (value.kind !== 'none') note(field, describe(value), value.span);
        return;
      }
      for (const e of value.entries) {
        const v = e.value;
        target.push({ name: e.key, span: e.keySpan, at: lines.position(e.keySpan.start), value: v.kind === 'str' || v.kind === 'num' || v.kind === 'bool' ? v.value : v.kind === 'none' ? null : undefined });
        if (v.kind === 'unresolved' && field !== 'expected_arguments' && field !== 'optional_env_vars') note(field, `the value of '${e.key}': ${v.reason}`, v.span);
      }
      for (const u of value.unresolved) note(field, u.reason, u.span);
      return;
    }
    case 'required_env_vars':
      if (value.kind !== 'list') {
        if (value.kind !== 'none') note(field, describe(value), value.span);
        return;
      }
      for (const item of value.items) {
        if (item.kind === 'str') info.requiredEnv.push({ name: item.value, span: item.span, at: lines.position(item.span.start) });
        else note(field, describe(item), item.span);
      }
      return;
    case 'description':
      if (value.kind === 'str') info.description = value.value;
      return;
    default:
      return;
  }
}

function describe(value: Lit): string {
  return value.kind === 'unresolved' ? value.reason : `a ${value.kind} where a different type was expected`;
}
