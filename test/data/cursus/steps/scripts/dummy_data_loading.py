"""Stand-in for Cursus's dummy_data_loading.py (DummyDataLoading): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['INPUT_DATA'] = input_paths['INPUT_DATA']
    seen['SIGNATURE'] = output_paths['SIGNATURE']
    seen['METADATA'] = output_paths['METADATA']
    seen['DATA'] = output_paths['DATA']
    seen['WRITE_DATA_SHARDS'] = environ_vars.get('WRITE_DATA_SHARDS', 'false')
    seen['SHARD_SIZE'] = environ_vars.get('SHARD_SIZE', '10000')
    seen['OUTPUT_FORMAT'] = environ_vars.get('OUTPUT_FORMAT', 'CSV')
    seen['MAX_WORKERS'] = environ_vars.get('MAX_WORKERS', '0')
    seen['BATCH_SIZE'] = environ_vars.get('BATCH_SIZE', '5')
    seen['OPTIMIZE_MEMORY'] = environ_vars.get('OPTIMIZE_MEMORY', 'false')
    seen['STREAMING_BATCH_SIZE'] = environ_vars.get('STREAMING_BATCH_SIZE', '0')
    seen['ENABLE_TRUE_STREAMING'] = environ_vars.get('ENABLE_TRUE_STREAMING', 'false')
    seen['METADATA_FORMAT'] = environ_vars.get('METADATA_FORMAT', 'JSON')
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
