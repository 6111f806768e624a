"""Stand-in for Cursus's tabular_preprocessing.py (TabularPreprocessing): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['DATA'] = input_paths['DATA']
    seen['DATA_SECONDARY'] = input_paths.get('DATA_SECONDARY')
    seen['SIGNATURE'] = input_paths.get('SIGNATURE')
    seen['processed_data'] = output_paths['processed_data']
    seen['LABEL_FIELD'] = environ_vars.get('LABEL_FIELD', '')
    seen['OUTPUT_FORMAT'] = environ_vars.get('OUTPUT_FORMAT', 'CSV')
    seen['MAX_WORKERS'] = environ_vars.get('MAX_WORKERS', '0')
    seen['BATCH_SIZE'] = environ_vars.get('BATCH_SIZE', '5')
    seen['OPTIMIZE_MEMORY'] = environ_vars.get('OPTIMIZE_MEMORY', 'true')
    seen['STREAMING_BATCH_SIZE'] = environ_vars.get('STREAMING_BATCH_SIZE', '0')
    seen['ENABLE_TRUE_STREAMING'] = environ_vars.get('ENABLE_TRUE_STREAMING', 'false')
    seen['TRAIN_RATIO'] = environ_vars.get('TRAIN_RATIO', '0.7')
    seen['TEST_VAL_RATIO'] = environ_vars.get('TEST_VAL_RATIO', '0.5')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
