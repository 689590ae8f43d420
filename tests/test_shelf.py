"""Courses (docs/kursy/) and books (docs/knigi/): ISBN, the ГОСТ Р 7.0.100–2018 references of
books and of every material (one implementation), course dates against «today», and what the
built demo site publishes of them (pages, navigation, catalog.json, calendar, statistics)."""
from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from imc.check.load import load_project
from imc.content import shelf as content_shelf
from imc.content.citation import Source, reference, split_name
from imc.content.project import Item
from imc.core.isbn import Isbn, IsbnError, parse
from imc.site import render

MINI = Path(__file__).parent / "fixtures" / "mini"
DAY = dt.date(2026, 11, 30)


# ------------------------------------------------------------------ ISBN

@pytest.mark.parametrize("written, hyphenated", [
    ("9785604983010", "978-5-6049830-1-0"),
    ("978-5-907362-14-7", "978-5-907362-14-7"),
    ("ISBN 978 5 4441 0218 3", "978-5-4441-0218-3"),
    ("5-85270-001-0", "5-85270-001-0"),  # a ten-digit ISBN of an older book
])
def test_isbn_valid_is_hyphenated_by_the_range_table(written, hyphenated):
    found = parse(written)
    assert isinstance(found, Isbn) and found.hyphenated == hyphenated
    assert len(found.isbn13) == 13 and found.isbn13.startswith(("978", "979"))


@pytest.mark.parametrize("written, fragment", [
    ("978-5-6049830-1-9", "контрольная цифра (последняя): для этих цифр она должна быть 0"),
    ("978-5-6049830-1", "12 цифр, а нужно 13"),
    ("978-5-6О49830-1-0", "только цифры"),  # a Cyrillic «О» for zero
    ("977-5-6049830-1-4", "начинается не с 978 или 979"),
])
def test_isbn_invalid_says_why(written, fragment):
    found = parse(written)
    assert isinstance(found, IsbnError), found
    assert fragment in found.message and found.hint


# ------------------------------------------------------------------ ГОСТ references

@pytest.mark.parametrize("name, parts", [
    ("Иванова Мария Петровна", ("Иванова", "М. П.")),
    ("Иванова М. П.", ("Иванова", "М. П.")),
    ("Иванова М.П.", ("Иванова", "М. П.")),
    ("Иванова, М. П.", ("Иванова", "М. П.")),
    ("М. П. Иванова", ("Иванова", "М. П.")),
    ("Салтыков-Щедрин М. Е.", ("Салтыков-Щедрин", "М. Е.")),
    ("коллектив авторов", None),
])
def test_split_name(name, parts):
    assert split_name(name) == parts


def test_book_reference_gost():
    # checked by hand against the examples of ГОСТ Р 7.0.100–2018 (description under the heading)
    text = reference(Source(
        title="Читаем с увлечением", authors=("Лебедева Нина Андреевна",),
        title_info="читательские марафоны и клубы в 5–7 классах. Методическое пособие",
        place="Заречный", publisher="ИМЦ Заречного округа", year=2026, pages=96, isbn="978-5-6049830-1-0"))
    assert text == ("Лебедева, Н. А. Читаем с увлечением : читательские марафоны и клубы в 5–7 классах. "
                    "Методическое пособие / Н. А. Лебедева. — Заречный : ИМЦ Заречного округа, 2026. — 96 с. — "
                    "ISBN 978-5-6049830-1-0. — Текст : непосредственный.")


def test_book_reference_four_authors_edition_editor():
    # four authors and more: described under the title, three named and «[и др.]»
    text = reference(Source(
        title="Функциональная грамотность на уроках естественных наук", title_info="методическое пособие",
        authors=("Громова Е. В.", "Сафонов И. Л.", "Тихонова А. Р.", "Жукова М. С."),
        responsibility=("под редакцией О. В. Беловой",), edition="2-е изд., перераб.", place="Энск",
        publisher="Издательство ИРО Энской области", year=2025, pages=184, isbn="978-5-907362-14-7"))
    assert text == ("Функциональная грамотность на уроках естественных наук : методическое пособие / "
                    "Е. В. Громова, И. Л. Сафонов, А. Р. Тихонова [и др.] ; под редакцией О. В. Беловой. — "
                    "2-е изд., перераб. — Энск : Издательство ИРО Энской области, 2025. — 184 с. — "
                    "ISBN 978-5-907362-14-7. — Текст : непосредственный.")


