"""The mkdocs plugin: a thin adapter that puts what the engine renders into mkdocs pages.

All decisions about content live in the engine (project, catalog, render, pages,
opendata, security, search); this file only maps them onto mkdocs events.
"""
from __future__ import annotations

import html
import logging
import os
import re
import shutil
import threading
from pathlib import Path

from imc.check.load import Memo, load_project
from imc.content import model
from imc.content.catalog import SECTION_PAGES, catalog_pages, data_files, page_fingerprints
from imc.content.clauses import anchor_regulation, clause_links
from imc.content.project import Project
from imc.core.forges import edit_uri
from imc.core.orphans import swap_in
from imc.core.problems import ERROR
from imc.files import published
from imc.mkdocs_plugin.config import ImcConfig
from imc.site import editions, opendata, pages, render
from imc.site.security import METRIKA_HOSTS, add_csp, sanitize
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.imc")

# Set by `imc build` so the project is read and checked once per build, not twice.
def _neutralise_meta(page) -> None:
    """The theme prints the title and description unescaped (and `striptags` unescapes
    entities again), so markup there — rejected by imc check, but a build may be forced —
    becomes text: angle brackets turn into ‹ ›, the description is escaped for its attribute."""
    title = page.meta.get("title", page.title)
    if isinstance(title, str) and re.search(r"[<>]|&#?\w+;", title):
        safe = re.sub(r"&(?=#?\w+;)", "&amp;", title).replace("<", "‹").replace(">", "›")
        page.meta["title"] = safe
        page.title = safe
    desc = page.meta.get("description")
    if isinstance(desc, str):
        page.meta["description"] = html.escape(desc, quote=True)


def _drop_unpublished(files, config) -> None:
    """Defence in depth: a file of docs/ that the allow-list refuses (published.py) or that is
    a symbolic link never reaches the site, even in a build forced past the check."""
    docs = os.path.abspath(config.docs_dir)
    real_docs = os.path.realpath(docs)
    for f in list(files):
        path = f.abs_src_path
        if not path or not os.path.abspath(path).startswith(docs + os.sep):
            continue  # the theme's own files, pages the build generates
        real = os.path.realpath(path)
        if real != os.path.join(real_docs, os.path.relpath(path, docs)):
            why = "символическая ссылка"
        elif f.is_documentation_page():
            continue
        else:
            found = published.verdict(docs, f.src_uri)
            why = found[0] if found else None
        if why:
            files.remove(f)
            log.info("imc: docs/%s не опубликован: %s", f.src_uri, why)


METRIKA_SCRIPT = "assets/imc-metrika.js"  # in this package; the same path in the built site
_SNIPPET_LINE = re.compile(r"^([ \t]*)(-+8<)", re.M)


