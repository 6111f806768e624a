"""Scores the test split with the toy model and writes metrics (stdlib only)."""

import csv
import json
import os


def main(input_paths, output_paths, environ_vars, job_args):
    with open(os.path.join(input_paths["model_input"], "model.json")) as handle:
        model = json.load(handle)
    label = environ_vars["LABEL_FIELD"]
    id_field = environ_vars["ID_FIELD"]
    with open(os.path.join(input_paths["processed_data"], "test", "test.csv"), newline="") as handle:
        rows = list(csv.DictReader(handle))
    predictions = [(r[id_field], int(float(r[model["feature"]]) >= model["threshold"])) for r in rows]
    correct = sum(p == int(r[label]) for (_, p), r in zip(predictions, rows))
    os.makedirs(output_paths["eval_output"], exist_ok=True)
    with open(os.path.join(output_paths["eval_output"], "predictions.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([id_field, "prediction"])
        writer.writerows(predictions)
    os.makedirs(output_paths["metrics_output"], exist_ok=True)
    metrics = {"accuracy": correct / max(1, len(rows)), "count": len(rows), "job_type": getattr(job_args, "job_type", None)}
    with open(os.path.join(output_paths["metrics_output"], "metrics.json"), "w") as handle:
        json.dump(metrics, handle, indent=2)
    return metrics
