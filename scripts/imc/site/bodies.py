"""The page of a body of the methodical service (методический совет, творческая группа, школа
молодого педагога…): its card, состав, plan, meetings with протоколы and решения, materials.

РМО are one case of it: their pages show the same состав and решения (`rmo_extra_html`).
A body's kind, leader and parent come from data/structure.yml (the page names its entry in
`structure`); names of people are shown only with consent (Project.person_name).
"""
from __future__ import annotations

import datetime as dt

from imc.content import model
from imc.content.project import Item, Project
from imc.core.text import ru_date
from imc.site.render import _meeting_attachments, attachments_html, rel, search_filters, template, today
from markupsafe import Markup


def body_page(project: Project, sid: str) -> Item | None:
    """The page of the structure entry `sid`, if one is written."""
    return next((i for i in project.of_type("body") if i.meta.get("structure") == sid), None)


def school_year_of(d: dt.date) -> str:
    """The school year a meeting belongs to: August opens the new one (the August council)."""
    y = d.year if d.month >= 8 else d.year - 1
    return f"{y}/{y + 1}"


def decision_state(decision: dict, now: dt.date) -> tuple[str, str]:
    """(css modifier, Russian text) of a decision's execution."""
    ex = decision.get("execution") or {}
    if ex.get("status"):
        return ex["status"], ""
    if decision["deadline"] < now:
        return "overdue", "срок истёк, отметки об исполнении нет"
    return "control", f"на контроле до {ru_date(decision['deadline'])}"


def _people(project: Project, ids) -> str:
    return ", ".join(project.person_name(p) for p in ids or [])


def members(project: Project, item: Item) -> list[dict]:
    out = []
    for m in item.meta.get("members") or []:
        person = project.registries.get("people", {}).get(m["person"], {})
        org = project.org_name(person["organisation"]) if person.get("organisation") else ""
        name = project.person_name(m["person"])
        # with consent the name, then the place of work; without it the position already names it
        out.append({"name": name, "role": m["role"], "note": m.get("note") or "",
                    "org": org if person.get("consent") is True else ""})
    return out


def meeting_rows(project: Project, item: Item) -> list[dict]:
    now = today()
    rows = []
    for n, mt in enumerate(item.meta.get("meetings") or [], start=1):
        place = ", ".join(x for x in [project.org_name(mt["organisation"]) if mt.get("organisation") else "",
                                      mt.get("place") or ""] if x)
        decisions = []
        for k, d in enumerate(mt.get("decisions") or [], start=1):
            state, text = decision_state(d, now)
            ex = d.get("execution") or {}
            decisions.append({
                "n": k, "text": d["text"], "responsible": _people(project, d.get("responsible")),
                "deadline": d["deadline"], "deadline_h": ru_date(d["deadline"]), "state": state,
                "status": project.vocab_title("decision_statuses", ex["status"]) if ex.get("status") else text,
                "status_date": ru_date(ex.get("date")) if ex.get("date") else "", "note": ex.get("note") or "",
            })
        rows.append({"n": n, "date": mt["date"], "date_h": ru_date(mt["date"]), "time": mt.get("time") or "",
                     "past": mt["date"] < now, "topic": mt["topic"], "protocol": mt.get("protocol") or "",
                     "form": project.vocab_title("meeting_forms", mt["form"]), "place": place,
                     "speakers": _people(project, mt.get("speakers")), "decisions": decisions,
                     "materials": _meeting_attachments(project, item, mt)})
    return rows


def decision_summary(rows: list[dict]) -> str:
    all_d = [d for r in rows for d in r["decisions"]]
    if not all_d:
        return ""
    done = sum(d["state"] == "vypolneno" for d in all_d)
    overdue = sum(d["state"] == "overdue" for d in all_d)
    text = f"Решений — {len(all_d)}, выполнено — {done}"
    if overdue:
        text += f", без отметки после срока — {overdue}"
    return text + "."


