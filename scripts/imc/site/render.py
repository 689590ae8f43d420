"""HTML for what the build adds to pages: metadata cards, catalogues, plans, banners.

Pure functions of the Project: the mkdocs plugin only decides where the HTML goes.
Every URL is relative to the page it is placed on, so the site works under a sub-path.
"""
from __future__ import annotations

import datetime as dt
import functools
import heapq
import json
import posixpath
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import jinja2
from imc.content import labels, model
from imc.content.catalog import PER_PAGE, CatalogPage, facet_counts, facet_defs, item_values, value_title
from imc.content.kinds import KINDS
from imc.content.project import Item, Project, attachment_list
from imc.core.paths import page_url as url_of_src
from imc.core.text import human_size, plural, ru_date, slugify
from markupsafe import Markup, escape

# A site restyles a block by putting a template of the same name in overrides/imc/
# (as mkdocs-material's partials are overridden from overrides/partials/).
OVERRIDES = "overrides/imc"


@functools.lru_cache(maxsize=8)
def _environment(root: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(Path(root) / OVERRIDES)),
                                    jinja2.FileSystemLoader(str(Path(__file__).parent / "templates"))]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )


def template(project: Project, name: str) -> jinja2.Template:
    return _environment(str(project.root)).get_template(name)


def today() -> dt.date:
    return dt.date.today()


@functools.lru_cache(maxsize=65536)
def rel(from_url: str, to: str) -> str:
    """Relative href from a page URL (directory style) to a site path.
    (Cached: catalogue pages ask for the same few thousand pairs again and again.)"""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    r = posixpath.relpath(to or ".", base or ".")
    if to.endswith("/") or not to:
        return "./" if r == "." else r + "/"
    return r


def _people(project: Project, ids) -> list[str]:
    return [project.person_name(p) for p in ids or []]


# ------------------------------------------------------------------ material card

def _facts(project: Project, item: Item, page_url: str) -> list:
    m = item.meta
    facts = []
    for path, f in model.iter_fields(item.type.fields):
        if "." in path or "[" in path or f.name in ("title", "description", "authors", "organisation",
                                                     "attachments", "review", "replications", "date",
                                                     "updated", "keywords"):
            continue
        value = m.get(f.name)
        if value in (None, [], ""):
            continue
        values = value if isinstance(value, list) else [value]
        target = f.item if f.kind == "list" and f.item else f
        shown = []
        for v in values:
            s = KINDS[target.kind].shown(project, target if target.facet or target is f else
                                         replace(target, facet=f.facet), v, item.type)
            shown.append({"title": s.title, "url": rel(page_url, s.path) if s.path else s.url})
        facts.append((f.label, shown))
    dates = []
    if m.get("date"):
        dates.append({"title": "опубликовано " + ru_date(m["date"]), "url": None})
    if m.get("updated"):
        dates.append({"title": "обновлено " + ru_date(m["updated"]), "url": None})
    if dates:
        facts.append(("Даты", dates))
    return facts


def review_data(project: Project, review: dict | None) -> dict | None:
    if not review:
        return None
    criteria = project.registries.get("criteria", {})
    scores = review.get("scores") or {}
    rows = [{"title": c["title"], "score": scores.get(cid), "max": c["max"]} for cid, c in criteria.items()] \
        if scores else []
    return {
        "status": review.get("status"),
        "status_title": project.vocab_title("review_statuses", review.get("status", "")),
        "body_title": project.vocab_title("review_bodies", review["body"]) if review.get("body") else "",
        "protocol": review.get("protocol"), "date": ru_date(review.get("date")),
        "rows": rows, "total": sum(v for v in scores.values()),
        "max": sum(c["max"] for c in criteria.values()),
        "reviewers": _people(project, review.get("reviewers")), "decision": review.get("decision"),
    }


