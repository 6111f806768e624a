"""Keeping a script's processes findable: the harness becomes their subreaper and lists them when main returns.

A child that double-forks (or calls setsid and forks) is normally adopted by init, where nothing leads back to the
run. With PR_SET_CHILD_SUBREAPER (Linux 3.4+) such orphans are adopted by the harness instead, so that the list of
the harness's descendants, taken when main has returned, holds every process the script left running; cursus-lsp
then kills them. Elsewhere both functions do nothing. Stdlib only, Python 3.8+.
"""

import os

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper():
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except Exception:  # noqa: BLE001 - not Linux, no libc: the runner's own scan still applies
        return False


def _stat(pid):
    with open("/proc/%d/stat" % pid, "rb") as handle:
        text = handle.read().decode("latin-1")
    fields = text[text.rindex(")") + 2:].split(" ")
    return {"pid": pid, "ppid": int(fields[1]), "state": fields[0], "start": int(fields[19])}


def descendants():
    """Every live process below this one, as [{"pid", "start"}] (start: clock ticks after boot)."""
    try:
        names = os.listdir("/proc")
    except OSError:
        return []
    table = []
    for name in names:
        if name.isdigit():
            try:
                table.append(_stat(int(name)))
            except (OSError, ValueError, IndexError):
                continue
    ours = {os.getpid()}
    found = []
    changed = True
    while changed:
        changed = False
        for proc in table:
            if proc["pid"] not in ours and proc["ppid"] in ours:
                ours.add(proc["pid"])
                changed = True
                if proc["state"] not in ("Z", "X"):
                    found.append({"pid": proc["pid"], "start": proc["start"]})
    return found
