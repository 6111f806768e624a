"""Stand-in for Cursus's feature_selection.py (FeatureSelection): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['input_data'] = input_paths['input_data']
    seen['model_artifacts_input'] = input_paths.get('model_artifacts_input')
    seen['processed_data'] = output_paths['processed_data']
    seen['model_artifacts_output'] = output_paths['model_artifacts_output']
    seen['LABEL_FIELD'] = environ_vars['LABEL_FIELD']
    seen['FEATURE_SELECTION_METHODS'] = environ_vars.get('FEATURE_SELECTION_METHODS', 'variance,correlation,mutual_info,rfe')
    seen['N_FEATURES_TO_SELECT'] = environ_vars.get('N_FEATURES_TO_SELECT', '10')
    seen['CORRELATION_THRESHOLD'] = environ_vars.get('CORRELATION_THRESHOLD', '0.95')
    seen['VARIANCE_THRESHOLD'] = environ_vars.get('VARIANCE_THRESHOLD', '0.01')
    seen['RANDOM_STATE'] = environ_vars.get('RANDOM_STATE', '42')
    seen['COMBINATION_STRATEGY'] = environ_vars.get('COMBINATION_STRATEGY', 'voting')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
