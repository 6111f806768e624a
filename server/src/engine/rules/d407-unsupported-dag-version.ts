/** D407: a DAG file written by a serializer version this tool does not read. */
import type { Rule } from './rule.js';

export const unsupportedDagVersion: Rule = {
  meta: {
    code: 'D407',
    name: 'unsupported-dag-version',
    severity: 'error',
    fixable: false,
    docs: {
      summary: "The DAG file's `version` has a major version other than 1.",
      why: 'Only format 1.x is known; reading another major version could silently misread nodes or edges.',
      bad: '{"version": "2.0", "dag": {"nodes": [], "edges": []}}\n',
      good: '{"version": "1.0", "dag": {"nodes": [], "edges": []}}\n',
    },
  },
  check(ctx) {
    const model = ctx.file.model;
    if (model.kind !== 'dag-file' || !model.version) return;
    const major = /^\s*v?(\d+)(\.|$)/.exec(model.version.value)?.[1];
    if (major === '1') return;
    const what = major === undefined ? `'${model.version.value}' is not a version number` : `version ${model.version.value} is not supported`;
    ctx.report({ span: model.version.span, message: `DAG format ${what}: cursus-lsp reads format 1.x. Write the file with a Cursus serializer of format 1, or correct the version.` });
  },
};
