"""Checks of bodies (docs/struktura/) and РМО beyond single fields: состав, протоколы, решения.

Each function returns the problems it finds; `load.py` adds them to the project.
A missing deadline, role or responsible is reported by the field checker (the model
declares them required); an unknown responsible by the reference check.
"""
from __future__ import annotations

from imc.content.project import Item, Project
from imc.core.problems import ERROR, WARNING, Problem


def _school_year(d) -> str:
    y = d.year if d.month >= 8 else d.year - 1
    return f"{y}/{y + 1}"


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def item_problems(item: Item) -> list[Problem]:
    m = item.meta
    out: list[Problem] = []

    def bad(path: tuple, message: str, hint: str, code: str, severity: str = ERROR) -> None:
        line, col = item.where(path)
        out.append(Problem(item.rel, line, col, message, hint, _dotted(path), severity, code))

    seen_people: dict[str, int] = {}
    for i, member in enumerate(m.get("members") or []):
        pid = member.get("person")
        if pid in seen_people:
            bad(("members", i, "person"), f"«{pid}» уже есть в составе (строка {item.where(('members', seen_people[pid]))[0]})",
                "оставьте одну запись; несколько ролей перечислите в role через запятую", "members")
        elif pid:
            seen_people[pid] = i
    protocols: dict[tuple[str, str], int] = {}
    for i, mt in enumerate(m.get("meetings") or []):
        date = mt.get("date")
        number = str(mt.get("protocol") or "").strip()
        if date and number:
            key = (_school_year(date), number.lower())
            if key in protocols:
                first = item.where(("meetings", protocols[key], "protocol"))[0]
                bad(("meetings", i, "protocol"),
                    f"протокол №\u00a0{number} в {key[0]} учебном году уже есть (строка {first})",
                    "у каждого заседания свой номер протокола; нумерация начинается заново с нового учебного года",
                    "protocol")
            else:
                protocols[key] = i
        for j, d in enumerate(mt.get("decisions") or []):
            deadline = d.get("deadline")
            if date and deadline and deadline < date:
                bad(("meetings", i, "decisions", j, "deadline"),
                    f"срок {deadline.isoformat()} раньше самого заседания ({date.isoformat()})",
                    "проверьте год и месяц: срок исполнения решения — не раньше даты заседания", "deadline")
            ex = d.get("execution") or {}
            if ex.get("date") and date and ex["date"] < date:
                bad(("meetings", i, "decisions", j, "execution", "date"),
                    f"отметка об исполнении {ex['date'].isoformat()} раньше заседания ({date.isoformat()})",
                    "проверьте дату отметки", "execution")
            elif ex.get("status") == "vypolneno" and not ex.get("date"):
                bad(("meetings", i, "decisions", j, "execution", "status"),
                    "решение отмечено выполненным без даты", "добавьте execution.date: когда выполнено",
                    "execution", WARNING)
    return out


def problems(project: Project) -> list[Problem]:
    out: list[Problem] = []
    pages: dict[str, Item] = {}
    for item in project.of_type("body"):
        sid = item.meta.get("structure")
        if sid and sid in pages:
            line, col = item.where(("structure",))
            out.append(Problem(item.rel, line, col, f"у «{sid}» уже есть страница: {pages[sid].rel}",
                               "одному звену структуры — одна страница; объедините их", "structure",
                               ERROR, "structure"))
        elif sid:
            pages[sid] = item
    for item in project.of_type("body") + project.of_type("rmo"):
        out += item_problems(item)
    return out
