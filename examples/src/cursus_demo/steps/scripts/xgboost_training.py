"""A toy 'XGBoost' trainer: picks the feature and threshold that best separate the label (stdlib only)."""

import csv
import json
import os


def main(input_paths, output_paths, environ_vars, job_args):
    data_dir = input_paths["input_path"]
    with open(os.path.join(data_dir, "train", "train.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open(input_paths["hyperparameters_s3_uri"]) as handle:
        hyper = json.load(handle)
    label = hyper["label_name"]
    best = None
    for feature in hyper["feature_names"]:
        values = sorted({float(r[feature]) for r in rows})
        for threshold in values:
            correct = sum((float(r[feature]) >= threshold) == (r[label] == "1") for r in rows)
            if best is None or correct > best[0]:
                best = (correct, feature, threshold)
    model = {"feature": best[1], "threshold": best[2], "train_accuracy": best[0] / len(rows)}
    os.makedirs(output_paths["model_output"], exist_ok=True)
    with open(os.path.join(output_paths["model_output"], "model.json"), "w") as handle:
        json.dump(model, handle, indent=2)
    os.makedirs(output_paths["evaluation_output"], exist_ok=True)
    with open(os.path.join(output_paths["evaluation_output"], "train_summary.json"), "w") as handle:
        json.dump({"rows": len(rows), "max_depth": environ_vars.get("MAX_DEPTH", "6")}, handle)
    return model
