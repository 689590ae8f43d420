"""`imc new-year 2027/2028`: the plans of a new school year from the structure of the last ones.

Each plan of the latest year before the new one is copied into a new file: its sections and
items (what, form, responsible, participants, expected result), without terms, marks, notes
or links to events — those belong to the old year. The new plan is a draft («проект»). The old
plans get `archive: true` and stay published. An existing file is never overwritten.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from imc.check.load import load_project
from imc.content import yearplan
from imc.content.project import DOCS
from imc.core.problems import ImcError, UsageError
from imc.core.text import SCHOOL_YEAR_PATTERN

KEEP = ("what", "form", "responsible", "participants", "result")  # what an item keeps in a new year


@dataclass
class NewYear:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # the new file exists already
    archived: list[str] = field(default_factory=list)


def parse_year(text: str) -> str:
    m = re.fullmatch(SCHOOL_YEAR_PATTERN, str(text).strip())
    if not m:
        raise UsageError(f"«{text}» — не учебный год: напишите так: 2027/2028")
    first, second = int(m.group(1)), int(m.group(2))
    if second != first + 1:
        raise UsageError(f"«{text}» — не учебный год: второй год должен быть на единицу больше первого "
                         f"(например, {first}/{first + 1})")
    if not 1990 <= first <= 2099:
        raise UsageError(f"«{text}»: год вне пределов 1990–2100")
    return f"{first}/{second}"


def _new_id(old_id: str, old_year: str, year: str) -> str:
    old, new = old_year.replace("/", "-"), year.replace("/", "-")
    if old in old_id:
        return old_id.replace(old, new)
    if (short := old.split("-")[0]) in old_id:  # plan-2026 -> plan-2027
        return old_id.replace(short, year[:4])
    return f"{old_id}-{new}"


def _text(value: str, old_year: str, year: str) -> str:
    return str(value).replace(old_year, year)


def _copy(meta: dict, old_year: str, year: str) -> dict:
    out: dict = {"title": _text(meta["title"], old_year, year)}
    if meta.get("description"):
        out["description"] = _text(meta["description"], old_year, year)
    out["school_year"] = year
    out["status"] = "proekt"
    if meta.get("structure"):
        out["structure"] = meta["structure"]
    sections = []
    for sec in meta.get("sections") or []:
        new_sec = {"title": sec["title"]}
        if sec.get("direction"):
            new_sec["direction"] = sec["direction"]
        # a cancelled item is not carried over: it was dropped on purpose
        new_sec["items"] = [{k: it[k] for k in KEEP if it.get(k)} for it in sec.get("items") or []
                            if it.get("status") != "otmeneno"]
        if new_sec["items"]:
            sections.append(new_sec)
    out["sections"] = sections
    return out


_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)


def _mark_archive(path: Path) -> bool:
    """Add `archive: true` to a plan's front matter, keeping every other line as written."""
    text = path.read_text(encoding="utf-8")
    m = _FRONT.match(text)
    if not m:
        return False
    front = m.group(1)
    if re.search(r"^archive:[ \t]*true[ \t]*$", front, re.M):
        return False
    if re.search(r"^archive:.*$", front, re.M):
        new_front = re.sub(r"^archive:.*$", "archive: true", front, count=1, flags=re.M)
    elif re.search(r"^school_year:.*$", front, re.M):
        new_front = re.sub(r"^(school_year:.*)$", r"\1\narchive: true", front, count=1, flags=re.M)
    else:
        new_front = front + "archive: true\n"
    path.write_text(text[:m.start(1)] + new_front + text[m.end(1):], encoding="utf-8")
    return True


BODY = ("## Цели и задачи\n\nTODO: цель и задачи на {year} учебный год (по анализу работы за прошлый год).\n\n"
        "Структура плана перенесена из плана на {old} учебный год командой imc new-year: поставьте сроки "
        "(when), уточните мероприятия и ответственных, затем утвердите план (status, order).\n")


def new_year(root: Path, year_text: str) -> NewYear:
    year = parse_year(year_text)
    project = load_project(root)
    plans = project.of_type("plan")
    earlier = sorted({p.meta["school_year"] for p in plans if p.meta.get("school_year")
                      and p.meta["school_year"] < year})
    if not earlier:
        have = ", ".join(yearplan.years(project)) or "ни одного"
        raise ImcError(f"нет планов раньше {year} (планы есть на годы: {have}): новый год начинается "
                       f"со структуры планов прошлого; создайте план: imc new plan --title \"…\"")
    old_year = earlier[-1]
    result = NewYear()
    for plan in sorted((p for p in plans if p.meta.get("school_year") == old_year), key=lambda p: p.src):
        new_id = _new_id(plan.id, old_year, year)
        if plan.src.endswith("/index.md"):
            src = f"{plan.src.rsplit('/', 2)[0]}/{new_id}/index.md" if plan.src.count("/") > 1 \
                else f"{new_id}/index.md"
        else:
            src = f"{plan.src.rsplit('/', 1)[0]}/{new_id}.md"
        target = project.docs_dir / src
        body = plan.meta.get("structure")
        if target.exists() or any(p.meta.get("school_year") == year and p.meta.get("structure") == body for p in plans):
            result.skipped.append(f"{DOCS}/{src}")
        else:
            meta = _copy(plan.meta, old_year, year)
            target.parent.mkdir(parents=True, exist_ok=True)
            front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=110)
            target.write_text(f"---\n{front}---\n\n{BODY.format(year=year, old=old_year)}", encoding="utf-8")
            result.created.append(f"{DOCS}/{src}")
        if _mark_archive(project.docs_dir / plan.src):
            result.archived.append(plan.rel)
    return result
