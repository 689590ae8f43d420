"""Keys must never reach a site's files: `imc check` refuses anything in data/ or docs/ that
looks like an access key (publishing reads keys only from the environment)."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from imc.core.problems import ERROR, Problem

TEXT = {".md", ".yml", ".yaml", ".json", ".txt", ".csv", ".html", ".htm", ".js", ".css", ".svg", ".xml",
        ".ini", ".cfg", ".conf", ".env", ".toml", ".ics", ""}
MAX_BYTES = 2 * 1024 * 1024
PATTERNS = (
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), "идентификатор ключа AWS/S3"),
    (re.compile(r"\bYC[A-Za-z0-9_-]{20,}"), "ключ Yandex Cloud"),
    (re.compile(r"\bAQVN[A-Za-z0-9_-]{30,}"), "API-ключ Yandex Cloud"),
    (re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"), "закрытый ключ"),
    # the name alone is fine (a guide names the variable); a name with a value is a key
    (re.compile(r"aws_secret_access_key[\"']?\s*[=:]\s*[\"']?[A-Za-z0-9/+=]{16,}", re.I),
     "секретный ключ хранилища (aws_secret_access_key)"),
)


def scan_text(text: str) -> list[tuple[int, int, str]]:
    """(line, column, what) of every key-like string."""
    found = []
    for pattern, what in PATTERNS:
        for m in pattern.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            found.append((line, col, what))
    return sorted(found)


_HINTS = re.compile(rb"AKIA|ASIA|YC|AQVN|PRIVATE KEY|[Ss][Ee][Cc][Rr][Ee][Tt]_[Aa][Cc][Cc][Ee][Ss][Ss]")


def _text_files(root: Path):
    """(relative path, path, stat) of the text files under data/ and docs/, links not followed."""
    stack = [(root / folder, folder) for folder in ("docs", "data")]
    while stack:
        folder, rel = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in sorted(entries, key=lambda e: e.name):
            if e.is_dir(follow_symlinks=False):
                stack.append((Path(e.path), f"{rel}/{e.name}"))
            elif e.is_file(follow_symlinks=False) and os.path.splitext(e.name)[1].lower() in TEXT:
                yield f"{rel}/{e.name}", Path(e.path), e.stat(follow_symlinks=False)


MEMO = ".cache/imc/secrets.json"  # data only: path -> [size, mtime_ns, findings]


def _load_memo(root: Path) -> dict:
    try:
        memo = json.loads((root / MEMO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) and memo.get("version") == 1 else {}


def secret_problems(root: Path) -> list[Problem]:
    """Findings for every text file of data/ and docs/; a file unchanged since the last run
    (same size and mtime) is not read again."""
    old = _load_memo(root).get("files", {})
    files: dict[str, list] = {}
    problems = []
    for rel, path, st in _text_files(root):
        seen = old.get(rel)
        if isinstance(seen, list) and len(seen) == 3 and seen[:2] == [st.st_size, st.st_mtime_ns] \
                and isinstance(seen[2], list):
            found = [tuple(f) for f in seen[2] if isinstance(f, list) and len(f) == 3]
        else:
            with path.open("rb") as f:
                data = f.read(MAX_BYTES)
            # bytes first: decoding every page would cost seconds on a big bank
            found = scan_text(data.decode("utf-8", "replace")) if _HINTS.search(data) else []
        files[rel] = [st.st_size, st.st_mtime_ns, [list(f) for f in found]]
        for line, col, what in found:
            problems.append(Problem(
                rel, int(line), int(col), f"похоже на {what}",
                "ключи не хранят в файлах сайта: удалите его отсюда и из истории репозитория и выпустите "
                "новый ключ в консоли облака; публикация берёт ключи из переменных окружения",
                code="secret", severity=ERROR))
    if files != old:
        try:
            (root / MEMO).parent.mkdir(parents=True, exist_ok=True)
            tmp = root / (MEMO + ".tmp")
            tmp.write_text(json.dumps({"version": 1, "files": files}), encoding="utf-8")
            tmp.replace(root / MEMO)
        except OSError:
            pass  # a read-only checkout still gets its findings
    return problems
