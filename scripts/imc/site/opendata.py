"""Open data: catalog.json (schema.org), Atom/RSS feeds and iCalendar files.

The mapping to schema.org lives in the model (`Field.schema`), so export is a mapping
of what the model declares, not a second description of the content.
"""
from __future__ import annotations

import datetime as dt
import json

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event
from imc.content import labels, model
from imc.content.project import Item, Project, attachment_list

CATALOG_VERSION = 1


def _abs(project: Project, path: str) -> str:
    base = str(project.site.get("url") or "").rstrip("/")
    return f"{base}/{path}" if base else path


def _iso(v):
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def _person(project: Project, pid: str) -> dict:
    return {"@type": "Person", "name": project.person_name(pid)}


def _org(project: Project, oid: str) -> dict:
    org = project.registries.get("organisations", {}).get(oid, {})
    out = {"@type": "EducationalOrganization", "name": org.get("name", oid)}
    if org.get("site"):
        out["url"] = org["site"]
    return out


def schema_org(project: Project, item: Item) -> dict:
    """JSON-LD of an item, from the `schema` of each field in the model."""
    m = item.meta
    data: dict = {"@context": "https://schema.org", "@type": item.type.schema_type,
                  "@id": _abs(project, item.url), "url": _abs(project, item.url), "inLanguage": "ru"}
    for f in item.type.fields:
        if not f.schema or f.name not in m or f.kind == "object" and f.name != "order":
            continue
        v = m[f.name]
        target = f.item if f.kind == "list" and f.item else f
        if target.kind == "ref" and target.ref == "people":
            val = [_person(project, p) for p in v] if isinstance(v, list) else _person(project, v)
        elif target.kind == "ref" and target.ref == "organisations":
            val = _org(project, v)
        elif target.kind == "vocab":
            titles = [project.vocab_title(target.vocab, x) for x in (v if isinstance(v, list) else [v])]
            val = titles if isinstance(v, list) else titles[0]
            if f.name == "licence":
                entry = project.vocabularies["licences"].by_id(v)
                val = entry.get("url", entry["title"]) if entry else v
            if f.name == "status" and item.type.name == "regulation":
                val = {"@type": "LegalForceStatus", "@id": model.LEGAL_FORCE.get(v, ""), "name": titles[0]}
        elif target.kind == "ref":
            other = project.get(target.ref, v)
            val = {"@id": _abs(project, other.url), "name": other.title} if other else v
        elif f.name == "order":
            data["legislationIdentifier"] = v.get("number")
            data["legislationDate"] = _iso(v.get("date"))
            data["legislationPassedBy"] = {"@type": "Organization", "name": v.get("issuer")}
            continue
        elif f.kind == "list" and target.kind == "int":
            val = [{"@type": "AlignmentObject", "alignmentType": "educationalLevel",
                    "targetName": f"{g} класс"} for g in v]
        else:
            val = _iso(v) if not isinstance(v, list) else [_iso(x) for x in v]
        if f.schema in data and isinstance(data[f.schema], list):
            data[f.schema] += val if isinstance(val, list) else [val]
        else:
            data[f.schema] = val
    if item.type.name in ("practice", "product"):
        data["learningResourceType"] = data.get("learningResourceType", item.type.label)
        data["isAccessibleForFree"] = True
    if item.type.name == "regulation":
        data["legislationType"] = "Положение"
        data["legislationJurisdiction"] = project.site.get("municipality")
    if item.type.name == "act":
        from imc.site import acts
        data = acts.schema_org(project, item, data)
    if item.type.name in ("course", "book"):
        from imc.site import shelf
        shelf.schema_org(project, item, data)
    files = attachment_list(project, item)
    if files:
        data["associatedMedia"] = [
            {"@type": "MediaObject", "name": a["title"],
             "contentUrl": _abs(project, a["file"]) if a.get("file") else a.get("url"),
             **({"encodingFormat": a["ext"], "contentSize": str(a["size"])} if a.get("file") else {})}
            for a in files]
    if item.type.name in ("plan", "report"):  # items as events, tables as CSV downloads
        from imc.site.yearcycle import schema_extra
        data.update(schema_extra(project, item, lambda path: _abs(project, path)))
        data = {k: v for k, v in data.items() if v is not None}
    review = m.get("review")
    if review:
        criteria = project.registries.get("criteria", {})
        data["review"] = {"@type": "Review", "reviewBody": review.get("decision", ""),
                          "author": {"@type": "Organization",
                                     "name": project.vocab_title("review_bodies", review.get("body", ""))},
                          "name": project.vocab_title("review_statuses", review.get("status", ""))}
        if review.get("scores"):
            data["review"]["reviewRating"] = {"@type": "Rating", "ratingValue": sum(review["scores"].values()),
                                              "bestRating": sum(c["max"] for c in criteria.values()),
                                              "worstRating": 0}
    return data


