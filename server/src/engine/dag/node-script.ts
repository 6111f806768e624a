/** From a DAG node name to the script it runs: strip the job-type suffix, then PascalCase to snake_case. */

const JOB_TYPE_SUFFIXES = ['_training', '_validation', '_testing', '_calibration', '_evaluation', '_inference', '_registration'];

/** Compound terms kept whole: `XGBoostModelEval` is xgboost_model_eval, not x_g_boost_model_eval. */
const COMPOUNDS = ['XGBoost', 'PyTorch', 'MLFlow', 'TensorFlow', 'SageMaker', 'AutoML'];

export function stripJobType(node: string): string {
  for (const suffix of JOB_TYPE_SUFFIXES) {
    if (node.toLowerCase().endsWith(suffix) && node.length > suffix.length) return node.slice(0, -suffix.length);
  }
  return node;
}

export function toSnakeCase(name: string): string {
  let s = name;
  for (const c of COMPOUNDS) s = s.split(c).join(c[0] + c.slice(1).toLowerCase());
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .replace(/_+/g, '_')
    .toLowerCase();
}

/** The script name Cursus derives for a node (`TabularPreprocessing_training` -> `tabular_preprocessing`). */
export function scriptNameForNode(node: string): string {
  return toSnakeCase(stripJobType(node));
}
