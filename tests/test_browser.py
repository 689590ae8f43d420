"""The built demo site in a real headless Chromium: catalogue, cards, РМО, положения,
search in Russian, the version for the visually impaired, privacy, weight, axe."""
from __future__ import annotations

import re
import shutil
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, copy_site_skeleton, run_imc, serve_dir
from imc.check.load import load_project
from playwright.sync_api import expect

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


def _marks(page):
    """Highlighted words of the results, as shown (lower case, quotes and punctuation off)."""
    return [m.lower().strip("«»„“”\"'.,:;!?()#") for m in
            page.locator(".imc-search__results mark").all_inner_texts()]


def _fold(text):
    return text.lower().replace("ё", "е")


def test_search_russian_word_forms(page, site_url):
    _search(page, site_url, "практики")
    assert len(_titles(page)) > 3
    marks = _marks(page)
    assert "практика" in marks, marks  # another form of the word, found by stemming
    _search(page, site_url, "наставника")
    assert any("аставни" in t for t in _titles(page))
    assert {"наставник", "наставником"} & set(_marks(page)), _marks(page)


def _total(page):
    return int(re.search(r"Найдено:\s*(\d+)", page.locator(".imc-total").inner_text()).group(1))


def _open_filters(page):
    toggle = page.locator(".imc-search__toggle")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.wait_for_selector(".imc-search__facet .imc-count", timeout=15000)