class ImcPlugin(BasePlugin[ImcConfig]):
    supports_multiple_instances = False
    # `imc build` calls mkdocs' build() directly, without on_startup: these are the defaults
    serving = False
    memo: Memo | None = None
    # set by `imc build`, which has read and checked the project already: not read twice
    preloaded: Project | None = None
    project: Project | None = None  # the macros of the project's own pages read it
    search_thread: threading.Thread | None = None
    search_generation = 0

    def on_startup(self, *, command, dirty):
        # With on_startup defined, mkdocs keeps this instance across the rebuilds of
        # `mkdocs serve`: the live preview remembers files, catalogue pages and page HTML.
        self.command = command
        self.serving = command == "serve"
        self.memo = Memo() if self.serving else None
        self.fingerprints: dict[str, int] = {}
        self.page_html: dict[str, str] = {}  # url -> rendered page, for re-indexing in serve
        self.page_urls: set[str] = set()

    # After mkdocs-macros has built its Jinja environment (default priority 0).
    @event_priority(-100)
    def on_config(self, config):
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        if self.search_thread is not None:
            self.search_generation += 1  # a newer save: the index being written is already stale
            self.search_thread.join()
        project, self.preloaded = self.preloaded or load_project(root, memo=self.memo), None
        for p in project.problems:
            if p.severity != ERROR:
                log.info(p.text())
        errors = project.errors
        if errors and self.config.enforce_check:
            for p in errors[:50]:
                log.error(p.text())
            raise PluginError(f"imc check нашёл ошибок: {len(errors)}. Исправьте их (подробно: imc check) "
                              "— сайт не собран, прежняя версия не тронута.")
        self.project = project
        if config.theme.get("language") != "ru":
            raise PluginError("В mkdocs.yml нужно theme.language: ru — иначе поиск не понимает русские словоформы.")
        self._configure_macros(config, project)
        repo = str(project.site.get("repo") or "").rstrip("/")
        if repo and not config.get("edit_uri"):
            # an absolute edit_uri: no repo_url, so the theme never asks GitHub's API for stars
            config["edit_uri"] = edit_uri(repo, project.site.get("branch") or "main")  # per forge
        self.generated: dict[str, tuple[str, object]] = {}
        self.indexer = None
        if self.config.search and not self.serving:
            # the index is built beside the rendering, in its own processes, from the first page on
            self.indexer = self._start_indexer(project)
        return config

    def _start_indexer(self, project: Project):
        """An indexing process, with the project's attachments queued for their text."""
        from imc.publish.search import IndexerProcess
        shard = self.config.search_shard_chars
        indexer = IndexerProcess(**({"shard_chars": shard} if shard > 0 else {}),
                                 manifest={"api": self.config.search_api} if self.config.search_api else None)
        if self.config.attachments_text:
            indexer.add_attachments(self._attachment_jobs(project), str(self.root / self.config.cache_dir / "text"))
        return indexer

    def _configure_macros(self, config, project: Project) -> None:
        """Macros run only on the project's own pages, in a sandboxed Jinja environment."""
        macros = config.plugins.get("macros")
        if macros is None:
            return
        import pathspec
        from jinja2.sandbox import SandboxedEnvironment
        # anchored: in gitwildmatch a bare «index.md» would match every material's index.md
        macros._render_paths_spec = pathspec.PathSpec.from_lines(
            "gitwildmatch", ["/" + p.lstrip("/") for p in project.template_pages()])
        old = macros.env
        env = SandboxedEnvironment(loader=old.loader, undefined=old.undefined)
        env.globals.update(old.globals)
        env.filters.update(old.filters)
        macros._env = env

    # ------------------------------------------------------------ files and pages

    def on_files(self, files, config):
        project = self.project
        _drop_unpublished(files, config)
        pages = catalog_pages(project)
        fps = page_fingerprints(project, pages, salt=self.memo.data_key) if self.serving else {}
        for page in pages:
            self._add(files, config, page.src, page.title, ("catalog", page), fps.get(page.src))
        for src, title in SECTION_PAGES.items():
            self._add(files, config, src, title, ("section", src))
        for item, _ in editions.compared(project):  # «Что изменилось» beside each new edition
            title = f"Что изменилось: {item.title}".replace('"', "'").replace("\\", "/")
            self._add(files, config, editions.page_src(item), title, ("editions", item.id))
        for path in data_files(project):  # placeholders: filled in on_post_build
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=b""))
        if self.serving:
            for src in project.template_pages():  # macros list the latest materials: always fresh
                f = files.get_file_from_path(src)
                if f is not None:
                    f.is_modified = lambda: True
            self.page_urls = {f.url for f in files.documentation_pages()}
        return files

    def _add(self, files, config, src: str, title: str, payload, fingerprint: int | None = None) -> None:
        self.generated[src] = payload
        if files.get_file_from_path(src) is None:
            content = f"---\ntitle: \"{title}\"\n---\n"
            f = File.generated(config, src, content=content)
            if fingerprint is not None:
                # a dirty rebuild of the preview skips a catalogue page that would come out the same
                same = self.fingerprints.get(src) == fingerprint and os.path.exists(f.abs_dest_path)
                self.fingerprints[src] = fingerprint
                if same:
                    f.is_modified = lambda: False
            files.append(f)

    @event_priority(100)  # before mkdocs-macros: contributed pages must not switch macros on
    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        if src not in self.project.template_pages():
            for key in ("render_macros", "ignore_macros"):
                page.meta.pop(key, None)
            # a snippet line stays visible as text instead of including a file
            markdown = _SNIPPET_LINE.sub(r"\1\\\2", markdown)
        item = self.project.item_at(src)
        if item is not None:
            # mkdocs reads front matter as YAML 1.1 (`title: no` is False there): show what the
            # author wrote, as the engine read and checked it
            for key in ("title", "description"):
                if isinstance(item.meta.get(key), str):
                    page.meta[key] = item.meta[key]
        _neutralise_meta(page)
        if item is not None and item.type.name != "page":
            # the sidebar never lists materials, so on their pages it is empty: give its width
            # to the card and the plan tables (the mobile drawer still holds the sections)
            hide = page.meta.get("hide") if isinstance(page.meta.get("hide"), list) else []
            page.meta["hide"] = [*hide, "navigation"]
        if item is not None and item.type.name == "regulation":
            markdown = anchor_regulation(markdown)
        return markdown

    def on_page_content(self, html, page, config, files):
        project = self.project
        src = page.file.src_uri
        url = page.url
        trusted = src in project.template_pages()
        if not trusted:
            html = sanitize(html)
        item = project.item_at(src)
        kind = item.type.name if item else None
        before, after = "", ""
        if kind in ("practice", "product"):
            before = render.card_html(project, item, url) + render.attachments_html(project, item, url)
            after = render.after_html(project, item, url)
        elif kind == "rmo":
            before = render.rmo_html(project, item, url)
            after = render.attachments_html(project, item, url, "Документы объединения", suffix="-doc")
        elif kind == "regulation":
            html = clause_links(html)
            before = render.regulation_banner(project, item, url)
            # the comparison page, from the new edition and from the one it replaced
            for newer, older in editions.compared(project):
                if item in (newer, older):
                    before += editions.banner_link(newer, url)
        elif kind == "event":
            before, results = render.event_html(project, item, url)
            after = results + render.attachments_html(project, item, url)
        elif kind == "news":
            before = render.news_meta_html(item)
            after = render.attachments_html(project, item, url)
        if item is not None and item.type is not model.PAGE:
            after += render.json_ld(project, item)
        payload = self.generated.get(src)
        generated = self._generated_html(payload, url) if payload else ""
        if payload or src == "index.md":
            # Listings are not indexed: search should land on the material itself.
            return html + generated
        title = "" if "<h1" in html else \
            f'<h1 data-pagefind-meta="title">{render.escape(page.title or "")}</h1>'
        html = render.unique_file_anchors(f'<div data-pagefind-body>{title}{before}{html}{after}</div>')
        if self.config.search:
            if self.serving:
                self.page_html[url or ""] = html  # indexed with all the others after the build
            elif self.indexer is not None:
                self.indexer.add_page(url or "", html)
        return html

    def _generated_html(self, payload, url: str) -> str:
        kind, value = payload
        project = self.project
        if kind == "catalog":
            return render.catalog_html(project, value, url)
        if kind == "editions":
            return editions.editions_html(project, project.get("regulation", value), url)
        return {
            "rmo/index.md": render.rmo_index_html, "dokumenty/index.md": render.documents_index_html,
            "sobytiya/index.md": render.events_index_html, "novosti/index.md": render.news_index_html,
            "o-nas/struktura.md": pages.structure_html, "o-nas/ploshchadki.md": pages.platforms_html,
            "o-nas/statistika.md": pages.stats_html, "spravka/polya.md": pages.fields_html,
            "poisk.md": pages.search_html,
        }[value](project, url)

    def on_env(self, env, config, files):
        # Every page's content exists now (the theme renders them next): the index is written
        # beside that rendering, on the other core, instead of after it.
        if self.indexer is not None and not self.serving:
            self.indexer.start_write(str(Path(config.site_dir) / "pagefind"))
        return env

    def on_page_context(self, context, page, config, nav):
        item = self.project.item_at(page.file.src_uri)
        if item is not None and item.type.name == "regulation":
            context["imc_regulation"] = True
        return context

    @event_priority(-100)  # last: the CSP must see the final HTML
    def on_post_page(self, output, page, config):
        counter = self.project.site.get("metrika")
        if counter:  # opt-in only: the one third party a site owner may choose to call
            src = render.rel(page.url, METRIKA_SCRIPT)
            tag = f'<script src="{src}" data-counter="{int(counter)}" defer></script>'
            output = output.replace("</head>", tag + "\n</head>", 1)
        return add_csp(output, METRIKA_HOSTS if counter else ())

    @event_priority(-100)
    def on_post_template(self, output_content, template_name, config):
        """Theme pages that are not Markdown pages (404.html) get the same CSP."""
        if template_name.endswith(".html"):
            return add_csp(output_content)
        return output_content

    # ------------------------------------------------------------ after the pages

    def on_post_build(self, config):
        project, site = self.project, Path(config.site_dir)
        if self.serving:
            # the preview shows the page at once; open data and the search index follow
            self.search_thread = threading.Thread(target=self._after_preview, args=(project, site),
                                                  name="imc-after-build", daemon=True)
            self.search_thread.start()
            return
        self._write_open_data(project, site)
        if self.config.search:
            self._write_search(project, site)

    def _write_open_data(self, project: Project, site: Path) -> None:
        import json
        if project.site.get("metrika"):  # shipped only to sites that turned the counter on
            (site / METRIKA_SCRIPT).write_bytes((Path(__file__).parents[1] / METRIKA_SCRIPT).read_bytes())
        (site / "catalog.json").write_text(
            json.dumps(opendata.catalog(project), ensure_ascii=False, indent=1), encoding="utf-8")
        (site / "synonyms.json").write_text(json.dumps(opendata.synonyms(project), ensure_ascii=False),
                                            encoding="utf-8")
        (site / "feed.xml").write_text(opendata.atom(project), encoding="utf-8")
        (site / "rss.xml").write_text(opendata.rss(project), encoding="utf-8")
        for path, data in opendata.ics_files(project).items():
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        from imc.authoring.cms import write_admin
        write_admin(project, site)

    def _after_preview(self, project: Project, site: Path) -> None:
        generation = self.search_generation
        try:
            self._write_open_data(project, site)
            if not self.config.search:
                return
            for url in [u for u in self.page_html if u not in self.page_urls]:
                del self.page_html[url]  # the page's file is gone
            indexer = self._start_indexer(project)
            for url, html in list(self.page_html.items()):
                indexer.add_page(url, html)
            # written beside the index in use and swapped in whole: a search in the preview
            # never meets a half-written index
            fresh, final = site / f".pagefind-{generation}", site / "pagefind"
            shutil.rmtree(fresh, ignore_errors=True)
            indexer.start_write(str(fresh))
            # another save stops this index at once: its own build indexes anew
            if not indexer.wait(cancelled=lambda: generation != self.search_generation):
                shutil.rmtree(fresh, ignore_errors=True)
                return
            swap_in(fresh, final)
            log.info("imc: в поиске %d страниц и %d вложений", indexer.pages, indexer.records)
        except Exception as err:  # the preview goes on; the next save tries again
            log.warning("imc: поиск и открытые данные в предпросмотре не обновлены: %s", err)

    def _write_search(self, project: Project, site: Path) -> None:
        indexer, self.indexer = self.indexer, None
        if indexer is None:
            return
        try:
            indexer.write(str(site / "pagefind"))  # or only waits, if on_env started it
        except Exception as err:
            raise PluginError(f"Поисковый индекс не построен: {err}") from err
        log.info("imc: в поиске %d страниц и %d вложений", indexer.pages, indexer.records)

    def on_build_error(self, error):
        if self.indexer is not None:  # a failed build leaves no indexing processes behind
            self.indexer.close()
            self.indexer = None

    def _attachment_jobs(self, project: Project) -> list[dict]:
        """Each attached file whose text goes into the index, as its own record."""
        from imc.content.project import attachment_list
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
                             "filters": filters, "meta": {"file": name, "Тип": item.type.label}})
        return jobs
