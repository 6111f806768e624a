"""Contract for the model evaluation script."""

from ...core.contract_base import ProcessingScriptContract

XGBOOST_MODEL_EVAL_CONTRACT = ProcessingScriptContract(
    entry_point="xgboost_model_eval.py",
    expected_input_paths={
        "model_input": "/opt/ml/processing/input/model",
        "processed_data": "/opt/ml/processing/input/eval_data",
    },
    expected_output_paths={
        "eval_output": "/opt/ml/processing/output/eval",
        "metrics_output": "/opt/ml/processing/output/metrics",
    },
    required_env_vars=["ID_FIELD", "LABEL_FIELD"],
    optional_env_vars={},
    expected_arguments={"job-type": "evaluation"},
    description="Scores the held-out split with the trained model and writes metrics.json.",
)
