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
    # Once per project: Jinja would look at the template file's time on every card of the
    # build; a preview's rebuild reads a new Project, so an edited override is still seen.
    cache = project.__dict__.setdefault("_templates", {})
    found = cache.get(name)
    if found is None:
        found = cache[name] = _environment(str(project.root)).get_template(name)
    return found


def today() -> dt.date:
    return dt.date.today()


@functools.lru_cache(maxsize=65536)
def rel(from_url: str, to: str) -> str:
    """Relative href from a page URL (directory style) to a site path.
    (Cached: catalogue pages ask for the same few thousand pairs again and again.)"""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    r = _relpath(to or ".", base or ".")
    if to.endswith("/") or not to:
        return "./" if r == "." else r + "/"
    return r


def _relpath(to: str, base: str) -> str:
    """posixpath.relpath for the plain site paths pages link (no «.», «..», empty or absolute
    parts): compared part by part, without the file system calls relpath makes each time."""
    a, b = to.rstrip("/").split("/"), base.rstrip("/").split("/")
    if "" in a or "" in b or "." in a or "." in b or ".." in a or ".." in b:
        if to != "." and base != ".":
            return posixpath.relpath(to, base)
        a, b = [x for x in a if x != "."], [x for x in b if x != "."]
        if "" in a or "" in b or ".." in a or ".." in b:
            return posixpath.relpath(to, base)
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return "/".join([".."] * (len(b) - n) + a[n:]) or "."


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
    from imc.site import acts  # acts, положения and events with topics: level, status, topic
    return out + acts.search_filters(project, item)


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
    """A ГОСТ Р 7.0.100–2018 reference to the page (the same code cites books: content/citation.py)."""
    from imc.content.citation import reference
    from imc.site.shelf import citation_source
    return reference(citation_source(project, item, today()))


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
        order = {id(o): (str(o.meta.get("date") or ""), o.rel) for o in project.items if o.type.catalogue}
        for postings in index.values():  # newest first: candidates are taken from the top
            postings.sort(key=lambda o: order[id(o)], reverse=True)
        cache["index"], cache["keys"], cache["order"] = index, keys, order
    mine = _related_keys(item)
    if mine not in cache:
        index = cache["index"]
        narrow = [k for k in mine if k[0] != "l"]
        # the newest RELATED_POOL sharing each key: a bank of 10 000 with a few subjects would
        # otherwise compare every material with thousands of others
        pool = {id(o): o for k in (narrow or mine) for o in index.get(k, ())[:RELATED_POOL]}
        if len(pool) <= limit:
            pool = {id(o): o for k in mine for o in index.get(k, ())[:RELATED_POOL]}
        keys, order = cache["keys"], cache["order"]
        # ties of shared keys go to the newer (date, path): order[i] is already that tuple
        scored = [(len(mine & keys[i]), order[i], i) for i in pool]
        cache[mine] = [pool[t[2]] for t in heapq.nlargest(limit + 1, scored, key=lambda t: t[:2])]
    return [o for o in cache[mine] if o is not item][:limit]


def after_html(project: Project, item: Item, page_url: str) -> str:
    rel_items = [{"href": rel(page_url, r.url), "title": r.title, "note": r.type.label.lower()}
                 for r in related(project, item)]
    return template(project, "after.html").render(citation=citation(project, item), related=rel_items)


# ------------------------------------------------------------------ catalogue pages

def entry_meta(project: Project, item: Item) -> str:
    if item.type.name in ("course", "book"):
        from imc.site import shelf
        return shelf.entry_meta(project, item)
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
    if item.type.name in ("course", "book"):
        from imc.site import shelf
        return shelf.badges(project, item)
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
        rows.append({"n": mt["n"], "past": mt["past"], "iso": mt["date"].isoformat(), "date": ru_date(mt["date"]),
                     "time": mt.get("time") or "", "topic": mt["topic"],
                     "form": project.vocab_title("meeting_forms", mt["form"]), "place": place,
                     "speakers": ", ".join(_people(project, mt.get("speakers")))})
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
    next_one = next((mt for mt in meetings(project, item) if not mt["past"]), None)
    materials = []
    for mt in meetings(project, item):
        if mt.get("materials") or mt.get("protocol"):
            entries = [e for e in _meeting_attachments(project, item, mt)]
            head = f"Заседание {mt['n']} ({ru_date(mt['date'])})" + \
                (f", протокол №&nbsp;{escape(mt['protocol'])}" if mt.get("protocol") else "")
            # each meeting is a part of «Материалы заседаний», one level below it
            materials.append(Markup(attachments_html(project, item, page_url, Markup(head), entries, f"-{mt['n']}",
                                                     level=3)))
    return template(project, "rmo.html").render(
        facts=facts, filters=search_filters(project, item), meetings=rows, school_year=m["school_year"],
        next={"date": ru_date(next_one["date"]), "n": next_one["n"], "topic": next_one["topic"]} if next_one else None,
        ics=rel(page_url, f"{item.url}calendar.ics"), materials=materials, rmo_short=labels.rmo(project.site).short)


