"""Charts and the structure diagram as a reader sees them in Chromium: every word of them at
least 12 px at a desktop and a phone width, larger in the version for the visually impaired,
inside the content column, each box a working link, each chart with its data table; and axe
finds nothing serious on those pages in the light, dark and large-type views."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import ROOT
from imc.project import load_project

pytestmark = pytest.mark.browser

STATS, STRUCTURE = "o-nas/statistika/", "o-nas/struktura/"
WIDTHS = (1280, 375)
# the version for the visually impaired as imc-early.js reads it from localStorage
MODES = {"normal": None, "a11y-2": {"scheme": "wb", "font": 2}, "a11y-3": {"scheme": "bw", "font": 3}}
MIN_PX = 12

# Every word a picture shows: the rendered height of SVG text (scaled with its box, so the box
# of the glyphs is what the eye gets) and the computed size of HTML text inside a chart or
# diagram. Only what is shown counts (a closed data table is not on the screen).
_MEASURE = """() => {
  const out = [];
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  for (const t of document.querySelectorAll('.md-content svg text')) {
    if (!shown(t) || !t.textContent.trim()) continue;
    out.push({kind: 'svg', px: t.getBoundingClientRect().height, text: t.textContent.trim().slice(0, 40)});
  }
  for (const e of document.querySelectorAll('.imc-chart *, .imc-diagram *')) {
    if (e.closest('svg')) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !shown(e)) continue;
    out.push({kind: 'html', px: parseFloat(getComputedStyle(e).fontSize), text: e.textContent.trim().slice(0, 40)});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


@pytest.fixture(scope="module")
def picture_pages(demo_site):
    """The statistics and structure pages and every other page of the demo that draws a chart
    or a diagram (found in the built HTML, so a new chart is measured without naming it here)."""
    found = {STATS, STRUCTURE}
    for html in demo_site.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        if 'class="imc-chart' in text or 'class="imc-diagram' in text:
            rel = html.parent.relative_to(demo_site).as_posix()
            found.add("" if rel == "." else rel + "/")
    return sorted(found)


def _open(browser, site_url, width, mode, color_scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ru-RU",
                                  color_scheme=color_scheme)
    page = context.new_page()
    if MODES[mode]:
        page.goto(f"{site_url}/")
        page.evaluate("s => localStorage.setItem('imc-a11y', JSON.stringify(s))", MODES[mode])
    return context, page


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("width", WIDTHS)
def test_picture_text_is_readable(browser, site_url, picture_pages, width, mode):
    context, page = _open(browser, site_url, width, mode)
    smallest = {}
    try:
        for url in picture_pages:
            page.goto(f"{site_url}/{url}")
            if MODES[mode]:
                assert f"a11y-font-{MODES[mode]['font']}" in page.evaluate("document.documentElement.className")
            words = page.evaluate(_MEASURE)
            assert words, f"{url}: no chart or diagram text found"
            small = [w for w in words if w["px"] < MIN_PX]
            assert not small, (url, width, mode, small[:5])
            smallest[url] = min(w["px"] for w in words)
            # the picture stays inside the content column: nothing to scroll sideways
            overflow = page.evaluate("""() => [...document.querySelectorAll('.imc-chart, .imc-diagram')]
                .filter(f => f.scrollWidth > f.clientWidth + 1).length""")
            assert overflow == 0, (url, width, mode)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width, mode)
    finally:
        context.close()
    print(f"{width} px, {mode}: smallest text", smallest)
    if MODES[mode]:  # the large type makes the pictures' words larger too, not just the page's
        context, page = _open(browser, site_url, width, "normal")
        try:
            for url in picture_pages:
                page.goto(f"{site_url}/{url}")
                plain = min(w["px"] for w in page.evaluate(_MEASURE))
                assert smallest[url] >= plain * 1.2, (url, smallest[url], plain)
        finally:
            context.close()


def test_statistics_charts_agree_with_their_tables(page, site_url):
    page.goto(f"{site_url}/{STATS}")
    charts = page.locator("figure.imc-chart")
    assert charts.count() >= 4
    for i in range(charts.count()):
        chart = charts.nth(i)
        table_id = chart.get_attribute("aria-describedby")
        assert table_id, "a chart without its data table"
        table = page.locator(f"#{table_id}")
        assert table.evaluate("e => e.tagName") == "TABLE"  # the text alternative, linked
        shown = [(r.locator(".imc-bars__label").inner_text(), r.locator(".imc-bars__value").inner_text())
                 for r in chart.locator(".imc-bars__row").all()]
        rows = table.locator("tbody tr").evaluate_all(
            "rs => rs.map(r => [r.cells[0].textContent, r.cells[1].textContent])")
        assert shown and shown == [tuple(r) for r in rows]  # each value written as text, not by length alone
        # the longest bar is the largest value, and bars are in proportion
        widths = chart.locator(".imc-bars__bar rect").evaluate_all(
            "rs => rs.map(r => r.getBoundingClientRect().width)")
        values = [int(v) for _, v in shown]
        top = max(values)
        for w, v in zip(widths, values):
            assert abs(w / max(widths) - v / top) < 0.02, (w, v)


