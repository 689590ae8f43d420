"""HTML of the reference shelf: courses of повышение квалификации (docs/kursy/) and books
(docs/knigi/) — their cards, «Ближайшие курсы», the archive of courses, «Новинки литературы»,
the participants chart of the statistics page; their schema.org and calendar entries; and the
bibliographic source of any item, which content/citation.py turns into a ГОСТ reference."""
from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter

from imc.content import shelf
from imc.content.citation import Source, statement_form
from imc.content.project import Item, Project
from imc.core.isbn import Isbn, hyphenated, parse
from imc.core.text import plural, ru_date
from imc.site import render
from markupsafe import escape

# ------------------------------------------------------------------ citation

def citation_source(project: Project, item: Item, today: dt.date) -> Source:
    """What a reference to an item says: a book is cited as the book, anything else as a part
    of the service's site (with its address and the date of access)."""
    m = item.meta
    if item.type.name == "book":
        return Source(
            title=item.title, authors=tuple(m.get("authors") or ()), title_info=m.get("subtitle") or "",
            responsibility=(m["responsibility"],) if m.get("responsibility") else (),
            edition=m.get("edition") or "", place=m.get("place") or "", publisher=m.get("publisher") or "",
            year=m.get("year"), pages=m.get("pages"), isbn=hyphenated(m["isbn"]) if m.get("isbn") else "",
            electronic=m.get("book_format") == "elektronnoe", url=m.get("url") or "", accessed=today)
    people = project.registries.get("people", {})
    # only names published with consent; without it the organisation stands for the author
    names = tuple(people[p]["name"] for p in m.get("authors") or []
                  if p in people and people[p].get("consent") is True)
    org = project.org_name(m["organisation"]) if m.get("organisation") else ""
    kind = project.vocab_title("material_types", m["material_type"]) if m.get("material_type") \
        else item.type.label
    base = str(project.site.get("url") or "").rstrip("/")
    year = m.get("year") or next((m[k].year for k in ("date", "start", "updated") if m.get(k)), "")
    return Source(title=item.title, authors=names, title_info=kind[:1].lower() + kind[1:],
                  responsibility=(org,) if org else (), year=year,
                  site=str(project.site.get("name") or ""),
                  url=f"{base}/{item.url}" if base else item.url, accessed=today)


# ------------------------------------------------------------------ shared bits

def _dl(facts: list[tuple[str, str]]) -> str:
    return "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in facts if v)


def _filters(project: Project, item: Item) -> str:
    return "".join(f'<span hidden data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
                   for k, v in render.search_filters(project, item))


def _titles(project: Project, vocab: str, values) -> str:
    return ", ".join(project.vocab_title(vocab, v) for v in values or [])


def _when(m: dict) -> str:
    start, end = m["start"], m.get("end")
    if not end or end == start:
        return ru_date(start)
    if start.year == end.year:
        return f"{ru_date(start, year=False)} — {ru_date(end)}"
    return f"{ru_date(start)} — {ru_date(end)}"


def _provider(project: Project, m: dict) -> str:
    return project.org_name(m["provider"], short=False) if m.get("provider") else ""


# ------------------------------------------------------------------ a course

def course_html(project: Project, item: Item, page_url: str) -> str:
    m = item.meta
    today = render.today()
    status = shelf.course_status(item, today)
    audience = ", ".join(x for x in (_titles(project, "positions", m.get("positions")),
                                     _titles(project, "subjects", m.get("subjects")),
                                     _titles(project, "levels", m.get("levels"))) if x)
    cost = project.vocab_title("course_costs", m["cost"]) if m.get("cost") else ""
    if m.get("price"):
        cost += f", {m['price']:,}".replace(",", "\u00a0") + "\u00a0₽"
    facts = [
        ("Кто проводит", escape(_provider(project, m))),
        ("Когда", _when(m)),
        ("Объём", escape(plural(m["hours"], "час", "часа", "часов")) if m.get("hours") is not None else ""),
        ("Формат", escape(project.vocab_title("course_formats", m["format"])) if m.get("format") else ""),
        ("Где", escape(m.get("place") or "")),
        ("Для кого", escape(audience)),
        ("Оплата", escape(cost)),
        ("Документ", escape(project.vocab_title("course_documents", m["document"])) if m.get("document") else ""),
        ("Записаться до", ru_date(m["registration_deadline"]) if m.get("registration_deadline") else ""),
    ]
    if m.get("participants_count") is not None:
        facts.append(("Прошли обучение", escape(plural(m["participants_count"], "педагог округа",
                                                        "педагога округа", "педагогов округа"))))
    links = []
    if status == "zapis":
        links.append(f'<a class="md-button md-button--primary" href="{escape(m["registration"])}">Записаться</a>')
    if m.get("programme"):
        src = posixpath.normpath(posixpath.join(posixpath.dirname(item.src), m["programme"]))
        links.append(f'<a class="md-button" href="{render.rel(page_url, src)}" download>Программа курса</a>')
    if status != "zavershen":
        links.append(f'<a class="imc-ics" href="{render.rel(page_url, item.url + "course.ics")}" download>'
                     "Добавить даты в календарь (ICS)</a>")
    note = {"zavershen": "Курс завершён: он хранится в архиве курсов.",
            "idet": "Курс идёт, запись закрыта.",
            "skoro": "Запись на курс закрыта или ещё не объявлена."}.get(status, "")
    archive = render.rel(page_url, "kursy/arkhiv/")
    return (f'<section class="imc-card" aria-label="Сведения о курсе"><dl class="imc-card__list">{_dl(facts)}</dl>'
            f'{_filters(project, item)}</section>'
            f'<p class="imc-status imc-status--{status}"><span class="imc-badge imc-badge--{status}">'
            f'{shelf.STATUS_TITLES[status]}</span> {escape(note)}'
            + (f' <a href="{archive}">Архив курсов</a>' if status == "zavershen" else "") + "</p>"
            + (f'<p class="imc-actions">{" ".join(links)}</p>' if links else ""))


