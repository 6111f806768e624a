"""Stand-in for Cursus's package.py (Package): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['model_input'] = input_paths['model_input']
    seen['inference_scripts_input'] = input_paths.get('inference_scripts_input')
    seen['calibration_model'] = input_paths.get('calibration_model')
    seen['packaged_model'] = output_paths['packaged_model']
    seen['WORKING_DIRECTORY'] = environ_vars.get('WORKING_DIRECTORY', '/tmp/mims_packaging_directory')
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
