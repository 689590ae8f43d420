"""What the catalogue derives for courses: the month a course starts (a filter «Месяц начала»)
and where a course stands on a given day (registration open, under way, over)."""
from __future__ import annotations

import datetime as dt

from imc.content import model
from imc.content.project import Item

MONTHS_NOM = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
              "октябрь", "ноябрь", "декабрь")
MONTH = "start_month"  # the facet path of the derived month (no field holds it)


def derived_facets(ctype: model.ContentType) -> list[tuple[str, model.Field]]:
    """(path, field) of the facets a type has beyond its fields."""
    if ctype.name == "course":
        return [(MONTH, model.F(MONTH, "date", "Месяц начала", facet="mesyats"))]
    return []


def derived_values(item: Item, path: str) -> list[str] | None:
    """The facet values of a derived facet (None: not a derived one)."""
    if path != MONTH:
        return None
    start = item.meta.get("start")
    return [f"{start:%Y-%m}"] if isinstance(start, dt.date) else []


def month_title(value: str) -> str:
    """«2026-12» -> «декабрь 2026»."""
    year, _, month = value.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return value
    return f"{MONTHS_NOM[int(month) - 1]} {year}"


def course_status(item: Item, today: dt.date) -> str:
    """zapis (registration open), skoro (starts later, registration over or not announced),
    idet (under way), zavershen (over)."""
    m = item.meta
    start, end = m.get("start"), m.get("end") or m.get("start")
    if end and end < today:
        return "zavershen"
    if start and start <= today:
        return "idet"
    deadline = m.get("registration_deadline") or start
    return "zapis" if m.get("registration") and deadline and deadline >= today else "skoro"


STATUS_TITLES = {"zapis": "идёт запись", "skoro": "скоро", "idet": "идёт", "zavershen": "завершён"}


def upcoming_courses(items: list[Item], today: dt.date) -> list[Item]:
    """Courses not over yet, the nearest first."""
    return sorted((i for i in items if course_status(i, today) != "zavershen"),
                  key=lambda i: (i.meta["start"], i.id))


def past_courses(items: list[Item], today: dt.date) -> list[Item]:
    """Courses that are over, the latest first."""
    return sorted((i for i in items if course_status(i, today) == "zavershen"),
                  key=lambda i: (i.meta.get("end") or i.meta["start"], i.id), reverse=True)
