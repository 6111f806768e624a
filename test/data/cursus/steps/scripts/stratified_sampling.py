"""Stand-in for Cursus's stratified_sampling.py (StratifiedSampling): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['input_data'] = input_paths['input_data']
    seen['processed_data'] = output_paths['processed_data']
    seen['STRATA_COLUMN'] = environ_vars['STRATA_COLUMN']
    seen['SAMPLING_STRATEGY'] = environ_vars.get('SAMPLING_STRATEGY', 'balanced')
    seen['TARGET_SAMPLE_SIZE'] = environ_vars.get('TARGET_SAMPLE_SIZE', '1000')
    seen['VAL_TARGET_SAMPLE_SIZE'] = environ_vars.get('VAL_TARGET_SAMPLE_SIZE', '0')
    seen['MIN_SAMPLES_PER_STRATUM'] = environ_vars.get('MIN_SAMPLES_PER_STRATUM', '10')
    seen['VARIANCE_COLUMN'] = environ_vars.get('VARIANCE_COLUMN', '')
    seen['RANDOM_STATE'] = environ_vars.get('RANDOM_STATE', '42')
    seen['SAMPLING_MULTIPLIER'] = environ_vars.get('SAMPLING_MULTIPLIER', '1.0')
    seen['ALLOW_REPLACEMENT'] = environ_vars.get('ALLOW_REPLACEMENT', 'false')
    seen['REFERENCE_COUNTS_JSON'] = environ_vars.get('REFERENCE_COUNTS_JSON', '')
    seen['SAMPLING_FILTER_COLUMN'] = environ_vars.get('SAMPLING_FILTER_COLUMN', '')
    seen['SAMPLING_FILTER_VALUE'] = environ_vars.get('SAMPLING_FILTER_VALUE', '')
    seen['ID_COLUMN'] = environ_vars.get('ID_COLUMN', 'order_id')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
