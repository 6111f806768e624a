"""What cursus-lsp's two Python helpers share: importing a file (a contract module with its package, a script
the way Cursus loads it), and traceback frames that show the user's code, not ours."""

import ast
import importlib
import importlib.machinery
import importlib.util
import os
import sys
import traceback
import types

HERE = os.path.dirname(os.path.abspath(__file__))


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


def has_relative_import(source, path):
    """True when the script has a `from . import x` / `from .x import y` anywhere (a SyntaxError propagates)."""
    tree = ast.parse(source, filename=path)
    return any(isinstance(node, ast.ImportFrom) and node.level > 0 for node in ast.walk(tree))


def _synthetic_package(name, folder):
    """A package module whose __init__.py is NOT executed: only its __path__, so submodules can be found."""
    module = types.ModuleType(name)
    module.__path__ = [folder]
    module.__package__ = name
    init = os.path.join(folder, "__init__.py")
    module.__file__ = init if os.path.exists(init) else None
    spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
    spec.submodule_search_locations = [folder]
    module.__spec__ = spec
    return module


def load_script(path):
    """Loads a script the way a user expects; returns (module, how, module_name).

    Without relative imports it is loaded on its own, as Cursus's RuntimeTester does
    (spec_from_file_location, module name `script_module`, so an `if __name__ == "__main__"` block is skipped).
    With relative imports it gets its package context: the packages it lives in are put in sys.modules as
    bare namespaces (their `__init__.py` never runs, so a framework package that imports half the world does
    not stop the script), and its siblings import through them.
    """
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    with open(path, "rb") as handle:
        source = handle.read()
    if not has_relative_import(source, path):
        spec = importlib.util.spec_from_file_location("script_module", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["script_module"] = module
        spec.loader.exec_module(module)
        return module, "standalone", "script_module"
    name, base = module_name_for(path)
    parts = name.split(".")
    if len(parts) == 1:
        # A relative import in a folder without __init__.py: the folder itself is the package.
        base, package = os.path.split(folder)
        parts.insert(0, package)
    if base not in sys.path:
        sys.path.append(base)
    current = base
    for i, part in enumerate(parts[:-1]):
        current = os.path.join(current, part)
        pkg_name = ".".join(parts[: i + 1])
        package = _synthetic_package(pkg_name, current)
        sys.modules[pkg_name] = package
        if i:
            setattr(sys.modules[".".join(parts[:i])], part, package)
    full = ".".join(parts)
    spec = importlib.util.spec_from_file_location(full, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    return module, "package", full


def _ours(filename):
    if filename.startswith("<frozen importlib"):
        return True
    absolute = os.path.abspath(filename)
    if os.path.dirname(absolute) == HERE:
        return True
    return os.path.dirname(absolute) == os.path.dirname(os.path.abspath(importlib.__file__))


def frames(tb, exc=None):
    """The traceback's frames without the harness's and importlib's; a SyntaxError adds the line it points at."""
    out = [{"file": f.filename, "line": f.lineno, "name": f.name, "code": f.line or ""}
           for f in traceback.extract_tb(tb) if not _ours(f.filename)]
    if isinstance(exc, SyntaxError) and exc.filename and not _ours(exc.filename):
        out.append({"file": exc.filename, "line": exc.lineno, "name": "<module>", "code": (exc.text or "").strip()})
    return out


def add_project_paths(root):
    for extra in (os.path.join(root, "src"), root):
        if os.path.isdir(extra) and extra not in sys.path:
            sys.path.append(extra)
