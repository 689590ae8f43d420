"""The engine puts a page together without mkdocs (`site/assemble.py`): the plugin only moves
the results into mkdocs' objects, so another generator gets the same pages from these calls."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from imc.check.load import load_project
from imc.content.catalog import catalog_pages
from imc.site import assemble

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project():
    return load_project(ROOT)


def _one(project, type_name):
    return next(i for i in project.items if i.type.name == type_name)


def test_contributed_page_markdown_is_neutralised(project):
    item = _one(project, "practice")
    meta = {"title": "<b>x</b>", "description": 'a "quoted" <i>b</i>', "render_macros": True}
    md, title = assemble.page_markdown(project, item.src, "Текст\n--8<-- \"/etc/passwd\"\n", meta, "nav")
    # what the engine read and checked wins over mkdocs' own YAML reading, then it is made text
    assert meta["title"] == item.title and title is None
    assert "render_macros" not in meta and meta["hide"] == ["navigation"]
    assert md == "Текст\n\\--8<-- \"/etc/passwd\"\n"
    page_meta = {"title": "Раздел <script>", "description": "x & y"}
    md, title = assemble.page_markdown(project, "no-such-page.md", "", page_meta, "Раздел <script>")
    assert title == page_meta["title"] == "Раздел ‹script›" and page_meta["description"] == "x &amp; y"
    # mkdocs reads `title: no` as False; the page keeps it until the engine's «no» replaces it
    no_meta = {"title": False}
    news = _one(project, "news")
    assert assemble.page_markdown(project, news.src, "", no_meta, False)[1] is None
    assert no_meta["title"] == news.title


def test_regulation_markdown_is_anchored_and_its_html_linked(project):
    item = _one(project, "regulation")
    md, _ = assemble.page_markdown(project, item.src, "## 1. Общие\n\n1.1. Первый пункт.\n", {}, None)
    assert "{: #p-1-1 .imc-clause }" in md, md
    html, indexed = assemble.page_html(project, item.src, item.url,
                                       '<p class="imc-clause" id="p-1-1">1.1. Первый пункт.</p>', item.title)
    assert indexed and 'class="imc-banner' in html and "Статус:" in html, html[:500]
    assert '<a class="imc-clause__link" href="#p-1-1"' in html


def test_material_html_has_its_card_and_goes_to_search(project):
    item = _one(project, "practice")
    html, indexed = assemble.page_html(project, item.src, item.url,
                                       '<h2>Проблема</h2><p onclick="x()">Текст</p><script>x()</script>', item.title)
    assert indexed and html.startswith("<div data-pagefind-body>")
    assert 'class="imc-card"' in html and "application/ld+json" in html
    assert "onclick" not in html and "<script>x()" not in html  # a contributed page is sanitised
    assert '<h1 data-pagefind-meta="title">' in html


def test_generated_pages_are_not_indexed(project):
    page = catalog_pages(project)[0]
    html, indexed = assemble.page_html(project, page.src, "praktiki/", "", page.title, ("catalog", page))
    assert not indexed and "imc-" in html
    for src in assemble.SECTION_HTML:
        html, indexed = assemble.page_html(project, src, src.replace(".md", "/"), "", "", ("section", src))
        assert not indexed and html, src


def test_final_html_has_a_csp_and_the_counter_only_when_asked(project):
    page = "<html><head><title>x</title></head><body></body></html>"
    out = assemble.final_html(project, page, "a/b/")
    assert 'http-equiv="Content-Security-Policy"' in out
    assert ("imc-metrika.js" in out) == bool(project.site.get("metrika"))


def test_attachment_jobs_point_at_files_and_their_anchors(project):
    jobs = assemble.attachment_jobs(project)
    assert len(jobs) >= 10
    for job in jobs:
        assert Path(job["path"]).is_file(), job["path"]
        assert "#imc-file-" in job["url"] and job["meta"]["file"] in job["title"]
    assert len({j["url"] for j in jobs}) == len(jobs)  # pagefind keeps one record per address


def test_unpublished_files(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (docs / "run.exe").write_bytes(b"MZ\x90\x00")
    (docs / "page.md").write_text("# x\n", encoding="utf-8")
    os.symlink(docs / "plan.pdf", docs / "link.pdf")
    assert assemble.unpublished(str(docs), "plan.pdf", False) is None
    assert assemble.unpublished(str(docs), "page.md", True) is None
    assert assemble.unpublished(str(docs), "run.exe", False)
    assert assemble.unpublished(str(docs), "link.pdf", False) == "символическая ссылка"


@pytest.mark.parametrize("title", ["Практики: Математика", 'Что изменилось: Положение о конкурсе «Учитель "года"»',
                                   "C:\\путь\\ и \\n", "---", "title: x\n---\nмакрос {{ 1 }}"])
def test_generated_page_source_keeps_its_title(title):
    """The stub mkdocs reads for a catalogue, section or comparison page holds the title as
    written, whatever quotes, backslashes or line breaks it has. It was pasted into quotes, and
    mkdocs silently drops front matter it cannot parse: the stub became the page's text."""
    from mkdocs.utils import meta
    body, data = meta.get_data(assemble.generated_markdown(title))
    assert (body, data) == ("", {"title": title})
