/** X605: the contract's framework_requirements are not met by the chosen interpreter. */
import { describeInterpreter, normalizeDistribution } from '../python/environment.js';
import { missingModules, unmetRequirements } from './deps-helpers.js';
import { resolvedScripts } from './script-helpers.js';
import type { Rule } from './rule.js';

export const frameworkRequirementUnmet: Rule = {
  meta: {
    code: 'X605',
    name: 'framework-requirement-unmet',
    severity: 'warning',
    fixable: false,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: "A distribution in the contract's `framework_requirements` is not installed in the chosen interpreter at a version its PEP 440 specifier allows.",
      why:
        "The contract (a Python `ScriptContract` or a `.step.yaml` step interface) says which framework versions the script was written for; a local run on other versions may pass or fail for reasons that will not hold in the pipeline. Specifiers are evaluated as PEP 440 (`==1.7.6`, `>=1.2,<2`, `~=1.4`); a bare version means `==`. A requirement that the script imports and that is missing altogether is reported once, as X604.",
      bad: "framework_requirements={'pandas': '>=1.2.0,<2.0.0'}  # the interpreter has pandas 2.2.1\n",
      good: "pip install 'pandas>=1.2.0,<2.0.0'   # or update the contract to the versions you test with\n",
    },
  },
  check(ctx) {
    const facts = ctx.project.index.python;
    if (!facts) return;
    for (const { spec, file, info } of resolvedScripts(ctx)) {
      const contract = ctx.resolve(spec).contract;
      if (!contract?.frameworkRequirements?.length) continue;
      const x604 = new Set(missingModules(file, info, ctx.project.index, contract, facts).map((m) => normalizeDistribution(m.distribution)));
      for (const u of unmetRequirements(contract, facts)) {
        if (u.installed === undefined && !u.invalid && x604.has(normalizeDistribution(u.entry.name))) continue;
        const where = `The contract ${contract.name} (${contract.file}:${u.entry.at.line + 1})`;
        const message = u.invalid
          ? `${where} requires ${u.entry.name} '${u.specifier}', which is not a PEP 440 specifier (write e.g. '>=1.2,<2' or '==1.7.6').`
          : u.installed === undefined
            ? `${where} requires ${u.entry.name}${u.specifier}, which ${describeInterpreter(facts)} does not have. Install it: pip install '${u.entry.name}${u.specifier}'.`
            : `${where} requires ${u.entry.name}${u.specifier}; ${describeInterpreter(facts)} has ${u.installed}. Install a matching version (pip install '${u.entry.name}${u.specifier}') or update the requirement to the version you test with.`;
        ctx.report({
          span: spec.scriptName!.span,
          message,
          related: contract.file ? [{ file: contract.file, span: { start: 0, end: 0 }, range: { start: u.entry.at, end: { line: u.entry.at.line, character: u.entry.at.character + u.entry.name.length } }, message: `${u.entry.name}: ${u.specifier || 'any version'}` }] : undefined,
        });
      }
    }
  },
};
