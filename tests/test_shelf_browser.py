"""Courses and books in a real headless Chromium: axe on their pages, the format filter of the
course catalogue and the search facets of both types."""
from __future__ import annotations

import pytest
from conftest import ROOT
from imc.check.load import load_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def _url(project, kind: str) -> str:
    return {"courses": "kursy/", "archive": "kursy/arkhiv/", "books": "knigi/", "novinki": "knigi/novinki/",
            "course": project.get("course", "fop-2027").url, "book": project.of_type("book")[0].url,
            "statistics": "o-nas/statistika/"}[kind]


@pytest.mark.parametrize("kind", ["courses", "archive", "course", "books", "novinki", "book", "statistics"])
@pytest.mark.parametrize("mode", ["normal", "a11y"])
def test_axe_no_serious_violations(browser, site_url, project, kind, mode):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context()
    page = context.new_page()
    if mode == "a11y":
        page.goto(f"{site_url}/")
        page.evaluate("localStorage.setItem('imc-a11y', JSON.stringify({scheme: 'wb', font: 2}))")
    page.goto(f"{site_url}/{_url(project, kind)}")
    page.wait_for_timeout(100)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    print(f"axe {kind}/{mode}: {len(results.response['violations'])} violations, serious/critical {len(bad)}")
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]


def test_course_format_filter_narrows(page, site_url, project):
    page.goto(f"{site_url}/kursy/")
    everything = page.locator(".imc-results .imc-entry").count()
    assert everything == len(project.of_type("course"))
    with page.expect_navigation():  # the filter is a link to its own page
        page.locator(".imc-facet a", has_text="дистанционно").click()
    page.wait_for_selector(".imc-results .imc-entry__title")
    titles = page.locator(".imc-results .imc-entry__title").all_inner_texts()
    expected = {c.title for c in project.of_type("course") if c.meta["format"] == "distantsionno"}
    assert 0 < len(titles) < everything and set(titles) == expected


@pytest.mark.parametrize("type_label, facet, value, field, wanted", [
    ("Курс повышения квалификации", "Формат", "очно", "format", "ochno"),
    ("Книга", "Предметы", "Математика", "subjects", "matematika"),
    ("Книга", "Уровни образования", "ДО", "levels", "do"),
])
def test_search_facets_of_courses_and_books(page, site_url, project, type_label, facet, value, field, wanted):
    page.goto(f"{site_url}/poisk/?q=&f.Тип={type_label}&f.{facet}={value}")
    page.wait_for_selector(".imc-search__results .imc-total, .imc-search__empty", timeout=15000)
    titles = set(page.locator(".imc-search__results .imc-entry__title").all_inner_texts())
    kind = "course" if type_label.startswith("Курс") else "book"
    expected = {i.title for i in project.of_type(kind)
                if wanted == i.meta.get(field) or wanted in (i.meta.get(field) or [])}
    assert expected and titles == expected
