/** C211: a SageMaker container path (`/opt/ml/...`) in a spec meant for local runs. */
import { isContainerPath, localPathFor, specsOf, workspaceRootOf } from './helpers.js';
import { plainOrQuoted } from '../syntax/quote.js';
import type { Rule } from './rule.js';

export const containerPathInLocalSpec: Rule = {
  meta: {
    code: 'C211',
    name: 'container-path-in-local-spec',
    severity: 'warning',
    fixable: true,
    reads: ['inputs', 'outputs'],
    scope: 'spec',
    docs: {
      summary: 'An input or output path under `/opt/ml/`, the SageMaker container layout.',
      why: 'Local runs have no `/opt/ml`: inputs are missing and outputs land in a root-owned folder or fail. The fix maps the path to a local test path under the test workspace.',
      bad: 'input_paths:\n  DATA: /opt/ml/processing/input/data\n',
      good: 'input_paths:\n  DATA: test/integration/runtime/tabular_preprocessing/input/data\n',
    },
  },
  check(ctx) {
    const root = workspaceRootOf(ctx);
    for (const { spec } of specsOf(ctx)) {
      const script = spec.scriptName?.name ?? '';
      for (const [paths, direction] of [[spec.inputs, 'input'], [spec.outputs, 'output']] as const) {
        for (const p of paths) {
          if (!p.path || !isContainerPath(p.path.value)) continue;
          const local = localPathFor(p.path.value, script, root, p.key.name, direction);
          const original = ctx.file.text.slice(p.path.span.start, p.path.span.end);
          const newText = ctx.file.language === 'json' || original.startsWith('"') ? JSON.stringify(local) : plainOrQuoted(local);
          ctx.report({
            span: p.path.span,
            message: `'${p.path.value}' is a SageMaker container path; local runs need a path in the project, such as '${local}'.`,
            fixes: [{ title: `Use the local test path '${local}'`, safe: false, edits: [{ span: p.path.span, newText }] }],
          });
        }
      }
    }
  },
};
