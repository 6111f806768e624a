/** I804: `compute` fields that do not fit `compute.kind`: `sdk_class` required for framework/estimator/model and forbidden otherwise, `framework_version_field` required for sklearn/xgboost/framework/estimator/model, `framework_name` only and always for model, `kms_network` only for script, `image_uri_field` for byo_container, `network_mode: config` only for byo_container and estimator. Found by the shared step-interface checks (interface-checks.ts). */
import { reportInterfaceIssues } from './interface-rule.js';
import type { Rule } from './rule.js';

export const interfaceComputeKind: Rule = {
  meta: {
    code: 'I804',
    name: 'interface-compute-kind',
    severity: 'error',
    fixable: false,
    docs: {
      summary: '`compute` fields that do not fit `compute.kind`: `sdk_class` required for framework/estimator/model and forbidden otherwise, `framework_version_field` required for sklearn/xgboost/framework/estimator/model, `framework_name` only and always for model, `kms_network` only for script, `image_uri_field` for byo_container, `network_mode: config` only for byo_container and estimator.',
      why: 'Cursus\'s ComputeSpec validator refuses these combinations, so the step cannot be built.',
      bad: 'compute:\n  kind: estimator\n  framework_version_field: framework_version\n',
      good: 'compute:\n  kind: estimator\n  sdk_class: PyTorch\n  framework_version_field: framework_version\n',
    },
  },
  check(ctx) {
    reportInterfaceIssues(ctx, 'I804');
  },
};
