"""«Нормативная база», the act's card, the feed «Изменения в законодательстве» and «Аттестация».

Pure functions of the Project, like render.py: filters are plain links to generated pages
(no JavaScript needed), every href is relative to the page it is placed on.
"""
from __future__ import annotations

import datetime as dt

from imc.content import acts
from imc.content.acts import Row
from imc.content.project import Item, Project
from imc.core.paths import page_url as page_of
from imc.core.text import human_size, plural, ru_date
from imc.site.render import rel, template, today
from markupsafe import Markup

VOCAB = {"level": "act_levels", "topics": "topics", "status": "act_statuses"}
LEVEL_ORDER = ("federalnyy", "regionalnyy", "munitsipalnyy", "lokalnyy")
# search pages that are built from data/ and still belong in the search (the section, not a list)
INDEXED = {acts.ATTESTATION}


def _page(slug: str, value: str) -> str:
    """The address of a filter page of the registry."""
    return page_of(acts.filter_page(slug, value))


def requisites(project: Project, row: Row) -> str:
    """«Приказ Минпросвещения России от 24 марта 2023 г. № 196»."""
    kind = project.vocab_title("act_kinds", row.kind)
    parts = [kind[:1].upper() + kind[1:]]
    if row.issuer and row.kind != "zakon":
        parts.append(row.issuer)
    if row.date:
        parts.append("от " + ru_date(row.date))
    if row.number:
        parts.append("№\u00a0" + row.number)
    return " ".join(parts)


def _row_dict(project: Project, row: Row, page_url: str) -> dict:
    return {"href": rel(page_url, row.url), "title": row.title, "requisites": requisites(project, row),
            "date": row.date.isoformat() if row.date else "", "date_h": ru_date(row.date) if row.date else "",
            "status": row.status, "status_title": project.vocab_title("act_statuses", row.status),
            "level": row.level, "topics": [project.vocab_title("topics", t) for t in row.topics],
            "changed_by": ({"href": rel(page_url, row.changed_by.url), "title": row.changed_by.title}
                           if row.changed_by is not None else None)}


def _facets(project: Project, page_url: str, active: tuple[str, str] | None) -> list[dict]:
    out = []
    rows = acts.rows(project)
    for slug, (key, label) in acts.FILTERS.items():
        counts: dict[str, int] = {}
        for r in rows:
            for v in acts.values(r, key):
                counts[v] = counts.get(v, 0) + 1
        order = LEVEL_ORDER if key == "level" else None
        values = sorted(counts, key=lambda v: (order.index(v) if order and v in order else 9,
                                               project.vocab_title(VOCAB[key], v)))
        out.append({"label": label, "open": True, "values": [
            {"title": project.vocab_title(VOCAB[key], v), "count": counts[v],
             "href": rel(page_url, _page(slug, v)),
             "current": active == (slug, v)} for v in values]})
    return out


def registry_html(project: Project, page_url: str, active: tuple[str, str] | None = None,
                  by_date: bool = False) -> str:
    """The registry grouped by level (newest first in each), one filter's acts, or every act
    in one list by date."""
    rows = acts.rows(project)
    current = None
    if active:
        key, _label = acts.FILTERS[active[0]]
        rows = [r for r in rows if active[1] in acts.values(r, key)]
        current = project.vocab_title(VOCAB[key], active[1])
    groups = []
    if by_date:
        groups.append({"id": "po-date", "title": "Все акты по дате", "rows": [_row_dict(project, r, page_url)
                                                                              for r in rows]})
    for level in [] if by_date else sorted({r.level for r in rows}, key=lambda v: LEVEL_ORDER.index(v) if v in LEVEL_ORDER else 9):
        mine = [_row_dict(project, r, page_url) for r in rows if r.level == level]
        title = project.vocab_title("act_levels", level)
        groups.append({"id": f"uroven-{level}", "title": title[:1].upper() + title[1:] + " уровень",
                       "rows": mine})
    return template(project, "acts.html").render(
        facets=_facets(project, page_url, active), groups=groups, current=current,
        all_href=rel(page_url, page_of(acts.INDEX)), feed_href=rel(page_url, acts.FEED),
        by_date_href=None if by_date else rel(page_url, page_of(acts.BY_DATE)),
        total_text="Актов: " + str(len(rows)),
        local_href=rel(page_url, "dokumenty/"),
    )


def page_html(project: Project, src: str, page_url: str) -> str:
    """A generated page of acts.pages(): the registry, a filter of it, or «Аттестация»."""
    if src == acts.ATTESTATION:
        return attestation_html(project, page_url)
    if src == acts.BY_DATE:
        return registry_html(project, page_url, by_date=True)
    _title, active = acts.pages(project)[src]
    return registry_html(project, page_url, active)


# ------------------------------------------------------------------ the act's own page