def test_electronic_book_reference_gost():
    text = reference(Source(
        title="Английский язык в игре", authors=("Соболева К. Д.",), title_info="электронное учебное пособие",
        place="Энск", publisher="Северный методист", year=2026, pages=64, isbn="978-5-4441-0225-1",
        electronic=True, url="https://severnyy-metodist.example/books/angliyskiy-v-igre/", accessed=DAY))
    assert text == ("Соболева, К. Д. Английский язык в игре : электронное учебное пособие / К. Д. Соболева. — "
                    "Энск : Северный методист, 2026. — 64 с. — ISBN 978-5-4441-0225-1. — "
                    "URL: https://severnyy-metodist.example/books/angliyskiy-v-igre/ (дата обращения: 30.11.2026). — "
                    "Текст : электронный.")


def test_material_citation_is_the_same_gost_code(monkeypatch):
    """«Как сослаться» of a material: a part of the service's site, named authors only with
    consent (Сидорова has none: she is left out, her school stands for the authors)."""
    monkeypatch.setattr(render, "today", lambda: DAY)
    project = load_project(MINI)
    practice = project.get("practice", "chitatelskiy-marafon")
    assert render.citation(project, practice) == (
        "Иванова, М. П. Читательский марафон в 5 классе : лучшая практика / М. П. Иванова ; СШ № 1. — "
        "Текст : электронный // ИМЦ Заречного округа : [сайт]. — 2024. — "
        "URL: https://imc-zarechny.example/praktiki/chitatelskiy-marafon/ (дата обращения: 30.11.2026).")
    assert "Сидорова" not in render.citation(project, practice)
    product = project.get("product", "zadachi-na-protsenty")
    cited = render.citation(project, product)
    kind = project.vocab_title("material_types", product.meta["material_type"])
    assert f" : {kind[0].lower() + kind[1:]} / " in cited and cited.endswith("(дата обращения: 30.11.2026).")


def test_book_citation_on_the_site_uses_the_book(monkeypatch):
    monkeypatch.setattr(render, "today", lambda: DAY)
    project = load_project(ROOT)
    book = project.get("book", "chitaem-s-uvlecheniem")
    assert render.citation(project, book) == (
        "Лебедева, Н. А. Читаем с увлечением : читательские марафоны и клубы в 5–7 классах. Методическое "
        "пособие / Н. А. Лебедева. — Заречный : ИМЦ Заречного округа, 2026. — 96 с. — "
        "ISBN 978-5-6049830-1-0. — Текст : непосредственный.")


# ------------------------------------------------------------------ courses and «today»

def _course(start, end, deadline=None, registration="https://x.example/"):
    from imc.content import model
    meta = {"start": start, "end": end, "registration": registration}
    if deadline:
        meta["registration_deadline"] = deadline
    return Item(model.COURSE, "c", "docs/kursy/c.md", "kursy/c.md", meta, "", 1)


@pytest.mark.parametrize("start, end, deadline, status", [
    (dt.date(2026, 12, 7), dt.date(2026, 12, 18), dt.date(2026, 12, 1), "zapis"),
    (dt.date(2026, 12, 7), dt.date(2026, 12, 18), dt.date(2026, 11, 29), "skoro"),
    (dt.date(2026, 11, 30), dt.date(2026, 12, 4), None, "idet"),
    (dt.date(2026, 11, 16), dt.date(2026, 11, 29), None, "zavershen"),
    (dt.date(2026, 11, 30), dt.date(2026, 11, 30), None, "idet"),  # a one-day course today is not over
])
def test_course_status(start, end, deadline, status):
    assert content_shelf.course_status(_course(start, end, deadline), DAY) == status


