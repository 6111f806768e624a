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
    """Imports a file as its package's module (so relative imports work, and no package `__init__.py` runs),
    or alone when it is in no package."""
    name, base = module_name_for(path)
    for folder in (base, *extra_paths):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    if "." in name:
        return load_in_package(path)[0]
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
    module, full = load_in_package(path)
    return module, "package", full


class _TolerantInit(importlib.machinery.SourceFileLoader):
    """Runs a project package's `__init__.py`, but a failure in it leaves the package usable for its submodules
    (what was defined before the failure stays), instead of failing every import under it."""

    def exec_module(self, module):
        try:
            super().exec_module(module)
        except Exception as exc:  # noqa: BLE001 - an __init__ that needs a framework this interpreter lacks
            module.__cursus_lsp_init_failed__ = "%s: %s" % (type(exc).__name__, exc)


class _ProjectPackages:
    """Finds the project's own packages (under one source folder) and loads them with _TolerantInit."""

    def __init__(self, base):
        self.base = base

    def find_spec(self, fullname, path=None, target=None):
        folder = os.path.join(self.base, *fullname.split("."))
        init = os.path.join(folder, "__init__.py")
        if not os.path.isfile(init):
            return None
        return importlib.util.spec_from_file_location(
            fullname, init, loader=_TolerantInit(fullname, init), submodule_search_locations=[folder])


def _tolerate_package_inits(base):
    if not any(isinstance(f, _ProjectPackages) and f.base == base for f in sys.meta_path):
        sys.meta_path.insert(0, _ProjectPackages(base))


def load_in_package(path):
    """Loads a file as its package's module without running any package `__init__.py`; returns (module, name).

    The packages it lives in are put in sys.modules as bare namespaces (their `__init__.py` never runs, so a
    framework package that imports half the world, as Cursus's own `__init__` does, does not stop the file), and
    its relative imports resolve through them. The project's other packages it imports run their `__init__.py`,
    but one that fails (a framework this interpreter lacks) leaves its package usable for its submodules.
    A file in no package gets its folder as the package.
    """
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    name, base = module_name_for(path)
    parts = name.split(".")
    if len(parts) == 1:
        # A relative import in a folder without __init__.py: the folder itself is the package.
        base, package = os.path.split(folder)
        parts.insert(0, package)
    if base not in sys.path:
        sys.path.append(base)
    _tolerate_package_inits(base)
    current = base
    for i, part in enumerate(parts[:-1]):
        current = os.path.join(current, part)
        pkg_name = ".".join(parts[: i + 1])
        existing = sys.modules.get(pkg_name)
        if existing is not None and list(getattr(existing, "__path__", None) or ()) == [current]:
            continue  # already this folder's package (an earlier file of the same package)
        package = _synthetic_package(pkg_name, current)
        sys.modules[pkg_name] = package
        if i:
            setattr(sys.modules[".".join(parts[:i])], part, package)
    full = ".".join(parts)
    existing = sys.modules.get(full)
    if existing is not None and getattr(existing, "__file__", None) == path:
        return existing, full
    spec = importlib.util.spec_from_file_location(full, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[full]
        raise
    return module, full


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