def act_html(project: Project, item: Item, page_url: str) -> str:
    from imc.site.render import search_filters
    m = item.meta
    row = acts.row_of(project, item)
    if row is None:
        return ""
    facts: list[tuple[str, Markup | str]] = [
        ("Документ", requisites(project, row)),
        ("Кто издал", acts.issuer_name(project, m["issuer"], short=False)),
        ("Уровень", Markup('<a href="{}">{}</a>').format(
            rel(page_url, _page("uroven", row.level)), project.vocab_title("act_levels", row.level))),
    ]
    status = Markup('<span class="imc-badge imc-badge--{}">{}</span>').format(
        row.status, project.vocab_title("act_statuses", row.status))
    if row.changed_by is not None:
        verb = "изменения внесены актом" if row.status == "izmenen" else "отменён актом"
        status += Markup(' — {} <a href="{}">{}</a>').format(
            verb, rel(page_url, row.changed_by.url), requisites(project, _row_of(project, row.changed_by)))
    facts.append(("Статус", status))
    if m.get("effective"):
        facts.append(("Вступает в силу", ru_date(m["effective"])))
    facts.append(("Темы", Markup(", ").join(
        Markup('<a href="{}">{}</a>').format(rel(page_url, _page("tema", t)),
                                             project.vocab_title("topics", t)) for t in row.topics)))
    if m.get("source"):
        facts.append(("Официальная публикация", Markup('<a href="{}">{}</a>').format(m["source"], _host(m["source"]))))
    if m.get("file"):
        import posixpath
        src = posixpath.normpath(posixpath.join(posixpath.dirname(item.src), m["file"]))
        full = project.docs_dir / src
        size = f" ({human_size(full.stat().st_size)})" if full.is_file() else ""
        facts.append(("Файл", Markup('<a href="{}" download>Текст документа</a>{}').format(rel(page_url, src), size)))
    changes = acts.changed_by(project, item)
    filters = search_filters(project, item)
    return template(project, "act-card.html").render(
        facts=facts, filters=filters,
        changes=[{"href": rel(page_url, r.url), "requisites": requisites(project, r), "title": r.title,
                  "status_title": project.vocab_title("act_statuses", r.status)} for r in changes],
        registry_href=rel(page_url, page_of(acts.INDEX)))


def _row_of(project: Project, item: Item) -> Row:
    row = acts.row_of(project, item)
    assert row is not None, item.rel
    return row


def _host(url: str) -> str:
    from urllib.parse import urlsplit
    return urlsplit(url).hostname or url


def search_filters(project: Project, item: Item) -> list[tuple[str, str]]:
    """Search facets of acts, положения (level «локальный») and events with topics."""
    m = item.meta
    name = item.type.name
    out: list[tuple[str, str]] = []
    if name == "act":
        out.append(("Уровень акта", project.vocab_title("act_levels", m.get("level", ""))))
        out.append(("Вид акта", project.vocab_title("act_kinds", m.get("kind", ""))))
        out.append(("Статус", project.vocab_title("act_statuses", m.get("status", ""))))
    elif name == "regulation" and m.get("status") in acts.REGULATION_STATUS and m.get("order"):
        out.append(("Уровень акта", project.vocab_title("act_levels", acts.LOCAL)))
        out.append(("Вид акта", project.vocab_title("act_kinds", "polozhenie")))
    if name in ("act", "event"):
        out += [("Тема", project.vocab_title("topics", t)) for t in m.get("topics") or []]
    return out


# ------------------------------------------------------------------ open data

def schema_org(project: Project, item: Item, data: dict) -> dict:
    """schema.org Legislation of an act, beside what the model maps field by field."""
    m = item.meta
    row = _row_of(project, item)
    jurisdiction = {"federalnyy": "Российская Федерация", "regionalnyy": project.site.get("region"),
                    "munitsipalnyy": project.site.get("municipality"),
                    "lokalnyy": project.site.get("full_name")}.get(row.level)
    issuer = project.registries.get("issuers", {}).get(m.get("issuer", ""), {})
    data["name"] = f"{requisites(project, row)} «{item.title}»"
    data["legislationPassedBy"] = {"@type": "GovernmentOrganization", "name": issuer.get("name", m.get("issuer")),
                                   **({"url": issuer["site"]} if issuer.get("site") else {})}
    data["legislationType"] = project.vocab_title("act_kinds", row.kind)
    if jurisdiction:
        data["legislationJurisdiction"] = jurisdiction
    force = {"deystvuet": "InForce", "izmenen": "PartiallyInForce", "utratil-silu": "NotInForce"}[row.status] \
        if row.status in ("deystvuet", "izmenen", "utratil-silu") else None
    data["legislationLegalForce"] = {"@type": "LegalForceStatus", "@id": f"https://schema.org/{force}",
                                     "name": project.vocab_title("act_statuses", row.status)} if force else None
    if m.get("source"):
        data["sameAs"] = m["source"]
    changed = acts.changed_by(project, item)
    if changed:  # schema.org names the link from the changing act to the changed ones
        from imc.site.opendata import _abs
        data["legislationChanges"] = [{"@id": _abs(project, r.url), "name": r.title} for r in changed]
    data["about"] = [project.vocab_title("topics", t) for t in row.topics]
    return {k: v for k, v in data.items() if v is not None}


