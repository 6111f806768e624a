"""Applies the model to held-out rows; writes metrics_output/metrics.json with the accuracy."""
import argparse
import csv
import json
import os


def main(input_paths, output_paths, environ_vars, job_args):
    label = environ_vars["LABEL_FIELD"]
    with open(os.path.join(input_paths["model_input"], "model.json")) as handle:
        model = json.load(handle)
    with open(os.path.join(input_paths["eval_data"], "rows.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    right = 0
    for row in rows:
        above = float(row[model["feature"]]) > model["threshold"]
        predicted = 1 if above == model["positive_above"] else 0
        right += predicted == int(row[label])
    metrics = {"job_type": job_args.job_type, "rows": len(rows), "accuracy": right / len(rows)}
    os.makedirs(output_paths["metrics_output"], exist_ok=True)
    with open(os.path.join(output_paths["metrics_output"], "metrics.json"), "w") as handle:
        json.dump(metrics, handle)
    return metrics


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", default="testing")
    main({"model_input": "/opt/ml/processing/input/model", "eval_data": "/opt/ml/processing/input/eval_data"},
         {"metrics_output": "/opt/ml/processing/output/metrics"}, dict(os.environ), parser.parse_args())
