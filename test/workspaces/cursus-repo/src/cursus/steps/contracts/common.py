COMMON_INPUTS = {"input_path": "/opt/ml/input/data", "hyperparameters_s3_uri": "/opt/ml/input/config/hyperparameters.json"}
