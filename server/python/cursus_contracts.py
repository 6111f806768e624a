"""Loads contract modules in this process and dumps the named contracts as JSON (cursus-lsp's executed discovery).

Protocol: a JSON request on stdin, {"root": str, "files": [{"file": str, "names": [str]}]}; one JSON reply on
stdout, {"contracts": [...], "errors": [...]}. Stdlib only, Python 3.8+. Whatever the user's module prints goes
to stderr so stdout stays clean.
"""

import json
import os
import sys

from cursus_lsp_support import add_project_paths, frames, import_path

FIELDS = (
    "entry_point",
    "expected_input_paths",
    "expected_output_paths",
    "required_env_vars",
    "optional_env_vars",
    "expected_arguments",
    "framework_requirements",
    "description",
)


def plain(value):
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple, set)):
            return [plain(v) for v in value]
        return str(value)


def main():
    request = json.load(sys.stdin)
    add_project_paths(request.get("root") or os.getcwd())
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    reply = {"contracts": [], "errors": []}
    for item in request.get("files", []):
        path = item["file"]
        try:
            module = import_path(path)
        except BaseException as exc:  # noqa: BLE001 - a user's module may raise anything, even SystemExit
            reply["errors"].append({
                "file": path,
                "error": "%s: %s" % (type(exc).__name__, exc),
                "frames": frames(exc.__traceback__),
            })
            continue
        for name in item.get("names", []):
            obj = getattr(module, name, None)
            if obj is None:
                reply["errors"].append({"file": path, "error": "%s is not defined after import" % name, "frames": []})
                continue
            record = {"file": path, "name": name}
            for field in FIELDS:
                record[field] = plain(getattr(obj, field, None))
            reply["contracts"].append(record)
    sys.stdout = real_stdout
    json.dump(reply, real_stdout)
    real_stdout.write("\n")


if __name__ == "__main__":
    main()