def test_search_first_query_loads_no_filters(page, site_url):
    """A query alone downloads no filter data: the facet panel is closed and loads when opened."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    _search(page, site_url, "урок")
    page.wait_for_load_state("networkidle")
    assert not [u for u in requests if u.endswith(".pf_filter")], requests
    # the texts of what is shown (ten results; a page that merged with its files counts them), no more:
    # the word check of a short word reads one of these
    shown = len(_titles(page)) + page.locator(".imc-search__results .imc-entry__file").count()
    assert len(_titles(page)) == 10 and len([u for u in requests if u.endswith(".pf_fragment")]) == shown
    toggle = page.locator(".imc-search__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert page.locator(".imc-search__filters").is_hidden()
    assert "тип, предмет" in toggle.inner_text()
    _open_filters(page)
    assert [u for u in requests if u.endswith(".pf_filter")]
    assert page.locator(".imc-search__filters").is_visible()
    # closed again it hides the facets, and opened once more it needs no download
    page.locator(".imc-search__toggle").click()
    assert page.locator(".imc-search__filters").is_hidden()
    assert page.locator(".imc-search__toggle").get_attribute("aria-expanded") == "false"


def test_search_by_filter_alone_reads_a_small_part_of_the_index(page, site_url, demo_site, project):
    """A page opened with only a filter (a catalogue's «искать с этим фильтром» link) lists every
    material with that value, and downloads a small part of the index: pagefind's own search
    without words would read every index chunk (27 MB at 10 000 materials)."""
    requests = []
    page.on("requestfinished", lambda r: requests.append(r))
    _search(page, site_url, "", **{"Предметы": "Математика"})
    page.wait_for_load_state("networkidle")
    maths = [i for i in project.of_type("practice") + project.of_type("product") if "matematika" in (i.meta.get("subjects") or [])]
    assert _total(page) >= len(maths) > 0
    excerpts = page.locator(".imc-search__results .imc-entry__desc").all_inner_texts()
    assert excerpts and not [e for e in excerpts if "imcvse" in e]  # the helper word is never shown
    loaded = sum(r.sizes()["responseBodySize"] for r in requests if r.url.endswith(".pf_index"))
    on_disk = sum(p.stat().st_size for p in (demo_site / "pagefind").rglob("*.pf_index"))
    assert 0 < loaded < on_disk * 0.2, (loaded, on_disk)


def test_counts_of_an_abbreviation_and_its_synonyms_come_from_the_facets_file(page, site_url, demo_site):
    """«ФГОС» is several queries (the abbreviation and what it stands for): their joined results
    are counted per filter value from the build's facets file, not by asking pagefind for every
    value, which reads the whole index. The ticked value counts what is shown."""
    requests = []
    page.on("requestfinished", lambda r: requests.append(r))
    _search(page, site_url, "ФГОС", **{"Тип": "Методический продукт"})
    page.wait_for_selector(".imc-search__facet input:checked", timeout=15000)
    page.wait_for_function("() => !document.querySelector('.imc-search__filters[aria-busy]')", timeout=15000)
    page.wait_for_load_state("networkidle")
    ticked = page.locator(".imc-search__facet label", has=page.locator("input:checked"))
    assert int(ticked.locator(".imc-count").inner_text()) == _total(page) > 0
    others = page.locator(".imc-search__facet label", has_not=page.locator("input:checked")).locator(".imc-count")
    assert others.count() and all(int(c) > 0 for c in others.all_inner_texts())
    assert [r for r in requests if r.url.endswith("imc-facets.json.gz")]
    # the chunks of the query's words only (pagefind by filters alone reads every one)
    loaded = {r.url.rsplit("/", 1)[-1] for r in requests if r.url.endswith(".pf_index")}
    on_disk = {p.name for p in (demo_site / "pagefind").rglob("*.pf_index")}
    assert loaded and len(loaded) < len(on_disk), (loaded, on_disk)


def test_search_facet_narrows_and_url_restores(page, site_url):
    _search(page, site_url, "урок")
    before = _total(page)
    _open_filters(page)
    first = page.locator(".imc-search__facet label").first
    count = int(first.locator(".imc-count").inner_text())
    first.locator("input[type=checkbox]").check()
    expect(page.locator(".imc-total")).not_to_have_text(re.compile(rf"Найдено:\s*{before}\D"), timeout=15000)
    after_total = _total(page)
    assert 0 < after_total == count < before  # the facet's count is what it gives
    assert "выбрано: 1" in page.locator(".imc-search__toggle").inner_text()
    after = _titles(page)
    shared = page.url
    assert "f." in shared and "q=" in shared
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_selector(".imc-search__results .imc-total", timeout=15000)
    assert page.locator("#imc-q").input_value() == "урок"
    # a shared search opens its filters by itself, with the one chosen ticked
    assert page.locator(".imc-search__toggle").get_attribute("aria-expanded") == "true"
    page.wait_for_selector(".imc-search__facet input:checked", timeout=15000)
    assert page.locator(".imc-search__facet input:checked").count() == 1
    assert _titles(page) == after
    assert page.locator(".imc-total").inner_text().startswith(f"Найдено: {after_total}")
    # «Сбросить фильтры» gives all the results back
    page.locator(".imc-search__reset").click()
    expect(page.locator(".imc-total")).to_have_text(re.compile(rf"Найдено:\s*{before}\D"), timeout=15000)
    assert "f." not in page.url
    assert page.locator(".imc-search__facet input:checked").count() == 0


def test_search_long_facet_shows_more_values(page, site_url):
    _search(page, site_url, "урок")
    _open_filters(page)
    more = page.locator(".imc-search__all").first
    facet = page.locator(".imc-search__facet", has=more)
    shown = facet.locator("input").count()
    hidden = int(re.search(r"\d+", more.inner_text()).group(0))
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    expect(facet.locator("input")).to_have_count(shown + hidden)
    assert page.evaluate("document.activeElement.classList.contains('imc-search__all')")  # focus stays on it


@pytest.mark.parametrize("abbr", ["ФГ", "ФГОС", "ОГЭ", "ЕГЭ", "ВПР", "РМО", "ДОУ", "ИОМ"])
def test_search_abbreviation(page, site_url, project, abbr):
    """An abbreviation finds itself and what it stands for (data/synonyms.yml), and only that:
    Russian stemming must not turn «ИОМ» into «и» or «ДОУ» into «до»."""
    expansions = [abbr, *project.synonyms[abbr]]
    words = {_fold(w) for e in expansions for w in e.split()}
    stems = {w if len(w) <= 4 else w[:max(4, len(w) - 3)] for w in words}
    for query in (abbr, abbr.lower()):
        _search(page, site_url, query)
        entries = page.locator(".imc-search__results .imc-entry")
        assert entries.count() > 0, query
        for text in entries.all_inner_texts():
            folded = _fold(text)
            assert any(st in folded for st in stems), (query, stems, text[:300])
    if abbr == "ФГ":  # only the expansion is in the texts
        texts = " ".join(page.locator(".imc-search__results").all_inner_texts()).lower()
        assert "функциональн" in texts


@pytest.mark.parametrize("word, material, file", [
    ("словарь-минимум", "praktiki/raznovozrastnaya-gruppa-angliyskiy/", "plan-uroka.pdf"),
    ("кроссворд-лабиринт", "kopilka/igry-angliyskiy-3-4/", "igrovye-zadaniya.docx"),
    # only in the picture of a scanned protocol: recognised (OCR) at build time
    pytest.param("палеографический", "sobytiya/konkurs-metodicheskaya-nakhodka-2026/",
                 "protokol-ochnoy-zashchity-skan.pdf",
                 marks=pytest.mark.skipif(not (shutil.which("tesseract") and shutil.which("pdftoppm")),
                                          reason="нет tesseract/pdftoppm")),
])
def test_search_finds_words_inside_attachments(page, site_url, word, material, file):
    """A word that is only inside an attached file: the result leads to the material's page,
    to the file's line there, and names the file."""
    _search(page, site_url, word)
    entry = page.locator(".imc-search__results .imc-entry").first
    assert file in entry.locator(".imc-entry__meta").inner_text()
    assert file in entry.locator(".imc-entry__title").inner_text()
    assert word in entry.locator(".imc-entry__desc mark").first.inner_text().lower()
    link = entry.locator(".imc-entry__title a")
    href = link.get_attribute("href")
    assert urlsplit(href).path == "/" + material and urlsplit(href).fragment.startswith("imc-file-"), href
    link.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/" + material
    target = page.locator(":target")
    assert target.count() == 1 and target.locator(f'a[href$="{file}"]').count() == 1


def test_search_excerpts_without_permalinks(page, site_url):
    """The «#» of a heading's permalink and of a clause's copy-link are not words of the page:
    a result reads «Наставники … 5.1. Наставником может быть…», not «Наставники# #5.1.»."""
    _search(page, site_url, "наставником")
    entries = page.locator(".imc-search__results .imc-entry")
    texts = [entries.nth(i).inner_text() for i in range(entries.count())]
    clause = [t for t in texts if "5.1. Наставником" in t]
    assert clause, texts
    assert not any("#" in t for t in texts), texts


def test_search_shows_more(page, site_url):
    _search(page, site_url, "урок")
    total = _total(page)
    assert total > 10 and len(_titles(page)) == 10
    more = page.locator(".imc-search__more")
    while more.count():
        shown = len(_titles(page))
        more.click()
        page.wait_for_function("() => !document.querySelector('.imc-search__more[disabled]')")  # all added
        if len(_titles(page)) > shown:  # the first new one has the focus: reading goes on from there
            assert page.evaluate("document.activeElement.closest('.imc-entry') !== null")
    hrefs = page.locator(".imc-search__results .imc-entry__title a").evaluate_all(
        "a => a.map(x => x.getAttribute('href'))")
    files = page.locator(".imc-search__results .imc-entry__file").count()
    # every record found is shown once: a page, or a file on its own, or a file named on its page's entry
    assert len(hrefs) == len(set(hrefs)) and len(hrefs) + files == total, (len(hrefs), files, total)


def test_search_page_and_its_file_shown_once(page, site_url):
    """A material found by its text and by its attached file is one result naming the file."""
    _search(page, site_url, "математика")
    while page.locator(".imc-search__more").count():
        page.locator(".imc-search__more").click()
        page.wait_for_function("() => !document.querySelector('.imc-search__more[disabled]')")
    entries = page.locator(".imc-search__results .imc-entry")
    pages = set()
    files = set()
    for i in range(entries.count()):
        href = entries.nth(i).locator(".imc-entry__title a").get_attribute("href")
        (files if urlsplit(href).fragment else pages).add(urlsplit(href).path)
    assert pages and not pages & files, (pages & files)
    named = page.locator(".imc-entry", has=page.locator(".imc-entry__file")).first
    meta = named.locator(".imc-entry__meta").inner_text()
    assert "найдено также в файл" in meta, meta
    title_path = urlsplit(named.locator(".imc-entry__title a").get_attribute("href")).path
    file_href = named.locator(".imc-entry__file").first.get_attribute("href")
    assert urlsplit(file_href).path == title_path and urlsplit(file_href).fragment.startswith("imc-file-")
    assert named.locator(".imc-entry__file").first.inner_text() in meta


def test_search_empty_result_message(page, site_url):
    _search(page, site_url, "зюзюкальщина")
    assert "Ничего не найдено" in page.locator(".imc-search__empty").inner_text()
    assert page.locator(".imc-search__results .imc-entry").count() == 0
    # with a real word next to it, the results are for the real word, and the made-up one is named
    _search(page, site_url, "урок зюзюкальщина")
    assert "«зюзюкальщина» не встречается" in page.locator(".imc-search__notice").inner_text()
    assert len(_titles(page)) > 0


def test_search_yo_in_the_text(page, site_url):
    """The demo writes «ребёнок» with ё; a query with е finds it, and it is shown as written."""
    _search(page, site_url, "ребенок")
    found = _titles(page)
    assert found and "ребёнок" in _marks(page), _marks(page)
    _search(page, site_url, "ребёнок")
    assert sorted(_titles(page)) == sorted(found)


@pytest.fixture(scope="module")
def yo_site(tmp_path_factory):
    """A small site where one material writes «ребенок» (е) and another «ребёнок» (ё):
    authors type it both ways."""
    root = tmp_path_factory.mktemp("yo") / "src"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", root)
    copy_site_skeleton(root)
    for rel, line in [("praktiki/chitatelskiy-marafon/index.md", "Каждый ребенок выбирает книгу сам."),
                      ("kopilka/zadachi-na-protsenty/index.md", "Задачи для семьи: ребёнок и взрослый решают вместе.")]:
        path = root / "docs" / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip() + "\n\n" + line + "\n", encoding="utf-8")
    run_imc("build", root=root, check=True)
    server, url = serve_dir(root / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize("query", ["ребенок", "ребёнок", "РЕБЕНОК"])
def test_search_yo_and_ye_are_one_letter(page, yo_site, query):
    _search(page, yo_site, query)
    hrefs = page.locator(".imc-search__results .imc-entry__title a").evaluate_all("a => a.map(x => x.href)")
    assert any("chitatelskiy-marafon" in h for h in hrefs) and any("zadachi-na-protsenty" in h for h in hrefs), hrefs
    assert {"ребенок", "ребёнок"} <= set(_marks(page)), _marks(page)  # each shown as its author wrote it


def test_search_keyboard_only(page, site_url):
    page.goto(f"{site_url}/poisk/")
    # the search is ready when it has drawn its invitation (before that, Enter reloads the page)
    page.wait_for_selector(".imc-search__results .imc-muted", timeout=30000)
    page.locator("#imc-q").focus()
    page.keyboard.type("математика")
    page.keyboard.press("Enter")
    page.wait_for_selector(".imc-search__results .imc-total", timeout=30000)
    page.locator(".imc-search__toggle").focus()
    page.keyboard.press("Enter")  # the facet panel opens from the keyboard
    page.wait_for_selector(".imc-search__facet input", timeout=15000)
    page.locator(".imc-search__facet input").first.focus()
    page.keyboard.press("Space")
    # the filters are drawn again with new counts; the keyboard stays on the box just ticked
    page.wait_for_function("document.activeElement && document.activeElement.matches("
                           "'.imc-search__facet input:checked')", timeout=15000)
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
    # printed, the same page is black on white and keeps its large type
    page.goto(f"{site_url}/dokumenty/polozhenie-o-mms/")
    screen_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    page.emulate_media(media="print")
    printed = page.evaluate("""() => { const t = document.querySelector('.md-typeset p');
        return [getComputedStyle(document.body).backgroundColor, getComputedStyle(t).color,
                parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)]; }""")
    panel = page.locator(".imc-a11y").evaluate("e => getComputedStyle(e).display")
    page.emulate_media(media="screen")
    assert printed[0] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)") and printed[1] == "rgb(0, 0, 0)", printed
    assert printed[2] >= 19 * 96 / 72 - 0.5, (printed, screen_size)  # 19 pt, not the usual 11 pt
    assert panel == "none"  # the toggle is not printed
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
        page.goto(f"{site_url}/{u}", wait_until="networkidle")  # late requests (fonts, search) too
    context.close()
    print("request origins:", origins)
    assert origins <= {site_url, "data://"}, origins


