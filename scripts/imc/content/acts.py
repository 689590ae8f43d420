"""The registry of normative acts («Нормативная база»): acts of every level and our own положения.

An `act` is entered once, in docs/normativnaya-baza/; the service's own положения (type
`regulation`) join the registry as acts of level «локальный» straight from their approval
order, so nothing is typed twice. This module decides what the registry lists and which
pages it has; `imc.site.acts` draws them, `imc.check.acts` checks them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from imc.content.project import Item, Project

FOLDER = "normativnaya-baza"
INDEX = f"{FOLDER}/index.md"
BY_DATE = f"{FOLDER}/f/po-date.md"  # every level in one list, newest first
FEED = f"{FOLDER}/feed.xml"  # Atom: «Изменения в законодательстве»
ATTESTATION = "attestatsiya/index.md"
ATTESTATION_TOPIC = "attestatsiya"
LOCAL = "lokalnyy"
# regulation status -> act status; a draft (proekt) is not an act yet
REGULATION_STATUS = {"deystvuet": "deystvuet", "utratilo-silu": "utratil-silu"}
# filter page slug -> (field of Row, label)
FILTERS = {"uroven": ("level", "Уровень"), "tema": ("topics", "Тема"), "status": ("status", "Статус")}


@dataclass
class Row:
    """One act of the registry, whatever its source."""
    item: Item
    level: str  # act_levels id
    kind: str  # act_kinds id
    issuer: str  # the issuer's short name
    number: str
    date: dt.date | None
    status: str  # act_statuses id
    topics: list[str] = field(default_factory=list)
    changed_by: Item | None = None

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def url(self) -> str:
        return self.item.url


def issuer_name(project: Project, issuer_id: str, short: bool = True) -> str:
    row = project.registries.get("issuers", {}).get(issuer_id)
    if not row:
        return issuer_id
    return str(row["short_name" if short else "name"])


def rows(project: Project) -> list[Row]:
    """Every act of the registry, newest first (cached per project)."""
    cache = project.__dict__.get("_act_rows")
    if cache is not None and cache[0] == len(project.items):
        return cache[1]
    out = []
    for item in project.of_type("act"):
        m = item.meta
        out.append(Row(item, m.get("level", ""), m.get("kind", ""), issuer_name(project, m.get("issuer", "")),
                       str(m.get("number", "")), m.get("date"), m.get("status", ""), list(m.get("topics") or []),
                       project.get("act", m["changed_by"]) if m.get("changed_by") else None))
    for item in project.of_type("regulation"):
        m = item.meta
        status = REGULATION_STATUS.get(m.get("status", ""))
        order = m.get("order") or {}
        if status is None or not order:
            continue
        newer = next((o for o in project.of_type("regulation") if o.meta.get("supersedes") == item.id), None)
        out.append(Row(item, LOCAL, "polozhenie", str(order.get("issuer", "")), str(order.get("number", "")),
                       order.get("date"), status, [], newer))
    out.sort(key=lambda r: (r.date or dt.date.min, r.item.id), reverse=True)
    project.__dict__["_act_rows"] = (len(project.items), out)
    by_item, changed = {}, {}
    for r in out:
        by_item[id(r.item)] = r
        if r.changed_by is not None:
            changed.setdefault(id(r.changed_by), []).append(r)
    project.__dict__["_act_index"] = (by_item, changed)
    return out


def row_of(project: Project, item: Item) -> Row | None:
    rows(project)
    return project.__dict__["_act_index"][0].get(id(item))


def changed_by(project: Project, item: Item) -> list[Row]:
    """Acts that this act changed or repealed (newest first)."""
    rows(project)
    return list(project.__dict__["_act_index"][1].get(id(item), ()))


def values(row: Row, key: str) -> list[str]:
    v = getattr(row, key)
    return list(v) if isinstance(v, list) else [v] if v else []


def filter_page(slug: str, value: str) -> str:
    return f"{FOLDER}/f/{slug}/{value}.md"


def pages(project: Project) -> dict[str, tuple[str, tuple[str, str] | None]]:
    """Generated pages: src -> (title, (filter slug, value) or None)."""
    out: dict[str, tuple[str, tuple[str, str] | None]] = {INDEX: ("Нормативная база", None),
                                                        BY_DATE: ("Нормативная база: все акты по дате", None),
                                                        ATTESTATION: ("Аттестация педагогов", None)}
    for slug, (key, label) in FILTERS.items():
        vocab = {"level": "act_levels", "topics": "topics", "status": "act_statuses"}[key]
        for value in sorted({v for r in rows(project) for v in values(r, key)}):
            out[filter_page(slug, value)] = (f"Нормативная база: {project.vocab_title(vocab, value)}", (slug, value))
    return out


def when_changed(row: Row) -> dt.date | None:
    """The date a reader learns of: the changing act's date for a changed act, else its own."""
    if row.changed_by is not None and row.status != "deystvuet":
        other = row.changed_by.meta.get("date") or (row.changed_by.meta.get("order") or {}).get("date")
        if other:
            return other
    return row.item.meta.get("updated") or row.date
