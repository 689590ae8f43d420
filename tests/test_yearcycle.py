"""The service's year: plans, reports with data tables and charts, years, `imc new-year`, open data.

Engine-level tests read the demo project; site tests read the demo built once per run by the real
`imc build` (conftest.demo_site); browser tests run axe in Chromium on the new pages.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_imc
from imc.check.load import load_project
from imc.content import tables, yearplan
from imc.site import yearcycle


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


# ------------------------------------------------------------------ terms of plan items

@pytest.mark.parametrize("text, start, end, exact", [
    ("2025-10-15", dt.date(2025, 10, 15), dt.date(2025, 10, 15), True),
    ("2025-10", dt.date(2025, 10, 1), dt.date(2025, 10, 31), False),
    ("2026-02", dt.date(2026, 2, 1), dt.date(2026, 2, 28), False),
    ("2025-10-01 — 2025-10-20", dt.date(2025, 10, 1), dt.date(2025, 10, 20), True),
    ("2025-10-01 - 2025-10-20", dt.date(2025, 10, 1), dt.date(2025, 10, 20), True),
    ("2025-09 — 2026-05", dt.date(2025, 9, 1), dt.date(2026, 5, 31), False),
])
def test_when_forms(text, start, end, exact):
    w = yearplan.parse_when(text)
    assert (w.start, w.end, w.exact) == (start, end, exact)


@pytest.mark.parametrize("text", ["2025-13", "в течение года", "2025-10-32", "2025-10-20 — 2025-10-01", "2025/10"])
def test_when_refused_in_russian(text):
    with pytest.raises(ValueError, match="срок"):
        yearplan.parse_when(text)


# ------------------------------------------------------------------ the demo cycle

def test_demo_has_the_cycle(project):
    plans = {p.id: p for p in project.of_type("plan")}
    reports = {r.id: r for r in project.of_type("report")}
    assert not [p for p in project.problems if p.severity == "error"], project.problems[:5]
    old, new = plans["plan-imc-2025-2026"], plans["plan-imc-2026-2027"]
    done, total = yearplan.progress(old)
    items = list(yearplan.plan_items(old))
    assert len(items) >= 40 and done >= 0.9 * total, (len(items), done, total)
    assert old.meta.get("archive") is True and not new.meta.get("archive")
    assert len({p.meta.get("structure") for p in plans.values()} - {None}) >= 2  # plans of two bodies
    assert {r.meta["kind"] for r in reports.values()} == {"analiz", "spravka", "monitoring"}
    # every item of next year's plan made from a recommendation is shown on the report, and back
    uses = yearplan.recommendation_uses(project)
    from_analysis = [it for *_, it in yearplan.plan_items(new) if str(it.get("from", "")).startswith("analiz-")]
    assert len(from_analysis) >= 5
    assert all(uses.get(yearplan.split_from(it["from"])) for it in from_analysis)


def test_upcoming_has_dated_plan_items(project):
    rows = yearcycle.upcoming_rows(project, "", dt.date(2026, 12, 1))
    titles = [t for _, t, _, _ in rows]
    assert "Заседание методического совета: промежуточные итоги первого полугодия" in titles
    assert all(d >= dt.date(2026, 12, 1) for d, *_ in rows)
    # archived plans and items shown as their own event are not listed twice
    assert not any("2025/2026" in k for *_, k in rows)
    assert "Консультация для родителей выпускников 9 классов" not in titles


def test_current_year_and_archive(project):
    assert yearplan.current_year(project, dt.date(2026, 11, 30)) == "2026/2027"
    assert yearplan.current_year(project, dt.date(2026, 3, 1)) == "2025/2026"
    assert yearplan.years(project) == ["2025/2026", "2026/2027"]


def test_yaml_table_and_russian_decimal_comma(project):
    report = project.get("report", "analiz-2025-2026")
    found = {t.src.rsplit("/", 1)[-1]: t for t in yearcycle.report_tables(project, report)}
    assert found["ege-srednie-bally.csv"].rows[0] == ["Заречный округ", 72.4, 61.8, 60.2]  # «;» and «72,4»
    vpr = found["vpr-4-klass.yml"]
    assert vpr.rows[1] == ["Лесной район", 24.6, 68.9, 6.5]
    assert vpr.csv_src.endswith("vpr-4-klass.csv") and vpr.as_csv().startswith("Район,Понизили отметку,")


# ------------------------------------------------------------------ the built site

class _Cells(HTMLParser):
    """Texts of the cells of one table and of the value labels of one SVG chart."""

    def __init__(self, table_id: str, chart_id: str):
        super().__init__(convert_charrefs=True)
        self.table_id, self.chart_id = table_id, chart_id
        self.in_table = self.in_chart = False
        self.depth = 0
        self.cell = None
        self.rows: list[list[str]] = []
        self.values: list[str] = []
        self.value_text = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == self.table_id:
            self.in_table = True
        if tag == "svg" and a.get("id") == self.chart_id:
            self.in_chart, self.depth = True, 0
        elif self.in_chart and tag == "svg":
            self.depth += 1
        if self.in_table and tag == "tr":
            self.rows.append([])
        if self.in_table and tag in ("td", "th"):
            self.cell = ""
        if self.in_chart and tag == "text" and "value" in (a.get("class") or "").split():
            self.value_text = True
            self.values.append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        if tag == "svg" and self.in_chart:
            if self.depth == 0:
                self.in_chart = False
            else:
                self.depth -= 1
        if self.in_table and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None
        if tag == "text":
            self.value_text = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.value_text:
            self.values[-1] += data


def _page(demo_site: Path, url: str) -> str:
    return (demo_site / url / "index.html").read_text(encoding="utf-8")


def test_chart_and_table_show_the_same_numbers(demo_site):
    html = _page(demo_site, "analitika/analiz-2025-2026/")
    checked = 0
    for n in range(1, 5):
        scan = _Cells(f"data-{n}-table", f"data-{n}-chart")
        scan.feed(html)
        header, *rows = scan.rows
        assert rows, f"table data-{n} is empty"
        # the chart draws the declared series; the table shows every column: compare those drawn
        drawn = [k for k, h in enumerate(header) if k and not h.startswith("Участников")]
        from_table = sorted(cell for row in rows for k, cell in enumerate(row) if k in drawn and cell != "—")
        assert sorted(v.strip() for v in scan.values) == from_table, (n, scan.values, from_table)
        checked += len(from_table)
    assert checked >= 30
    # the numbers are the file's: «4,6 %» of the Заречный округ row in oge-matematika.csv
    scan = _Cells("data-1-table", "data-1-chart")
    scan.feed(html)
    assert scan.rows[1][:3] == ["Заречный округ", "412", "4,6"]


def test_chart_has_a_text_alternative_and_no_script(demo_site):
    html = _page(demo_site, "analitika/analiz-2025-2026/")
    svgs = re.findall(r"<svg\b[^>]*\bid=\"data-\d+-chart\"[^>]*>", html)
    assert len(svgs) == 4
    for tag in svgs:
        assert 'role="img"' in tag
        label = re.search(r'aria-labelledby="([^"]+)"', tag).group(1)
        alt = re.search(rf'<figcaption id="{label}"[^>]*>(.*?)</figcaption>', html, re.S).group(1)
        assert alt.startswith("Диаграмма «") and "наибольшее значение" in alt
    assert "<script" not in "".join(re.findall(r"<svg\b.*?</svg>", html, re.S))
    assert "наибольшее значение — 9,3\u00a0% (Озёрный район)" in html  # the «2» share on ОГЭ


def test_csv_files_are_published(demo_site):
    base = demo_site / "analitika" / "analiz-2025-2026"
    assert (base / "oge-matematika.csv").read_text(encoding="utf-8").startswith("Район,Участников")
    made = (base / "vpr-4-klass.csv").read_text(encoding="utf-8")  # from the YAML table
    assert made.splitlines()[1] == "Заречный округ,14.2,77.5,8.3"
    assert not (base / "vpr-4-klass.yml").exists()
    assert 'href="oge-matematika.csv" download' in _page(demo_site, "analitika/analiz-2025-2026/")


def test_catalog_has_plans_and_reports(demo_site):
    items = json.loads((demo_site / "catalog.json").read_text(encoding="utf-8"))["items"]
    plans = [i for i in items if i["type"] == "plan"]
    reports = [i for i in items if i["type"] == "report"]
    assert len(plans) >= 4 and len(reports) >= 3
    plan = next(p for p in plans if p["id"] == "plan-imc-2025-2026")["schema_org"]
    assert "ItemList" in plan["@type"]
    events = [e["item"] for e in plan["itemListElement"]]
    assert all(e["@type"] == "Event" for e in events) and len(events) >= 40
    assert any(e["eventStatus"].endswith("EventCancelled") for e in events)
    assert "legislationIdentifier" not in plan
    analysis = next(r for r in reports if r["id"] == "analiz-2025-2026")["schema_org"]
    assert analysis["@type"] == ["Report", "Dataset"]
    assert {d["encodingFormat"] for d in analysis["distribution"]} == {"text/csv"}
    assert any(d["contentUrl"].endswith("/analitika/analiz-2025-2026/vpr-4-klass.csv") for d in analysis["distribution"])
    # people by the name they may be shown with, never by their code
    meta = next(p for p in plans if p["id"] == "plan-imc-2025-2026")["metadata"]
    responsible = {n for s in meta["sections"] for it in s["items"] for n in it.get("responsible", [])}
    assert "Белова Ольга Викторовна" in responsible and "belova-ov" not in responsible


def _vevents(path: Path) -> dict[str, tuple]:
    from icalendar import Calendar
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): (str(e["SUMMARY"]), e["DTSTART"].dt, e["DTEND"].dt) for e in cal.walk("VEVENT")}


def test_plan_items_in_the_calendar(demo_site):
    events = _vevents(demo_site / "plany" / "plan-imc-2026-2027" / "plan.ics")
    by_title = {title: (start, end) for title, start, end in events.values()}
    assert by_title["Пробный ОГЭ по математике и русскому языку"] == (dt.date(2027, 2, 9), dt.date(2027, 2, 12))
    assert by_title["Заседание методического совета: промежуточные итоги первого полугодия"][0] == dt.date(2026, 12, 16)
    assert "Ежемесячные отметки о выполнении плана на сайте" not in by_title  # months are not calendar dates
    common = _vevents(demo_site / "sobytiya" / "calendar.ics")
    assert any(uid.startswith("plan-plan-imc-2026-2027-") for uid in common)
    assert not any(uid.startswith("plan-plan-imc-2025-2026-") for uid in common)  # archived
    titles = [t for t, *_ in common.values()]
    # an item linked to an event is in the common calendar once, as that event
    assert "Консультация для родителей выпускников 9 классов" in by_title
    assert "Консультация для родителей выпускников 9 классов" not in titles


def test_pages_of_the_year(demo_site):
    plan = _page(demo_site, "plany/plan-imc-2025-2026/")
    assert "Выполнено 40 из 41" in plan and "<strong>Архив:</strong>" in plan
    assert 'href="../plan-imc-2026-2027/"' in plan  # the year switcher
    assert plan.count('class="imc-plan__item') == 42
    assert 'data-month="2025-11"' in plan and 'id="m-2026-02"' in plan  # filters, and the months without JS
    new = _page(demo_site, "plany/plan-imc-2026-2027/")
    assert 'href="../../analitika/analiz-2025-2026/#rec-r1"' in new
    report = _page(demo_site, "analitika/analiz-2025-2026/")
    assert re.search(r'<li id="rec-r1">.*?стала пунктом плана: <a href="../../plany/plan-imc-2026-2027/#p-3-1">',
                     report, re.S)
    archive = _page(demo_site, "plany/")
    assert archive.index("2026/2027 учебный год") < archive.index("2025/2026 учебный год")
    cycle = _page(demo_site, "godovoy-tsikl/")
    for part in ("План работы и его выполнение", "Мониторинг и справки этого года",
                 "Анализ работы за 2025/2026 учебный год", "Рекомендации, ставшие пунктами плана этого года"):
        assert part in cycle
    assert "Завершить и выпустить сборник" in cycle


# ------------------------------------------------------------------ imc new-year

def _copy_demo(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    for part in ("data", "docs"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_new_year(tmp_path):
    root = _copy_demo(tmp_path)
    old = root / "docs/plany/plan-imc-2026-2027/index.md"
    before = old.read_text(encoding="utf-8")
    run = run_imc("--root", str(root), "new-year", "2027/2028")
    assert run.returncode == 0, run.stderr
    assert "создан: docs/plany/plan-imc-2027-2028/index.md" in run.stdout
    # the old plan: one line added, everything else as it was
    after = old.read_text(encoding="utf-8")
    assert after.replace("archive: true\n", "", 1) == before and "archive: true\n" in after
    project = load_project(root)
    assert not project.errors, [p.text() for p in project.errors]
    new = project.get("plan", "plan-imc-2027-2028")
    assert new.meta["school_year"] == "2027/2028" and new.meta["status"] == "proekt"
    assert not new.meta.get("archive")
    old_item = project.get("plan", "plan-imc-2026-2027")
    assert [s["title"] for s in new.meta["sections"]] == [s["title"] for s in old_item.meta["sections"]]
    items = [it for *_, it in yearplan.plan_items(new)]
    assert len(items) == len(list(yearplan.plan_items(old_item)))
    assert not any(k in it for it in items for k in ("when", "status", "note", "event", "from"))
    assert {p.id for p in project.of_type("plan") if p.meta.get("archive")} >= {
        "plan-imc-2025-2026", "plan-imc-2026-2027", "plan-smp-2026-2027", "plan-tg-fg-2026-2027"}
    # never overwrites: an edited new plan survives a second run
    target = root / "docs/plany/plan-imc-2027-2028/index.md"
    target.write_text(target.read_text(encoding="utf-8").replace("status: proekt", "status: utverzhden"),
                      encoding="utf-8")
    edited = target.read_text(encoding="utf-8")
    again = run_imc("--root", str(root), "new-year", "2027/2028")
    assert again.returncode == 0 and "уже есть, не тронут: docs/plany/plan-imc-2027-2028/index.md" in again.stdout
    assert target.read_text(encoding="utf-8") == edited


@pytest.mark.parametrize("year, message", [
    ("2026/2025", "второй год должен быть на единицу больше первого"),
    ("2027-2029", "второй год должен быть на единицу больше первого"),
    ("двадцать седьмой", "не учебный год: напишите так: 2027/2028"),
])
def test_new_year_bad_year(tmp_path, year, message):
    root = _copy_demo(tmp_path)
    before = sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*"))
    run = run_imc("--root", str(root), "new-year", year)
    assert run.returncode == 2 and run.stderr.startswith("imc: ") and message in run.stderr, run.stderr
    assert sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*")) == before


def test_new_year_without_plans(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", root)
    run = run_imc("--root", str(root), "new-year", "2027/2028")
    assert run.returncode == 1 and "нет планов раньше 2027/2028" in run.stderr, run.stderr


# ------------------------------------------------------------------ in the browser

@pytest.mark.parametrize("url", ["plany/plan-imc-2026-2027/", "analitika/analiz-2025-2026/", "godovoy-tsikl/",
                                 "plany/", "analitika/deficity-molodykh-pedagogov/"])
def test_axe_on_the_pages_of_the_year(browser, site_url, url):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/{url}")
    page.wait_for_timeout(100)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]


def test_plan_filter(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/plany/plan-imc-2025-2026/")
    assert page.locator("[data-imc-plan-filter]").is_visible()
    total = page.locator(".imc-plan__item").count()
    page.select_option("select[name=month]", "2026-02")
    visible = page.locator(".imc-plan__item:visible")
    shown = visible.count()
    assert 0 < shown < total
    assert all("2026-02" in visible.nth(i).get_attribute("data-month").split() for i in range(shown))
    assert page.locator(".imc-plan-filter__count").inner_text() == f"Показано: {shown} из {total}"
    page.select_option("select[name=month]", "")
    page.select_option("select[name=status]", "otmeneno")
    assert page.locator(".imc-plan__item:visible").count() == 1
    context.close()
    # without a script the plan is whole and the filter stays hidden
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/plany/plan-imc-2025-2026/")
    assert not page.locator("[data-imc-plan-filter]").is_visible()
    assert page.locator(".imc-plan__item:visible").count() == total
    context.close()


def test_table_module_reads_what_the_check_reads(tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "t.csv").write_bytes("Район;Доля\nЛесной;12,5\n".encode("cp1251"))
    table, issues = tables.read_table(tmp_path, "r/index.md", {"file": "t.csv", "title": "T"})
    assert table is None and issues[0].code == "data-encoding" and "Windows-1251" in issues[0].message