def course_meta(project: Project, item: Item) -> str:
    m = item.meta
    parts = [_when(m).replace("\u00a0", " "), plural(m["hours"], "час", "часа", "часов") if m.get("hours") else "",
             project.vocab_title("course_formats", m["format"]) if m.get("format") else "",
             project.org_name(m["provider"]) if m.get("provider") else "",
             _titles(project, "subjects", m.get("subjects"))]
    return " · ".join(p for p in parts if p)


# ------------------------------------------------------------------ a book

def book_html(project: Project, item: Item, page_url: str) -> str:
    m = item.meta
    found = parse(m["isbn"]) if m.get("isbn") else None
    isbn = found.hyphenated if isinstance(found, Isbn) else (m.get("isbn") or "")
    authors = ", ".join(statement_form(a) for a in m.get("authors") or [])
    where = []
    if m.get("library"):
        where.append(f"в библиотеке ИМЦ: {escape(m['library'])}")
    if m.get("url"):
        where.append(f'<a href="{escape(m["url"])}">электронная версия</a>')
    imprint = ", ".join(x for x in (m.get("publisher"), str(m.get("year") or "")) if x)
    facts = [
        ("Вид", escape(project.vocab_title("book_kinds", m["kind"])) if m.get("kind") else ""),
        ("Авторы" if len(m.get("authors") or []) > 1 else "Автор", escape(authors)),
        ("Сведения к заглавию", escape(m.get("subtitle") or "")),
        ("Издание", escape(" — ".join(x for x in (m.get("edition"), ", ".join(y for y in (m.get("place"), imprint) if y))
                                      if x))),
        ("Объём", escape(f"{m['pages']}\u00a0с.") if m.get("pages") else ""),
        ("ISBN", escape(isbn)),
        ("Предметы", escape(_titles(project, "subjects", m.get("subjects")))),
        ("Уровни", escape(_titles(project, "levels", m.get("levels")))),
        ("Классы", escape(", ".join(str(g) for g in m.get("grades") or []))),
        ("Где взять", "; ".join(where) or "пока только в книжных магазинах"),
        ("Поступила", ru_date(m["date"]) if m.get("date") else ""),
    ]
    return (f'<section class="imc-card" aria-label="Сведения о книге"><dl class="imc-card__list">{_dl(facts)}</dl>'
            f'{_filters(project, item)}</section>'
            f'<p class="imc-entry__desc">{escape(m.get("description") or "")}</p>')


def book_after_html(project: Project, item: Item) -> str:
    """The book's reference in the same block «Как сослаться» as every material's."""
    return render.template(project, "after.html").render(citation=render.citation(project, item), related=[])


def book_meta(project: Project, item: Item) -> str:
    m = item.meta
    authors = ", ".join(statement_form(a) for a in (m.get("authors") or [])[:3])
    parts = [authors, project.vocab_title("book_kinds", m["kind"]) if m.get("kind") else "",
             ", ".join(x for x in (m.get("publisher"), str(m.get("year") or "")) if x),
             _titles(project, "subjects", m.get("subjects"))]
    return " · ".join(p for p in parts if p)


# ------------------------------------------------------------------ listings

def entry_meta(project: Project, item: Item) -> str:
    return course_meta(project, item) if item.type.name == "course" else book_meta(project, item)