def test_upcoming_and_past_split_every_course():
    project = load_project(ROOT)
    courses = project.of_type("course")
    for day in (dt.date(2025, 1, 1), DAY, dt.date(2027, 6, 1), dt.date(2030, 1, 1)):
        up = content_shelf.upcoming_courses(courses, day)
        past = content_shelf.past_courses(courses, day)
        assert sorted(i.id for i in up + past) == sorted(i.id for i in courses)
        assert [i.meta["start"] for i in up] == sorted(i.meta["start"] for i in up)
        assert all(i.meta["end"] < day for i in past) and all(i.meta["end"] >= day for i in up)


def test_demo_has_enough_courses_and_books():
    project = load_project(ROOT)
    courses, books = project.of_type("course"), project.of_type("book")
    assert len(courses) >= 8 and len(books) >= 12
    # the demo was written on 30.11.2026: some courses were over by then and some were still ahead
    assert content_shelf.past_courses(courses, DAY) and content_shelf.upcoming_courses(courses, DAY)
    assert {c.meta["format"] for c in courses} == {"ochno", "distantsionno", "smeshanno"}
    assert all(isinstance(parse(b.meta["isbn"]), Isbn) for b in books)
    providers = project.registries["organisations"]
    assert {providers[c.meta["provider"]]["type"] for c in courses} >= {"dpo"}
    assert not [p for p in project.problems if p.path.startswith(("docs/kursy", "docs/knigi"))]


# ------------------------------------------------------------------ the built demo site

def _read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ")


@pytest.mark.site
def test_catalog_json_has_courses_and_books(demo_site):
    catalog = json.loads(_read(demo_site, "catalog.json"))
    by_type: dict[str, list] = {}
    for e in catalog["items"]:
        by_type.setdefault(e["type"], []).append(e)
    project = load_project(ROOT)
    assert len(by_type["course"]) == len(project.of_type("course"))
    assert len(by_type["book"]) == len(project.of_type("book"))
    for e in by_type["course"]:
        course = project.get("course", e["id"])
        s = e["schema_org"]
        assert s["@type"] == "Course" and s["provider"]["name"]
        [instance] = s["hasCourseInstance"]
        assert instance["@type"] == "CourseInstance"
        assert instance["courseMode"] in ("Onsite", "Online", "Blended")
        assert instance["startDate"] == course.meta["start"].isoformat()
        assert instance["endDate"] == course.meta["end"].isoformat()
        assert s["timeRequired"] == f"PT{course.meta['hours']}H"
        assert "startDate" not in s and "courseMode" not in s  # they belong to the instance
    for e in by_type["book"]:
        book = project.get("book", e["id"])
        s = e["schema_org"]
        assert s["@type"] == "Book" and s["isbn"] == parse(book.meta["isbn"]).hyphenated
        assert s["numberOfPages"] == book.meta["pages"]
        assert s["bookFormat"] in ("https://schema.org/Paperback", "https://schema.org/Hardcover",
                                   "https://schema.org/EBook")
        assert s["datePublished"] == str(book.meta["year"])
        assert all(a["@type"] == "Person" for a in s["author"])
    # counts only: nothing about a course names a participant
    assert all("participants" not in k or isinstance(v, int)
               for e in by_type["course"] for k, v in e["metadata"].items())


@pytest.mark.site
def test_pages_built_and_in_navigation(demo_site):
    nav = yaml.safe_load(re.sub(r"!!python\S+", "", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))["nav"]
    flat = json.dumps(nav, ensure_ascii=False)
    for src in ("kursy/index.md", "kursy/arkhiv.md", "knigi/index.md", "knigi/novinki.md"):
        assert src in flat, src
        assert (demo_site / src.replace("index.md", "").replace(".md", "/") / "index.html").is_file(), src
    home = _read(demo_site, "index.html")
    for href in ('href="kursy/"', 'href="knigi/"', 'href="knigi/novinki/"', 'href="kursy/arkhiv/"'):
        assert href in home, href
    # the navigation tabs of every page lead to both sections
    practice = next((demo_site / "praktiki").glob("*/index.html"))
    tabs = _read(demo_site, str(practice.relative_to(demo_site)))
    assert 'href="../../kursy/"' in tabs and 'href="../../knigi/"' in tabs


