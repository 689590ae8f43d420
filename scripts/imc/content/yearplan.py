"""The service's year as data: plan items, their dates, progress, links to recommendations.

Shared by the checker (`check/yearcycle.py`), the pages (`site/yearcycle.py`), the open data
and `imc new-year`, so a date or a link is understood the same way everywhere.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from imc.content.project import Item, Project

_DATE = r"(\d{4})-(\d{2})-(\d{2})"
_MONTH = r"(\d{4})-(\d{2})"
_DASH = r"\s*(?:—|–|\.\.)\s*|\s+-{1,2}\s+"  # a hyphen inside 2025-10-01 is not a dash
MONTHS = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь"]
WHEN_HINT = "напишите дату 2025-10-15, месяц 2025-10 или период «2025-10-01 — 2025-10-20» («2025-09 — 2026-05»)"


@dataclass(frozen=True)
class When:
    start: dt.date
    end: dt.date
    exact: bool  # one day, or a period between two days (goes to the calendar)
    text: str  # as the author wrote it

    @property
    def month(self) -> str:
        return f"{self.start.year:04d}-{self.start.month:02d}"


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _one(text: str, end: bool) -> tuple[dt.date, bool]:
    if m := re.fullmatch(_DATE, text):
        return dt.date(*(int(x) for x in m.groups())), True
    if m := re.fullmatch(_MONTH, text):
        y, mo = int(m.group(1)), int(m.group(2))
        return (_month_end(y, mo) if end else dt.date(y, mo, 1)), False
    raise ValueError(text)


def parse_when(text: str) -> When:
    """«2025-10-15», «2025-10», «2025-10-01 — 2025-10-20», «2025-09 — 2026-05»; ValueError
    with a Russian message otherwise."""
    raw = str(text).strip()
    parts = re.split(_DASH, raw, maxsplit=1)
    try:
        if len(parts) == 1:
            start, exact = _one(parts[0], False)
            end = start if exact else _one(parts[0], True)[0]
        else:
            start, e1 = _one(parts[0].strip(), False)
            end, e2 = _one(parts[1].strip(), True)
            exact = e1 and e2
    except ValueError:
        raise ValueError(f"«{raw}» — не срок") from None
    except (TypeError, OverflowError):
        raise ValueError(f"«{raw}» — не срок") from None
    if end < start:
        raise ValueError(f"в сроке «{raw}» конец раньше начала")
    return When(start, end, exact, raw)


def try_when(text) -> When | None:
    try:
        return parse_when(text) if text else None
    except ValueError:
        return None


def school_year_bounds(year: str) -> tuple[dt.date, dt.date]:
    first = int(str(year)[:4])
    return dt.date(first, 9, 1), dt.date(first + 1, 8, 31)


def month_title(key: str) -> str:
    y, m = key.split("-")
    return f"{MONTHS[int(m) - 1]} {y}"


def plan_items(plan: Item):
    """(section index, item index, section, item) of every item of a plan."""
    for si, sec in enumerate(plan.meta.get("sections") or []):
        for ii, it in enumerate(sec.get("items") or []):
            yield si, ii, sec, it


def progress(plan: Item) -> tuple[int, int]:
    """(done, all): cancelled items are not counted against the plan."""
    items = [it for *_, it in plan_items(plan) if it.get("status") != "otmeneno"]
    return sum(1 for it in items if it.get("status") == "vypolneno"), len(items)


def item_anchor(si: int, ii: int) -> str:
    return f"p-{si + 1}-{ii + 1}"


def split_from(value: str) -> tuple[str, str]:
    report, _, rec = str(value).partition("#")
    return report.strip(), rec.strip()


def recommendation_uses(project: Project) -> dict[tuple[str, str], list[tuple[Item, str, dict]]]:
    """(report id, recommendation id) -> [(plan, anchor, item)] of plan items made from it."""
    out: dict = {}
    for plan in project.of_type("plan"):
        for si, ii, _, it in plan_items(plan):
            if it.get("from"):
                out.setdefault(split_from(it["from"]), []).append((plan, item_anchor(si, ii), it))
    return out


def years(project: Project) -> list[str]:
    """Every school year that has a plan or a report, oldest first."""
    return sorted({str(i.meta["school_year"]) for t in ("plan", "report") for i in project.of_type(t)
                   if i.meta.get("school_year")})


def current_year(project: Project, today: dt.date | None = None) -> str | None:
    """The school year running today if it has a plan; otherwise the latest non-archived one."""
    today = today or dt.date.today()
    first = today.year if today.month >= 9 else today.year - 1
    running = f"{first}/{first + 1}"
    have = years(project)
    if running in have:
        return running
    live = sorted({str(p.meta["school_year"]) for p in project.of_type("plan") if not p.meta.get("archive")})
    return (live or have or [None])[-1]


def next_year(year: str) -> str:
    first = int(year[:4]) + 1
    return f"{first}/{first + 1}"
