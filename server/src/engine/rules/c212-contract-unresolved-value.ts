/** C212: the spec's contract has values the static reader could not read, so some checks were skipped. */
import { SYNTAX_ERROR_REASON } from '../contracts/step-interface.js';
import { elsewhere, specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const contractUnresolvedValue: Rule = {
  meta: {
    code: 'C212',
    name: 'contract-unresolved-value',
    severity: 'info',
    fixable: false,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: "The script's contract uses values that cannot be read without running Python (imported names, comprehensions, `**` expansions).",
      why: 'Names in those fields are not checked rather than guessed. Load the contract by executing it (`cursus-lint contracts --execute`, or the editor command) to check them too.',
      bad: 'CONTRACT = ScriptContract(entry_point="train.py", expected_input_paths=COMMON_INPUTS)\n',
      good: 'CONTRACT = ScriptContract(entry_point="train.py", expected_input_paths={"input_path": "/opt/ml/input/data"})\n',
    },
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const { spec } of specsOf(ctx)) {
      const contract = ctx.resolve(spec).contract;
      if (!contract || contract.unresolved.length === 0 || !spec.scriptName) continue;
      // A step interface with a syntax error has its S100 on that file; executing Python would not read it either.
      if (contract.unresolved.some((u) => u.reason === SYNTAX_ERROR_REASON)) continue;
      const key = `${contract.file}#${contract.name}#${spec.scriptName.span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const fields = [...new Set(contract.unresolved.map((u) => u.field))];
      const first = contract.unresolved[0];
      ctx.report({
        span: spec.scriptName.span,
        message: `Contract ${contract.name} (${contract.file}:${contract.line}) has ${fields.join(', ')} that cannot be read statically (${first.reason}); names there are not checked. Run 'cursus-lint contracts --execute' to load it with Python.`,
        related: [elsewhere(contract.file, contract.nameAt, contract.name.length, `contract ${contract.name}`)],
      });
    }
  },
};
