"""Stand-in for Cursus's payload.py (Payload): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['model_input'] = input_paths['model_input']
    seen['custom_payload_input'] = input_paths.get('custom_payload_input')
    seen['payload_sample'] = output_paths['payload_sample']
    seen['CONTENT_TYPES'] = environ_vars.get('CONTENT_TYPES', 'application/json')
    seen['DEFAULT_NUMERIC_VALUE'] = environ_vars.get('DEFAULT_NUMERIC_VALUE', '0.0')
    seen['DEFAULT_TEXT_VALUE'] = environ_vars.get('DEFAULT_TEXT_VALUE', 'DEFAULT_TEXT')
    seen['FIELD_DEFAULTS'] = environ_vars.get('FIELD_DEFAULTS', '{}')
    seen['WORKING_DIRECTORY'] = environ_vars.get('WORKING_DIRECTORY', '/tmp/mims_payload_work')
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