def atom(project: Project) -> str:
    """«Изменения в законодательстве»: new acts and acts changed or repealed, newest first."""
    from imc.site.opendata import _abs, _dt
    from feedgen.feed import FeedGenerator
    site = project.site
    rows = sorted(acts.rows(project), key=lambda r: (acts.when_changed(r) or dt.date.min, r.item.id),
                  reverse=True)[:50]
    fg = FeedGenerator()
    fg.id(_abs(project, acts.FEED))
    fg.title(f"{site.get('name', '')}: изменения в законодательстве")
    fg.link(href=_abs(project, acts.FEED), rel="self")
    fg.link(href=_abs(project, page_of(acts.INDEX)), rel="alternate")
    fg.subtitle("Новые нормативные акты в реестре и акты, которые изменены или утратили силу")
    fg.language("ru")
    fg.author(name=str(site.get("full_name") or site.get("name") or ""))
    fg.generator("imc")
    fg.updated(_dt(max((acts.when_changed(r) for r in rows if acts.when_changed(r)), default=today())))
    for r in rows:
        when = acts.when_changed(r) or today()
        url = _abs(project, r.url)
        what = {"izmenen": "Изменён", "utratil-silu": "Утратил силу"}.get(r.status, "В реестре")
        fe = fg.add_entry(order="append")
        fe.id(f"{url}#{r.status}")  # a change of status is a new entry, not an edit of the old one
        fe.title(f"{what}: {requisites(project, r)} «{r.title}»")
        fe.link(href=url)
        fe.updated(_dt(when))
        fe.published(_dt(when))
        fe.category(term=r.level, label=project.vocab_title("act_levels", r.level))
        summary = str(r.item.meta.get("description") or "")
        if r.changed_by is not None and r.status != "deystvuet":
            summary = (summary + " " if summary else "") + f"Изменён актом: {r.changed_by.title}."
        fe.summary(summary or r.title)
    return fg.atom_str(pretty=True).decode()


# ------------------------------------------------------------------ аттестация

def attestation_html(project: Project, page_url: str) -> str:
    reg = project.registries.get("attestation", {})
    by_part: dict[str, list[dict]] = {}
    now = today()
    for row in reg.values():
        entry = {"description": "", "requirements": [], "size": "", "ext": "", "href": "", "when": "",
                 "state": "", **row}
        if row.get("start") and row.get("end"):
            entry["when"] = f"{ru_date(row['start'], year=row['start'].year != row['end'].year)} — {ru_date(row['end'])}"
            entry["state"] = ("приём идёт" if row["start"] <= now <= row["end"] else
                              "скоро" if now < row["start"] else "завершён")
        if row.get("file"):
            full = project.docs_dir / row["file"]
            entry["href"] = rel(page_url, row["file"])
            entry["size"] = human_size(full.stat().st_size) if full.is_file() else ""
            entry["ext"] = row["file"].rsplit(".", 1)[-1].upper()
        elif row.get("url"):
            entry["href"] = row["url"]
        by_part.setdefault(row["part"], []).append(entry)
    events = sorted((e for e in project.of_type("event") if acts.ATTESTATION_TOPIC in (e.meta.get("topics") or [])),
                    key=lambda e: e.meta["start"])
    up = [e for e in events if (e.meta.get("end") or e.meta["start"]) >= now]
    past = [e for e in events if (e.meta.get("end") or e.meta["start"]) < now][::-1]

    def ev(e):
        return {"href": rel(page_url, e.url), "title": e.title, "when": ru_date(e.meta["start"]),
                "time": e.meta.get("time") or "", "kind": project.vocab_title("event_kinds", e.meta["kind"])}
    governing = [_row_dict(project, r, page_url) for r in acts.rows(project)
                 if acts.ATTESTATION_TOPIC in r.topics]
    return template(project, "attestation.html").render(
        categories=by_part.get("kategoriya", []), steps=by_part.get("etap", []),
        windows=sorted(by_part.get("srok", []), key=lambda w: w.get("start") or dt.date.min),
        forms=by_part.get("forma", []), upcoming=[ev(e) for e in up], past=[ev(e) for e in past[:5]],
        acts=governing, topic_href=rel(page_url, _page("tema", acts.ATTESTATION_TOPIC)),
        request_href=rel(page_url, "spravka/konsultatsiya/"),
        count_text=plural(len(governing), "акт", "акта", "актов"),
    )
