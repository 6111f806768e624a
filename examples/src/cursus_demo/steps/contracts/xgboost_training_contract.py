"""Contract for the (stdlib, toy) XGBoost training script."""

from ...core.contract_base import TrainingScriptContract

XGBOOST_TRAIN_CONTRACT = TrainingScriptContract(
    entry_point="xgboost_training.py",
    expected_input_paths=dict(
        input_path="/opt/ml/input/data",
        hyperparameters_s3_uri="/opt/ml/input/config/hyperparameters.json",
    ),
    expected_output_paths={
        "model_output": "/opt/ml/model",
        "evaluation_output": "/opt/ml/output/data",
    },
    required_env_vars=[],
    optional_env_vars={"MAX_DEPTH": "6"},
    description="Fits a one-feature threshold model and writes model.json.",
)
