"""Keeping a script's processes findable: the harness becomes their subreaper, lists them when main returns, and
kills them itself if cursus-lsp dies without a chance to (SIGKILL, the OOM killer).

A child that double-forks (or calls setsid and forks) is normally adopted by init, where nothing leads back to the
run. With PR_SET_CHILD_SUBREAPER (Linux 3.4+) such orphans are adopted by the harness instead, so that the list of
the harness's descendants, taken when main has returned, holds every process the script left running; cursus-lsp
then kills them. Elsewhere both functions do nothing. Stdlib only, Python 3.8+.
"""

import os

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PARENT_VAR = "CURSUS_LSP_PARENT_PID"


def become_subreaper():
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except Exception:  # noqa: BLE001 - not Linux, no libc: the runner's own scan still applies
        return False


_on_parent_death = []


def die_with_parent(cleanup=None):
    """Asks the kernel for a signal when cursus-lsp dies; on it, the script's processes are killed, `cleanup`
    runs (the run's temporary folder, which cursus-lsp can no longer remove), then this one ends.

    A real-time signal is used so that a script's own SIGTERM handling cannot swallow it.
    """
    if cleanup is not None:
        _on_parent_death.append(cleanup)
    try:
        import ctypes
        import signal

        parent = int(os.environ.get(PARENT_VAR, "0"))
        sig = signal.SIGRTMIN + 3
        signal.signal(sig, _parent_died)
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if parent and os.getppid() != parent:  # it died before we asked
            _parent_died()
    except Exception:  # noqa: BLE001 - not Linux: cursus-lsp's own kill on exit still applies
        return


def _parent_died(*_):
    kill_descendants()
    for cleanup in _on_parent_death:
        try:
            cleanup()
        except Exception:  # noqa: BLE001 - nothing more can be done on the way out
            pass
    os._exit(137)


def kill_descendants():
    """Kills every process below this one, round after round, without freezing any (a process frozen by a kill
    that is itself killed half-way would stay stopped for ever). A group led by one of them is killed with one
    signal (atomic: none of its members can fork its way out); the children of a process killed meanwhile are
    adopted by this one (the subreaper), so the next round finds them."""
    import signal
    import time

    for attempt in range(100):
        alive = [p for p in _below() if p["state"] not in ("Z", "X")]
        if not alive:
            break
        leaders = {p["pid"] for p in alive}
        for proc in alive:
            group = _group(proc["pid"])
            if group in leaders and group > 1 and group != os.getpgid(0):
                _killpg(group)
            _signal(proc["pid"], signal.SIGKILL)
        time.sleep(0.002 if attempt < 5 else 0.01)


def _group(pid):
    try:
        return os.getpgid(pid)
    except OSError:
        return -1


def _killpg(group):
    import signal

    try:
        os.killpg(group, signal.SIGKILL)
    except OSError:
        pass


def _signal(pid, sig):
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def _has_children():
    """Whether this process has any child (as subreaper, then any descendant); True when the kernel cannot tell."""
    try:
        for task in os.listdir("/proc/self/task"):
            with open("/proc/self/task/%s/children" % task) as handle:
                if handle.read().strip():
                    return True
        return False
    except OSError:
        return True


def _stat(pid):
    with open("/proc/%d/stat" % pid, "rb") as handle:
        text = handle.read().decode("latin-1")
    fields = text[text.rindex(")") + 2:].split(" ")
    return {"pid": pid, "ppid": int(fields[1]), "state": fields[0], "start": int(fields[19])}


def descendants():
    """Every live process below this one, as [{"pid", "start"}] (start: clock ticks after boot)."""
    if not _has_children():
        return []
    return [{"pid": p["pid"], "start": p["start"]} for p in _below() if p["state"] not in ("Z", "X")]


def _below():
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
                found.append(proc)
    return found
