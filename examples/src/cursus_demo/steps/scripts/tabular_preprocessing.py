"""Splits a raw CSV into train/val/test folders (stdlib only)."""

import argparse
import csv
import os
import random


def main(input_paths, output_paths, environ_vars, job_args):
    label = environ_vars["LABEL_FIELD"]
    train_ratio = float(environ_vars["TRAIN_RATIO"])
    test_val_ratio = float(environ_vars["TEST_VAL_RATIO"])
    source = input_paths["DATA"]
    files = [os.path.join(source, f) for f in sorted(os.listdir(source)) if f.endswith(".csv")]
    rows = []
    for path in files:
        with open(path, newline="") as handle:
            rows.extend(csv.DictReader(handle))
    if not rows:
        raise ValueError(f"no CSV rows under {source}")
    if label not in rows[0]:
        raise KeyError(f"label column {label!r} not in {sorted(rows[0])}")
    random.Random(7).shuffle(rows)
    n_train = int(len(rows) * train_ratio)
    n_test = int((len(rows) - n_train) * test_val_ratio / (1 - train_ratio + 1e-9))
    splits = {"train": rows[:n_train], "test": rows[n_train:n_train + n_test], "val": rows[n_train + n_test:]}
    out = output_paths["processed_data"]
    for name, part in splits.items():
        os.makedirs(os.path.join(out, name), exist_ok=True)
        with open(os.path.join(out, name, f"{name}.csv"), "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
    return {name: len(part) for name, part in splits.items()}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", default="training")
    args = parser.parse_args()
    main(
        {"DATA": "/opt/ml/processing/input/data"},
        {"processed_data": "/opt/ml/processing/output"},
        dict(os.environ),
        args,
    )
