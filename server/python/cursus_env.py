"""What this interpreter can import, and which distributions at which versions (cursus-lsp's dependency facts).

Prints one JSON object on stdout. Imports nothing of the user's: it lists sys.path and reads installed
metadata. Stdlib only, Python 3.8+.
"""

import json
import os
import pkgutil
import re
import sys
import sysconfig

try:
    from importlib import metadata
except ImportError:  # pragma: no cover - Python < 3.8
    metadata = None


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def stdlib_names():
    names = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
    if not getattr(sys, "stdlib_module_names", None):
        paths = sysconfig.get_paths()
        stdlib = paths.get("stdlib")
        folders = [p for p in (stdlib, os.path.join(stdlib or "", "lib-dynload")) if p and os.path.isdir(p)]
        names |= {m.name for m in pkgutil.iter_modules(folders)}
    return names


def importable(paths):
    names = {m.name for m in pkgutil.iter_modules(paths)}
    for folder in paths:
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            # Namespace packages (a folder without __init__.py) import too; pkgutil does not list them.
            if entry.isidentifier() and os.path.isdir(os.path.join(folder, entry)):
                names.add(entry)
    return names


def distributions():
    found = {}
    top_level = {}
    if metadata is None:
        return found, top_level
    for dist in metadata.distributions():
        name = dist.metadata["Name"] if dist.metadata else None
        if not name:
            continue
        found.setdefault(normalize(name), {"name": name, "version": dist.version})
        text = dist.read_text("top_level.txt") or ""
        tops = [line.strip() for line in text.splitlines() if line.strip()]
        if not tops:
            for f in dist.files or ():
                parts = f.parts
                if len(parts) > 1 and parts[0].isidentifier() and not parts[0].endswith((".dist-info", ".egg-info")):
                    tops.append(parts[0])
                elif len(parts) == 1 and parts[0].endswith(".py"):
                    tops.append(parts[0][:-3])
        for top in set(tops):
            top_level.setdefault(top, [])
            if name not in top_level[top]:
                top_level[top].append(name)
    return found, top_level


def watched():
    """Places whose appearance or change alters the answer though no listed folder changes (cursus-lsp stamps them)."""
    out = [os.path.join(sys.prefix, "pyvenv.cfg")]
    try:
        import site
        if site.ENABLE_USER_SITE is not False:
            out.append(site.getusersitepackages())
    except Exception:  # pragma: no cover - a broken site module answers without it
        pass
    return out


def main():
    paths = [p for p in sys.path[1:] if p and os.path.isdir(p)]
    dists, top_level = distributions()
    json.dump({
        "executable": sys.executable,
        "version": "%d.%d.%d" % sys.version_info[:3],
        "in_venv": sys.prefix != getattr(sys, "base_prefix", sys.prefix) or hasattr(sys, "real_prefix"),
        "prefix": sys.prefix,
        "paths": paths,
        "watch": watched(),
        "stdlib": sorted(stdlib_names()),
        "modules": sorted(importable(paths)),
        "distributions": dists,
        "top_level": top_level,
    }, sys.stdout)


if __name__ == "__main__":
    main()
