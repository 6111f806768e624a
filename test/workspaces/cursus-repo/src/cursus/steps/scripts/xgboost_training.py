def main(input_paths, output_paths, environ_vars, job_args):
    return input_paths["input_path"], input_paths["hyperparameters_s3_uri"], output_paths["model_output"]
