"""Stand-in for Cursus's risk_table_mapping.py (RiskTableMapping): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['input_data'] = input_paths['input_data']
    seen['hyperparameters_s3_uri'] = input_paths.get('hyperparameters_s3_uri')
    seen['model_artifacts_input'] = input_paths.get('model_artifacts_input')
    seen['processed_data'] = output_paths['processed_data']
    seen['model_artifacts_output'] = output_paths['model_artifacts_output']
    seen['SMOOTH_FACTOR'] = environ_vars.get('SMOOTH_FACTOR', '0.01')
    seen['COUNT_THRESHOLD'] = environ_vars.get('COUNT_THRESHOLD', '5')
    seen['MAX_UNIQUE_THRESHOLD'] = environ_vars.get('MAX_UNIQUE_THRESHOLD', '100')
    seen['ENABLE_TRUE_STREAMING'] = environ_vars.get('ENABLE_TRUE_STREAMING', 'false')
    seen['MAX_WORKERS'] = environ_vars.get('MAX_WORKERS', '0')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
