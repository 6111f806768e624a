def main(input_paths, output_paths, environ_vars, job_args):
    return input_paths["pretrained_model_path"], output_paths["model_input"]