def plans(project: Project, sid: str, page_url: str) -> list[dict]:
    """Plans of work (type `plan`, where the site has it) whose `structure` is this entry."""
    ptype = model.TYPES.get("plan")
    if ptype is None:
        return []
    out = []
    for p in project.of_type(ptype.name):
        if p.meta.get("structure") == sid:
            out.append({"href": rel(page_url, p.url), "title": p.title,
                        "year": str(p.meta.get("school_year") or "")})
    return sorted(out, key=lambda p: p["year"], reverse=True)


def _materials(project: Project, item: Item, rows: list[dict], page_url: str) -> str:
    parts = []
    for r in rows:
        if r["materials"]:
            head = f"Заседание {r['n']} ({r['date_h']})" + \
                (f", протокол №\u00a0{r['protocol']}" if r["protocol"] else "")
            parts.append(attachments_html(project, item, page_url, head, r["materials"], f"-{r['n']}", level=3))
    return "".join(parts)


def body_html(project: Project, item: Item, page_url: str) -> tuple[str, str]:
    """(before the author's text, after it) on a body's page."""
    m = item.meta
    sid = m["structure"]
    entries = project.registries.get("structure", {})
    entry = entries.get(sid, {})
    facts = []
    if entry.get("kind"):
        facts.append(("Вид", project.vocab_title("body_kinds", entry["kind"]), None))
    parent = entries.get(entry.get("parent") or "")
    if parent:
        page = body_page(project, entry["parent"])
        facts.append(("Входит в", parent["title"], rel(page_url, page.url) if page else None))
    if entry.get("leader"):
        facts.append(("Руководитель", project.person_name(entry["leader"]), None))
    if m.get("regulation"):
        reg = project.get("regulation", m["regulation"])
        if reg is not None:
            facts.append(("Положение", reg.title, rel(page_url, reg.url)))
    if m.get("school_year"):
        facts.append(("Учебный год", m["school_year"], None))
    rows = meeting_rows(project, item)
    nxt = next((r for r in rows if not r["past"]), None)
    filters = search_filters(project, item)
    if entry.get("kind"):
        filters.append(("Вид", project.vocab_title("body_kinds", entry["kind"])))
    before = template(project, "body_card.html").render(
        facts=facts, purpose=entry.get("description") or "", filters=filters, next=nxt)
    after = template(project, "body.html").render(
        members=members(project, item), plans=plans(project, sid, page_url), meetings=rows, table=True,
        summary=decision_summary(rows), ics=rel(page_url, f"{item.url}calendar.ics"),
        materials=Markup(_materials(project, item, rows, page_url)),
        documents=Markup(attachments_html(project, item, page_url, "Документы", suffix="-doc",
                                          entries=_own_attachments(project, item))))
    return before, after


def _own_attachments(project: Project, item: Item) -> list[dict]:
    """The item's `attachments` without its meetings' materials (listed under each meeting)."""
    fake = Item(item.type, item.id, item.rel, item.src, {"attachments": item.meta.get("attachments") or []}, "", 1)
    from imc.content.project import attachment_list
    return attachment_list(project, fake)


def rmo_extra_html(project: Project, item: Item, page_url: str) -> str:
    """Состав and решения on an РМО page: the same blocks as on a body's page."""
    rows = meeting_rows(project, item)
    people = members(project, item)
    if not people and not any(r["decisions"] for r in rows):
        return ""
    return template(project, "body.html").render(
        members=people, plans=None, meetings=rows, table=False, summary=decision_summary(rows), ics="",
        materials="", documents="")


def upcoming(project: Project) -> list[tuple[dt.date, str, str, str]]:
    """(date, «Body: topic», site path with anchor, kind) of every body meeting still ahead."""
    now = today()
    out = []
    for b in project.of_type("body"):
        for n, mt in enumerate(b.meta.get("meetings") or [], start=1):
            if mt["date"] >= now:
                out.append((mt["date"], f"{b.title}: {mt['topic']}", f"{b.url}#z-{n}", "заседание"))
    return sorted(out)
