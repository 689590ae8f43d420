"""What a killed build leaves behind: helper processes and half-written folders.

`kill -9` of `imc build` gives it no chance to stop its helpers (the search indexer, pagefind,
the processes that extract attachment text or read files for the check) or to remove its
unfinished `.site-*` folder. So each helper asks the kernel to kill it when its parent dies
(Linux: PR_SET_PDEATHSIG), and each build holds a lock beside its folder: the next build
removes the folders whose lock nobody holds any more.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import tempfile
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no locks, no cleanup (a build there is never killed this way)
    fcntl = None  # type: ignore[assignment]

PR_SET_PDEATHSIG = 1
_prctl = None


def load_prctl():
    global _prctl
    if _prctl is None and sys.platform.startswith("linux"):
        try:
            import ctypes
            _prctl = ctypes.CDLL(None, use_errno=True).prctl
        except (OSError, AttributeError):
            _prctl = False
    return _prctl or None


def die_with_parent(parent: int | None = None) -> None:
    """This process is killed as soon as its parent dies, however the parent died.
    `parent`: the pid it was started by — if that one is gone already, exit now."""
    prctl = load_prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # orphaned before the request took effect


def preexec_die_with_parent() -> None:
    """For subprocess(preexec_fn=…): the same for a program we start (pagefind). Only the
    ready C function is called between fork and exec."""
    prctl = _prctl
    if prctl:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


# ------------------------------------------------------------------ build folders

PREFIX = ".site-"
LOCK = ".lock"
_OURS = re.compile(r"\.site-[a-z0-9_]{8}(\.lock)?")  # tempfile's names: a user's «.site-notes» stays


class BuildFolder:
    """A fresh `.site-XXXXXXXX` folder beside the site, locked while this build runs."""

    def __init__(self, parent: Path):
        remove_stale(parent)
        self._fd, lock = tempfile.mkstemp(prefix=PREFIX, suffix=LOCK, dir=parent)
        self.lock = Path(lock)
        if fcntl is not None:
            fcntl.flock(self._fd, fcntl.LOCK_EX)  # released by the kernel however we end
        self.path = Path(lock[:-len(LOCK)])
        self.path.mkdir()

    def release(self) -> None:
        """The folder is swapped in or removed: drop the lock."""
        shutil.rmtree(self.path, ignore_errors=True)
        self.lock.unlink(missing_ok=True)
        os.close(self._fd)


def remove_stale(parent: Path) -> list[Path]:
    """Remove `.site-*` folders of builds that are no longer running; returns them."""
    if fcntl is None:
        return []
    removed = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return []
    names = {e.name for e in entries}
    for entry in entries:
        name = entry.name
        if not _OURS.fullmatch(name):
            continue
        if name.endswith(LOCK):
            folder = parent / name[:-len(LOCK)]
            if not _owner_gone(parent / name):
                continue
            shutil.rmtree(folder, ignore_errors=True)
            (parent / name).unlink(missing_ok=True)
            removed.append(folder)
        elif name + LOCK not in names and entry.is_dir(follow_symlinks=False) \
                and not (parent / (name + LOCK)).exists():
            # no lock at all: left by a version without locks (its lock is made before the folder)
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _owner_gone(lock: Path) -> bool:
    try:
        fd = os.open(lock, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a running build holds it
    finally:
        os.close(fd)
    return True
