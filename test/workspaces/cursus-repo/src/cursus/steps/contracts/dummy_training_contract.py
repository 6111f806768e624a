from ...core.base.contract_base import ScriptContract

DUMMY_TRAINING_CONTRACT = ScriptContract(
    entry_point="dummy_training.py",
    expected_input_paths=dict(pretrained_model_path="/opt/ml/processing/input/model",
                              hyperparameters_s3_uri="/opt/ml/processing/input/config/hyperparameters.json"),
    expected_output_paths=dict(model_input="/opt/ml/processing/output/model"),
    required_env_vars=[],
    description="Dummy "
                "training",
)
