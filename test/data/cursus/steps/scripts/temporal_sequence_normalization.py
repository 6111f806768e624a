"""Stand-in for Cursus's temporal_sequence_normalization.py (TemporalSequenceNormalization): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['DATA'] = input_paths['DATA']
    seen['SIGNATURE'] = input_paths.get('SIGNATURE')
    seen['normalized_sequences'] = output_paths['normalized_sequences']
    seen['SEQUENCE_LENGTH'] = environ_vars.get('SEQUENCE_LENGTH', '51')
    seen['PADDING_STRATEGY'] = environ_vars.get('PADDING_STRATEGY', 'pre')
    seen['SEQUENCE_GROUPING_FIELD'] = environ_vars.get('SEQUENCE_GROUPING_FIELD', 'customerId')
    seen['TEMPORAL_FIELD'] = environ_vars.get('TEMPORAL_FIELD', 'orderDate')
    seen['SEQUENCE_SEPARATOR'] = environ_vars.get('SEQUENCE_SEPARATOR', '~')
    seen['RECORD_ID_FIELD'] = environ_vars.get('RECORD_ID_FIELD', 'objectId')
    seen['MISSING_INDICATORS'] = environ_vars.get('MISSING_INDICATORS', '["", "My Text String", null]')
    seen['TIME_DELTA_MAX_SECONDS'] = environ_vars.get('TIME_DELTA_MAX_SECONDS', '10000000')
    seen['TRUNCATION_STRATEGY'] = environ_vars.get('TRUNCATION_STRATEGY', 'post')
    seen['ENABLE_MULTI_SEQUENCE'] = environ_vars.get('ENABLE_MULTI_SEQUENCE', 'False')
    seen['SECONDARY_ENTITY_FIELD'] = environ_vars.get('SECONDARY_ENTITY_FIELD', 'creditCardId')
    seen['SEQUENCE_NAMING_PATTERN'] = environ_vars.get('SEQUENCE_NAMING_PATTERN', '*_seq_by_{entity}.*')
    seen['VALIDATION_STRATEGY'] = environ_vars.get('VALIDATION_STRATEGY', 'strict')
    seen['OUTPUT_FORMAT'] = environ_vars.get('OUTPUT_FORMAT', 'numpy')
    seen['INCLUDE_ATTENTION_MASKS'] = environ_vars.get('INCLUDE_ATTENTION_MASKS', 'True')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
