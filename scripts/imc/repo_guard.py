"""Build output and caches never belong in the repository.

`.cache/` is git-ignored, but `git add -f` commits it anyway; a pull request could then hand
the checker a prepared cache, or publish a prepared `site/`. `imc check` asks git which such
paths are tracked and reports each as an error; the check memo is never read from a tracked
folder. Without git, or outside a repository, there is nothing to ask and nothing is reported.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from .problems import Problem

# Folders at the top of the project that only programs write (see .gitignore).
OUTPUT_DIRS = {".cache", "site", "pagefind", ".venv", "venv", "node_modules", ".pytest_cache",
               ".hypothesis", ".mypy_cache", ".ruff_cache", ".tox", ".eggs"}
OUTPUT_PREFIXES = (".site-", "site.old", ".pagefind-")  # a build's folders beside site/
OUTPUT_NESTED = ("bench/work/", "tests/.artifacts/")
CACHE_DIRS = {".cache"}  # what the checker reads from: never read when tracked


def tracked_output(root: Path) -> list[str]:
    """Tracked files under build-output folders, relative to `root` (sorted)."""
    try:
        run = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", "."],  # relative to root
                             capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):  # no git here: nothing to ask
        return []
    if run.returncode != 0:  # not a repository
        return []
    out = []
    for raw in run.stdout.split(b"\0"):
        if not raw:
            continue
        path = raw.decode("utf-8", "surrogateescape")
        if is_output(path):
            out.append(path)
    return sorted(out)


def is_output(path: str) -> bool:
    parts = path.split("/")
    top = parts[0]
    return (top in OUTPUT_DIRS and len(parts) > 1 or top.startswith(OUTPUT_PREFIXES) or top.endswith(".egg-info")
            or path.startswith(OUTPUT_NESTED)
            # Python runs a committed «unchecked» .pyc instead of its source
            or "__pycache__" in parts[:-1] or path.endswith((".pyc", ".pyo")))


def caches_tracked(paths: list[str]) -> bool:
    return any(p.split("/", 1)[0] in CACHE_DIRS for p in paths)


def problems(paths: list[str]) -> list[Problem]:
    """One error per tracked folder (a committed site/ has thousands of files)."""
    groups: dict[str, list[str]] = {}
    for p in paths:
        parts = p.split("/")
        if "__pycache__" in parts[:-1]:
            folder = "/".join(parts[:parts.index("__pycache__") + 1])
        elif len(parts) > 1:
            folder = parts[0] if not p.startswith(OUTPUT_NESTED) else "/".join(parts[:2])
        else:
            folder = p
        groups.setdefault(folder, []).append(p)
    out = []
    for folder, files in sorted(groups.items()):
        more = f" и ещё {len(files) - 1}" if len(files) > 1 else ""
        out.append(Problem(
            files[0], 1, 1,
            f"в репозитории лежит файл сборки или кэша «{files[0]}»{more}: такие файлы создают программы, "
            "и из чужого pull request им нельзя доверять",
            f"удалите из репозитория: git rm -r --cached {folder}", code="tracked-output"))
    return out