def search_filters(project: Project, item: Item) -> list[tuple[str, str]]:
    """data-pagefind-filter pairs: the same facets as the catalogue, plus type."""
    out = [("Тип", labels.type_label(project.site, item.type))]
    if item.type.catalogue:
        for facet in facet_defs(item.type):
            for v in item_values(project, item, facet):
                out.append((facet.label, value_title(project, facet, v)))
    else:
        m = item.meta
        if m.get("subject"):
            out.append(("Предметы", project.vocab_title("subjects", m["subject"])))
        if m.get("organisation"):
            out.append(("Организация", project.org_name(m["organisation"])))
        year = (m.get("date") or m.get("start") or (m.get("order") or {}).get("date"))
        if year:
            out.append(("Год", str(year.year)))
    return out


def file_anchor(item: Item, file: str) -> str:
    """The id of an attached file's line on its material page (`imc-file-plan-uroka-pdf`).

    Search results for words inside the file link here, so every file of a material has its
    own address: two files of one material are two separate search records."""
    return "imc-file-" + slugify(posixpath.relpath(file, posixpath.dirname(item.src) or "."))


_FILE_ID = re.compile(r' id="(imc-file-[a-z0-9-]+)"')


def unique_file_anchors(html: str) -> str:
    """A file listed twice on one page (in the documents and at a meeting) keeps its id once."""
    seen: set[str] = set()

    def once(m: re.Match) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)
    return _FILE_ID.sub(once, html)


def attachments_html(project: Project, item: Item, page_url: str, heading="Файлы и ссылки",
                     entries=None, suffix="", level=2) -> str:
    atts = []
    for a in entries if entries is not None else attachment_list(project, item):
        href = rel(page_url, a["file"]) if a.get("file") else a.get("url")
        atts.append({**a, "href": href, "size_h": human_size(a["size"]) if a.get("size") else "",
                     "anchor": file_anchor(item, a["file"]) if a.get("file") else ""})
    return template(project, "attachments.html").render(attachments=atts, heading=heading, suffix=suffix,
                                                         level=level)


def card_html(project: Project, item: Item, page_url: str) -> str:
    m = item.meta
    org = project.registries.get("organisations", {}).get(m.get("organisation", ""))
    district = project.vocab_title("districts", org["district"]) if org and org.get("district") else ""
    replications = [{"org": project.org_name(r["organisation"], short=False), "year": r.get("year"),
                     "note": r.get("note")} for r in m.get("replications") or []]
    metas = [("Тип", item.type.label)]
    if m.get("description"):
        metas.append(("description", m["description"]))
    html = template(project, "card.html").render(
        authors=_people(project, m.get("authors")), org=org, district=district,
        facts=_facts(project, item, page_url), review=review_data(project, m.get("review")),
        replications=replications,
        replications_count=plural(len(replications), "организации", "организациях", "организациях"),
        filters=search_filters(project, item), metas=metas,
    )
    return html


def citation(project: Project, item: Item) -> str:
    """A ГОСТ Р 7.0.100-style reference to the page."""
    m = item.meta
    authors = _people(project, m.get("authors"))
    org = project.org_name(m.get("organisation", ""), short=True) if m.get("organisation") else ""
    site = project.site.get("name", "")
    base = str(project.site.get("url") or "").rstrip("/")
    url = f"{base}/{item.url}" if base else item.url
    year = m.get("year") or (m.get("date").year if m.get("date") else "")
    who = ", ".join(authors) + ". " if authors else ""
    kind = item.type.label.lower()
    return (f"{who}{item.title} : {kind} / {', '.join(authors) or org}"
            f"{'; ' + org if authors and org else ''}. — {year}. — Текст : электронный // {site}. — "
            f"URL: {url} (дата обращения: {ru_date(today()).replace(' г.', '')}).")


def _related_keys(i: Item) -> frozenset:
    m = i.meta
    out = {("s", s) for s in m.get("subjects") or []} | {("d", d) for d in m.get("directions") or []}
    return frozenset(out | {("l", lv) for lv in m.get("levels") or []})


RELATED_POOL = 60


