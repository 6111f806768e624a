"""Stand-in for Cursus's lightgbm_training.py (LightGBMTraining): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['input_path'] = input_paths['input_path']
    seen['hyperparameters_s3_uri'] = input_paths.get('hyperparameters_s3_uri')
    seen['model_artifacts_input'] = input_paths.get('model_artifacts_input')
    seen['model_output'] = output_paths['model_output']
    seen['evaluation_output'] = output_paths['evaluation_output']
    seen['USE_SECURE_PYPI'] = environ_vars.get('USE_SECURE_PYPI', 'true')
    seen['USE_PRECOMPUTED_IMPUTATION'] = environ_vars.get('USE_PRECOMPUTED_IMPUTATION', 'false')
    seen['USE_PRECOMPUTED_RISK_TABLES'] = environ_vars.get('USE_PRECOMPUTED_RISK_TABLES', 'false')
    seen['USE_PRECOMPUTED_FEATURES'] = environ_vars.get('USE_PRECOMPUTED_FEATURES', 'false')
    seen['USE_NATIVE_CATEGORICAL'] = environ_vars.get('USE_NATIVE_CATEGORICAL', 'true')
    seen['REGION'] = environ_vars.get('REGION', 'NA')
    seen['CA_REPOSITORY_ARN'] = environ_vars.get('CA_REPOSITORY_ARN', 'arn:aws:codeartifact:us-west-2:222222222222:repository/amazon/secure-pypi')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
