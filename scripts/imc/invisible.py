"""Invisible characters in titles, headings and ids: bidi overrides and zero-width marks.

They come with text copied from messengers and PDFs, or are put there on purpose: U+202E
shows «fdp.exe» as «exe.pdf», a zero-width space makes two identical-looking titles differ
and breaks a link to a heading. A warning points at the exact character.
"""
from __future__ import annotations

import re
from pathlib import Path

from .markdown_checks import strip_code
from .problems import WARNING, Problem

NAMES = {
    "\u202a": "начало встраивания слева направо", "\u202b": "начало встраивания справа налево",
    "\u202c": "конец встраивания", "\u202d": "принудительное направление слева направо",
    "\u202e": "принудительное направление справа налево (переворачивает текст)",
    "\u2066": "изоляция слева направо", "\u2067": "изоляция справа налево",
    "\u2068": "изоляция по первому символу", "\u2069": "конец изоляции",
    "\u200b": "пробел нулевой ширины", "\u200c": "разъединитель нулевой ширины",
    "\u200d": "соединитель нулевой ширины", "\u2060": "неразрывный знак нулевой ширины",
    "\ufeff": "неразрывный пробел нулевой ширины (BOM)",
}
HIDDEN = re.compile("[" + "".join(NAMES) + "]")
# heading lines (text and {#id}) and attribute lists with an id anywhere
_PLACES = re.compile(r"^#{1,6}[ \t].*$|\{:?[^{}\n]*#[^{}\n]*\}|\bid\s*=\s*[\"'][^\"'\n]*[\"']", re.M)
HINT = ("удалите его (он не виден, но меняет текст, адрес раздела или порядок букв); "
        "обычно он попадает при копировании из мессенджера или PDF")


def _message(ch: str, where: str = "") -> str:
    return f"{where}невидимый символ U+{ord(ch):04X} ({NAMES[ch]})"


def _strings(value, path=()):
    """Every text value of the front matter with its path: titles, descriptions, ids of
    authors and organisations (an invisible character there makes a code unknown)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_item(item, docs_dir: Path) -> list[Problem]:
    """Warnings for the front matter's values (title, description, ids) and the body's
    headings and ids."""
    out: list[Problem] = []
    lines: list[str] | None = None
    # the values as written (item.meta drops what the model refused, e.g. an unknown code)
    for path, value in _strings(item.loaded.data if item.loaded is not None else {}):
        if not (m := HIDDEN.search(value)):
            continue
        line, col = item.where(path)
        if lines is None:
            try:
                lines = (Path(docs_dir) / item.src).read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                lines = []
        if 0 < line <= len(lines) and (found := HIDDEN.search(lines[line - 1], max(col - 1, 0))):
            col = found.start() + 1  # the character itself, not the start of the value
        name = _dotted(path)
        out.append(Problem(item.rel, line, col, _message(m.group(0)), HINT, name,
                           WARNING, "invisible-char"))
    body = item.body or ""
    if HIDDEN.search(body):
        text = strip_code(body)
        for place in _PLACES.finditer(text):
            for m in HIDDEN.finditer(place.group(0)):
                index = place.start() + m.start()
                line = item.body_line + text.count("\n", 0, index)
                col = index - text.rfind("\n", 0, index)
                where = "в заголовке " if place.group(0).startswith("#") else "в id "
                out.append(Problem(item.rel, line, col, _message(m.group(0), where), HINT, "",
                                   WARNING, "invisible-char"))
                break  # one warning per heading
    return out
