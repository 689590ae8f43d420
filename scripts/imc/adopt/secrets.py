"""Keys must never reach a site's files: `imc check` refuses anything in data/ or docs/ that
looks like an access key (publishing reads keys only from the environment)."""
from __future__ import annotations

import re
from pathlib import Path

from imc.problems import ERROR, Problem

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


def secret_problems(root: Path) -> list[Problem]:
    problems = []
    for folder in ("data", "docs"):
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix.lower() not in TEXT or not path.is_file() or path.is_symlink():
                continue
            if path.stat().st_size > MAX_BYTES:
                continue
            text = path.read_bytes().decode("utf-8", "replace")
            if not any(s in text for s in ("AKIA", "ASIA", "YC", "AQVN", "PRIVATE KEY", "ecret_access")) \
                    and "aws_secret" not in text.lower():
                continue
            rel = path.relative_to(root).as_posix()
            for line, col, what in scan_text(text):
                problems.append(Problem(
                    rel, line, col, f"похоже на {what}",
                    "ключи не хранят в файлах сайта: удалите его отсюда и из истории репозитория и выпустите "
                    "новый ключ в консоли облака; публикация берёт ключи из переменных окружения",
                    code="secret", severity=ERROR))
    return problems