def public_people(project: Project, fields: tuple[model.Field, ...], data: dict) -> dict:
    """Every person code (authors, speakers, состав, responsible for a decision) as the site
    shows it: the name only with consent, the position otherwise — a code spells the name."""
    by_name = {f.name: f for f in fields}

    def value(f: model.Field, v):
        if f.kind == "ref" and f.ref == "people" and isinstance(v, str):
            return project.person_name(v)
        if f.kind == "object" and isinstance(v, dict):
            return public_people(project, f.fields, v)
        if f.kind == "list" and f.item is not None and isinstance(v, list):
            return [value(f.item, x) for x in v]
        return v
    return {k: value(by_name[k], v) if k in by_name else v for k, v in data.items()}


def catalog_entry(project: Project, item: Item) -> dict:
    """One object of catalog.json: our own flat fields plus the schema.org view."""
    m = item.meta
    entry = {"id": item.id, "type": item.type.name, "type_label": labels.type_label(project.site, item.type),
             "title": item.title, "url": item.url,
             "source": item.rel, "description": m.get("description")}
    for key in ("date", "updated", "year", "start", "end", "effective", "review_due"):
        if m.get(key) is not None:
            entry[key] = _iso(m[key])
    meta = {k: v for k, v in m.items() if k not in entry and k not in ("title", "description")}
    meta = public_people(project, item.type.fields, meta)
    entry["metadata"] = json.loads(json.dumps(meta, default=_iso, ensure_ascii=False))
    entry["attachments"] = [{k: a[k] for k in ("title", "file", "url", "ext", "size") if a.get(k)}
                            for a in attachment_list(project, item)]
    if item.type is not model.PAGE:
        entry["schema_org"] = schema_org(project, item)
    return entry


def registry_entries(project: Project) -> list[dict]:
    """Organisations, площадки and bodies are published objects too."""
    out = []
    for name, kind in (("organisations", "organisation"), ("platforms", "platform"), ("structure", "body")):
        for oid, row in project.registries.get(name, {}).items():
            row = public_people(project, model.REGISTRIES[name].fields, row)
            page = {"organisation": None, "platform": f"o-nas/ploshchadki/#{oid}",
                    "body": f"o-nas/struktura/#{oid}"}[kind]
            if kind == "body":  # its own page, when one is written (docs/struktura/)
                own = next((i for i in project.of_type("body") if i.meta.get("structure") == oid), None)
                page = own.url if own is not None else page
            out.append({"id": oid, "type": kind, "title": row.get("title") or row.get("name"),
                        "url": page, "metadata": json.loads(json.dumps(row, default=_iso, ensure_ascii=False))})
    return out


def catalog(project: Project, pages: list[Item] | None = None) -> dict:
    items = pages if pages is not None else project.items
    return {
        "format": "imc-catalog", "version": CATALOG_VERSION,
        "generated": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "site": {"name": project.site.get("name"), "url": project.site.get("url"),
                 "publisher": project.site.get("full_name")},
        "items": [catalog_entry(project, i) for i in items] + registry_entries(project),
    }


# ------------------------------------------------------------------ feeds

def feed_items(project: Project, limit: int = 50) -> list[Item]:
    kinds = ("news", "practice", "product", "event")
    items = [i for i in project.items if i.type.name in kinds]

    def when(i):
        return i.meta.get("date") or i.meta.get("start") or dt.date(1970, 1, 1)
    return sorted(items, key=when, reverse=True)[:limit]


def _dt(d) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, 9, 0, tzinfo=dt.timezone.utc)


def _when(i: Item):
    return i.meta.get("date") or i.meta.get("start")


def feed(project: Project, items: list[Item], title: str, path: str) -> FeedGenerator:
    """One feed for both formats (Atom at `path`, RSS beside it): feedgen writes valid XML."""
    site = project.site
    fg = FeedGenerator()
    fg.id(_abs(project, path))
    fg.title(f"{site.get('name', '')}: {title}")
    fg.link(href=_abs(project, path), rel="self")
    fg.link(href=_abs(project, ""), rel="alternate")
    fg.description(str(site.get("about") or title))
    fg.language("ru")
    fg.author(name=str(site.get("full_name") or site.get("name") or ""))
    fg.generator("imc")
    fg.updated(_dt(max((_when(i) for i in items), default=dt.date.today())))
    for i in items:
        d = _dt(_when(i))
        url = _abs(project, i.url)
        fe = fg.add_entry(order="append")
        fe.id(url)
        fe.guid(url, permalink=True)
        fe.title(i.title)
        fe.link(href=url)
        fe.updated(d)
        fe.published(d)
        fe.category(term=i.type.name, label=i.type.label)
        fe.summary(str(i.meta.get("description") or "") or i.title)
    return fg


