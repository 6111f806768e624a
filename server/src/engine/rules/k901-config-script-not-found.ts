/** K901: an entry-point field of a pipeline configuration naming a script that is not in the project. */
import { posix } from 'node:path';
import { configScript } from '../model/pipeline-config.js';
import { didYouMean, suggest } from '../suggest.js';
import type { Rule } from './rule.js';

export const configScriptNotFound: Rule = {
  meta: {
    code: 'K901',
    name: 'config-script-not-found',
    severity: 'warning',
    fixable: false,
    docs: {
      summary: "An entry-point field of a pipeline configuration (`training_entry_point`, `inference_entry_point`, `entry_point`, `processing_entry_point`) whose script is not in the project.",
      why: "Cursus joins the entry point to the node's source folder and runs that file; when it is missing the step fails at run time. The file is looked for at the joined path, at any tail of it below the project root (the folder may be an absolute path from another machine), then by name among the project's scripts. Not reported when the project has no scripts at all.",
      bad: '"configuration": {"specific": {"Package": {"processing_source_dir": "scripts", "processing_entry_point": "pakage.py"}}}\n',
      good: '"configuration": {"specific": {"Package": {"processing_source_dir": "scripts", "processing_entry_point": "package.py"}}}\n',
    },
  },
  check(ctx) {
    const model = ctx.file.model;
    if (model.kind !== 'pipeline-config' || !ctx.project.hasScripts) return;
    const exists = ctx.project.index.exists;
    for (const c of model.config.entries) {
      const s = configScript(c);
      if (!s || !s.span) continue;
      const joined = posix.normalize(s.path.replace(/\\/g, '/'));
      const parts = joined.split('/').filter(Boolean);
      const tails = parts.map((_, i) => parts.slice(i).join('/'));
      const onDisk = exists ? tails.some((t) => exists.call(ctx.project.index, t)) || (joined.startsWith('/') && exists.call(ctx.project.index, joined)) : false;
      const name = posix.basename(s.entryPoint).replace(/\.py$/, '');
      if (onDisk || ctx.project.scriptNamed(name)) continue;
      ctx.report({
        span: s.span,
        message: `Node '${c.name}': ${s.field} '${s.entryPoint}' is not in the project (looked for ${joined}, its tails below the project root, and a script named ${name}.py).${didYouMean(suggest(name, ctx.project.scriptNames()))} Fix the name or the source folder, or add the script.`,
      });
    }
  },
};
