"""Learns the threshold between the two classes' feature means; writes model_output/model.json."""
import argparse
import csv
import json
import os


def main(input_paths, output_paths, environ_vars, job_args):
    feature = environ_vars.get("FEATURE_FIELD", "x")
    with open(os.path.join(input_paths["input_path"], "rows.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    label = [c for c in rows[0] if c != feature][0]
    means = {}
    for cls in ("0", "1"):
        values = [float(r[feature]) for r in rows if r[label] == cls]
        means[cls] = sum(values) / len(values)
    model = {"feature": feature, "label": label, "threshold": (means["0"] + means["1"]) / 2, "positive_above": means["1"] > means["0"]}
    os.makedirs(output_paths["model_output"], exist_ok=True)
    with open(os.path.join(output_paths["model_output"], "model.json"), "w") as handle:
        json.dump(model, handle)
    return model


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", default="training")
    main({"input_path": "/opt/ml/input/data"}, {"model_output": "/opt/ml/model"}, dict(os.environ), parser.parse_args())
