"""Runs one Cursus script's main() in this process, the way Cursus's RuntimeTester calls it, and reports the result.

Protocol: a JSON request on stdin, {"script": path, "root": path, "input_paths": {..}, "output_paths": {..},
"environ_vars": {..}, "job_args": {..}, "reply": path}; the JSON reply is written to the "reply" file, so that
whatever the script prints (or its children print) on stdout cannot corrupt it. Stdlib only, Python 3.8+.
"""

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import sys
import time
import traceback

MAIN_PARAMS = ("input_paths", "output_paths", "environ_vars", "job_args")


def module_name_for(path):
    folder, filename = os.path.split(os.path.abspath(path))
    parts = [os.path.splitext(filename)[0]]
    while os.path.exists(os.path.join(folder, "__init__.py")):
        folder, package = os.path.split(folder)
        parts.insert(0, package)
    return ".".join(parts), folder


def import_script(path):
    """Imports the script with its package context, so relative imports work."""
    name, base = module_name_for(path)
    if base not in sys.path:
        sys.path.insert(0, base)
    script_dir = os.path.dirname(os.path.abspath(path))
    if script_dir not in sys.path:
        sys.path.insert(1, script_dir)
    if "." in name:
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def frames(tb):
    return [{"file": f.filename, "line": f.lineno, "name": f.name, "code": f.line or ""} for f in traceback.extract_tb(tb)]


def failure(kind, exc, started, **extra):
    reply = {
        "success": False,
        "phase": kind,
        "error_type": type(exc).__name__,
        "error_message": "%s: %s" % (type(exc).__name__, exc),
        "traceback": frames(exc.__traceback__),
        "execution_time": time.time() - started,
    }
    reply.update(extra)
    return reply


def run(request):
    started = time.time()
    for extra in (os.path.join(request["root"], "src"), request["root"]):
        if os.path.isdir(extra) and extra not in sys.path:
            sys.path.append(extra)
    environ = {str(k): str(v) for k, v in (request.get("environ_vars") or {}).items()}
    os.environ.update(environ)
    try:
        module = import_script(request["script"])
    except BaseException as exc:  # noqa: BLE001 - a script may raise anything at import, even SystemExit
        return failure("import", exc, started, has_main_function=False)
    main = getattr(module, "main", None)
    if not callable(main):
        return {"success": False, "phase": "main", "error_type": "MissingMain", "has_main_function": False,
                "error_message": "Script has no main(input_paths, output_paths, environ_vars, job_args) function",
                "traceback": [], "execution_time": time.time() - started}
    try:
        params = list(inspect.signature(main).parameters)
    except (TypeError, ValueError):
        params = list(MAIN_PARAMS)
    missing = [p for p in MAIN_PARAMS if p not in params]
    if missing:
        return {"success": False, "phase": "main", "error_type": "SignatureMismatch", "has_main_function": True,
                "error_message": "main() does not take %s (it takes %s)" % (", ".join(missing), ", ".join(params)),
                "traceback": [], "execution_time": time.time() - started}
    job_args = request.get("job_args") or {}
    namespace = argparse.Namespace(**job_args) if job_args else argparse.Namespace(job_type="testing")
    for path in (request.get("output_paths") or {}).values():
        os.makedirs(path, exist_ok=True) if not os.path.splitext(path)[1] else os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    try:
        main(input_paths=dict(request.get("input_paths") or {}), output_paths=dict(request.get("output_paths") or {}),
             environ_vars=environ, job_args=namespace)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            return failure("main", exc, started, has_main_function=True)
    except BaseException as exc:  # noqa: BLE001
        return failure("main", exc, started, has_main_function=True)
    return {"success": True, "has_main_function": True, "execution_time": time.time() - started, "traceback": []}


def main():
    request = json.load(sys.stdin)
    sys.stdin = open(os.devnull)
    os.chdir(request["root"])
    reply = run(request)
    with open(request["reply"], "w") as handle:
        json.dump(reply, handle)


if __name__ == "__main__":
    main()
