from ...core.base.contract_base import TrainingScriptContract
from .common import COMMON_INPUTS

XGBOOST_TRAIN_CONTRACT = TrainingScriptContract(
    entry_point="xgboost_training.py",
    expected_input_paths=COMMON_INPUTS,
    expected_output_paths={"model_output": "/opt/ml/model"},
    required_env_vars=[],
)
