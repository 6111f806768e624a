/** `cursus-lint explain CODE`: a rule's documentation, printed from its meta object. */
import { findRule, rules } from '../engine/index.js';
import { UsageError } from './errors.js';

export function explain(codeOrName: string | undefined): string {
  if (!codeOrName) return listRules();
  const rule = findRule(codeOrName);
  if (!rule) throw new UsageError(`Unknown rule '${codeOrName}'. Run 'cursus-lint explain' for the list of rules.`);
  const m = rule.meta;
  const indent = (s: string) => s.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
  return [
    `${m.code} ${m.name} (default severity: ${m.severity}${m.fixable ? ', fixable' : ''})`,
    '',
    m.docs.summary,
    '',
    `Why: ${m.docs.why}`,
    '',
    'Bad:',
    indent(m.docs.bad),
    '',
    'Good:',
    indent(m.docs.good),
    '',
  ].join('\n');
}

function listRules(): string {
  return rules.map((r) => `${r.meta.code}  ${r.meta.name.padEnd(32)} ${r.meta.severity.padEnd(8)} ${r.meta.docs.summary}`).join('\n') + '\n';
}
