"""Catalogue pages of a large bank: the full list pages through everything with a short pager,
a facet page lists the newest materials and sends the rest to the search with that filter."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import ROOT
from imc.check.load import load_project
from imc.content.catalog import PER_PAGE, catalog_pages
from imc.site.render import catalog_html, pager

EXTRA = 75  # copies of one practice: more than two pages of its subject


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple:
    root = tmp_path_factory.mktemp("bank")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "data", root / "data")
    source = next(p for p in sorted((root / "docs" / "praktiki").iterdir()) if (p / "index.md").is_file())
    for n in range(EXTRA):
        shutil.copytree(source, root / "docs" / "praktiki" / f"kopiya-{n:03d}")
    project = load_project(root)
    assert not project.errors, project.errors[:3]
    return project, source.name


def test_full_list_pages_through_everything(big):
    project, _ = big
    practices = project.of_type("practice")
    pages = [p for p in catalog_pages(project) if p.ctype.name == "practice" and p.facet is None]
    assert len(pages) == -(-len(practices) // PER_PAGE)
    listed = [i.rel for p in pages for i in p.items]
    assert sorted(listed) == sorted(i.rel for i in practices), "every material is on a page of the full list"


def test_facet_page_lists_the_newest_and_links_to_the_search(big):
    project, source = big
    original = next(i for i in project.of_type("practice") if i.id == source)
    subject = original.meta["subjects"][0]
    with_subject = [i for i in project.of_type("practice") if subject in i.meta.get("subjects", [])]
    assert len(with_subject) > 2 * PER_PAGE
    pages = [p for p in catalog_pages(project) if p.facet is not None and p.facet.slug == "predmet"
             and p.value == subject and p.ctype.name == "practice"]
    assert len(pages) == 1, "a facet value has one page, not one per 30 materials"
    page = pages[0]
    assert len(page.items) == PER_PAGE and page.total == len(with_subject)
    html = catalog_html(project, page, f"praktiki/f/predmet/{subject}/")
    assert len(re.findall(r'class="imc-entry"', html)) == PER_PAGE
    assert re.search(rf"Найдено:\s*{len(with_subject)}\u00a0", html), "the total is of all materials"
    note = re.search(r'<p class="imc-more">(.*?)</p>', html, re.S)
    assert note, "the page says there are more and where"
    href = re.search(r'<a href="([^"]*poisk/[^"]*)"', note.group(1)).group(1).replace("&amp;", "&")
    assert urlsplit(href).path == "../../../../poisk/"
    query = dict(parse_qsl(urlsplit(href).query))
    title = project.vocab_title("subjects", subject)
    assert query == {"f.Тип": "Лучшая практика", "f.Предметы": title}, query
    assert f"«{title}»" in note.group(1) and "полном списке" in note.group(1)


def test_small_facet_page_has_no_note(big):
    project, _ = big
    page = next(p for p in catalog_pages(project) if p.facet is not None and p.total < PER_PAGE)
    assert 'class="imc-more"' not in catalog_html(project, page, "praktiki/f/x/y/")


def test_pager_shows_ends_and_neighbours():
    hrefs = [f"p{k}" for k in range(1, 18)]
    assert pager(1, hrefs[:1]) == []
    assert [n for n, _ in pager(5, hrefs)] == [1, None, 3, 4, 5, 6, 7, None, 17]
    assert dict(pager(5, hrefs))[5] is None, "the current page is not a link"
    assert dict(pager(5, hrefs))[6] == "p6"
    assert [n for n, _ in pager(1, hrefs[:3])] == [1, 2, 3]
    assert [n for n, _ in pager(17, hrefs)] == [1, None, 15, 16, 17]
    assert [n for n, _ in pager(4, hrefs[:7])] == [1, 2, 3, 4, 5, 6, 7], "no gap for a single page"