def related(project: Project, item: Item, limit: int = 5) -> list[Item]:
    """Materials sharing subjects, directions and levels — most shared first, newest first.

    Worked out once per set of keys, among the materials sharing a subject or a direction
    (levels are too broad to pick candidates by: half the bank is «ООО»); a scan of all
    materials for each material would be quadratic — minutes at 10 000."""
    cache = project.__dict__.setdefault("_related", {})
    if "index" not in cache:
        index, keys = {}, {}
        for other in project.items:
            if other.type.catalogue:
                keys[id(other)] = _related_keys(other)
                for k in keys[id(other)]:
                    index.setdefault(k, []).append(other)
        for postings in index.values():  # newest first: candidates are taken from the top
            postings.sort(key=lambda o: (str(o.meta.get("date") or ""), o.rel), reverse=True)
        cache["index"], cache["keys"] = index, keys
    mine = _related_keys(item)
    if mine not in cache:
        index = cache["index"]
        narrow = [k for k in mine if k[0] != "l"]
        # the newest RELATED_POOL sharing each key: a bank of 10 000 with a few subjects would
        # otherwise compare every material with thousands of others
        pool = {id(o): o for k in (narrow or mine) for o in index.get(k, ())[:RELATED_POOL]}
        if len(pool) <= limit:
            pool = {id(o): o for k in mine for o in index.get(k, ())[:RELATED_POOL]}
        keys = cache["keys"]
        scored = [(len(mine & keys[i]), str(o.meta.get("date") or ""), o.rel, o) for i, o in pool.items()]
        cache[mine] = [t[3] for t in heapq.nlargest(limit + 1, scored, key=lambda t: t[:3])]
    return [o for o in cache[mine] if o is not item][:limit]


def after_html(project: Project, item: Item, page_url: str) -> str:
    rel_items = [{"href": rel(page_url, r.url), "title": r.title, "note": r.type.label.lower()}
                 for r in related(project, item)]
    return template(project, "after.html").render(citation=citation(project, item), related=rel_items)


# ------------------------------------------------------------------ catalogue pages

def entry_meta(project: Project, item: Item) -> str:
    m = item.meta
    parts = []
    authors = ", ".join(_people(project, m.get("authors")))
    if authors:
        parts.append(authors)
    org = project.org_name(m["organisation"]) if m.get("organisation") else ""
    if org and not authors.endswith(org):  # «учитель, Гимназия № 2» already names it
        parts.append(org)
    if m.get("material_type"):
        parts.append(project.vocab_title("material_types", m["material_type"]))
    levels = [project.vocab_title("levels", v) for v in m.get("levels") or []]
    subjects = [project.vocab_title("subjects", v) for v in m.get("subjects") or []]
    if subjects:
        parts.append(", ".join(subjects))
    if levels:
        parts.append(", ".join(levels))
    if m.get("year"):
        parts.append(str(m["year"]))
    return " · ".join(parts)


def badges(project: Project, item: Item) -> list[tuple[str, str]]:
    out = []
    review = item.meta.get("review")
    if review:
        out.append((review["status"], project.vocab_title("review_statuses", review["status"])))
    n = len(item.meta.get("replications") or [])
    if n:
        out.append(("repl", "внедрено в " + plural(n, "ОО", "ОО", "ОО")))
    return out


def catalog_html(project: Project, page: CatalogPage, page_url: str) -> str:
    ctype = page.ctype
    folder = ctype.folder

    def facet_href(facet, value):
        return rel(page_url, f"{folder}/f/{facet.slug}/{value}/")

    entries = [{"href": rel(page_url, i.url), "title": i.title, "meta": entry_meta(project, i),
                "description": i.meta.get("description"), "badges": badges(project, i)}
               for i in page.items]
    count = page.total or len(page.items)
    total_text = "Найдено: " + plural(count, "материал", "материала", "материалов")
    if page.pages > 1:
        total_text += f" (страница {page.page} из {page.pages})"
    current = value_title(project, page.facet, page.value) if page.facet else None
    more_href = None
    if page.facet and count > len(page.items):  # a facet page lists the newest only
        query = urlencode([("f.Тип", ctype.label), (f"f.{page.facet.label}", current)])
        more_href = rel(page_url, "poisk/") + "?" + query
    return template(project, "listing.html").render(
        facets=facet_counts(project, ctype), facet_href=facet_href,
        active_slug=page.facet.slug if page.facet else None, active_value=page.value,
        current=current, all_href=rel(page_url, f"{folder}/"), search_href=rel(page_url, "poisk/"),
        entries=entries, total_text=total_text, start=(page.page - 1) * PER_PAGE + 1,
        shown=len(page.items), more_href=more_href, page=page.page,
        pager=pager(page.page, [rel(page_url, url_of_src(s)) for s in page.siblings]),
    )


