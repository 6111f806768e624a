"""Stand-in for Cursus's bedrock_processing.py (BedrockProcessing): the same main, reading the names its interface declares."""
import argparse
import os


def main(input_paths, output_paths, environ_vars, job_args):
    seen = {}
    seen['input_data'] = input_paths['input_data']
    seen['prompt_templates'] = input_paths.get('prompt_templates')
    seen['processed_data'] = output_paths['processed_data']
    seen['analysis_summary'] = output_paths['analysis_summary']
    seen['BEDROCK_PRIMARY_MODEL_ID'] = environ_vars['BEDROCK_PRIMARY_MODEL_ID']
    seen['BEDROCK_FALLBACK_MODEL_ID'] = environ_vars.get('BEDROCK_FALLBACK_MODEL_ID', '')
    seen['BEDROCK_INFERENCE_PROFILE_ARN'] = environ_vars.get('BEDROCK_INFERENCE_PROFILE_ARN', '')
    seen['BEDROCK_MAX_TOKENS'] = environ_vars.get('BEDROCK_MAX_TOKENS', '8192')
    seen['BEDROCK_TEMPERATURE'] = environ_vars.get('BEDROCK_TEMPERATURE', '1.0')
    seen['BEDROCK_BATCH_SIZE'] = environ_vars.get('BEDROCK_BATCH_SIZE', '10')
    seen['BEDROCK_CONCURRENCY_MODE'] = environ_vars.get('BEDROCK_CONCURRENCY_MODE', 'sequential')
    seen['BEDROCK_USE_STRUCTURED_OUTPUT'] = environ_vars.get('BEDROCK_USE_STRUCTURED_OUTPUT', 'false')
    seen['BEDROCK_USE_TOOL_CALLING'] = environ_vars.get('BEDROCK_USE_TOOL_CALLING', 'false')
    seen['BEDROCK_TOOL_NAME'] = environ_vars.get('BEDROCK_TOOL_NAME', 'submit_classification')
    seen['BEDROCK_TOOL_DESCRIPTION'] = environ_vars.get('BEDROCK_TOOL_DESCRIPTION', 'Classify the input data and return structured output')
    seen['BEDROCK_USE_CONVERSE_API'] = environ_vars.get('BEDROCK_USE_CONVERSE_API', 'false')
    seen['BEDROCK_INFERENCE_PROFILE_REQUIRED_MODELS'] = environ_vars.get('BEDROCK_INFERENCE_PROFILE_REQUIRED_MODELS', '[]')
    seen['BEDROCK_TOP_P'] = environ_vars.get('BEDROCK_TOP_P', '0.999')
    seen['BEDROCK_MAX_RETRIES'] = environ_vars.get('BEDROCK_MAX_RETRIES', '3')
    seen['BEDROCK_OUTPUT_COLUMN_PREFIX'] = environ_vars.get('BEDROCK_OUTPUT_COLUMN_PREFIX', 'llm_')
    seen['BEDROCK_OUTPUT_COLUMN_MAP'] = environ_vars.get('BEDROCK_OUTPUT_COLUMN_MAP', '')
    seen['BEDROCK_ROUTED_RULES_COLUMN'] = environ_vars.get('BEDROCK_ROUTED_RULES_COLUMN', 'selected_rule_names')
    seen['BEDROCK_SKIP_ERROR_RECORDS'] = environ_vars.get('BEDROCK_SKIP_ERROR_RECORDS', 'false')
    seen['BEDROCK_MAX_CONCURRENT_WORKERS'] = environ_vars.get('BEDROCK_MAX_CONCURRENT_WORKERS', '5')
    seen['BEDROCK_RATE_LIMIT_PER_SECOND'] = environ_vars.get('BEDROCK_RATE_LIMIT_PER_SECOND', '10')
    seen['BEDROCK_MAX_INPUT_FIELD_LENGTH'] = environ_vars.get('BEDROCK_MAX_INPUT_FIELD_LENGTH', '300000')
    seen['BEDROCK_TRUNCATION_ENABLED'] = environ_vars.get('BEDROCK_TRUNCATION_ENABLED', 'true')
    seen['BEDROCK_LOG_TRUNCATIONS'] = environ_vars.get('BEDROCK_LOG_TRUNCATIONS', 'true')
    seen['BEDROCK_USER_PROMPT_TEMPLATE'] = environ_vars.get('BEDROCK_USER_PROMPT_TEMPLATE', '')
    seen['BEDROCK_INPUT_PLACEHOLDERS'] = environ_vars.get('BEDROCK_INPUT_PLACEHOLDERS', '[]')
    seen['BEDROCK_SYSTEM_PROMPT'] = environ_vars.get('BEDROCK_SYSTEM_PROMPT', '')
    seen['BEDROCK_VALIDATION_SCHEMA'] = environ_vars.get('BEDROCK_VALIDATION_SCHEMA', '{}')
    seen['BEDROCK_ADAPTIVE_RATE_LIMITING'] = environ_vars.get('BEDROCK_ADAPTIVE_RATE_LIMITING', 'false')
    seen['job_type'] = getattr(job_args, 'job_type', None)
    seen['batch_size'] = getattr(job_args, 'batch_size', None)
    seen['max_retries'] = getattr(job_args, 'max_retries', None)
    return seen


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument('--job_type')
    parser.add_argument('--batch-size')
    parser.add_argument('--max-retries')
    args = parser.parse_args()
    main({}, {}, dict(os.environ), args)
