"""What cursus-lsp's two Python helpers share: importing a file with its package context, and traceback frames."""

import importlib
import importlib.util
import os
import sys
import traceback


def module_name_for(path):
    """The dotted module name of a file inside packages, and the folder to put on sys.path."""
    folder, filename = os.path.split(os.path.abspath(path))
    parts = [os.path.splitext(filename)[0]]
    while os.path.exists(os.path.join(folder, "__init__.py")):
        folder, package = os.path.split(folder)
        parts.insert(0, package)
    return ".".join(parts), folder


def import_path(path, extra_paths=()):
    """Imports a file as its package's module (so relative imports work), or alone when it is in no package."""
    name, base = module_name_for(path)
    for folder in (base, *extra_paths):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    if "." in name:
        return importlib.import_module(name)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def frames(tb):
    return [{"file": f.filename, "line": f.lineno, "name": f.name, "code": f.line or ""} for f in traceback.extract_tb(tb)]


def add_project_paths(root):
    for extra in (os.path.join(root, "src"), root):
        if os.path.isdir(extra) and extra not in sys.path:
            sys.path.append(extra)