def test_page_weight(browser, site_url, project):
    """What a visitor downloads on a first visit to a material page: bytes on the wire.

    The site's host compresses text (GitHub Pages, nginx); the test server does the same
    (conftest._Quiet). Uncompressed, the theme's own CSS and JS are already 251 KB."""
    context = browser.new_context()
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda r: finished.append(r))
    practice = project.of_type("practice")[0]
    page.goto(f"{site_url}/{practice.url}")
    page.wait_for_load_state("networkidle")
    wire = sum(r.sizes()["responseBodySize"] for r in finished)
    raw = sum(len(r.response().body()) for r in finished)
    encodings = {r.url.rsplit("/", 1)[-1] or "index": r.response().headers.get("content-encoding") for r in finished}
    context.close()
    print(f"material page, first load: {wire / 1024:.0f} KB on the wire ({raw / 1024:.0f} KB unpacked)")
    assert encodings.get("index") == "gzip", encodings
    assert wire <= 250 * 1024


@pytest.mark.parametrize("path_kind", ["home", "catalogue", "practice", "rmo", "regulation", "search", "body"])
@pytest.mark.parametrize("mode", ["normal", "a11y"])
def test_axe_no_serious_violations(browser, site_url, project, path_kind, mode):
    from axe_playwright_python.sync_playwright import Axe
    url = {"home": "", "catalogue": "praktiki/", "search": "poisk/?q=урок",
           "practice": project.of_type("practice")[0].url, "rmo": project.of_type("rmo")[0].url,
           "regulation": project.of_type("regulation")[0].url, "body": "struktura/metodsovet/"}[path_kind]
    context = browser.new_context()
    page = context.new_page()
    if mode == "a11y":
        page.goto(f"{site_url}/")
        page.evaluate("localStorage.setItem('imc-a11y', JSON.stringify({scheme: 'wb', font: 2}))")
    page.goto(f"{site_url}/{url}")
    if path_kind == "search":  # the results and facets themselves are checked, not a half-drawn page
        page.wait_for_selector(".imc-search__results .imc-total", timeout=15000)
        page.locator(".imc-search__toggle").click()
        page.wait_for_selector(".imc-search__facet")
    page.wait_for_timeout(100)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    print(f"axe {path_kind}/{mode}: {len(results.response['violations'])} violations, serious/critical {len(bad)}")
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]


@pytest.mark.parametrize("width", [1280, 1440])
def test_every_menu_tab_is_visible_on_a_laptop(browser, site_url, width):
    """The top tabs of the menu fit the window: the last one («Поиск») is not cut off at the edge
    (the theme hides what overflows, with no way to scroll to it)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU")
    try:
        pg = context.new_page()
        pg.goto(site_url + "/")
        tabs = pg.evaluate("""() => [...document.querySelectorAll('.md-tabs__item')].map(li => {
            const r = li.getBoundingClientRect(); return [li.textContent.trim(), r.left, r.right]; })""")
        assert len(tabs) >= 8, tabs
        cut = [t for t in tabs if t[1] < 0 or t[2] > width]
        assert not cut, (width, cut)
    finally:
        context.close()
