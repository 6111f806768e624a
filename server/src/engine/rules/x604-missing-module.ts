/** X604: the script imports a module the chosen interpreter cannot import. */
import { describeInterpreter, normalizeDistribution, pipInstall } from '../python/environment.js';
import { missingModules } from './deps-helpers.js';
import { inScript, resolvedScripts } from './script-helpers.js';
import type { Rule } from './rule.js';

export const missingModule: Rule = {
  meta: {
    code: 'X604',
    name: 'missing-module',
    severity: 'error',
    fixable: false,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: 'The script imports a module that the chosen Python interpreter cannot import.',
      why:
        "The run would stop at the import with ModuleNotFoundError before `main` is called. The imports are read statically (an import inside `try: ... except ImportError:` is optional and not reported; the script's own folder, the project root and `src/` are the project's modules) and checked against what the interpreter has (`--python`, the `python` setting, `CURSUS_PYTHON`, an active virtualenv, `.venv/`, then `python3`). The message names the distribution to install (`sklearn` is `scikit-learn`), with the contract's `framework_requirements` specifier when it gives one. In the editor, a code action installs it into the project's virtualenv (never into a system interpreter).",
      bad: 'import sklearn  # not installed in the interpreter the run uses\n',
      good: "# pip install scikit-learn (or add it to the project's virtualenv)\nimport sklearn\n",
    },
  },
  check(ctx) {
    const facts = ctx.project.index.python;
    if (!facts) return;
    for (const { spec, file, info } of resolvedScripts(ctx)) {
      const missing = missingModules(file, info, ctx.project.index, ctx.resolve(spec).contract, facts);
      for (const m of missing) {
        const ref = m.dependency.ref;
        const dist = m.distribution === ref.top ? `'${m.distribution}'` : `'${m.distribution}' (it provides '${ref.top}')`;
        ctx.report({
          span: spec.scriptName!.span,
          message: `Script ${file.path} imports '${ref.module}' (line ${ref.at.line + 1}${ref.nested ? ', inside a function' : ''}), which ${describeInterpreter(facts)} cannot import. Install the distribution ${dist}: ${pipInstall([m.distribution], new Map(m.specifier ? [[normalizeDistribution(m.distribution), m.specifier]] : []))}${facts.inVenv ? '' : ' (into a virtualenv for this project; this interpreter is not one)'}.`,
          related: [inScript(file, ref.at, ref.module.length, `'${ref.top}' is not installed`)],
        });
      }
    }
  },
};
