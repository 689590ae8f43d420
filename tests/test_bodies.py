"""Bodies of the methodical service (docs/struktura/): pages with состав, заседания, протоколы and
решения built from the demo; the names of associations (`labels:` in data/site.yml) everywhere."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_imc
from icalendar import Calendar
from imc.check.load import load_project


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", "\u00a0")


def _main(html: str) -> str:
    """The page's own content (without the menu, which names other pages)."""
    return html[html.index("data-pagefind-body"):html.index("</article>")]


def test_demo_bodies(project):
    """The методсовет and at least two other bodies have pages tied to data/structure.yml."""
    bodies = {b.meta["structure"]: b for b in project.of_type("body")}
    assert {"metodsovet", "shkola-molodogo-pedagoga", "tvorcheskaya-gruppa-fg"} <= set(bodies)
    assert set(bodies) <= set(project.registries["structure"])
    council = bodies["metodsovet"]
    with_protocol = [m for m in council.meta["meetings"] if m.get("protocol") and m.get("decisions")]
    assert len(with_protocol) >= 4
    decisions = [d for m in with_protocol for d in m["decisions"]]
    assert all(d["deadline"] >= m["date"] for m in with_protocol for d in m["decisions"])
    assert sum((d.get("execution") or {}).get("status") == "vypolneno" for d in decisions) >= 5
    assert any(not d.get("execution") for d in decisions)  # some still open
    for b in bodies.values():
        assert len(b.meta["members"]) >= 5


