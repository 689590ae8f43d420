"""A page of the site, put together: what the build does to a page's Markdown and HTML.

The mkdocs plugin calls these from its events and only moves the results into mkdocs' objects;
every decision about content is here (and in render, editions, pages, security below it), so
another generator could call the same functions.
"""
from __future__ import annotations

import html
import json
import os
import re

from imc.content import acts as acts_content
from imc.content import labels, model
from imc.content.clauses import anchor_regulation, clause_links
from imc.content.project import Project, attachment_list
from imc.files import published
from imc.site import acts, bodies, editions, opendata, pages, render, shelf, yearcycle
from imc.site.security import METRIKA_HOSTS, add_csp, sanitize

METRIKA_SCRIPT = "assets/imc-metrika.js"  # in the engine's package; the same path in the built site
_SNIPPET_LINE = re.compile(r"^([ \t]*)(-+8<)", re.M)


# ------------------------------------------------------------------ files

def unpublished(docs_dir: str, src: str, is_page: bool) -> str | None:
    """Why a file of docs/ never reaches the site, or None. Defence in depth: a file that the
    allow-list refuses (files/published.py) or that is a symbolic link stays out even in a
    build forced past the check."""
    docs = os.path.abspath(docs_dir)
    path = os.path.join(docs, src)
    if os.path.realpath(path) != os.path.join(os.path.realpath(docs), src):
        return "символическая ссылка"
    if is_page:
        return None
    found = published.verdict(docs, src)
    return found[0] if found else None


# ------------------------------------------------------------------ Markdown

def neutral_title(title):
    """The theme prints the title unescaped (and `striptags` unescapes entities again): markup
    there — rejected by imc check, but a build may be forced — becomes text, angle brackets
    turning into ‹ ›. Anything else is returned as it is."""
    if isinstance(title, str) and re.search(r"[<>]|&#?\w+;", title):
        return re.sub(r"&(?=#?\w+;)", "&amp;", title).replace("<", "‹").replace(">", "›")
    return title


def page_markdown(project: Project, src: str, markdown: str, meta: dict, title) -> tuple[str, str | None]:
    """The Markdown of page `src` as the site renders it, and the title the page must show
    instead of `title` (None: it stays). `meta`, the page's front matter, is brought in place to
    what the engine read and checked, with the description escaped for its attribute."""
    if src not in project.template_pages():
        for key in ("render_macros", "ignore_macros"):
            meta.pop(key, None)
        # a snippet line stays visible as text instead of including a file
        markdown = _SNIPPET_LINE.sub(r"\1\\\2", markdown)
    item = project.item_at(src)
    if item is not None:
        # mkdocs reads front matter as YAML 1.1 (`title: no` is False there): show what the
        # author wrote, as the engine read and checked it
        for key in ("title", "description"):
            if isinstance(item.meta.get(key), str):
                meta[key] = item.meta[key]
    shown = meta.get("title", title)
    safe = neutral_title(shown)
    if safe is shown:
        safe = None
    else:
        meta["title"] = safe
    if isinstance(meta.get("description"), str):
        meta["description"] = html.escape(meta["description"], quote=True)
    if item is not None and item.type.name != "page":
        # the sidebar never lists materials, so on their pages it is empty: give its width
        # to the card and the plan tables (the mobile drawer still holds the sections)
        hide = meta.get("hide") if isinstance(meta.get("hide"), list) else []
        meta["hide"] = [*hide, "navigation"]
    if item is not None and item.type.name == "regulation":
        markdown = anchor_regulation(markdown)
    return markdown, safe


# ------------------------------------------------------------------ HTML

def _material(project, item, url):
    before = render.card_html(project, item, url) + render.attachments_html(project, item, url)
    return before, render.after_html(project, item, url)


def _rmo(project, item, url):
    return render.rmo_html(project, item, url), \
        render.attachments_html(project, item, url, "Документы объединения", suffix="-doc") + \
        bodies.rmo_extra_html(project, item, url)


def _regulation(project, item, url):
    before = render.regulation_banner(project, item, url)
    # the comparison page, from the new edition and from the one it replaced
    for newer, older in editions.compared(project):
        if item in (newer, older):
            before += editions.banner_link(newer, url)
    return before, ""


def _event(project, item, url):
    before, results = render.event_html(project, item, url)
    return before, results + render.attachments_html(project, item, url)


def _plan(project, item, url):
    return yearcycle.plan_html(project, item, url), \
        yearcycle.plan_sections_html(project, item, url) + render.attachments_html(project, item, url)


def _report(project, item, url):
    before, after = yearcycle.report_html(project, item, url)
    return before, after + render.attachments_html(project, item, url)


def _course(project, item, url):
    return shelf.course_html(project, item, url), render.attachments_html(project, item, url)


def _book(project, item, url):
    return shelf.book_html(project, item, url), shelf.book_after_html(project, item)


def _news(project, item, url):
    return render.news_meta_html(project, item), render.attachments_html(project, item, url)


# What goes before and after the text of each type's page: (project, item, page url) → (before, after).
AROUND = {"practice": _material, "product": _material, "rmo": _rmo, "regulation": _regulation,
          "event": _event, "news": _news, "plan": _plan, "report": _report,
          "body": bodies.body_html, "course": _course, "book": _book, "act": lambda project, item, url: (acts.act_html(project, item, url), "")}