def pager(current: int, hrefs: list[str], around: int = 2) -> list[tuple[int | None, str | None]]:
    """(number, href) of the pages a pager shows: the first, the last and a few around the
    current one, with (None, None) for a gap; the current page has no href. A list of
    300 pages does not print 300 links on each of them."""
    n = len(hrefs)
    if n < 2:
        return []
    show = sorted({1, n, *range(max(1, current - around), min(n, current + around) + 1)})
    out: list[tuple[int | None, str | None]] = []
    for prev, k in zip([0] + show, show):
        if k - prev > 1:
            out.append((None, None))
        out.append((k, None if k == current else hrefs[k - 1]))
    return out


# ------------------------------------------------------------------ РМО

def meetings(project: Project, item: Item) -> list[dict]:
    out = []
    for i, mt in enumerate(item.meta.get("meetings") or []):
        out.append({"n": i + 1, **mt, "past": mt["date"] < today()})
    return out


def rmo_html(project: Project, item: Item, page_url: str) -> str:
    m = item.meta
    rows = []
    for mt in meetings(project, item):
        place = ", ".join(x for x in [project.org_name(mt["organisation"]) if mt.get("organisation") else "",
                                      mt.get("place") or ""] if x)
        status = "прошло" if mt["past"] else "предстоит"
        rows.append(
            f"<tr class=\"imc-meeting imc-meeting--{'past' if mt['past'] else 'next'}\" id=\"z-{mt['n']}\">"
            f"<td>{mt['n']}</td><td><time datetime=\"{mt['date'].isoformat()}\">{ru_date(mt['date'])}</time>"
            f"{(' ' + escape(mt['time'])) if mt.get('time') else ''}<br><span class=\"imc-status\">{status}</span></td>"
            f"<td>{escape(mt['topic'])}</td>"
            f"<td>{escape(project.vocab_title('meeting_forms', mt['form']))}</td>"
            f"<td>{escape(place)}</td>"
            f"<td>{escape(', '.join(_people(project, mt.get('speakers'))))}</td></tr>")
    leader = project.person_name(m["leader"])
    org = project.org_name(m["organisation"], short=False) if m.get("organisation") else ""
    facts = [("Руководитель", leader)]
    if org:
        facts.append(("Базовая организация", org))
    if m.get("members_count"):
        facts.append(("Участников", str(m["members_count"])))
    if m.get("subject"):
        facts.append(("Предмет", project.vocab_title("subjects", m["subject"])))
    if m.get("theme"):
        facts.append(("Методическая тема", m["theme"]))
    card = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    filters = "".join(f'<span hidden data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
                      for k, v in search_filters(project, item))
    next_one = next((mt for mt in meetings(project, item) if not mt["past"]), None)
    upcoming = (f"<p class=\"imc-next\"><strong>Ближайшее заседание:</strong> {ru_date(next_one['date'])} — "
                f"<a href=\"#z-{next_one['n']}\">{escape(next_one['topic'])}</a></p>") if next_one else ""
    materials = []
    for mt in meetings(project, item):
        if mt.get("materials") or mt.get("protocol"):
            entries = [e for e in _meeting_attachments(project, item, mt)]
            head = f"Заседание {mt['n']} ({ru_date(mt['date'])})" + \
                (f", протокол №&nbsp;{escape(mt['protocol'])}" if mt.get("protocol") else "")
            # each meeting is a part of «Материалы заседаний», one level below it
            materials.append(attachments_html(project, item, page_url, Markup(head), entries, f"-{mt['n']}", level=3))
    ics = rel(page_url, f"{item.url}calendar.ics")
    return (f"<section class=\"imc-card\" aria-label=\"Сведения об объединении\"><dl class=\"imc-card__list\">{card}</dl>"
            f"{filters}</section>{upcoming}"
            f"<h2 id=\"plan\">План на {escape(m['school_year'])} учебный год</h2>"
            f"<p><a class=\"imc-ics\" href=\"{ics}\" download>Календарь заседаний (ICS)</a> — "
            f"добавьте в телефон или почту, чтобы видеть даты.</p>"
            f"<div class=\"imc-table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"План заседаний\">"
            f"<table><caption>План заседаний {escape(labels.rmo(project.site).short)}</caption><thead><tr><th scope=\"col\">№</th>"
            f"<th scope=\"col\">Дата</th><th scope=\"col\">Тема</th><th scope=\"col\">Форма</th>"
            f"<th scope=\"col\">Место</th><th scope=\"col\">Выступают</th></tr></thead><tbody>{''.join(rows)}"
            f"</tbody></table></div>"
            + (f"<h2 id=\"materialy\">Материалы заседаний</h2>{''.join(materials)}" if materials else ""))


