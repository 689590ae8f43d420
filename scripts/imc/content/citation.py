"""Bibliographic references in the style of ГОСТ Р 7.0.100–2018, as plain text.

One implementation for the whole site: the «Как сослаться» block of every material and the
reference of every book (docs/knigi/) are both `reference(Source(...))`. The areas follow the
standard: heading (first author, «Фамилия, И. О.», when there are one to three), title and
other title information, statement of responsibility, edition, publication, extent, ISBN,
content type («Текст : непосредственный» / «Текст : электронный»), the host site of a part
(«// Сайт : [сайт]»), URL with the date of access; areas are separated by «. — ».
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DASH = ". — "
_INITIAL_WORD = re.compile(r"^[A-ZА-ЯЁ]\.")


@dataclass(frozen=True)
class Source:
    title: str
    authors: tuple[str, ...] = ()  # personal names as written: «Иванова Мария Петровна», «Иванова М. П.»
    title_info: str = ""  # other title information: «учебное пособие», «лучшая практика»
    responsibility: tuple[str, ...] = ()  # more statements: «под редакцией А. В. Петрова», an organisation
    edition: str = ""  # «2-е изд., перераб.»
    place: str = ""  # «Москва»
    publisher: str = ""
    year: int | str | None = None
    pages: int | None = None
    isbn: str = ""  # hyphenated
    electronic: bool = False  # content type: электронный (else непосредственный)
    site: str = ""  # the site a part belongs to: «ИМЦ Заречного округа»
    url: str = ""
    accessed: dt.date | None = None


def split_name(name: str) -> tuple[str, str] | None:
    """(surname, «М. П.») of a personal name, or None when it does not look like one.

    Accepts «Иванова Мария Петровна», «Иванова М. П.», «Иванова М.П.», «Иванова, М. П.» and
    «М. П. Иванова»."""
    text = " ".join(str(name).split())
    if not text:
        return None
    if "," in text:
        surname, rest = (s.strip() for s in text.split(",", 1))
    else:
        words = text.split(" ")
        if _INITIAL_WORD.match(words[0]) and len(words) > 1:  # initials first
            surname, rest = words[-1], " ".join(words[:-1])
        else:
            surname, rest = words[0], " ".join(words[1:])
    parts = [p for p in re.split(r"[\s.]+", rest) if p]
    if not surname or not parts or not all(p[0].isupper() for p in parts) or "." in surname:
        return None
    return surname, " ".join(p[0] + "." for p in parts)


def heading_form(name: str) -> str:
    """«Иванова, М. П.» — the author in the heading of a record."""
    found = split_name(name)
    return f"{found[0]}, {found[1]}" if found else name


def statement_form(name: str) -> str:
    """«М. П. Иванова» — the author in the statement of responsibility."""
    found = split_name(name)
    return f"{found[1]} {found[0]}" if found else name


def _join(areas: list[str]) -> str:
    """Areas joined by «. — »; an area ending in a full stop (an abbreviation) keeps just that one."""
    out = ""
    for area in (a.strip() for a in areas if a and a.strip()):
        if not out:
            out = area
        elif out.endswith((".", "?", "!")):
            out += " — " + area
        else:
            out += DASH + area
    return out


def reference(src: Source) -> str:
    """The reference as one line of text, ending with a full stop."""
    authors = [a for a in src.authors if str(a).strip()]
    heading = heading_form(authors[0]) if 1 <= len(authors) <= 3 else ""
    title = src.title.strip()
    if src.title_info:
        title += f" : {src.title_info.strip()}"
    names = [statement_form(a) for a in authors[:3]]
    statements = []
    if names:
        statements.append(", ".join(names) + (" [и др.]" if len(authors) > 3 else ""))
    statements += [s.strip() for s in src.responsibility if s and s.strip()]
    if statements:
        title += " / " + " ; ".join(statements)
    first = f"{heading} {title}" if heading else title
    areas = [first, src.edition]
    publication = ""
    if src.place or src.publisher:
        publication = " : ".join(x for x in (src.place, src.publisher) if x)
        if src.year:
            publication += f", {src.year}"
    areas.append(publication)
    if src.pages:
        areas.append(f"{src.pages} с.")
    if src.isbn:
        areas.append(f"ISBN {src.isbn}")
    kind = "Текст : электронный" if src.electronic or src.site else "Текст : непосредственный"
    access = f"URL: {src.url}" + (f" (дата обращения: {src.accessed:%d.%m.%Y})" if src.accessed else "") \
        if src.url else ""
    if src.site:  # a part of a site: the content type, then the host and its year
        areas += [f"{kind} // {src.site} : [сайт]", "" if publication else str(src.year or ""), access]
    else:
        if not publication and src.year:
            areas.append(str(src.year))
        areas += [access, kind] if src.electronic else [kind]  # a printed book is cited as printed
    text = _join(areas)
    return text if text.endswith(".") else text + "."