# Pages the build adds to a section, by their source path.
SECTION_HTML = {
    "rmo/index.md": render.rmo_index_html, "dokumenty/index.md": render.documents_index_html,
    "sobytiya/index.md": render.events_index_html, "novosti/index.md": render.news_index_html,
    "o-nas/struktura.md": pages.structure_html, "o-nas/ploshchadki.md": pages.platforms_html,
    "o-nas/statistika.md": pages.stats_html, "spravka/polya.md": pages.fields_html,
    "poisk.md": pages.search_html,
    "plany/index.md": yearcycle.plans_index_html, "analitika/index.md": yearcycle.plans_index_html,
    "godovoy-tsikl.md": yearcycle.cycle_html,
    "kursy/arkhiv.md": shelf.archive_html, "knigi/novinki.md": shelf.novinki_html,
}


def generated_markdown(title: str) -> str:
    """The source mkdocs gets for a page the build adds: its title only (the content comes from
    generated_html). A JSON string is a YAML one: quotes and backslashes of a title from data/
    or of a положение stay as written."""
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"


def generated_html(project: Project, payload: tuple[str, object], url: str) -> str:
    """The content of a page the build adds: ("catalog", CatalogPage), ("editions", item id) or
    ("section", source path)."""
    kind, value = payload
    if kind == "catalog":
        return shelf.catalog_intro(project, value, url) + render.catalog_html(project, value, url)
    if kind == "editions":
        return editions.editions_html(project, project.get("regulation", value), url)
    if kind == "acts":
        return acts.page_html(project, value, url)
    return SECTION_HTML[value](project, url)


def page_html(project: Project, src: str, url: str, content: str, title,
              payload: tuple[str, object] | None = None) -> tuple[str, bool]:
    """The HTML of page `src` (at `url`) from what Markdown rendered, and whether it goes into the
    search index: a contributed page is sanitised, a material gets its card, banners, files and
    the blocks after it; a page the build adds (`payload`, see generated_html) gets its content."""
    if src not in project.template_pages():
        content = sanitize(content)
    item = project.item_at(src)
    before, after = "", ""
    if item is not None and item.type.name == "regulation":
        content = clause_links(content)
    if item is not None and item.type.name in AROUND:
        before, after = AROUND[item.type.name](project, item, url)
    if item is not None and item.type is not model.PAGE:
        after += render.json_ld(project, item)
    if payload and src in acts.INDEXED:  # a section built from data/: found by search like a page
        before, payload = generated_html(project, payload, url), None
    if payload or src == "index.md":
        # Listings are not indexed: search should land on the material itself.
        return content + (generated_html(project, payload, url) if payload else ""), False
    h1 = "" if "<h1" in content else f'<h1 data-pagefind-meta="title">{render.escape(title or "")}</h1>'
    return render.unique_file_anchors(f'<div data-pagefind-body>{h1}{before}{content}{after}</div>'), True


def final_html(project: Project, output: str, url: str) -> str:
    """The whole page as written: the site's counter script, if it has one, and the CSP."""
    counter = project.site.get("metrika")
    if counter:  # opt-in only: the one third party a site owner may choose to call
        src = render.rel(url, METRIKA_SCRIPT)
        tag = f'<script src="{src}" data-counter="{int(counter)}" defer></script>'
        output = output.replace("</head>", tag + "\n</head>", 1)
    return add_csp(output, METRIKA_HOSTS if counter else ())


# ------------------------------------------------------------------ search

def open_data_files(project: Project) -> dict[str, bytes]:
    """Files the build writes beside the pages: catalogue, synonyms, feeds, calendars, tables."""
    files = {
        "catalog.json": json.dumps(opendata.catalog(project), ensure_ascii=False, indent=1).encode(),
        "synonyms.json": json.dumps(opendata.synonyms(project), ensure_ascii=False).encode(),
        "feed.xml": opendata.atom(project).encode(),
        "rss.xml": opendata.rss(project).encode(),
        acts_content.FEED: acts.atom(project).encode(),
    }
    files.update(opendata.ics_files(project))
    files.update({path: text.encode() for path, text in yearcycle.generated_csv(project).items()})  # YAML tables
    return files


def attachment_jobs(project: Project) -> list[dict]:
    """Each attached file whose text goes into the search index, as its own record."""
    jobs = []
    for item in project.items:
        filters: dict[str, list[str]] = {}
        for a in attachment_list(project, item):
            if not a.get("file"):
                continue
            if not filters:
                for k, v in render.search_filters(project, item):
                    filters.setdefault(k, []).append(v)
            name = a["file"].rsplit("/", 1)[-1]
            # One address per file: pagefind keeps one record per URL, so files sharing
            # the material's address would replace one another in the index.
            jobs.append({"path": str(project.docs_dir / a["file"]),
                         "url": item.url + "#" + render.file_anchor(item, a["file"]),
                         "title": f"{item.title} — файл «{a['title']}» ({name})",
                         "filters": filters, "meta": {"file": name, "Тип": labels.type_label(project.site, item.type)}})
    return jobs
