/** A script spec written out from a contract: names from the contract, local test paths, env vars and arguments. */
import type { TextEdit } from '../diagnostics.js';
import type { ContractInfo } from '../contracts/model.js';
import { argKey, localPathFor } from '../rules/helpers.js';
import type { MapNode } from '../syntax/ast.js';
import type { Language } from '../syntax/parse.js';
import { plainOrQuoted } from '../syntax/quote.js';
import { columnOf, lineEnd } from './map-insert.js';

export interface SpecDraft {
  script_name: string;
  step_name: string;
  input_paths: Record<string, string>;
  output_paths: Record<string, string>;
  environ_vars: Record<string, string>;
  job_args: Record<string, string>;
}

export function draftSpec(node: string, scriptName: string, contract: ContractInfo | undefined, workspaceRoot: string): SpecDraft {
  const paths = (entries: ContractInfo['inputs'], direction: 'input' | 'output') =>
    Object.fromEntries(entries.map((e) => [e.name, localPathFor(typeof e.value === 'string' ? e.value : undefined, scriptName, workspaceRoot, e.name, direction)]));
  return {
    script_name: scriptName,
    step_name: node,
    input_paths: contract ? paths(contract.inputs, 'input') : {},
    output_paths: contract ? paths(contract.outputs, 'output') : {},
    environ_vars: contract ? Object.fromEntries([...contract.requiredEnv.map((e) => [e.name, '']), ...contract.optionalEnv.map((e) => [e.name, e.value === undefined || e.value === null ? '' : String(e.value)])]) : {},
    job_args: contract ? Object.fromEntries(contract.args.map((e) => [argKey(e.name), e.value === undefined || e.value === null ? '' : String(e.value)])) : {},
  };
}

/** Adds `key: <draft>` at the end of a block or JSON map (`script_specs`); undefined for inline flow YAML. */
export function addSpecEntry(text: string, language: Language, map: MapNode, key: string, draft: SpecDraft): TextEdit | undefined {
  const last = map.entries[map.entries.length - 1];
  if (language === 'json') {
    const indent = last ? columnOf(text, last.key.span.start) : 2;
    const body = JSON.stringify(draft, null, 2).replace(/\n/g, `\n${' '.repeat(indent)}`);
    if (!last) return { span: map.span, newText: `{\n${' '.repeat(indent)}${JSON.stringify(key)}: ${body}\n}` };
    return { span: { start: last.span.end, end: last.span.end }, newText: `,\n${' '.repeat(indent)}${JSON.stringify(key)}: ${body}` };
  }
  if (map.flow || !last) return undefined;
  const indent = columnOf(text, last.key.span.start);
  const pad = (n: number) => ' '.repeat(indent + n);
  const lines = [`${pad(0)}${plainOrQuoted(key)}:`, `${pad(2)}script_name: ${plainOrQuoted(draft.script_name)}`, `${pad(2)}step_name: ${plainOrQuoted(draft.step_name)}`];
  for (const field of ['input_paths', 'output_paths', 'environ_vars', 'job_args'] as const) {
    const entries = Object.entries(draft[field]);
    if (entries.length === 0) {
      lines.push(`${pad(2)}${field}: {}`);
      continue;
    }
    lines.push(`${pad(2)}${field}:`);
    for (const [k, v] of entries) lines.push(`${pad(4)}${plainOrQuoted(k)}: ${v === '' ? '""' : field === 'environ_vars' ? JSON.stringify(v) : plainOrQuoted(v)}`);
  }
  // At the end of the last entry's line (before a CRLF's \r too: the new lines go before the whole line break).
  const insertAt = lineEnd(text, last.span.end);
  return { span: { start: insertAt, end: insertAt }, newText: `\n${lines.join('\n')}` };
}
