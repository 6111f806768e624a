/** C200: the script a spec names cannot be found. */
import { didYouMean, renameFixes, suggest } from '../suggest.js';
import { requote } from '../syntax/quote.js';
import { specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const scriptNotFound: Rule = {
  meta: {
    code: 'C200',
    name: 'script-not-found',
    severity: 'error',
    fixable: true,
    reads: ['script'],
    scope: 'spec',
    docs: {
      summary: 'No script file matches the spec\'s `script_name` (or its `script_path` does not exist).',
      why: 'Cursus cannot import a script it cannot find, so the test fails before it starts. Not reported when the project has no scripts at all (configure `scripts` in that case).',
      bad: 'script_name: tabular_preprocesing\nstep_name: preprocessing\n',
      good: 'script_name: tabular_preprocessing\nstep_name: preprocessing\n',
    },
  },
  check(ctx) {
    for (const { spec } of specsOf(ctx)) {
      const r = ctx.resolve(spec);
      if (r.missingScriptPath !== undefined && spec.scriptPath) {
        ctx.report({ span: spec.scriptPath.span, message: `script_path '${r.missingScriptPath}' does not exist (paths resolve against the project root). Fix the path, or remove script_path to find the script by its name.` });
        continue;
      }
      const name = spec.scriptName;
      if (!name || r.script || spec.provided || !ctx.project.hasScripts) continue;
      const original = ctx.file.text.slice(name.span.start, name.span.end);
      if (name.name.endsWith('.py') && ctx.project.scriptNamed(name.name.slice(0, -3))) {
        const bare = name.name.slice(0, -3);
        ctx.report({
          span: name.span,
          message: `script_name is written without '.py': use '${bare}'.`,
          fixes: [{ title: `Change to '${bare}'`, safe: true, edits: [{ span: name.span, newText: requote(original, bare) }] }],
        });
        continue;
      }
      const suggestions = suggest(name.name, ctx.project.scriptNames());
      ctx.report({
        span: name.span,
        message: `No script '${name.name}.py' in the project's script folders.${didYouMean(suggestions)}${suggestions.length ? '' : ' Check the name, add script_path, or configure `scripts` in the cursus-lsp settings.'}`,
        fixes: renameFixes(name.span, suggestions, (n) => requote(original, n)),
      });
    }
  },
};