def _meeting_attachments(project: Project, item: Item, mt: dict) -> list[dict]:
    fake = Item(item.type, item.id, item.rel, item.src, {"attachments": mt.get("materials") or []}, "", 1)
    return attachment_list(project, fake)


def rmo_index_html(project: Project, page_url: str) -> str:
    rows = []
    for item in sorted(project.of_type("rmo"), key=lambda i: i.title):
        nxt = next((mt for mt in meetings(project, item) if not mt["past"]), None)
        rows.append(f"<li class=\"imc-entry\"><h3 class=\"imc-entry__title\"><a href=\"{rel(page_url, item.url)}\">"
                    f"{escape(item.title)}</a></h3><p class=\"imc-entry__meta\">Руководитель: "
                    f"{escape(project.person_name(item.meta['leader']))}"
                    + (f" · ближайшее заседание {ru_date(nxt['date'])}: {escape(nxt['topic'])}" if nxt else "")
                    + f"</p><p>{escape(item.meta.get('description', ''))}</p></li>")
    return (f"<p><a class=\"imc-ics\" href=\"{rel(page_url, 'sobytiya/calendar.ics')}\" download>"
            f"Общий календарь заседаний и событий (ICS)</a></p><ul class=\"imc-list\">{''.join(rows)}</ul>")


# ------------------------------------------------------------------ положения

def regulation_status(project: Project, item: Item) -> dict:
    m = item.meta
    replaced_by = [o for o in project.of_type("regulation") if o.meta.get("supersedes") == item.id]
    overdue = bool(m.get("review_due") and m["review_due"] < today() and m.get("status") == "deystvuet")
    return {"status": m.get("status"), "replaced_by": replaced_by, "overdue": overdue,
            "supersedes": project.get("regulation", m["supersedes"]) if m.get("supersedes") else None}


