"""mkdocs' own warnings, told in Russian with file:line, like every other message of imc.

`imc check` is meant to catch everything first; what reaches this is what only the renderer
sees (a link written by a macro, say). mkdocs counts the warnings for --strict itself; this
only decides how they are shown.
"""
from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from imc.core.problems import ERROR, WARNING, Problem

_DOC_LINK = re.compile(r"Doc file '(?P<doc>[^']+)' contains (?P<what>.*?)'(?P<href>[^']*)'(?P<rest>.*)$", re.S)
_ERROR_READING = re.compile(r"Error reading page '(?P<doc>[^']+)': (?P<err>.*)$", re.S)
_MESSAGES = [  # (pattern in what mkdocs said, message, hint)
    (r"^a link \$.*not found", "ссылка «{href}» ведёт на несуществующий файл",
     "проверьте путь: он считается от папки этой страницы"),
    (r"does not contain an anchor", "ссылка «{href}»: на той странице нет такого якоря",
     "якорь — это заголовок строчными буквами через дефис или пункт положения (#p-3-2)"),
    (r"no such anchor on this page", "ссылка «{href}»: на этой странице нет такого якоря",
     "якорь — это заголовок строчными буквами через дефис или пункт положения (#p-3-2)"),
    (r"^an absolute link", "абсолютная ссылка «{href}»",
     "ссылайтесь на файл относительно этой страницы, например ../praktiki/x.md"),
    (r"^an unrecognized relative link", "ссылка «{href}» на адрес, а не на файл",
     "ссылайтесь на файл .md: mkdocs сам превратит его в адрес страницы"),
    (r"excluded from the built site", "ссылка «{href}» на файл, который не публикуется",
     "уберите ссылку или опубликуйте файл"),
]


def _locate(root: Path, doc: str, needle: str) -> tuple[int, int]:
    """Where a link is written in its page; (1, 1) when a macro wrote it."""
    try:
        text = (root / "docs" / doc).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return 1, 1
    i = text.find(needle) if needle else -1
    if i < 0:
        return 1, 1
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def translate(record: logging.LogRecord, root: Path) -> str:
    """The Russian text of a log record: a Problem line when it names a page."""
    msg = record.getMessage()
    severity = ERROR if record.levelno >= logging.WARNING else WARNING
    if m := _DOC_LINK.match(msg):
        doc, href, said = m["doc"], m["href"], m["what"] + "$" + m["rest"]
        for pattern, text, hint in _MESSAGES:
            if re.search(pattern, said):
                break
        else:
            text, hint = f"mkdocs: {msg}", ""
        line, col = _locate(root, doc, href)
        if (line, col) == (1, 1):
            hint += "; ссылку вставил шаблон (макрос) страницы — исправьте его"
        return Problem(f"docs/{doc}", line, col, text.format(href=href), hint, severity=severity,
                       code="build").text()
    if m := _ERROR_READING.match(msg):
        return Problem(f"docs/{m['doc']}", 1, 1, f"страница не собирается: {m['err']}",
                       "исправьте страницу; если причина непонятна, покажите это сообщение разработчикам",
                       code="build").text()
    return msg


class RussianHandler(logging.Handler):
    """Prints mkdocs' warnings and errors in Russian; its English INFO chatter only if asked."""

    def __init__(self, root: Path, verbose: bool = False):
        super().__init__(logging.INFO if verbose else logging.WARNING)
        self.root = root
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.count += 1
        try:
            print(translate(record, self.root), file=sys.stderr)
        except Exception:  # a log line must never break the build
            self.handleError(record)