@pytest.mark.site
def test_upcoming_courses_and_archive_follow_today(demo_site):
    """Built with today's date: what is over is in the archive, the rest under «Ближайшие курсы»
    (on the courses page and on the home page) — whatever day the tests run."""
    project = load_project(ROOT)
    today = render.today()
    courses = project.of_type("course")
    up = content_shelf.upcoming_courses(courses, today)
    past = content_shelf.past_courses(courses, today)
    index = _read(demo_site, "kursy/index.html")
    block = index.split('id="blizhayshie"', 1)[1].split('id="vse-kursy"', 1)[0]
    archive = _read(demo_site, "kursy/arkhiv/index.html")
    for c in courses:
        assert (f'href="{c.id}/"' in block) == (c in up[:6]), c.id
        assert (f'href="../{c.id}/"' in archive) == (c in past), c.id
    home = _read(demo_site, "index.html")
    for c in up[:4]:
        assert f'href="kursy/{c.id}/"' in home, c.id
    for c in past:
        page = _read(demo_site, f"kursy/{c.id}/index.html")
        assert "Курс завершён" in _text(page) and ">Записаться</a>" not in page, c.id
    for c in up:
        page = _read(demo_site, f"kursy/{c.id}/index.html")
        status = content_shelf.course_status(c, today)
        assert (">Записаться</a>" in page) == (status == "zapis"), c.id


@pytest.mark.site
def test_course_dates_in_the_calendar(demo_site):
    from icalendar import Calendar
    everything = Calendar.from_ical(_read(demo_site, "sobytiya/calendar.ics"))
    uids = {str(e["uid"]) for e in everything.walk("VEVENT")}
    for c in load_project(ROOT).of_type("course"):
        assert any(u.startswith(f"course-{c.id}@") for u in uids), c.id
        own = Calendar.from_ical((demo_site / "kursy" / c.id / "course.ics").read_bytes())
        [ev] = own.walk("VEVENT")
        assert ev.decoded("dtstart") == c.meta["start"]
        assert ev.decoded("dtend") == c.meta["end"] + dt.timedelta(days=1)  # DTEND of a whole day is exclusive


@pytest.mark.site
def test_novinki_by_month_and_subject(demo_site):
    project = load_project(ROOT)
    html = _read(demo_site, "knigi/novinki/index.html")
    months = re.findall(r'<h2 id="m-(\d{4}-\d{2})"', html)
    assert months == sorted({f"{b.meta['date']:%Y-%m}" for b in project.of_type("book")}, reverse=True)
    for b in project.of_type("book"):
        section = html.split(f'id="m-{b.meta["date"]:%Y-%m}"', 1)[1].split("<h2", 1)[0]
        subject = project.vocab_title("subjects", b.meta["subjects"][0])
        part = section.split(f">{subject}</h3>", 1)[1].split("<h3", 1)[0]
        assert f'href="../{b.id}/"' in part, b.id
        assert "ISBN " + parse(b.meta["isbn"]).hyphenated in _text(part)


@pytest.mark.site
def test_statistics_show_participants_as_counts(demo_site):
    project = load_project(ROOT)
    html = _text(_read(demo_site, "o-nas/statistika/index.html"))
    counted = [c for c in project.of_type("course") if isinstance(c.meta.get("participants_count"), int)]
    assert counted
    for c in counted:
        assert f"{c.title} {c.meta['participants_count']}" in " ".join(html.split())
    total = sum(c.meta["participants_count"] for c in counted)
    assert f"прошли обучение {total} раз" in html


@pytest.mark.site
def test_course_filters_are_pages(demo_site):
    project = load_project(ROOT)
    online = [c for c in project.of_type("course") if c.meta["format"] == "distantsionno"]
    html = _read(demo_site, "kursy/f/format/distantsionno/index.html")
    listed = re.findall(r'<h3 class="imc-entry__title"><a href="\.\./\.\./\.\./([^/]+)/"', html)
    assert sorted(listed) == sorted(c.id for c in online)
    first = min(project.of_type("course"), key=lambda c: c.meta["start"])
    assert (demo_site / f"kursy/f/mesyats/{first.meta['start']:%Y-%m}/index.html").is_file()