def atom(project: Project) -> str:
    return feed(project, feed_items(project), "новости и материалы", "feed.xml").atom_str(pretty=True).decode()


def rss(project: Project) -> str:
    return feed(project, feed_items(project), "новости и материалы", "rss.xml").rss_str(pretty=True).decode()


# ------------------------------------------------------------------ iCalendar

def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//imc//site//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Moscow")
    return cal


def _event(uid: str, summary: str, start: dt.date, end: dt.date | None, time: str | None,
           location: str, url: str, description: str = "") -> Event:
    ev = Event()
    ev.add("uid", uid)
    ev.add("summary", summary)
    ev.add("dtstamp", dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))  # stable output for the same content
    if time:
        h, mi = (int(x) for x in time.split(":"))
        begin = dt.datetime(start.year, start.month, start.day, h, mi)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + dt.timedelta(hours=2))
    else:
        ev.add("dtstart", start)
        ev.add("dtend", (end or start) + dt.timedelta(days=1))
    if location:
        ev.add("location", location)
    ev.add("url", url)
    if description:
        ev.add("description", description)
    return ev


def _place(project: Project, m: dict) -> str:
    return ", ".join(x for x in [project.org_name(m["organisation"], short=False) if m.get("organisation") else "",
                                 m.get("place") or ""] if x)


def rmo_events(project: Project, item: Item) -> list[Event]:
    host = str(project.site.get("url") or "imc").split("//")[-1].strip("/") or "imc"
    out = []
    for n, mt in enumerate(item.meta.get("meetings") or [], start=1):
        form = project.vocab_title("meeting_forms", mt["form"])
        who = f"Заседание {labels.rmo(project.site).short}" if item.type is model.RMO else f"Заседание: {item.title}"
        out.append(_event(f"{item.type.name}-{item.id}-{n}@{host}", f"{item.title}: {mt['topic']}", mt["date"],
                          None, mt.get("time"), _place(project, mt), _abs(project, f"{item.url}#z-{n}"),
                          f"{who}. Форма: {form}."))
    return out


def event_event(project: Project, item: Item) -> Event:
    host = str(project.site.get("url") or "imc").split("//")[-1].strip("/") or "imc"
    m = item.meta
    return _event(f"event-{item.id}@{host}", item.title, m["start"], m.get("end"), m.get("time"),
                  _place(project, m), _abs(project, item.url), m.get("description", ""))


def ics_files(project: Project) -> dict[str, bytes]:
    """site path -> iCalendar bytes: one per РМО, body, event, plan and course, one for everything."""
    from imc.site import shelf
    from imc.site.yearcycle import plan_events
    files: dict[str, bytes] = {}
    everything = _calendar(f"{project.site.get('name', 'ИМЦ')}: события и заседания {labels.rmo(project.site).short}")

    def own(item: Item, name: str, events, common=None) -> None:
        """The item's own calendar, and its events (or `common`, when they differ) in the common one."""
        events = list(events)
        cal = _calendar(item.title)
        for ev in events:
            cal.add_component(ev)
        for ev in events if common is None else common:
            everything.add_component(ev)
        files[f"{item.url}{name}"] = cal.to_ical()

    for item in project.of_type("rmo") + project.of_type("body"):
        own(item, "calendar.ics", rmo_events(project, item))
    for item in project.of_type("event"):
        own(item, "event.ics", [event_event(project, item)])
    absolute = lambda path: _abs(project, path)  # noqa: E731
    for item in project.of_type("plan"):
        # an archived plan stays out of the common calendar; an item linked to an event is there as that event
        common = [] if item.meta.get("archive") else plan_events(project, item, _event, absolute, without_linked=True)
        own(item, "plan.ics", plan_events(project, item, _event, absolute), common)
    for item in project.of_type("course"):
        own(item, "course.ics", [shelf.course_event(project, item)])
    files["sobytiya/calendar.ics"] = everything.to_ical()
    return files


def synonym_words(project: Project) -> list[str]:
    """Every word of the search expansions, which the search page asks for one by one."""
    words = {w for key, values in synonyms(project).items() for v in [key, *values] for w in v.split()}
    return sorted(words)


def synonyms(project: Project) -> dict[str, list[str]]:
    """Search expansions, keyed by the folded word (lower case, ё as е), both ways."""
    from imc.core.text import fold
    out: dict[str, list[str]] = {}
    for key, values in project.synonyms.items():
        out.setdefault(fold(key), [])
        for v in values:
            if v not in out[fold(key)]:
                out[fold(key)].append(v)
            if " " not in v:  # a one-word synonym finds the key too
                out.setdefault(fold(v), [])
                if key not in out[fold(v)]:
                    out[fold(v)].append(key)
    return out
