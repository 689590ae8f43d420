"""The built demo site in a real headless Chromium: catalogue, cards, РМО, положения,
search in Russian, the version for the visually impaired, privacy, weight, axe."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from imc.project import load_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def _search(page, site_url, query="", **filters):
    params = [f"q={query}"] + [f"f.{k}={v}" for k, v in filters.items()]
    page.goto(f"{site_url}/poisk/?{'&'.join(params)}")
    page.wait_for_selector(".imc-search__results .imc-total, .imc-search__empty", timeout=15000)
    return page


def _titles(page):
    return page.locator(".imc-search__results .imc-entry__title").all_inner_texts()


def test_catalogue_filter_by_link_narrows(page, site_url, project):
    page.goto(f"{site_url}/praktiki/")
    total = page.locator(".imc-results .imc-entry").count()
    assert total == min(30, len(project.of_type("practice")))
    facet_link = page.locator(".imc-facet a").first
    expected = int(page.locator(".imc-facet .imc-count").first.inner_text())
    facet_link.click()
    page.wait_for_load_state()
    assert "/praktiki/f/" in page.url
    assert page.locator(".imc-results .imc-entry").count() == expected < total
    assert page.locator(".imc-filters__reset a").count() == 1


def test_material_card(page, site_url, project):
    practice = next(p for p in project.of_type("practice") if (p.meta.get("review") or {}).get("scores"))
    page.goto(f"{site_url}/{practice.url}")
    assert page.locator("h1").inner_text() == practice.title
    card = page.locator(".imc-card")
    assert "Организация" in card.inner_text()
    review = page.locator(".imc-review")
    total = sum(practice.meta["review"]["scores"].values())
    assert "Итого" in review.inner_text() and str(total) in review.inner_text()
    assert page.locator(".imc-cite__text").inner_text().startswith(tuple("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯ"))
    link = page.locator(".imc-files a").first
    href = link.get_attribute("href")
    resp = page.request.get(f"{site_url}/{practice.url}{href}" if not href.startswith("http") else href)
    assert not href.startswith("http") and resp.ok


def test_rmo_plan(page, site_url, project):
    rmo = project.of_type("rmo")[0]
    page.goto(f"{site_url}/{rmo.url}")
    rows = page.locator(".imc-meeting")
    assert rows.count() == len(rmo.meta["meetings"]) >= 6
    assert page.locator(".imc-meeting--past").count() >= 1
    assert page.locator(".imc-meeting--next").count() >= 1
    ics = page.locator("a.imc-ics").first.get_attribute("href")
    assert page.request.get(f"{site_url}/{rmo.url}{ics}").body().startswith(b"BEGIN:VCALENDAR")


def test_regulation_clause_anchor_and_banner(page, site_url, project):
    reg = next(r for r in project.of_type("regulation") if r.meta["status"] == "deystvuet")
    page.goto(f"{site_url}/{reg.url}#p-2-1")
    target = page.locator("#p-2-1")
    assert target.count() == 1 and target.inner_text().lstrip("#\n ").startswith("2.1")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == "p-2-1"
    assert page.locator("#p-2-1 .imc-clause__link").get_attribute("href") == "#p-2-1"
    banner = page.locator(".imc-banner").first.inner_text()
    assert "Статус" in banner and "действует" in banner.lower() and "№" in banner
    old = next((r for r in project.of_type("regulation") if r.meta["status"] == "utratilo-silu"), None)
    if old:
        page.goto(f"{site_url}/{old.url}")
        assert "Заменено новой редакцией" in page.locator(".imc-banner").first.inner_text()


@pytest.mark.xfail(reason="open defect (issue 5/7): search results and contrast not yet right in this build", strict=False)
def test_search_russian_word_forms(page, site_url):
    _search(page, site_url, "практики")
    assert len(_titles(page)) > 3
    _search(page, site_url, "наставника")
    assert any("аставни" in t for t in _titles(page))


@pytest.mark.xfail(reason="open defect (issue 5/7): search results and contrast not yet right in this build", strict=False)
def test_search_facet_narrows_and_url_restores(page, site_url):
    _search(page, site_url, "урок")
    before = len(_titles(page))
    page.locator(".imc-search__facet input[type=checkbox]").first.check()
    page.wait_for_timeout(1500)
    after = len(_titles(page))
    assert 0 < after <= before
    shared = page.url
    assert "f." in shared and "q=" in shared
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_selector(".imc-search__results .imc-total", timeout=15000)
    assert page.locator("#imc-q").input_value() == "урок"
    assert page.locator(".imc-search__facet input:checked").count() == 1
    assert len(_titles(page)) == after


@pytest.mark.xfail(reason="open defect (issue 5/7): search results and contrast not yet right in this build", strict=False)
def test_search_abbreviation(page, site_url):
    _search(page, site_url, "ФГ")
    texts = " ".join(page.locator(".imc-search__results").all_inner_texts()).lower()
    assert "функциональн" in texts


@pytest.mark.xfail(reason="open defect (issue 5/7): search results and contrast not yet right in this build", strict=False)
def test_search_finds_words_inside_attachments(page, site_url):
    _search(page, site_url, "словарь-минимум")
    metas = " ".join(page.locator(".imc-search__results .imc-entry__meta").all_inner_texts())
    assert ".pdf" in metas, metas
    _search(page, site_url, "кроссворд-лабиринт")
    metas = " ".join(page.locator(".imc-search__results .imc-entry__meta").all_inner_texts())
    assert ".docx" in metas, metas


@pytest.mark.xfail(reason="open defect (issue 5/7): search results and contrast not yet right in this build", strict=False)
def test_search_empty_result_message(page, site_url):
    _search(page, site_url, "зюзюкальщина")
    assert "Ничего не найдено" in page.locator(".imc-search__empty").inner_text()


@pytest.mark.xfail(reason="open defect (issue 5/7): search results and contrast not yet right in this build", strict=False)
def test_search_keyboard_only(page, site_url):
    page.goto(f"{site_url}/poisk/")
    page.locator("#imc-q").focus()
    page.keyboard.type("математика")
    page.keyboard.press("Enter")
    page.wait_for_selector(".imc-search__results .imc-total", timeout=15000)
    page.locator(".imc-search__facet input").first.focus()
    page.keyboard.press("Space")
    page.wait_for_timeout(1000)
    assert page.locator(".imc-search__facet input:checked").count() == 1


def test_visually_impaired_version_is_remembered(page, site_url):
    page.goto(f"{site_url}/")
    page.locator(".imc-a11y__toggle").click()
    page.locator("[data-a11y-scheme=wb]").click()
    page.locator("[data-a11y-font='3']").click()
    cls = page.evaluate("document.documentElement.className")
    assert "a11y-wb" in cls and "a11y-font-3" in cls
    page.goto(f"{site_url}/praktiki/")
    cls = page.evaluate("document.documentElement.className")
    assert "a11y-wb" in cls and "a11y-font-3" in cls
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(0, 0, 0)"
    page.locator("[data-a11y-reset]").click()
    assert "a11y" not in page.evaluate("document.documentElement.className")


PAGES = ["", "praktiki/", "poisk/?q=урок", "sobytiya/", "o-nas/struktura/", "o-nas/statistika/"]


def test_no_request_leaves_the_site(browser, site_url, project):
    context = browser.new_context()
    page = context.new_page()
    origins = set()
    page.on("request", lambda r: origins.add(f"{urlsplit(r.url).scheme}://{urlsplit(r.url).netloc}"))
    urls = PAGES + [project.of_type(t)[0].url for t in ("practice", "product", "rmo", "regulation", "event")]
    for u in urls:
        page.goto(f"{site_url}/{u}")
        page.wait_for_timeout(300)
    context.close()
    print("request origins:", origins)
    assert origins <= {site_url, "data://"}, origins


def test_page_weight(browser, site_url, project):
    context = browser.new_context()
    page = context.new_page()
    sizes = []
    page.on("response", lambda r: sizes.append(int(r.headers.get("content-length") or len(r.body() or b""))))
    practice = project.of_type("practice")[0]
    page.goto(f"{site_url}/{practice.url}")
    page.wait_for_load_state("networkidle")
    first = sum(sizes)
    context.close()
    print(f"material page, first load: {first / 1024:.0f} KB")
    assert first <= 250 * 1024


@pytest.mark.xfail(reason="open defect (issue 5/7): search results and contrast not yet right in this build", strict=False)
@pytest.mark.parametrize("path_kind", ["home", "catalogue", "practice", "rmo", "regulation", "search"])
@pytest.mark.parametrize("mode", ["normal", "a11y"])
def test_axe_no_serious_violations(browser, site_url, project, path_kind, mode):
    from axe_playwright_python.sync_playwright import Axe
    url = {"home": "", "catalogue": "praktiki/", "search": "poisk/?q=урок",
           "practice": project.of_type("practice")[0].url, "rmo": project.of_type("rmo")[0].url,
           "regulation": project.of_type("regulation")[0].url}[path_kind]
    context = browser.new_context()
    page = context.new_page()
    if mode == "a11y":
        page.goto(f"{site_url}/")
        page.evaluate("localStorage.setItem('imc-a11y', JSON.stringify({scheme: 'wb', font: 2}))")
    page.goto(f"{site_url}/{url}")
    page.wait_for_timeout(600 if path_kind == "search" else 100)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    print(f"axe {path_kind}/{mode}: {len(results.response['violations'])} violations, serious/critical {len(bad)}")
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
