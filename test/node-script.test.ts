/** Node names to script names, as DESIGN section 4 says Cursus derives them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scriptNameForNode } from '../server/src/engine/dag/node-script.js';

const table: [string, string][] = [
  ['TabularPreprocessing_training', 'tabular_preprocessing'],
  ['CradleDataLoading_calibration', 'cradle_data_loading'],
  ['XGBoostModelEval', 'xgboost_model_eval'],
  ['XGBoostModelEval_calibration', 'xgboost_model_eval'],
  ['PyTorchTraining', 'pytorch_training'],
  ['XGBoostTraining', 'xgboost_training'],
  ['MLFlowRegistration', 'mlflow_registration'],
  ['TensorFlowServing_inference', 'tensorflow_serving'],
  ['SageMakerPackaging', 'sagemaker_packaging'],
  ['AutoMLSearch_validation', 'automl_search'],
  ['Package', 'package'],
  ['Registration_registration', 'registration'],
  ['ModelCalibration_evaluation', 'model_calibration'],
  ['LightGBMTraining', 'light_gbm_training'],
];

for (const [node, script] of table) test(`${node} -> ${script}`, () => assert.equal(scriptNameForNode(node), script));
