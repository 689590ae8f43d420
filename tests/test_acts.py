"""Нормативная база (type `act`), the аттестация section and the consultation request form:
the model and the form without a build, then the built demo site, then the search in Chromium."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from imc.check.load import load_project
from imc.content import acts, model
from playwright.sync_api import expect

GITHUB = ROOT / ".github"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


# ------------------------------------------------------------------ model and demo content

def test_demo_registry_covers_four_levels(project):
    rows = acts.rows(project)
    own = project.of_type("act")
    assert len(own) >= 20
    levels = {r.level for r in rows}
    assert levels == {"federalnyy", "regionalnyy", "munitsipalnyy", "lokalnyy"}
    # our own положения are local acts without a second file: each comes from its approval order
    local = [r for r in rows if r.item.type.name == "regulation"]
    assert local and all(r.level == "lokalnyy" and r.number == r.item.meta["order"]["number"] for r in local)
    assert not [i for i in own if i.meta["kind"] == "polozhenie"], "положения are entered as regulations"
    # every status is shown, and a changed act names the act that changed it
    assert {r.status for r in rows} == {"deystvuet", "izmenen", "utratil-silu"}
    for r in rows:
        if r.status == "izmenen":
            assert r.changed_by is not None and r.changed_by.type.name == "act"
    # newest first
    dates = [r.date for r in rows]
    assert dates == sorted(dates, reverse=True)


def test_new_act_skeleton_passes_check(tmp_path):
    from conftest import run_imc
    import shutil
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", root)
    proc = run_imc("new", "act", "--title", "О внесении изменений в порядок аттестации", root=root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check = run_imc("check", root=root)
    assert "ошибка" not in check.stdout, check.stdout
    assert check.returncode == 0, check.stdout


def test_sites_made_before_acts_still_pass(tmp_path):
    """data/issuers.yml and data/attestation.yml are optional: an older site without them is clean."""
    from conftest import run_imc
    import shutil
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", root)
    (root / "data" / "issuers.yml").unlink()
    assert not (root / "data" / "attestation.yml").exists()
    assert [r.optional for r in (model.REGISTRIES["issuers"], model.REGISTRIES["attestation"])] == [True, True]
    check = run_imc("check", root=root)
    assert check.returncode == 0 and "ошибок нет" in check.stdout, check.stdout


# ------------------------------------------------------------------ the consultation form

def test_consultation_form_is_generated_from_vocabularies(project):
    from imc.authoring.consultation import FORM_PATH, issue_form_yaml
    committed = (ROOT / FORM_PATH).read_text(encoding="utf-8")
    assert committed == issue_form_yaml(project), \
        "форма устарела: python -m imc.authoring.consultation --form"
    form = yaml.safe_load(committed)
    fields = {b.get("id"): b for b in form["body"]}
    topics = fields["topic"]["attributes"]["options"]
    assert "Аттестация" in topics and len(topics) == len(project.vocabularies["topics"].entries) + 1
    for key in ("topic", "question", "organisation", "form"):
        assert fields[key]["validations"]["required"] is True, key
    assert "dates" in fields
    # a personal-data warning, and a box the author must tick
    warning = " ".join(b["attributes"]["value"] for b in form["body"] if b["type"] == "markdown")
    assert "видна всем" in warning and "телефон" in warning
    (box,) = fields["privacy"]["attributes"]["options"]
    assert box["required"] is True


def test_consultation_request_makes_nothing_public():
    """The form's label is not the one the proposal workflow acts on: a request is only an issue."""
    from imc.authoring.consultation import FORM_LABEL, FORM_PATH
    from imc.authoring.proposal import PR_LABEL
    form = yaml.safe_load((ROOT / FORM_PATH).read_text(encoding="utf-8"))
    assert form["labels"] == [FORM_LABEL] and PR_LABEL not in form["labels"]
    wf = yaml.safe_load((GITHUB / "workflows" / "proposal.yml").read_text(encoding="utf-8"))
    (job,) = wf["jobs"].values()
    assert f"'{PR_LABEL}'" in job["if"] and FORM_LABEL not in job["if"]
    # no other workflow reacts to issues at all
    for path in (GITHUB / "workflows").glob("*.yml"):
        if path.name != "proposal.yml":
            on = yaml.safe_load(path.read_text(encoding="utf-8")).get(True) or \
                yaml.safe_load(path.read_text(encoding="utf-8")).get("on") or {}
            assert "issues" not in on and "issue_comment" not in on, path.name
    help_page = (ROOT / "docs/spravka/konsultatsiya.md").read_text(encoding="utf-8")
    assert "Кто отвечает" in help_page and "пять рабочих" in help_page
    assert "Заявка на консультацию" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_consultation_form_check_mode(tmp_path):
    import shutil
    from imc.authoring.consultation import FORM_PATH, main
    root = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", root)
    assert main(["--form", "--check", "--root", str(root)]) == 1  # not written yet
    assert main(["--form", "--root", str(root)]) == 0
    assert main(["--form", "--check", "--root", str(root)]) == 0
    assert "Аттестация" in (root / FORM_PATH).read_text(encoding="utf-8")


