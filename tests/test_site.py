"""The demo site built for real: everything in = everything out, open data parses, no hostile markup."""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, PageScan, assert_safe_page, copy_site_skeleton, run_imc
from icalendar import Calendar
from imc.check.load import load_project


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def test_demo_check_is_clean():
    proc = run_imc("check")
    assert proc.returncode == 0, proc.stdout
    # one deliberate warning: the contest's protocol is a scan (its words are found by OCR)
    warnings = [line for line in proc.stdout.splitlines() if ": предупреждение: " in line]
    assert len(warnings) == 1 and "protokol-ochnoy-zashchity-skan.pdf» нет текста" in warnings[0], proc.stdout
    assert "Итого: ошибок — 0, предупреждений — 1." in proc.stdout, proc.stdout


def test_editions_compared(demo_site):
    """«Что изменилось» beside the new edition of the ММС положение: clauses added and changed,
    words marked for eyes and for screen readers, links to the clause in both editions."""
    html = (demo_site / "dokumenty/polozhenie-o-mms/izmeneniya/index.html").read_text(encoding="utf-8")
    new = (demo_site / "dokumenty/polozhenie-o-mms/index.html").read_text(encoding="utf-8")
    old = (demo_site / "dokumenty/polozhenie-o-mms-2021/index.html").read_text(encoding="utf-8")
    assert re.search(r"Добавлено: [1-9]\d*, исключено: \d+, изменено: [1-9]\d*, перенумеровано: \d+", html)
    assert '<h2 id="changed">' in html and '<h2 id="added">' in html
    # 1.1 was reworded: «устанавливает» → «определяет»
    entry = re.search(r'<section class="imc-change imc-change--changed" aria-labelledby="ch-p-1-1">.*?</section>',
                      html, re.S).group(0)
    assert '<del><span class="imc-sr-only">удалено: </span>устанавливает</del>' in entry
    assert '<ins><span class="imc-sr-only">добавлено: </span>определяет</ins>' in entry
    assert 'href="../#p-1-1"' in entry and 'href="../../polozhenie-o-mms-2021/#p-1-1"' in entry
    # every clause link lands on an anchor that exists in that edition
    for href, anchor in re.findall(r'href="(\.\./(?:\.\./polozhenie-o-mms-2021/)?)#([\w-]+)"', html):
        page = old if "2021" in href else new
        assert f'id="{anchor}"' in page, (href, anchor)
    for page in (new, old):  # both editions lead to the comparison
        assert "Что изменилось: сравнение с прежней редакцией по пунктам" in page


def test_demo_has_the_promised_content(project):
    counts = {t: len(project.of_type(t)) for t in ("practice", "product", "rmo", "regulation", "event", "news")}
    assert counts["practice"] >= 12 and counts["product"] >= 10 and counts["rmo"] >= 6, counts
    assert counts["regulation"] >= 5 and counts["event"] >= 6 and counts["news"] >= 5, counts
    assert len(project.registries["organisations"]) >= 15
    for rmo in project.of_type("rmo"):
        assert len(rmo.meta["meetings"]) >= 6, rmo.id


