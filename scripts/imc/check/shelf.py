"""Checks of courses (docs/kursy/) and books (docs/knigi/) beyond the type of each field:
dates that contradict each other, a course of no hours, an ISBN whose check digit or length is
wrong, a book nobody can get. Each function returns its problems; load.py adds them."""
from __future__ import annotations

from imc.content.citation import split_name
from imc.content.project import Item, Project
from imc.core.isbn import IsbnError, parse
from imc.core.problems import ERROR, WARNING, Problem
from imc.core.text import ru_date

MIN_HOURS = 16  # the least a programme of повышение квалификации may have (приказ Минобрнауки № 499, п. 12)


def _problem(item: Item, path: tuple, message: str, hint: str, *, code: str, severity: str = ERROR) -> Problem:
    line, col = item.where(path)
    dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    return Problem(item.rel, line, col, message, hint, dotted, severity, code)


def item_problems(item: Item) -> list[Problem]:
    if item.type.name == "course":
        return course_problems(item)
    if item.type.name == "book":
        return book_problems(item)
    return []


def course_problems(item: Item) -> list[Problem]:
    m, out = item.meta, []
    start, end, deadline = m.get("start"), m.get("end"), m.get("registration_deadline")
    if start and end and end < start:
        out.append(_problem(item, ("end",), f"курс заканчивается ({ru_date(end)}) раньше, чем начинается "
                            f"({ru_date(start)})", "проверьте даты start и end: окончание — не раньше начала",
                            code="course-dates"))
    if m.get("hours") == 0:
        out.append(_problem(item, ("hours",), "у курса 0 часов",
                            "укажите объём программы в часах, как в ней написано (например, 36 или 72)",
                            code="course-hours"))
    elif isinstance(m.get("hours"), int) and m["hours"] < MIN_HOURS and m.get("document") == "udostoverenie":
        out.append(_problem(item, ("hours",), f"удостоверение о повышении квалификации выдают за программу "
                            f"не меньше {MIN_HOURS} часов, а здесь {m['hours']}",
                            "проверьте часы или документ (за короткий семинар — сертификат участника)",
                            code="course-hours", severity=WARNING))
    if deadline and start and deadline > start:
        out.append(_problem(item, ("registration_deadline",),
                            f"запись заканчивается ({ru_date(deadline)}) позже начала курса ({ru_date(start)})",
                            "срок записи — не позже дня начала: поправьте registration_deadline или start",
                            code="course-registration"))
    if m.get("cost") == "platno" and not m.get("price"):
        out.append(_problem(item, ("cost",), "платный курс без стоимости",
                            "укажите price — стоимость в рублях", code="course-price", severity=WARNING))
    return out


def book_problems(item: Item) -> list[Problem]:
    m, out = item.meta, []
    if m.get("isbn"):
        found = parse(m["isbn"])
        if isinstance(found, IsbnError):
            out.append(_problem(item, ("isbn",), found.message, found.hint, code="isbn"))
    for i, name in enumerate(m.get("authors") or []):
        if split_name(name) is None:
            out.append(_problem(item, ("authors", i), f"«{name}» не похоже на «Фамилия И. О.»",
                                "запишите автора как на титуле: Иванова М. П. (по этой записи строится "
                                "библиографическая ссылка)", code="book-author", severity=WARNING))
    if not m.get("library") and not m.get("url"):
        out.append(_problem(item, ("title",), "не сказано, где взять книгу",
                            "заполните library (где она в библиотеке ИМЦ) или url (электронная версия)",
                            code="book-where", severity=WARNING))
    return out


def project_problems(project: Project) -> list[Problem]:
    """One book described twice (the same ISBN in two files)."""
    out, seen = [], {}
    for item in sorted(project.of_type("book"), key=lambda i: i.rel):
        found = parse(item.meta["isbn"]) if item.meta.get("isbn") else None
        if found is None or isinstance(found, IsbnError):
            continue
        if found.isbn13 in seen:
            out.append(_problem(item, ("isbn",), f"книга с ISBN {found.hyphenated} уже описана в {seen[found.isbn13]}",
                                "оставьте одно описание (а второе удалите) или исправьте ISBN", code="isbn-duplicate"))
        else:
            seen[found.isbn13] = item.rel
    return out