# ------------------------------------------------------------------ the built site

def test_catalog_has_acts_as_legislation(demo_site, project):
    data = json.loads((demo_site / "catalog.json").read_text(encoding="utf-8"))
    items = [i for i in data["items"] if i["type"] == "act"]
    assert len(items) == len(project.of_type("act")) >= 20
    by_id = {i["id"]: i for i in items}
    law = by_id["zakon-273-fz"]["schema_org"]
    assert law["@type"] == "Legislation" and law["legislationIdentifier"] == "273-ФЗ"
    assert law["legislationDate"] == "2012-12-29" and law["legislationJurisdiction"] == "Российская Федерация"
    assert law["legislationLegalForce"]["@id"] == "https://schema.org/InForce"
    changed = by_id["prikaz-286-fgos-noo"]
    assert changed["schema_org"]["legislationLegalForce"]["@id"] == "https://schema.org/PartiallyInForce"
    assert changed["metadata"]["changed_by"] == "prikaz-569-fgos-noo"
    changer = by_id["prikaz-569-fgos-noo"]["schema_org"]
    assert [c["@id"].rsplit("/", 2)[-2] for c in changer["legislationChanges"]] == ["prikaz-286-fgos-noo"]
    repealed = by_id["prikaz-276-attestatsiya"]["schema_org"]
    assert repealed["legislationLegalForce"]["@id"] == "https://schema.org/NotInForce"
    assert repealed["legislationPassedBy"]["name"] == "Министерство образования и науки Российской Федерации"


def _nav_links(html: str) -> set[str]:
    """The links of the menu: the tabs and the menu they open (a tab groups several sections)."""
    nav = html[html.index('<nav class="md-tabs"'):html.index("<article")]
    return set(re.findall(r'href="([^"]+)"', nav))


