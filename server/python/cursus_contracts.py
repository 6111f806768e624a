"""Loads contract modules in this process and dumps the named contracts as JSON (cursus-lsp's executed discovery).

Protocol: a JSON request on stdin, {"root": str, "files": [{"file": str, "names": [str]}]}; one JSON reply on
stdout, {"contracts": [...], "errors": [...]}. Stdlib only, Python 3.8+. Whatever the user's module prints goes
to stderr so stdout stays clean.
"""

import importlib
import importlib.util
import io
import json
import os
import sys
import traceback

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


def module_name_for(path):
    """The dotted module name of a file inside packages, and the folder to put on sys.path."""
    folder, filename = os.path.split(os.path.abspath(path))
    parts = [os.path.splitext(filename)[0]]
    while os.path.exists(os.path.join(folder, "__init__.py")):
        folder, package = os.path.split(folder)
        parts.insert(0, package)
    return ".".join(parts), folder


def load(path):
    name, base = module_name_for(path)
    if base not in sys.path:
        sys.path.insert(0, base)
    if "." in name:
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


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


def frames(tb):
    return [{"file": f.filename, "line": f.lineno, "name": f.name} for f in traceback.extract_tb(tb)]


def main():
    request = json.load(sys.stdin)
    root = request.get("root") or os.getcwd()
    for extra in (os.path.join(root, "src"), root):
        if os.path.isdir(extra) and extra not in sys.path:
            sys.path.insert(0, extra)
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    reply = {"contracts": [], "errors": []}
    for item in request.get("files", []):
        path = item["file"]
        try:
            module = load(path)
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