def regulation_banner(project: Project, item: Item, page_url: str) -> str:
    m = item.meta
    st = regulation_status(project, item)
    status = m.get("status", "")
    title = project.vocab_title("regulation_statuses", status)
    parts = [f"<div class=\"imc-banner imc-banner--{status}\" role=\"note\"><p class=\"imc-banner__status\">"
             f"Статус: <strong>{escape(title)}</strong></p>"]
    order = m.get("order")
    if order:
        # the issuer is written in the nominative («Управление образования …»): name it apart
        parts.append(f"<p>Утверждено приказом от {ru_date(order['date'])} №&nbsp;{escape(order['number'])} "
                     f"(издал: {escape(order['issuer'])}).</p>")
    if m.get("effective"):
        parts.append(f"<p>Вступает в силу: {ru_date(m['effective'])}</p>")  # «… 2025 г.» ends the sentence
    for newer in st["replaced_by"]:
        parts.append(f"<p>Заменено новой редакцией: <a href=\"{rel(page_url, newer.url)}\">{escape(newer.title)}"
                     f"</a>.</p>")
    if st["supersedes"]:
        old = st["supersedes"]
        parts.append(f"<p>Заменяет редакцию: <a href=\"{rel(page_url, old.url)}\">{escape(old.title)}</a>"
                     + (f" ({ru_date(old.meta['order']['date'])})" if old.meta.get("order") else "") + ".</p>")
    if m.get("changes"):
        parts.append(f"<details class=\"imc-changes\"><summary>Что изменилось по сравнению с прежней редакцией"
                     f"</summary><p>{escape(m['changes'])}</p></details>")
    if m.get("original"):
        src = posixpath.normpath(posixpath.join(posixpath.dirname(item.src), m["original"]))
        parts.append(f"<p><a href=\"{rel(page_url, src)}\" download>Подлинник документа</a></p>")
    parts.append("<p class=\"imc-print-hide\"><button type=\"button\" class=\"md-button imc-print\" "
                 "data-imc-print>Распечатать</button> Ссылку на пункт можно скопировать значком «#» рядом с ним.</p>")
    parts.append("</div>")
    if st["overdue"]:
        parts.append(f"<div class=\"imc-banner imc-banner--overdue\" role=\"note\"><p><strong>Требует пересмотра:</strong> "
                     f"срок пересмотра истёк {ru_date(m['review_due'])}</p></div>")
    filters = "".join(f'<span hidden data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
                      for k, v in search_filters(project, item) + [("Статус", title)])
    return "".join(parts) + filters


def documents_index_html(project: Project, page_url: str) -> str:
    order = {"deystvuet": 0, "proekt": 1, "utratilo-silu": 2}
    rows = []
    for item in sorted(project.of_type("regulation"),
                       key=lambda i: (order.get(i.meta.get("status"), 3), i.title)):
        m = item.meta
        st = regulation_status(project, item)
        o = m.get("order")
        rows.append(
            f"<tr><td><a href=\"{rel(page_url, item.url)}\">{escape(item.title)}</a>"
            + (" <span class=\"imc-badge imc-badge--overdue\">требует пересмотра</span>" if st["overdue"] else "")
            + f"</td><td><span class=\"imc-badge imc-badge--{m.get('status')}\">"
            f"{escape(project.vocab_title('regulation_statuses', m.get('status', '')))}</span></td>"
            f"<td>{('№&nbsp;' + str(escape(o['number'])) + ' от ' + ru_date(o['date'])) if o else '—'}</td></tr>")
    return ("<div class=\"imc-table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Список документов\">"
            "<table><caption>Положения и их статус</caption><thead><tr>"
            "<th scope=\"col\">Документ</th><th scope=\"col\">Статус</th><th scope=\"col\">Приказ</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>")


# ------------------------------------------------------------------ события, новости

def event_html(project: Project, item: Item, page_url: str) -> str:
    m = item.meta
    when = ru_date(m["start"]) + (f" — {ru_date(m['end'])}" if m.get("end") and m["end"] != m["start"] else "")
    if m.get("time"):
        when += f", {m['time']}"
    facts = [("Вид", project.vocab_title("event_kinds", m["kind"])), ("Когда", when)]
    place = ", ".join(x for x in [project.org_name(m["organisation"], short=False) if m.get("organisation") else "",
                                  m.get("place") or ""] if x)
    if place:
        facts.append(("Где", place))
    if m.get("organiser"):
        facts.append(("Организатор", project.org_name(m["organiser"], short=False)))
    if m.get("audience"):
        facts.append(("Для кого", m["audience"]))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    links = []
    upcoming = (m.get("end") or m["start"]) >= today()
    if m.get("registration") and upcoming:
        links.append(f"<a class=\"md-button md-button--primary\" href=\"{escape(m['registration'])}\">Регистрация</a>")
    if m.get("online"):
        links.append(f"<a class=\"md-button\" href=\"{escape(m['online'])}\">Трансляция</a>")
    links.append(f"<a class=\"imc-ics\" href=\"{rel(page_url, item.url + 'event.ics')}\" download>Добавить в календарь (ICS)</a>")
    filters = "".join(f'<span hidden data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
                      for k, v in search_filters(project, item))
    status = "<p class=\"imc-status\">Событие прошло.</p>" if not upcoming else ""
    results = (f"<h2 id=\"itogi\">Итоги</h2><p>{escape(m['results'])}</p>") if m.get("results") else ""
    return (f"<section class=\"imc-card\" aria-label=\"Сведения о событии\"><dl class=\"imc-card__list\">{dl}</dl>"
            f"{filters}</section>{status}<p class=\"imc-actions\">{' '.join(links)}</p>"), results