def test_pages_built_and_linked(demo_site, project):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    outside_nav = re.sub(r"<nav.*?</nav>", "", home, flags=re.S)
    for page in ("normativnaya-baza/", "attestatsiya/"):
        assert (demo_site / page / "index.html").is_file()
        assert page in _nav_links(home), page
        assert f'href="{page}"' in outside_nav, page  # a button on the home page itself
    html = (demo_site / "normativnaya-baza/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="imc-act" data-level="([a-z]+)"', html)
    assert len(rows) == len(acts.rows(project))
    # grouped by level, federal first; each act linked from the registry
    order = [m for m in re.findall(r'<h2 id="uroven-([a-z]+)"', html)]
    assert order == ["federalnyy", "regionalnyy", "munitsipalnyy", "lokalnyy"]
    for item in project.of_type("act"):
        assert f'href="{item.id}/"' in html, item.id
    # a filter is a page of its own (no JavaScript needed), narrower than the registry
    fed = (demo_site / "normativnaya-baza/f/uroven/federalnyy/index.html").read_text(encoding="utf-8")
    fed_rows = re.findall(r'<tr class="imc-act" data-level="([a-z]+)"', fed)
    assert 0 < len(fed_rows) < len(rows) and set(fed_rows) == {"federalnyy"}
    topic = (demo_site / "normativnaya-baza/f/tema/attestatsiya/index.html").read_text(encoding="utf-8")
    assert 'aria-current="page"' in topic and "Сбросить фильтр «аттестация»" in topic
    status = (demo_site / "normativnaya-baza/f/status/utratil-silu/index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-status="([a-z-]+)"', status)) == {"utratil-silu"}
    # every level in one list, newest first
    by_date = (demo_site / "normativnaya-baza/f/po-date/index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<time datetime="([0-9-]+)">', by_date)
    assert len(dates) == len(rows) and dates == sorted(dates, reverse=True)
    assert 'href="f/po-date/"' in html


def test_act_page_card(demo_site):
    html = (demo_site / "normativnaya-baza/prikaz-286-fgos-noo/index.html").read_text(encoding="utf-8")
    card = re.search(r'<section class="imc-card imc-act-card".*?</section>', html, re.S).group(0)
    assert "Приказ Минпросвещения России от 31\u00a0мая 2021\u00a0г. №\u00a0286" in card
    assert 'href="../prikaz-569-fgos-noo/"' in card and "изменён" in card
    assert 'data-pagefind-filter="Уровень акта">федеральный<' in card
    assert 'data-pagefind-filter="Статус">изменён<' in card
    assert '<h2 id="что-это-значит-для-учителя">Что это значит для учителя' in html
    changer = (demo_site / "normativnaya-baza/prikaz-569-fgos-noo/index.html").read_text(encoding="utf-8")
    assert "Этим актом изменены или отменены" in changer and 'href="../prikaz-286-fgos-noo/"' in changer
    # положения carry the level filter too: the search finds them among local acts
    reg = (demo_site / "dokumenty/polozhenie-o-rmo/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="Уровень акта">локальный<' in reg


def test_feed_of_changes(demo_site, project):
    root = ET.fromstring((demo_site / "normativnaya-baza/feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(50, len(acts.rows(project)))
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert any(t.startswith("Изменён: Приказ Минпросвещения России от 31\u00a0мая 2021") for t in titles)
    assert any(t.startswith("Утратил силу: ") and "№\u00a0276" in t for t in titles)
    # a repealed act is dated by the act that repealed it
    e276 = next(e for e in entries if "№\u00a0276" in e.findtext(f"{ATOM}title"))
    assert e276.findtext(f"{ATOM}updated").startswith("2023-03-24")
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'href="normativnaya-baza/feed.xml"' in home


def test_attestation_section(demo_site, project):
    html = (demo_site / "attestatsiya/index.html").read_text(encoding="utf-8")
    body = html.split("data-pagefind-body", 1)[1]  # the section is indexed by the search
    for heading in ("Квалификационные категории", "Порядок аттестации", "Сроки подачи заявлений",
                    "Формы для скачивания", "Консультации", "Нормативные акты"):
        assert heading in body, heading
    reg = project.registries["attestation"]
    for row in reg.values():
        assert row["title"].replace("«", "&laquo;") in body or row["title"] in body, row["title"]
        if row.get("file"):
            assert f'href="{row["file"].split("/", 1)[1]}" download' in body  # beside the section
            assert (demo_site / row["file"]).is_file()
    events = [e for e in project.of_type("event") if "attestatsiya" in (e.meta.get("topics") or [])]
    assert len(events) >= 2
    for e in events:
        assert f'href="../{e.url}"' in body, e.url
    governing = [r for r in acts.rows(project) if "attestatsiya" in r.topics]
    for r in governing:
        assert f'href="../{r.url}"' in body, r.url
    # deadlines: the window state is computed against today
    assert re.search(r"приём идёт|скоро|завершён", body)
    # no personal data: nobody's name from data/people.yml appears on the page
    for person in project.registries["people"].values():
        assert person["name"] not in body


# ------------------------------------------------------------------ Chromium: search, filters, axe

def _search(page, site_url, query="", **filters):
    params = [f"q={query}"] + [f"f.{k}={v}" for k, v in filters.items()]
    page.goto(f"{site_url}/poisk/?{'&'.join(params)}")
    page.wait_for_selector(".imc-search__results .imc-total, .imc-search__empty", timeout=15000)


def _all_titles(page) -> list[str]:
    more = page.locator(".imc-search__more")
    while more.count():
        more.click()
        page.wait_for_function("() => !document.querySelector('.imc-search__more[disabled]')")
    return page.locator(".imc-search__results .imc-entry__title").all_inner_texts()


def _total(page) -> int:
    return int(re.search(r"Найдено:\s*(\d+)", page.locator(".imc-total").inner_text()).group(1))


def test_search_attestation_finds_section_acts_and_events(page, site_url, project):
    _search(page, site_url, "аттестация")
    titles = _all_titles(page)
    assert any(t.strip() in ("Аттестация", "Аттестация педагогов") for t in titles), titles
    assert project.get("act", "prikaz-196-attestatsiya").title in titles
    consultations = [e.title for e in project.of_type("event") if "attestatsiya" in (e.meta.get("topics") or [])]
    assert set(consultations) <= set(titles), (consultations, titles)


def test_search_filter_acts_by_level_narrows(page, site_url, project):
    _search(page, site_url, "приказ", **{"Тип": "Нормативный акт"})
    every = _total(page)
    _search(page, site_url, "приказ", **{"Тип": "Нормативный акт", "Уровень акта": "федеральный"})
    federal = _total(page)
    assert 0 < federal < every, (federal, every)
    titles = _all_titles(page)
    fed_titles = {i.title for i in project.of_type("act") if i.meta["level"] == "federalnyy"}
    assert titles and set(titles) <= fed_titles
    # the facet panel offers the level and the status of acts
    # a search with filters in its address opens the panel by itself
    expect(page.locator(".imc-search__toggle")).to_have_attribute("aria-expanded", "true")
    page.wait_for_selector(".imc-search__facet .imc-count", timeout=15000)
    panel = page.locator(".imc-search__filters").inner_text()
    assert "Уровень акта" in panel and "Статус" in panel


def test_registry_filter_link_narrows(page, site_url):
    page.goto(f"{site_url}/normativnaya-baza/")
    total = page.locator("tr.imc-act").count()
    page.get_by_role("link", name="федеральный", exact=True).first.click()
    page.wait_for_load_state()
    assert "/normativnaya-baza/f/uroven/federalnyy/" in page.url
    expect(page.locator("tr.imc-act").first).to_be_visible()
    assert 0 < page.locator("tr.imc-act").count() < total
    assert page.locator('tr.imc-act:not([data-level="federalnyy"])').count() == 0


@pytest.mark.parametrize("path", ["normativnaya-baza/", "normativnaya-baza/prikaz-286-fgos-noo/",
                                  "attestatsiya/", "spravka/konsultatsiya/"])
def test_axe_on_new_pages(browser, site_url, path):
    from axe_playwright_python.sync_playwright import Axe
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/{path}")
    page.wait_for_timeout(100)
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    context.close()
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in bad]

