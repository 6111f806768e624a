/** C201: no contract declares the spec's script as its entry point. */
import { specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const contractNotFound: Rule = {
  meta: {
    code: 'C201',
    name: 'contract-not-found',
    severity: 'warning',
    fixable: false,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: 'No contract has `entry_point` equal to the spec\'s script (`<script_name>.py`).',
      why: 'Without a contract the logical names, env vars and arguments of the spec cannot be checked. Not reported when the project has no contracts at all, nor when the script itself is missing (C200 says so, and fixing it fixes both).',
      bad: '# contracts declare entry_point="tabular_preprocessing.py" only\nscript_name: tabular_prep\nstep_name: preprocessing\n',
      good: 'script_name: tabular_preprocessing\nstep_name: preprocessing\n',
    },
  },
  check(ctx) {
    const unread = ctx.project.index.unread ?? [];
    if (!ctx.project.hasContracts && !unread.length) return;
    const note = unread.length
      ? ` ${unread.length === 1 ? 'One contract file was' : `${unread.length} contract files were`} not read and may hold it: ${unread
          .slice(0, 3)
          .map((u) => `${u.path} (${u.why})`)
          .join(', ')}${unread.length > 3 ? ', ...' : ''}.`
      : '';
    for (const { spec } of specsOf(ctx)) {
      const name = spec.scriptName;
      const r = ctx.resolve(spec);
      if (!name || spec.provided || r.contract) continue;
      // One finding per fault: when the script itself is missing (C200), the missing contract follows from it.
      if (r.missingScriptPath !== undefined || (!r.script && ctx.project.hasScripts)) continue;
      ctx.report({
        span: name.span,
        message: `No contract has entry_point '${name.name}.py', so its paths, env vars and arguments are not checked. Add a contract for it, or fix script_name.${note}`,
      });
    }
  },
};