def events_index_html(project: Project, page_url: str) -> str:
    events = sorted(project.of_type("event"), key=lambda i: i.meta["start"])
    now = today()
    up = [e for e in events if (e.meta.get("end") or e.meta["start"]) >= now]
    past = [e for e in events if (e.meta.get("end") or e.meta["start"]) < now][::-1]
    # РМО meetings are events too: the calendar shows them together.
    meets = []
    for r in project.of_type("rmo"):
        for mt in meetings(project, r):
            if not mt["past"]:
                meets.append((mt["date"], f"{r.title}: {mt['topic']}", rel(page_url, f"{r.url}#z-{mt['n']}")))
    from imc.site.bodies import upcoming
    meets += [(d, t, rel(page_url, h)) for d, t, h, _ in upcoming(project)]
    meets.sort()
    short = escape(labels.rmo(project.site).short)

    def li(e):
        return (f"<li class=\"imc-entry\"><h3 class=\"imc-entry__title\"><a href=\"{rel(page_url, e.url)}\">"
                f"{escape(e.title)}</a></h3><p class=\"imc-entry__meta\">{ru_date(e.meta['start'])} · "
                f"{escape(project.vocab_title('event_kinds', e.meta['kind']))}</p>"
                f"<p>{escape(e.meta.get('description', ''))}</p></li>")
    html = (f"<p><a class=\"imc-ics\" href=\"{rel(page_url, 'sobytiya/calendar.ics')}\" download>"
            f"Календарь событий и заседаний {short} (ICS)</a></p>"
            f"<h2 id=\"skoro\">Предстоящие события</h2><ul class=\"imc-list\">{''.join(li(e) for e in up) or '<li>Пока ничего не запланировано.</li>'}</ul>")
    if meets:
        html += (f"<h2 id=\"zasedaniya\">Ближайшие заседания {short}, советов и групп</h2>"
                 "<ul class=\"imc-list imc-list--compact\">"
                 + "".join(f"<li>{ru_date(d)} — <a href=\"{h}\">{escape(t)}</a></li>" for d, t, h in meets[:12])
                 + "</ul>")
    html += f"<h2 id=\"proshli\">Прошедшие события</h2><ul class=\"imc-list\">{''.join(li(e) for e in past)}</ul>"
    return html


def news_index_html(project: Project, page_url: str) -> str:
    news = sorted(project.of_type("news"), key=lambda i: i.meta["date"], reverse=True)
    items = "".join(
        f"<li class=\"imc-entry\"><h3 class=\"imc-entry__title\"><a href=\"{rel(page_url, n.url)}\">{escape(n.title)}"
        f"</a></h3><p class=\"imc-entry__meta\"><time datetime=\"{n.meta['date'].isoformat()}\">{ru_date(n.meta['date'])}"
        f"</time></p><p>{escape(n.meta.get('description', ''))}</p></li>" for n in news)
    return (f"<p>Подписаться: <a href=\"{rel(page_url, 'feed.xml')}\">Atom</a> · "
            f"<a href=\"{rel(page_url, 'rss.xml')}\">RSS</a></p><ul class=\"imc-list\">{items}</ul>")


def news_meta_html(item: Item) -> str:
    d = item.meta.get("date")
    return (f"<p class=\"imc-entry__meta\"><time datetime=\"{d.isoformat()}\">{ru_date(d)}</time></p>"
            f'<span hidden data-pagefind-filter="Тип">{item.type.label}</span>'
            f'<span hidden data-pagefind-filter="Год">{d.year}</span>') if d else ""


# ------------------------------------------------------------------ JSON-LD

def json_ld(project: Project, item: Item) -> str:
    from imc.site.opendata import schema_org
    data = schema_org(project, item)
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'