def test_body_page(demo_site, project):
    html = (demo_site / "struktura/metodsovet/index.html").read_text(encoding="utf-8")
    main = _main(html)
    text = _text(main)
    council = next(b for b in project.of_type("body") if b.meta["structure"] == "metodsovet")
    people = project.registries["people"]
    # состав: every member with the role; a name only with consent, the position otherwise
    assert '<h2 id="sostav">Состав</h2>' in main
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td></tr>", main.split('id="sostav"')[1].split("</table>")[0], re.S)
    assert len(rows) == len(council.meta["members"]) == 11
    hidden = [m["person"] for m in council.meta["members"] if people[m["person"]]["consent"] is not True]
    assert hidden, "the demo must show a member without consent"
    for pid in hidden:
        p = people[pid]
        assert p["name"] not in html and p["name"].split()[0] not in html
        assert p["position"] in text
    assert people["belova-ov"]["name"] in text
    assert ("председатель" in rows[0][1]) and people["belova-ov"]["name"] in rows[0][0]
    # протоколы and решения: one section per meeting with decisions, each decision with its deadline
    protocols = re.findall(r'<h3 id="protokol-(\d+)">Заседание (.*?)</h3>', main)
    assert len(protocols) >= 4, protocols
    decisions = re.findall(r'<tr class="imc-decision imc-decision--([a-z-]+)">(.*?)</tr>', main, re.S)
    expected = sum(len(m.get("decisions") or []) for m in council.meta["meetings"])
    assert len(decisions) == expected
    states = {s for s, _ in decisions}
    assert {"vypolneno", "pereneseno"} <= states and states & {"control", "overdue"}
    for _, row in decisions:
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\d">', row)
    assert "Срок перенесён" in text or "срок перенесён" in text
    assert "Диагностику прошли 38 педагогов" in text  # the execution note
    # the card: kind, leader, положение from structure.yml and the page's own fields
    assert "Положение о методическом совете" in text and "Белова Ольга Викторовна" in text
    assert 'href="../../dokumenty/polozhenie-o-metodsovete/"' in main
    assert 'data-pagefind-filter="Тип">Структура ММС' in main
    # meetings in the calendar
    cal = Calendar.from_ical((demo_site / "struktura/metodsovet/calendar.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == len(council.meta["meetings"])
    everything = (demo_site / "sobytiya/calendar.ics").read_bytes().decode()
    assert "body-metodsovet-1@" in everything


def test_body_links(demo_site):
    """The structure diagram, the menu and open data lead to the body pages."""
    struct = (demo_site / "o-nas/struktura/index.html").read_text(encoding="utf-8")
    diagram = struct.split('class="imc-tree"')[1].split("</figure>")[0]
    for sid in ("metodsovet", "shkola-molodogo-pedagoga", "tvorcheskaya-gruppa-fg"):
        assert f'href="../../struktura/{sid}/"' in diagram, sid
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    nav = home[home.index('<nav class="md-tabs"'):home.index("<article")]
    assert 'href="struktura/metodsovet/"' in nav and "Советы и группы" in nav
    catalog = json.loads((demo_site / "catalog.json").read_text(encoding="utf-8"))
    entry = next(e for e in catalog["items"] if e["type"] == "body" and e["id"] == "metodsovet"
                 and "source" not in e)
    assert entry["url"] == "struktura/metodsovet/"
    page = next(e for e in catalog["items"] if e["type"] == "body" and e.get("source"))
    assert page["schema_org"]["@type"] == "Organization"
    council = next(e for e in catalog["items"] if e.get("source") == "docs/struktura/metodsovet.md")
    assert council["metadata"]["members"][0] == {"person": "Белова Ольга Викторовна", "role": "председатель"}
    assert council["metadata"]["meetings"][0]["decisions"][0]["responsible"] == ["Громов Андрей Сергеевич"]


def test_open_data_respects_consent(demo_site, project):
    """Person codes spell names (tarasova-vn): open data shows people as the pages do."""
    text = (demo_site / "catalog.json").read_text(encoding="utf-8")
    hidden = [(pid, p) for pid, p in project.registries["people"].items() if p["consent"] is not True]
    assert len(hidden) >= 3
    for pid, p in hidden:
        assert f'"{pid}"' not in text and p["name"] not in text, pid
    upcoming = (demo_site / "sobytiya/index.html").read_text(encoding="utf-8")
    assert "struktura/metodsovet/#z-" in upcoming


# ------------------------------------------------------------------ labels: «ГМО» instead of «РМО»

class _Headings(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "title", "caption"):
            self.depth += 1
            self.out.append("")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3", "title", "caption") and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.out[-1] += data


def _copy_demo(dest: Path) -> None:
    for name in ("docs", "data", "overrides", "snippets"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")


def test_labels_rename_everywhere(tmp_path):
    """A municipality whose associations are «ГМО»: its own texts say ГМО (replaced in docs/ and
    data/ here, as its authors would write them), mkdocs.yml keeps the default menu «РМО», and
    only `labels` in data/site.yml is set. Nothing the engine writes may say «РМО» then."""
    root = tmp_path / "gmo"
    _copy_demo(root)
    for folder in ("docs", "data", "snippets"):
        for path in (root / folder).rglob("*"):
            if path.suffix in (".md", ".yml") and "РМО" in (text := path.read_text(encoding="utf-8")):
                path.write_text(text.replace("РМО", "ГМО"), encoding="utf-8")
    assert "- РМО: rmo/index.md" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    with open(root / "data/site.yml", "a", encoding="utf-8") as fh:
        fh.write("labels:\n  rmo:\n    short: ГМО\n    full: городское методическое объединение\n"
                 "    plural: Городские методические объединения\n")
    site = tmp_path / "out"
    proc = run_imc("build", "--site-dir", str(site), root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    home = pages[site / "index.html"]
    nav = home[home.index('<nav class="md-tabs"'):home.index("<article")]
    assert "РМО" not in nav and re.search(r">\s*ГМО\s*<", nav), "the menu entry follows labels"
    headings = []
    for path, html in pages.items():
        parser = _Headings()
        parser.feed(html)
        headings += [(path.relative_to(site), h.strip()) for h in parser.out]
        filters = re.findall(r'data-pagefind-filter="([^"]*)">([^<]*)<', html)
        assert not [f for f in filters if "РМО" in f[1]], (path, filters)
    assert not [h for h in headings if "РМО" in h[1]], [h for h in headings if "РМО" in h[1]][:10]
    rmo_index = _Headings()
    rmo_index.feed(pages[site / "rmo/index.html"])
    assert "Городские методические объединения" in rmo_index.out[0]  # <title>
    assert any("План заседаний ГМО" == h for _, h in headings)
    rmo_page = next(html for p, html in pages.items() if p.parent.parent.name == "rmo" and "imc-meeting" in html)
    assert 'data-pagefind-filter="Тип">ГМО<' in rmo_page
    for ics in site.rglob("*.ics"):
        text = ics.read_bytes().decode("utf-8").replace("\r\n ", "")  # unfolded
        assert "РМО" not in text, ics
    everything = (site / "sobytiya/calendar.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "заседания ГМО" in everything and "Заседание ГМО" in everything
    catalog = (site / "catalog.json").read_text(encoding="utf-8")
    assert "РМО" not in catalog
    data = json.loads(catalog)
    assert {e["type_label"] for e in data["items"] if e["type"] == "rmo" and "type_label" in e} == {"ГМО"}
    # the default stays «РМО»
    from imc.content import labels
    assert labels.rmo({}).short == "РМО" and labels.rmo({}).plural == "Районные методические объединения"


def test_body_page_lists_the_plans_of_its_entry(demo_site, project):
    """«План работы» on a body's page lists the plans (type `plan`) whose `structure` is the
    body, and no other body's plan."""
    school = next(b for b in project.of_type("body") if b.meta["structure"] == "shkola-molodogo-pedagoga")
    own = [p for p in project.of_type("plan") if p.meta.get("structure") == "shkola-molodogo-pedagoga"]
    others = [p for p in project.of_type("plan") if p.meta.get("structure") != "shkola-molodogo-pedagoga"]
    assert own and others
    page = (demo_site / school.url / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="plan-raboty">План работы</h2>' in page
    for p in own:
        assert f'{p.url}"' in page.replace("../", "")
    for p in others:
        assert f'{p.url}"' not in page.replace("../", "")


def test_rmo_page_shares_members_and_decisions(demo_site, project):
    """An РМО is one case of a body: its page shows состав and решения with the same blocks."""
    rmo = next(r for r in project.of_type("rmo") if r.meta.get("members"))
    main = _main((demo_site / rmo.url / "index.html").read_text(encoding="utf-8"))
    assert '<h2 id="sostav">Состав</h2>' in main and '<h2 id="resheniya">Протоколы и решения</h2>' in main
    n = sum(len(m.get("decisions") or []) for m in rmo.meta["meetings"])
    assert n and len(re.findall(r'<tr class="imc-decision imc-decision--', main)) == n
    assert "План заседаний РМО" in main  # the default label
