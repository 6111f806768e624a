"""Stand-in for Cursus's xgboost_model_eval.py (XGBoostModelEval): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['model_input'] = input_paths['model_input']
    seen['processed_data'] = input_paths['processed_data']
    seen['eval_output'] = output_paths['eval_output']
    seen['metrics_output'] = output_paths['metrics_output']
    seen['COMPARISON_MODE'] = environ_vars.get('COMPARISON_MODE', 'false')
    seen['PREVIOUS_SCORE_FIELD'] = environ_vars.get('PREVIOUS_SCORE_FIELD', '')
    seen['STATISTICAL_TESTS'] = environ_vars.get('STATISTICAL_TESTS', 'true')
    seen['ID_FIELD'] = environ_vars.get('ID_FIELD', 'id')
    seen['LABEL_FIELD'] = environ_vars.get('LABEL_FIELD', 'label')
    seen['COMPARISON_METRICS'] = environ_vars.get('COMPARISON_METRICS', 'all')
    seen['COMPARISON_PLOTS'] = environ_vars.get('COMPARISON_PLOTS', 'true')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
