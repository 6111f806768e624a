"""Contract for the tabular preprocessing script (note: the file name differs from the script's)."""

from ...core.contract_base import ProcessingScriptContract

TABULAR_PREPROCESS_CONTRACT = ProcessingScriptContract(
    entry_point="tabular_preprocessing.py",
    expected_input_paths={
        "DATA": "/opt/ml/processing/input/data",
    },
    expected_output_paths={
        "processed_data": "/opt/ml/processing/output",
    },
    required_env_vars=["LABEL_FIELD", "TRAIN_RATIO", "TEST_VAL_RATIO"],
    optional_env_vars={
        "CATEGORICAL_COLUMNS": "",  # comma-separated
    },
    expected_arguments={
        "job-type": "training",
    },
    description=(
        "Splits a raw CSV into train, validation and test sets "
        "and writes them under processed_data/<split>/<split>.csv"
    ),
)