def test_every_object_is_in_catalog_and_on_a_page(demo_site, project):
    catalog = json.loads((demo_site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["format"] == "imc-catalog"
    got = {(e["type"], e["id"]) for e in catalog["items"]}
    expected = {(i.type.name, i.id) for i in project.items}
    expected |= {("organisation", k) for k in project.registries["organisations"]}
    expected |= {("platform", k) for k in project.registries["platforms"]}
    expected |= {("body", k) for k in project.registries["structure"]}
    assert expected == got, (expected - got, got - expected)
    for item in project.items:
        page = demo_site / item.url / "index.html"
        assert page.exists(), item.url
        assert item.title.split()[0] in page.read_text(encoding="utf-8"), item.url
    for entry in catalog["items"]:
        assert entry["title"] and "url" in entry


def test_catalogue_and_facet_pages(demo_site, project):
    html = (demo_site / "praktiki" / "index.html").read_text(encoding="utf-8")
    n = len(project.of_type("practice"))
    assert re.search(rf"Найдено:\s*{n}\u00a0", html), "the catalogue shows the total"
    subjects = {s for p in project.of_type("practice") for s in p.meta.get("subjects", [])}
    for s in subjects:
        page = demo_site / "praktiki" / "f" / "predmet" / s / "index.html"
        assert page.exists(), s
        listed = len(re.findall(r'class="imc-entry"', page.read_text(encoding="utf-8")))
        want = sum(1 for p in project.of_type("practice") if s in p.meta.get("subjects", []))
        assert listed == min(want, 30), (s, listed, want)


def test_ics_files_parse(demo_site, project):
    for rmo in project.of_type("rmo"):
        cal = Calendar.from_ical((demo_site / rmo.url / "calendar.ics").read_bytes())
        events = cal.walk("VEVENT")
        assert len(events) == len(rmo.meta["meetings"])
        assert all(str(e["SUMMARY"]).startswith(rmo.title) for e in events)
    everything = Calendar.from_ical((demo_site / "sobytiya" / "calendar.ics").read_bytes())
    total = sum(len(r.meta["meetings"]) for r in project.of_type("rmo")) + len(project.of_type("event")) \
        + len(project.of_type("course"))  # the dates of courses too
    total += sum(len(b.meta.get("meetings") or []) for b in project.of_type("body"))  # councils, groups
    # plan items with a day are there too (tests/test_yearcycle.py checks which ones)
    plan_items = [e for e in everything.walk("VEVENT") if str(e["UID"]).startswith("plan-")]
    assert plan_items and len(everything.walk("VEVENT")) - len(plan_items) == total


def test_feeds_and_sitemap_are_valid_xml(demo_site):
    atom = ET.parse(demo_site / "feed.xml").getroot()
    assert atom.tag.endswith("feed") and len(atom.findall("{http://www.w3.org/2005/Atom}entry")) > 5
    rss = ET.parse(demo_site / "rss.xml").getroot()
    assert len(rss.findall("./channel/item")) > 5
    sitemap = ET.parse(demo_site / "sitemap.xml").getroot()
    assert len(sitemap) > 50


def test_feeds_read_by_a_feed_reader(demo_site, project):
    """feedparser reads both feeds without complaint and sees the newest materials in order."""
    import feedparser
    from imc.site.opendata import feed_items
    expected = [i.title for i in feed_items(project)]
    for name, version in (("feed.xml", "atom10"), ("rss.xml", "rss20")):
        parsed = feedparser.parse((demo_site / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        assert parsed.version == version
        assert [e.title for e in parsed.entries] == expected
        assert parsed.feed.language == "ru"
        self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_links and self_links[0].endswith("/" + name), self_links
        first = parsed.entries[0]
        assert first.link.startswith("https://") and first.summary
        assert "github" not in (demo_site / name).read_text(encoding="utf-8")


def test_json_ld_on_materials_and_regulations(demo_site, project):
    practice = project.of_type("practice")[0]
    html = (demo_site / practice.url / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "LearningResource" and data["name"] == practice.title
    assert data["educationalLevel"]
    reg = next(r for r in project.of_type("regulation") if r.meta["status"] == "deystvuet")
    html = (demo_site / reg.url / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Legislation"
    assert data["legislationLegalForce"]["@id"] == "https://schema.org/InForce"
    assert data["legislationIdentifier"] == reg.meta["order"]["number"]


def test_regulation_clauses_have_anchors(demo_site, project):
    for reg in project.of_type("regulation"):
        html = (demo_site / reg.url / "index.html").read_text(encoding="utf-8")
        clauses = re.findall(r"^(\d+(?:\.\d+)+)\.?\s", reg.body, re.M)
        ids = set(re.findall(r'id="(p-[\d-]+)"', html))
        for c in clauses:
            assert "p-" + c.replace(".", "-") in ids, (reg.id, c)
        assert 'class="imc-banner' in html


def test_page_oracle_sees_hostile_markup():
    """The parser above is the oracle of the next test: it must see what a browser would run."""
    parsed = PageScan()
    parsed.feed('<html><head><script src="https://evil.example/x.js"></script></head><body><article>'
                '<img src=x ONERROR="alert(1)"><a href=" java\tscript:alert(1)">a</a><script>alert(2)</script>'
                '<script type="application/ld+json">{}</script><form action="https://evil.example/"></form>'
                '<object data="x.swf"></object><iframe src="http://evil.example/"></iframe></article></body>')
    assert parsed.found == ["<img onerror=…>", "<a href=« java\tscript:alert(1)»>", "<script> в тексте материала",
                            "<form action=«https://evil.example/»>", "<object>", "<iframe src=«http://evil.example/»>"]
    assert parsed.sources == ["https://evil.example/x.js"] and parsed.inline == ["alert(2)"]
    assert parsed.csp == []


def test_built_pages_have_no_hostile_markup_and_a_csp(demo_site):
    pages = [p for p in demo_site.rglob("*.html") if "/admin/" not in p.as_posix()]  # the editor: test_schema_cms
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(demo_site).as_posix()
        assert_safe_page(html, where)
        assert not re.search(r"""(src|href)=["']https?://(?!imc-zarechny\.example)[^"']*\.(js|css|woff2?)""", html), where


def test_material_page_does_not_list_the_catalogue(demo_site, project):
    """The sidebar never lists individual materials: a page's size does not grow with N."""
    practice = project.of_type("practice")[0]
    html = (demo_site / practice.url / "index.html").read_text(encoding="utf-8")
    others = [p for p in project.of_type("practice") if p is not practice]
    assert sum(1 for p in others if f'/{p.id}/"' in html) < 6  # related materials only


@pytest.mark.site
def test_failed_build_keeps_the_previous_site(tmp_path):
    root = tmp_path / "site-src"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", root)
    copy_site_skeleton(root)
    assert run_imc("build", root=root).returncode == 0
    index = root / "site" / "index.html"
    before = index.read_bytes()
    practice = next((root / "docs" / "praktiki").glob("*/index.md"))
    practice.write_text(practice.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    proc = run_imc("build", root=root)
    assert proc.returncode == 1
    assert "неизвестное поле" in proc.stderr and "Traceback" not in proc.stderr
    assert index.read_bytes() == before
    assert not list(root.glob(".site-*")), "no half-written build left behind"
