/** K902: a configuration's `__model_type__` that disagrees with `metadata.config_types`. */
import type { Rule } from './rule.js';

export const configModelTypeMismatch: Rule = {
  meta: {
    code: 'K902',
    name: 'config-model-type-mismatch',
    severity: 'warning',
    fixable: true,
    docs: {
      summary: "A node's `__model_type__` in `configuration.specific` that differs from its class in `metadata.config_types`, or a `config_types` entry with no configuration.",
      why: 'Cursus builds each configuration from `__model_type__` first and falls back to `config_types`; when the two disagree, the file was edited by hand and one of them describes a step that is not the one built. The fix writes the `config_types` class into `__model_type__`.',
      bad: '{"metadata": {"config_types": {"Package": "PackageConfig"}}, "configuration": {"specific": {"Package": {"__model_type__": "PayloadConfig"}}}}\n',
      good: '{"metadata": {"config_types": {"Package": "PackageConfig"}}, "configuration": {"specific": {"Package": {"__model_type__": "PackageConfig"}}}}\n',
    },
  },
  check(ctx) {
    const model = ctx.file.model;
    if (model.kind !== 'pipeline-config') return;
    for (const c of model.config.entries) {
      if (!c.modelType || !c.configType || c.modelType.value === c.configType.value) continue;
      ctx.report({
        span: c.modelType.span,
        message: `Node '${c.name}': __model_type__ is '${c.modelType.value}' but metadata.config_types says '${c.configType.value}'. Cursus builds the configuration as ${c.modelType.value}; make the two agree.`,
        fixes: [{ title: `Set __model_type__ to '${c.configType.value}'`, safe: false, edits: [{ span: c.modelType.span, newText: JSON.stringify(c.configType.value) }] }],
      });
    }
    for (const t of model.config.typedOnly) {
      ctx.report({ span: t.span, message: `metadata.config_types names '${t.name}' but configuration.specific has no entry for it. Remove it, or add the configuration.` });
    }
  },
};
