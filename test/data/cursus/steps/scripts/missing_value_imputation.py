"""Stand-in for Cursus's missing_value_imputation.py (MissingValueImputation): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['input_data'] = input_paths['input_data']
    seen['model_artifacts_input'] = input_paths.get('model_artifacts_input')
    seen['processed_data'] = output_paths['processed_data']
    seen['model_artifacts_output'] = output_paths['model_artifacts_output']
    seen['DEFAULT_NUMERICAL_STRATEGY'] = environ_vars.get('DEFAULT_NUMERICAL_STRATEGY', 'mean')
    seen['DEFAULT_CATEGORICAL_STRATEGY'] = environ_vars.get('DEFAULT_CATEGORICAL_STRATEGY', 'mode')
    seen['LABEL_FIELD'] = environ_vars.get('LABEL_FIELD', 'target')
    seen['DEFAULT_TEXT_STRATEGY'] = environ_vars.get('DEFAULT_TEXT_STRATEGY', 'mode')
    seen['NUMERICAL_CONSTANT_VALUE'] = environ_vars.get('NUMERICAL_CONSTANT_VALUE', '0')
    seen['CATEGORICAL_CONSTANT_VALUE'] = environ_vars.get('CATEGORICAL_CONSTANT_VALUE', 'Unknown')
    seen['TEXT_CONSTANT_VALUE'] = environ_vars.get('TEXT_CONSTANT_VALUE', 'Unknown')
    seen['CATEGORICAL_PRESERVE_DTYPE'] = environ_vars.get('CATEGORICAL_PRESERVE_DTYPE', 'true')
    seen['AUTO_DETECT_CATEGORICAL'] = environ_vars.get('AUTO_DETECT_CATEGORICAL', 'true')
    seen['CATEGORICAL_UNIQUE_RATIO_THRESHOLD'] = environ_vars.get('CATEGORICAL_UNIQUE_RATIO_THRESHOLD', '0.1')
    seen['VALIDATE_FILL_VALUES'] = environ_vars.get('VALIDATE_FILL_VALUES', 'true')
    seen['EXCLUDE_COLUMNS'] = environ_vars.get('EXCLUDE_COLUMNS', '')
    seen['ENABLE_TRUE_STREAMING'] = environ_vars.get('ENABLE_TRUE_STREAMING', 'false')
    seen['MAX_WORKERS'] = environ_vars.get('MAX_WORKERS', '0')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
