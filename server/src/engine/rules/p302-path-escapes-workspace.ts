/** P302: a path that resolves outside the project root. */
import { posix } from 'node:path';
import { isContainerPath, normalisePath, specsOf } from './helpers.js';
import type { Rule } from './rule.js';

export const pathEscapesWorkspace: Rule = {
  meta: {
    code: 'P302',
    name: 'path-escapes-workspace',
    severity: 'warning',
    fixable: false,
    reads: ['inputs', 'outputs'],
    scope: 'spec',
    docs: {
      summary: 'An input or output path that leads outside the project root (`../..`, an absolute path elsewhere, or an output folder reached through a symbolic link to elsewhere).',
      why: 'Specs are shared: a path outside the repository exists on one machine only, and the runner refuses to write outside the project root.',
      bad: 'output_paths:\n  model_output: ../../tmp/model\n',
      good: 'output_paths:\n  model_output: test/integration/runtime/xgboost_training/model\n',
    },
  },
  check(ctx) {
    const root = ctx.project.index.root?.replace(/\\/g, '/').replace(/\/$/, '');
    for (const { spec } of specsOf(ctx)) {
      for (const [paths, what] of [[spec.inputs, 'Input'], [spec.outputs, 'Output']] as const) {
        for (const p of paths) {
          if (!p.path || isContainerPath(p.path.value)) continue;
          const n = normalisePath(p.path.value);
          const absolute = posix.isAbsolute(n) || /^[A-Za-z]:\//.test(n);
          const escapes = absolute ? root !== undefined && n !== root && !n.startsWith(`${root}/`) : n === '..' || n.startsWith('../');
          if (!escapes) {
            // Inside as written, but an output folder reached through a link to elsewhere is written elsewhere.
            const target = what === 'Output' ? ctx.project.index.linkEscape?.(p.path.value) : undefined;
            if (target) ctx.report({ span: p.path.span, message: `Output '${p.key.name}' path '${p.path.value}' leads outside the project root through a symbolic link (to ${target}); the runner will not write there. Use a folder inside the project, or replace the link with a real folder.` });
            continue;
          }
          ctx.report({ span: p.path.span, message: `${what} '${p.key.name}' path '${p.path.value}' is outside the project root. Use a path inside the project so the spec works on every machine${what === 'Output' ? ' (the runner will not write outside it)' : ''}.` });
        }
      }
    }
  },
};
