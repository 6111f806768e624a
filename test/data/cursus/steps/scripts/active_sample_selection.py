"""Stand-in for Cursus's active_sample_selection.py (ActiveSampleSelection): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['evaluation_data'] = input_paths['evaluation_data']
    seen['selected_samples'] = output_paths['selected_samples']
    seen['selection_metadata'] = output_paths['selection_metadata']
    seen['CONFIDENCE_THRESHOLD'] = environ_vars.get('CONFIDENCE_THRESHOLD', '0.9')
    seen['UNCERTAINTY_MODE'] = environ_vars.get('UNCERTAINTY_MODE', 'margin')
    seen['MAX_SAMPLES'] = environ_vars.get('MAX_SAMPLES', '0')
    seen['SELECTION_STRATEGY'] = environ_vars.get('SELECTION_STRATEGY', 'confidence_threshold')
    seen['USE_CASE'] = environ_vars.get('USE_CASE', 'auto')
    seen['ID_FIELD'] = environ_vars.get('ID_FIELD', 'id')
    seen['BATCH_SIZE'] = environ_vars.get('BATCH_SIZE', '32')
    seen['OUTPUT_FORMAT'] = environ_vars.get('OUTPUT_FORMAT', 'csv')
    seen['K_PER_CLASS'] = environ_vars.get('K_PER_CLASS', '100')
    seen['METRIC'] = environ_vars.get('METRIC', 'euclidean')
    seen['RANDOM_SEED'] = environ_vars.get('RANDOM_SEED', '42')
    seen['SCORE_FIELD'] = environ_vars.get('SCORE_FIELD', '')
    seen['SCORE_FIELD_PREFIX'] = environ_vars.get('SCORE_FIELD_PREFIX', 'prob_class_')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