def _meeting_attachments(project: Project, item: Item, mt: dict) -> list[dict]:
    fake = Item(item.type, item.id, item.rel, item.src, {"attachments": mt.get("materials") or []}, "", 1)
    return attachment_list(project, fake)


def rmo_index_html(project: Project, page_url: str) -> str:
    entries = []
    for item in sorted(project.of_type("rmo"), key=lambda i: i.title):
        nxt = next((mt for mt in meetings(project, item) if not mt["past"]), None)
        entries.append({"href": rel(page_url, item.url), "title": item.title,
                        "leader": project.person_name(item.meta["leader"]),
                        "next": {"date": ru_date(nxt["date"]), "topic": nxt["topic"]} if nxt else None,
                        "description": item.meta.get("description", "")})
    return template(project, "rmo_index.html").render(ics=rel(page_url, "sobytiya/calendar.ics"), entries=entries)


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
    order = m.get("order")
    old = st["supersedes"]
    return template(project, "regulation_banner.html").render(
        status=status, title=title,
        # the issuer is written in the nominative («Управление образования …»): named apart
        order={**order, "date": ru_date(order["date"])} if order else None,
        effective=ru_date(m["effective"]) if m.get("effective") else "",  # «… 2025 г.» ends the sentence
        replaced_by=[{"href": rel(page_url, n.url), "title": n.title} for n in st["replaced_by"]],
        supersedes={"href": rel(page_url, old.url), "title": old.title,
                    "date": ru_date(old.meta["order"]["date"]) if old.meta.get("order") else ""} if old else None,
        changes=m.get("changes"),
        original=rel(page_url, posixpath.normpath(posixpath.join(posixpath.dirname(item.src), m["original"])))
        if m.get("original") else "",
        overdue=ru_date(m["review_due"]) if st["overdue"] else "",
        filters=search_filters(project, item) + [("Статус", title)],
    )


def documents_index_html(project: Project, page_url: str) -> str:
    order = {"deystvuet": 0, "proekt": 1, "utratilo-silu": 2}
    documents = []
    for item in sorted(project.of_type("regulation"),
                       key=lambda i: (order.get(i.meta.get("status"), 3), i.title)):
        m = item.meta
        o = m.get("order")
        documents.append({"href": rel(page_url, item.url), "title": item.title,
                          "overdue": regulation_status(project, item)["overdue"], "status": m.get("status"),
                          "status_title": project.vocab_title("regulation_statuses", m.get("status", "")),
                          "order": {"number": o["number"], "date": ru_date(o["date"])} if o else None})
    return template(project, "documents_index.html").render(documents=documents)


# ------------------------------------------------------------------ события, новости

def event_html(project: Project, item: Item, page_url: str) -> tuple[str, str]:
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
    upcoming = (m.get("end") or m["start"]) >= today()
    html = template(project, "event.html").render(
        facts=facts, filters=search_filters(project, item), upcoming=upcoming,
        registration=m.get("registration"), online=m.get("online"), ics=rel(page_url, item.url + "event.ics"))
    return html, template(project, "event_results.html").render(results=m.get("results"))


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

    def entry(e):
        return {"href": rel(page_url, e.url), "title": e.title, "date": ru_date(e.meta["start"]),
                "kind": project.vocab_title("event_kinds", e.meta["kind"]),
                "description": e.meta.get("description", "")}
    return template(project, "events_index.html").render(
        ics=rel(page_url, "sobytiya/calendar.ics"), upcoming=[entry(e) for e in up], past=[entry(e) for e in past],
        meetings=[{"date": ru_date(d), "title": t, "href": h} for d, t, h in meets[:12]],
        rmo_short=labels.rmo(project.site).short)


def news_index_html(project: Project, page_url: str) -> str:
    news = sorted(project.of_type("news"), key=lambda i: i.meta["date"], reverse=True)
    return template(project, "news_index.html").render(
        atom=rel(page_url, "feed.xml"), rss=rel(page_url, "rss.xml"),
        news=[{"href": rel(page_url, n.url), "title": n.title, "iso": n.meta["date"].isoformat(),
               "date": ru_date(n.meta["date"]), "description": n.meta.get("description", "")} for n in news])


def news_meta_html(project: Project, item: Item) -> str:
    d = item.meta.get("date")
    if not d:
        return ""
    return template(project, "news_meta.html").render(iso=d.isoformat(), date=ru_date(d), type=item.type.label,
                                                      year=d.year)


# ------------------------------------------------------------------ JSON-LD

def json_ld(project: Project, item: Item) -> str:
    from imc.site.opendata import schema_org
    data = schema_org(project, item)
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'
