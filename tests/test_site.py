"""The demo site built for real: everything in = everything out, open data parses, no hostile markup."""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar

from conftest import ROOT, copy_site_skeleton, run_imc
from imc.project import load_project


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def test_demo_check_is_clean():
    proc = run_imc("check")
    assert proc.returncode == 0, proc.stdout
    assert "ошибок нет" in proc.stdout, proc.stdout


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
    total = sum(len(r.meta["meetings"]) for r in project.of_type("rmo")) + len(project.of_type("event"))
    assert len(everything.walk("VEVENT")) == total


def test_feeds_and_sitemap_are_valid_xml(demo_site):
    atom = ET.parse(demo_site / "feed.xml").getroot()
    assert atom.tag.endswith("feed") and len(atom.findall("{http://www.w3.org/2005/Atom}entry")) > 5
    rss = ET.parse(demo_site / "rss.xml").getroot()
    assert len(rss.findall("./channel/item")) > 5
    sitemap = ET.parse(demo_site / "sitemap.xml").getroot()
    assert len(sitemap) > 50


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


class _Page(HTMLParser):
    """What a browser would run or load from a page, read by the standard library's HTML parser
    (independent of the engine's own sanitiser and scanner)."""
    DATA_TYPES = ("application/json", "application/ld+json")
    URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.csp: list[tuple[bool, str]] = []  # (inside <head>, content)
        self.inline: list[str] = []  # bodies of inline scripts that are code, not data
        self.sources: list[str] = []
        self.in_head = self.in_script = False
        self.article = 0
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRS and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower().split(":", 1)[0]
                if scheme in ("javascript", "vbscript") or value.lower().startswith("data:text/html"):
                    self.found.append(f"<{tag} {name}=«{value[:40]}»>")
        if tag == "head":
            self.in_head = True
        elif tag == "article":
            self.article += 1
        elif tag in ("object", "embed", "base", "frame"):
            self.found.append(f"<{tag}>")
        elif tag == "form" and (urlsplit(a.get("action") or "").scheme or (a.get("action") or "").startswith("//")):
            self.found.append(f"<form action=«{a.get('action')}»>")  # search forms send nowhere else
        elif tag == "iframe" and urlsplit(a.get("src") or "").scheme != "https":
            self.found.append(f"<iframe src=«{a.get('src')}»>")
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append((self.in_head, a.get("content") or ""))
        elif tag == "script":
            if a.get("src") is not None:
                self.sources.append(a["src"])
            elif (a.get("type") or "").lower() not in self.DATA_TYPES:
                self.in_script, self.script_text = True, []
                if self.article:
                    self.found.append("<script> в тексте материала")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "article":
            self.article -= 1
        elif tag == "script" and self.in_script:
            self.in_script = False
            self.inline.append("".join(self.script_text))

    def handle_data(self, data):
        if self.in_script:
            self.script_text.append(data)


def test_page_oracle_sees_hostile_markup():
    """The parser above is the oracle of the next test: it must see what a browser would run."""
    parsed = _Page()
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
        parsed = _Page()
        parsed.feed(html)
        parsed.close()
        where = page.relative_to(demo_site).as_posix()
        assert parsed.found == [], (where, parsed.found)
        # every script is a file of the site itself
        assert all(not urlsplit(src).scheme and not src.startswith("//") for src in parsed.sources), \
            (where, parsed.sources)
        assert parsed.sources, where  # the theme's scripts are there: the parser saw the page
        # one CSP, in <head>, that lets only the site's files and the page's own inline scripts run
        assert len(parsed.csp) == 1 and parsed.csp[0][0], (where, parsed.csp)
        policy = {d.split()[0]: d.split()[1:] for d in parsed.csp[0][1].split(";") if d.strip()}
        assert policy["default-src"] == ["'self'"], policy
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert all(h in ("'self'", "'wasm-unsafe-eval'") or h.startswith("'sha256-")
                   for h in policy["script-src"]), policy["script-src"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], policy
        assert policy["form-action"] == ["'self'"], policy
        for body in parsed.inline:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy["script-src"], (where, body[:80])
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
