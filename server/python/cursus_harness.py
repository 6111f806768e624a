"""Runs one Cursus script's main() in this process, the way Cursus's RuntimeTester calls it, and reports the result.

Protocol: a JSON request on stdin, {"script": path, "root": path, "input_paths": {..}, "output_paths": {..},
"environ_vars": {..}, "job_args": {..}, "reply": path}; the JSON reply is written to the "reply" file, so that
whatever the script prints (or its children print) on stdout cannot corrupt it. Stdlib only, Python 3.8+.
"""

import argparse
import inspect
import json
import os
import sys
import time

from cursus_contain import become_subreaper, descendants, die_with_parent
from cursus_lsp_support import add_project_paths, frames, load_script

MAIN_PARAMS = ("input_paths", "output_paths", "environ_vars", "job_args")


def failure(kind, exc, started, **extra):
    reply = {
        "success": False,
        "phase": kind,
        "error_type": type(exc).__name__,
        "error_message": "%s: %s" % (type(exc).__name__, exc),
        "traceback": frames(exc.__traceback__, exc),
        "execution_time": time.time() - started,
    }
    reply.update(extra)
    return reply


def run(request):
    reply = _run(request)
    reply.setdefault("loaded_as", None)
    return reply


def _run(request):
    started = time.time()
    add_project_paths(request["root"])
    environ = {str(k): str(v) for k, v in (request.get("environ_vars") or {}).items()}
    os.environ.update(environ)
    try:
        module, how, name = load_script(request["script"])
    except BaseException as exc:  # noqa: BLE001 - a script may raise anything at import, even SystemExit
        return failure("import", exc, started, has_main_function=False)
    loaded = {"loaded_as": how, "module_name": name}
    main = getattr(module, "main", None)
    if not callable(main):
        return {"success": False, "phase": "main", "error_type": "MissingMain", "has_main_function": False,
                "error_message": "Script has no main(input_paths, output_paths, environ_vars, job_args) function",
                "traceback": [], "execution_time": time.time() - started, **loaded}
    try:
        params = list(inspect.signature(main).parameters)
    except (TypeError, ValueError):
        params = list(MAIN_PARAMS)
    positional = request.get("convention") == "cursus-2.9"
    missing = [p for p in MAIN_PARAMS if p not in params]
    if positional and not missing and params[:4] != list(MAIN_PARAMS):
        return {"success": False, "phase": "main", "error_type": "SignatureMismatch", "has_main_function": True,
                "error_message": "Cursus 2.9 calls main(input_paths, output_paths, environ_vars, job_args) positionally, "
                                 "but main's first parameters are %s" % ", ".join(params[:4]),
                "traceback": [], "execution_time": time.time() - started}
    if missing:
        return {"success": False, "phase": "main", "error_type": "SignatureMismatch", "has_main_function": True,
                "error_message": "main() does not take %s (it takes %s)" % (", ".join(missing), ", ".join(params)),
                "traceback": [], "execution_time": time.time() - started, **loaded}
    job_args = request.get("job_args") or {}
    if positional:
        # cursus validate run-scripts: job_type is the configuration's, else "training"; always present.
        namespace = argparse.Namespace(**dict({"job_type": "training"}, **job_args))
    else:
        namespace = argparse.Namespace(**job_args) if job_args else argparse.Namespace(job_type="testing")
    for path in (request.get("output_paths") or {}).values():
        os.makedirs(path, exist_ok=True) if not os.path.splitext(path)[1] else os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    try:
        inputs, outputs = dict(request.get("input_paths") or {}), dict(request.get("output_paths") or {})
        if positional:
            main(inputs, outputs, environ, namespace)
        else:
            main(input_paths=inputs, output_paths=outputs, environ_vars=environ, job_args=namespace)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            return failure("main", exc, started, has_main_function=True, **loaded)
    except BaseException as exc:  # noqa: BLE001
        return failure("main", exc, started, has_main_function=True, **loaded)
    return {"success": True, "has_main_function": True, "execution_time": time.time() - started, "traceback": [], **loaded}


def remove_run_folder(reply):
    """The run's temporary folder (cursus-run-*, made by cursus-lsp for the reply), and nothing else."""
    import shutil

    folder = os.path.dirname(os.path.abspath(reply))
    if os.path.basename(folder).startswith("cursus-run-"):
        shutil.rmtree(folder, ignore_errors=True)


def project_modules(root, limit=2000):
    """The files of the modules imported from the project (the script's own helpers, at any depth): a kept result
    is reused only while they are unchanged. Installed distributions (site-packages) are the interpreter's part."""
    tops = {os.path.realpath(root) + os.sep, os.path.abspath(root) + os.sep}
    files = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if not isinstance(path, str):
            continue
        # The path it was imported by and the file it leads to: a symbolic link pointed at another file since
        # changes the first (its digest follows the link), an edit of the file the second.
        for candidate in {os.path.abspath(path), os.path.realpath(path)}:
            parts = candidate.split(os.sep)
            if any(candidate.startswith(top) for top in tops) and "site-packages" not in parts and "dist-packages" not in parts and "__pycache__" not in parts:
                files.add(candidate)
        if len(files) >= limit:
            break
    return sorted(files)


def main():
    request = json.load(sys.stdin)
    sys.stdin = open(os.devnull)
    os.chdir(request["root"])
    become_subreaper()
    die_with_parent(lambda: remove_run_folder(request["reply"]))
    reply = run(request)
    reply["descendants"] = descendants()
    reply["project_modules"] = project_modules(request["root"])
    with open(request["reply"], "w") as handle:
        json.dump(reply, handle)


if __name__ == "__main__":
    main()
