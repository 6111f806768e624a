"""Stand-in for Cursus's model_calibration.py (ModelCalibration): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['evaluation_data'] = input_paths['evaluation_data']
    seen['calibration_output'] = output_paths['calibration_output']
    seen['metrics_output'] = output_paths['metrics_output']
    seen['calibrated_data'] = output_paths['calibrated_data']
    seen['SCORE_FIELD'] = environ_vars.get('SCORE_FIELD', 'prob_class_1')
    seen['SCORE_FIELDS'] = environ_vars.get('SCORE_FIELDS', '')
    seen['TASK_LABEL_NAMES'] = environ_vars.get('TASK_LABEL_NAMES', '')
    seen['MONOTONIC_CONSTRAINT'] = environ_vars.get('MONOTONIC_CONSTRAINT', 'True')
    seen['GAM_SPLINES'] = environ_vars.get('GAM_SPLINES', '10')
    seen['ERROR_THRESHOLD'] = environ_vars.get('ERROR_THRESHOLD', '0.05')
    seen['NUM_CLASSES'] = environ_vars.get('NUM_CLASSES', '2')
    seen['SCORE_FIELD_PREFIX'] = environ_vars.get('SCORE_FIELD_PREFIX', 'prob_class_')
    seen['MULTICLASS_CATEGORIES'] = environ_vars.get('MULTICLASS_CATEGORIES', '')
    seen['CALIBRATION_SAMPLE_POINTS'] = environ_vars.get('CALIBRATION_SAMPLE_POINTS', '1000')
    seen['CALIBRATION_METHOD'] = environ_vars.get('CALIBRATION_METHOD', 'gam')
    seen['IS_BINARY'] = environ_vars.get('IS_BINARY', 'True')
    seen['LABEL_FIELD'] = environ_vars.get('LABEL_FIELD', 'label')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
