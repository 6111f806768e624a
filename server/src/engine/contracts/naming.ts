/**
 * Cursus 2.9's names: a step type to its `.step.yaml` file stem (`steps/interfaces/__init__.py`), and the registry
 * names that are not interfaces. Kept apart from the readers so the resolver and the rules share one spelling.
 */

/** Registry rows that have no `.step.yaml` (`registry/step_names_base.py`). */
export const NON_INTERFACE_STEP_TYPES = ['Base', 'Processing', 'HyperparameterPrep'] as const;

/** Legacy step names the dependency resolver still accepts for the current ones (CURSUS-TODAY section 4). */
export const LEGACY_STEP_ALIASES: Readonly<Record<string, string>> = {
  MIMSPackaging: 'Package',
  MIMSPayload: 'Payload',
  ModelRegistration: 'Registration',
  PytorchTraining: 'PyTorchTraining',
  PytorchModel: 'PyTorchModel',
};

/** Node-name suffixes that name a job type (`step_catalog/naming.py`). */
export const JOB_TYPE_SUFFIXES = ['training', 'validation', 'testing', 'calibration', 'inference', 'evaluation', 'batch', 'export', 'scoring'] as const;

/** Step 1 and 2 of Cursus's name -> file rule: `XGBoostModelEval` -> `xgboost_model_eval`. */
export function interfaceStem(stepType: string): string {
  const s = stepType.replace(/PyTorch/g, 'Pytorch').replace(/XGBoost/g, 'Xgboost').replace(/LightGBMMT/g, 'Lightgbmmt').replace(/LightGBM/g, 'Lightgbm');
  return s.replace(/(?!^)([A-Z])/g, '_$1').toLowerCase();
}

/**
 * The step type a file stem stands for under step 1 and 2 (`xgboost_model_eval` -> `XGBoostModelEval`): the name
 * whose interfaceStem is the stem, with the registry's spelling of PyTorch, XGBoost, LightGBM and LightGBMMT.
 */
export function stepTypeOfStem(stem: string): string {
  const pascal = stem
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
  return pascal.replace(/Pytorch/g, 'PyTorch').replace(/Xgboost/g, 'XGBoost').replace(/Lightgbmmt/g, 'LightGBMMT').replace(/Lightgbm/g, 'LightGBM');
}

/** Step 3's key: lowercase, alphanumerics only (`GraphStormGNNTraining` -> `graphstormgnntraining`). */
export function alnumKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The file stem of a `.step.yaml` path. */
export function interfaceFileStem(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.step\.ya?ml$/i, '');
}