def badges(project: Project, item: Item) -> list[tuple[str, str]]:
    if item.type.name == "course":
        status = shelf.course_status(item, render.today())
        return [(status, shelf.STATUS_TITLES[status])]
    if item.type.name == "book" and item.meta.get("library"):
        return [("library", "есть в библиотеке ИМЦ")]
    return []


def _course_li(project: Project, item: Item, page_url: str, heading: str = "h3") -> str:
    status = shelf.course_status(item, render.today())
    deadline = item.meta.get("registration_deadline")
    extra = f" · запись до {ru_date(deadline)}" if status == "zapis" and deadline else ""
    return (f'<li class="imc-entry"><{heading} class="imc-entry__title"><a href="{render.rel(page_url, item.url)}">'
            f"{escape(item.title)}</a></{heading}><p class=\"imc-entry__meta\">{escape(course_meta(project, item))}"
            f"{extra}</p><p class=\"imc-badges\"><span class=\"imc-badge imc-badge--{status}\">"
            f"{shelf.STATUS_TITLES[status]}</span></p></li>")


def upcoming_html(project: Project, page_url: str, limit: int = 6, heading: str = "h3") -> str:
    """«Ближайшие курсы»: not over yet, the nearest first."""
    items = shelf.upcoming_courses(project.of_type("course"), render.today())[:limit]
    if not items:
        return '<p class="imc-muted">Ближайших курсов пока нет — загляните в архив.</p>'
    return '<ul class="imc-list">' + "".join(_course_li(project, i, page_url, heading) for i in items) + "</ul>"


def catalog_intro(project: Project, page, page_url: str) -> str:
    """Above the first page of the catalogue of courses: the nearest ones; of books: the monthly list."""
    if page.facet is not None or page.page != 1:
        return ""
    if page.ctype.name == "course":
        return (f'<h2 id="blizhayshie">Ближайшие курсы</h2>{upcoming_html(project, page_url)}'
                f'<p><a href="{render.rel(page_url, "kursy/arkhiv/")}">Архив прошедших курсов</a> · '
                f'<a href="{render.rel(page_url, "sobytiya/calendar.ics")}" download>Даты курсов в календаре (ICS)</a></p>'
                '<h2 id="vse-kursy">Все курсы</h2>')
    if page.ctype.name == "book":
        return (f'<p><a href="{render.rel(page_url, "knigi/novinki/")}">Новинки литературы по месяцам</a> — '
                "что поступило в библиотеку ИМЦ и что советуют методисты.</p>")
    return ""


def archive_html(project: Project, page_url: str) -> str:
    """Past courses by year of their end, with how many teachers of the district took each."""
    past = shelf.past_courses(project.of_type("course"), render.today())
    if not past:
        return "<p>Прошедших курсов пока нет.</p>"
    out, year = [f'<p>Курсы, которые уже прошли: {plural(len(past), "курс", "курса", "курсов")}. '
                 f'Ближайшие — на странице <a href="{render.rel(page_url, "kursy/")}">курсов</a>.</p>'], None
    for item in past:
        y = (item.meta.get("end") or item.meta["start"]).year
        if y != year:
            out.append(("</ul>" if year else "") + f'<h2 id="god-{y}">{y}</h2><ul class="imc-list">')
            year = y
        n = item.meta.get("participants_count")
        out.append(_course_li(project, item, page_url).replace(
            "</p><p class=\"imc-badges\">",
            (f" · прошли {plural(n, 'педагог', 'педагога', 'педагогов')}" if n is not None else "")
            + "</p><p class=\"imc-badges\">", 1))
    return "".join(out) + "</ul>"


def novinki_html(project: Project, page_url: str) -> str:
    """Books by the month they came (newest first), each month by subject."""
    books = sorted(project.of_type("book"), key=lambda i: (i.meta["date"], i.title), reverse=True)
    if not books:
        return "<p>Новинок пока нет.</p>"
    months: dict[str, list[Item]] = {}
    for b in books:
        months.setdefault(f"{b.meta['date']:%Y-%m}", []).append(b)
    out = [f'<p>Книги, учебники и УМК, которые поступили в библиотеку ИМЦ или которые советуют методисты. '
           f'Все книги с фильтрами по предмету и уровню — в разделе <a href="{render.rel(page_url, "knigi/")}">'
           "Литература</a>.</p>"]
    for month, group in months.items():
        out.append(f'<h2 id="m-{month}">{escape(shelf.month_title(month).capitalize())}</h2>')
        by_subject: dict[str, list[Item]] = {}
        for b in group:
            # under its first subject: a book for three subjects is listed once
            by_subject.setdefault((b.meta.get("subjects") or ["_"])[0], []).append(b)
        for sid in sorted(by_subject, key=lambda s: (s == "_", project.vocab_title("subjects", s))):
            title = "Общая педагогика и методика" if sid == "_" else project.vocab_title("subjects", sid)
            out.append(f'<h3 id="m-{month}-{escape(sid.strip("_") or "obshchee")}">{escape(title)}</h3><ul class="imc-list">')
            for b in by_subject[sid]:
                out.append(f'<li class="imc-entry"><p class="imc-entry__title"><a href="{render.rel(page_url, b.url)}">'
                           f"{escape(b.title)}</a></p><p class=\"imc-entry__meta\">{escape(book_meta(project, b))}</p>"
                           f"<p class=\"imc-cite__text\">{escape(render.citation(project, b))}</p></li>")
            out.append("</ul>")
    return "".join(out)


