"""Keeps the rows whose feature is a number and whose label is 0 or 1; writes them to processed_data/rows.csv."""
import argparse
import csv
import os


def main(input_paths, output_paths, environ_vars, job_args):
    label, feature = environ_vars["LABEL_FIELD"], environ_vars.get("FEATURE_FIELD", "x")
    rows = []
    for name in sorted(os.listdir(input_paths["DATA"])):
        if name.endswith(".csv"):
            with open(os.path.join(input_paths["DATA"], name), newline="") as handle:
                rows.extend(csv.DictReader(handle))
    kept = []
    for row in rows:
        try:
            kept.append({feature: float(row[feature]), label: int(row[label])})
        except (KeyError, ValueError):
            continue
    if not kept:
        raise ValueError("no valid rows for job type %s" % job_args.job_type)
    os.makedirs(output_paths["processed_data"], exist_ok=True)
    with open(os.path.join(output_paths["processed_data"], "rows.csv"), "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[feature, label])
        writer.writeheader()
        writer.writerows(kept)
    return {"rows": len(kept), "job_type": job_args.job_type}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--job_type", required=True)
    args = parser.parse_args()
    main({"DATA": "/opt/ml/processing/input/data"}, {"processed_data": "/opt/ml/processing/output"}, dict(os.environ), args)