def test_structure_boxes_link_to_pages(page, site_url, project):
    page.goto(f"{site_url}/{STRUCTURE}")
    bodies = project.registries["structure"]
    boxes = page.locator(".imc-tree a.imc-tree__box")
    titles = [b.inner_text().split("\n")[0].strip() for b in boxes.all()]
    for body in bodies.values():
        assert body["title"] in titles, body["title"]
    for rmo in project.of_type("rmo"):
        assert rmo.title in titles, rmo.title
    for box in boxes.all():
        href = box.get_attribute("href")
        if href.startswith("#"):  # no page of its own: its description on this page
            assert page.locator(f"section.imc-body[id='{href[1:]}']").count() == 1, href
        else:
            target = urljoin(page.url, href)
            assert target.endswith("/") and page.request.get(target).ok, href
    # a body that has a page in data/structure.yml is linked to that page
    by_title = {b.inner_text().split("\n")[0].strip(): b.get_attribute("href") for b in boxes.all()}
    rmo_body = next(b for b in bodies.values() if b.get("page") == "rmo/index.md")
    assert by_title[rmo_body["title"]] == "../../rmo/"
    # nested: a child box is inside its parent's list item, so the tree reads top to bottom
    child = next(b for b in bodies.values() if b.get("parent") in bodies)
    parent_title = bodies[child["parent"]]["title"]
    nested = page.locator(".imc-tree li", has=page.locator(".imc-tree__title", has_text=re.compile(
        "^" + re.escape(parent_title) + "$"))).first.locator(".imc-tree__title").all_inner_texts()
    assert child["title"] in nested


def test_structure_reads_as_a_vertical_tree_on_a_phone(browser, site_url):
    context, page = _open(browser, site_url, 375, "normal")
    page.goto(f"{site_url}/{STRUCTURE}")
    boxes = page.locator(".imc-tree__box").evaluate_all(
        "bs => bs.map(b => { const r = b.getBoundingClientRect(); return [r.left, r.top, r.width]; })")
    context.close()
    tops = [t for _, t, _ in boxes]
    assert tops == sorted(tops)  # one box under another, none beside
    assert min(w for _, _, w in boxes) >= 200  # the deepest still has room for its words


def test_rmo_meeting_materials_are_below_their_heading(page, site_url, project):
    rmo = next(r for r in project.of_type("rmo") if any(m.get("materials") or m.get("protocol")
                                                        for m in r.meta["meetings"]))
    page.goto(f"{site_url}/{rmo.url}")
    levels = page.evaluate("""() => { const h = document.getElementById('materialy'); const out = [];
        let e = h.nextElementSibling;
        while (e && !/^H2$/.test(e.tagName) && !e.querySelector('h2')) {
          for (const x of e.querySelectorAll('h3, h4')) out.push(x.tagName); e = e.nextElementSibling; }
        return [h.tagName, out]; }""")
    assert levels[0] == "H2" and levels[1] and set(levels[1]) == {"H3"}, levels


@pytest.mark.parametrize("url, menu", [("poisk/", False), ("sobytiya/", False), ("praktiki/", False),
                                       (STATS, True)])
def test_no_menu_column_holding_only_the_page_itself(page, site_url, url, menu):
    """A section of one page has no left column with its own name alone (the search page's
    «Поиск»); a section of several pages keeps its menu."""
    page.goto(f"{site_url}/{url}")
    assert page.locator(".md-sidebar--primary").is_visible() == menu
    if not menu:  # the column is given to the page
        assert page.locator(".md-content h1").bounding_box()["x"] < 200


@pytest.mark.parametrize("view", ["light", "dark", "a11y-3"])
@pytest.mark.parametrize("which", [STATS, STRUCTURE])
def test_axe_pictures(browser, site_url, which, view):
    from axe_playwright_python.sync_playwright import Axe
    width = 375 if view == "a11y-3" else 1280
    context, page = _open(browser, site_url, width, "a11y-3" if view == "a11y-3" else "normal",
                          color_scheme="dark" if view == "dark" else "light")
    page.goto(f"{site_url}/{which}")
    if view == "dark":
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    for d in page.locator("details.imc-chart__data").all():  # the tables are checked too
        d.evaluate("e => e.open = true")
    results = Axe().run(page)
    context.close()
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]