def participants_rows(project: Project) -> list[tuple[str, int]]:
    """(course, teachers of the district who took it): counts only, never names."""
    rows = [(i.title, i.meta["participants_count"]) for i in project.of_type("course")
            if isinstance(i.meta.get("participants_count"), int)]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def participants_html(project: Project) -> str:
    from imc.site.pages import bar_chart
    rows = participants_rows(project)
    if not rows:
        return ""
    total = sum(n for _, n in rows)
    by_format: Counter = Counter()
    for i in project.of_type("course"):
        if isinstance(i.meta.get("participants_count"), int):
            by_format[project.vocab_title("course_formats", i.meta["format"])] += i.meta["participants_count"]
    return (f'<p>Курсы повышения квалификации: педагоги округа прошли обучение '
            f'{plural(total, "раз", "раза", "раз")} на {plural(len(rows), "курсе", "курсах", "курсах")} '
            "(только числа, без имён).</p>"
            + bar_chart("Прошли курсы повышения квалификации", rows, "kursy-uchastniki", unit="Педагогов")
            + bar_chart("Обучение по форматам курсов", by_format.most_common(), "kursy-formaty", unit="Педагогов"))


# ------------------------------------------------------------------ open data

COURSE_MODE = {"ochno": "Onsite", "distantsionno": "Online", "smeshanno": "Blended"}


def schema_org(project: Project, item: Item, data: dict) -> None:
    """Completes the field-by-field schema.org of a course (Course with its CourseInstance) or a
    book (Book with isbn, bookFormat, numberOfPages)."""
    m = item.meta
    if item.type.name == "course":
        for key in ("startDate", "endDate", "courseMode", "timeRequired"):
            data.pop(key, None)
        hours = f"PT{m['hours']}H" if m.get("hours") else None
        instance = {"@type": "CourseInstance", "courseMode": COURSE_MODE.get(m.get("format"), m.get("format")),
                    "startDate": m["start"].isoformat(), "endDate": m["end"].isoformat()}
        if hours:
            instance["courseWorkload"] = hours
            data["timeRequired"] = hours
        if m.get("place"):
            instance["location"] = m["place"]
        data["hasCourseInstance"] = [instance]
        data["audience"] = [{"@type": "EducationalAudience", "educationalRole": t}
                            for t in (project.vocab_title("positions", p) for p in m.get("positions") or [])]
        data["isAccessibleForFree"] = m.get("cost") == "byudzhet"
        if m.get("price"):
            data["offers"] = {"@type": "Offer", "price": m["price"], "priceCurrency": "RUB", "category": "Paid"}
        return
    if item.type.name == "book":
        data.pop("dateCreated", None)
        data.pop("locationCreated", None)
        data["author"] = [{"@type": "Person", "name": statement_form(a)} for a in m.get("authors") or []]
        data["datePublished"] = str(m["year"]) if m.get("year") else data.get("datePublished")
        data["publisher"] = {"@type": "Organization", "name": m.get("publisher"), "location": m.get("place")}
        found = parse(m["isbn"]) if m.get("isbn") else None
        if isinstance(found, Isbn):
            data["isbn"] = found.hyphenated
        fmt = project.vocabularies.get("book_formats")
        entry = fmt.by_id(m.get("book_format", "")) if fmt else None
        if entry and entry.get("schema"):
            data["bookFormat"] = f"https://schema.org/{entry['schema']}"
        data["citation"] = render.citation(project, item)
        if m.get("url"):
            data["sameAs"] = m["url"]


def course_event(project: Project, item: Item):
    """The course's dates as a calendar event (opendata._event)."""
    from imc.site.opendata import _abs, _event
    host = str(project.site.get("url") or "imc").split("//")[-1].strip("/") or "imc"
    m = item.meta
    return _event(f"course-{item.id}@{host}", f"Курс: {item.title}", m["start"], m.get("end"), None,
                  m.get("place") or _provider(project, m), _abs(project, item.url), m.get("description", ""))
