"""The mkdocs plugin: a thin adapter that puts what the engine renders into mkdocs pages.

All decisions about content live in the engine (project, catalog, render, pages,
opendata, security, search); this file only maps them onto mkdocs events.
"""
from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path

from imc.check.load import Memo, load_project
from imc.content import acts as acts_content
from imc.content import labels
from imc.content.catalog import SECTION_PAGES, catalog_pages, data_files, page_fingerprints
from imc.content.project import Project
from imc.core.forges import edit_uri
from imc.core.orphans import swap_in
from imc.core.problems import ERROR
from imc.mkdocs_plugin import navcache
from imc.mkdocs_plugin.config import ImcConfig
from imc.site import assemble, editions, opendata
from imc.site.assemble import METRIKA_SCRIPT
from imc.site.security import add_csp
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.imc")


def _drop_unpublished(files, config) -> None:
    """A file of docs/ that the engine does not publish (assemble.unpublished) leaves the build."""
    docs = os.path.abspath(config.docs_dir)
    for f in list(files):
        path = f.abs_src_path
        if not path or not os.path.abspath(path).startswith(docs + os.sep):
            continue  # the theme's own files, pages the build generates
        why = assemble.unpublished(docs, f.src_uri, f.is_documentation_page())
        if why:
            files.remove(f)
            log.info("imc: docs/%s не опубликован: %s", f.src_uri, why)


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
    nav = None  # this build's menu: the theme's menu is rendered once per place (navcache)

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
        config["site_description"] = labels.relabel(project.site, config.get("site_description") or "")
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
                                 manifest={"api": self.config.search_api} if self.config.search_api else None,
                                 words=opendata.synonym_words(project))
        if self.config.attachments_text:
            indexer.add_attachments(assemble.attachment_jobs(project),
                                    str(self.root / self.config.cache_dir / "text"))
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
            self._add(files, config, src, labels.relabel(project.site, title), ("section", src))
        for src, (title, _) in acts_content.pages(project).items():  # нормативная база, аттестация
            self._add(files, config, src, title, ("acts", src))
        for item, _ in editions.compared(project):  # «Что изменилось» beside each new edition
            self._add(files, config, editions.page_src(item), f"Что изменилось: {item.title}",
                      ("editions", item.id))
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
            f = File.generated(config, src, content=assemble.generated_markdown(title))
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
        markdown, title = assemble.page_markdown(self.project, src, markdown, page.meta, page.title)
        if title is not None:
            page.title = title
        return markdown

    def on_page_content(self, html, page, config, files):
        url = page.url
        html, indexed = assemble.page_html(self.project, page.file.src_uri, url, html, page.title,
                                           self.generated.get(page.file.src_uri))
        if indexed and self.config.search:
            if self.serving:
                self.page_html[url or ""] = html  # indexed with all the others after the build
            elif self.indexer is not None:
                self.indexer.add_page(url or "", html)
        return html

    def on_nav(self, nav, config, files):
        """Titles of the menu written with the default «РМО» follow `labels` of data/site.yml."""
        def walk(entries):
            for entry in entries:
                if isinstance(entry.title, str):
                    entry.title = labels.relabel(self.project.site, entry.title)
                walk(getattr(entry, "children", None) or [])
        walk(nav.items)
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        # Every page's content exists now (the theme renders them next): the index is written
        # beside that rendering, on the other core, instead of after it.
        if self.indexer is not None and not self.serving:
            self.indexer.start_write(str(Path(config.site_dir) / "pagefind"))
        if self.nav is not None:
            navcache.install(env, self.nav)
        return env

    def on_page_context(self, context, page, config, nav):
        item = self.project.item_at(page.file.src_uri)
        if item is not None and item.type.name == "regulation":
            context["imc_regulation"] = True
        return context

    @event_priority(-100)  # last: the CSP must see the final HTML
    def on_post_page(self, output, page, config):
        return assemble.final_html(self.project, output, page.url)

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
        if project.site.get("metrika"):  # shipped only to sites that turned the counter on
            (site / METRIKA_SCRIPT).write_bytes((Path(__file__).parents[1] / METRIKA_SCRIPT).read_bytes())
        for path, data in assemble.open_data_files(project).items():
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
