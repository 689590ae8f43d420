"""The search index: pagefind, fed page by page while the site is still being rendered.

pagefind's Python API runs the indexer in its own process; we push each rendered page
to it as soon as it exists, so indexing uses the second core while mkdocs renders on the
first, and nothing is read back from disk afterwards.
"""
from __future__ import annotations

import asyncio
import re
import threading
from concurrent.futures import Future

import pagefind.service
from pagefind.index import IndexConfig, PagefindIndex

# Russian stemming cuts short abbreviations down to nothing: «ИОМ» → «и», «ДОУ» → «до»,
# «ГИА» → «ги», and then a search for «ИОМ» finds every word beginning with «и». Written in
# capitals, an abbreviation goes to the index with a trailing «_» (a word character for pagefind,
# and no Russian ending), so it stays whole: «ИОМ_». A search for «иом» still finds «ИОМ_» when its
# stem is intact, as pagefind matches beginnings of words. imc.js marks abbreviations in a query
# the same way (ABBR_WORD there) and takes the mark off what it shows.
ABBR = re.compile(r"(?<![\w_])([А-ЯЁ]{2,6})(?![\w])")
_TAG = re.compile(r"(<[^>]*>)")


def protect_abbreviations(text: str) -> str:
    """«по ФГОС и ИОМ» → «по ФГОС_ и ИОМ_» (only for the index, never for the page)."""
    return ABBR.sub(r"\1_", text)


_HIDDEN_FILTER = re.compile(r"<span hidden (data-pagefind-filter=\"[^\"]*\")>")
_HIDDEN_META = re.compile(r"(<span hidden data-pagefind-meta=\"[^\"]*\">[^<]*</span>)")
_CELL_END = re.compile(r"(</(?:dt|dd|th|td|li|caption)>)")


def index_html(html: str) -> str:
    """The copy of a page that goes to the index (the page itself is not changed): only its
    indexed part (pagefind skips the theme's header, menus and footer anyway, and parsing and
    piping them cost as much as the content); abbreviations protected; hidden filter values
    are facets, not text (pagefind would glue them to the text before: «ОГЭ и ВПРРМОМатематика»);
    hidden meta values and a card's term and value are separate words («РуководительМаркова»)."""
    start = html.find("<div data-pagefind-body")
    end = html.find("</article>", start)
    if start >= 0 and end > start:
        html = ('<!doctype html><html lang="ru"><head><meta charset="utf-8"></head><body>'
                + html[start:end] + "</body></html>")
    html = _HIDDEN_FILTER.sub(r"<span hidden \1 data-pagefind-ignore>", html)
    html = _HIDDEN_META.sub(r" \1 ", html)
    html = _CELL_END.sub(r"\1 ", html)
    out, tag = [], ""
    for part in _TAG.split(html):
        if part.startswith("<"):
            tag = part
        elif part and not ("data-pagefind-filter" in tag and not tag.startswith("</")):
            part = protect_abbreviations(part)  # filter values stay as they are: they are facets
        out.append(part)
    return "".join(out)


class _NoPollDelay:
    """pagefind's Python service sleeps 0.1 s before reading each response from its
    subprocess (pagefind 1.5: `_wait_for_responses`), so every page costs ≥ 100 ms and
    10 000 pages ≥ 17 minutes. `readuntil` already waits for data: the sleep only yields."""

    def __getattr__(self, name):
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay, result=None):
        return await asyncio.sleep(0, result)


pagefind.service.asyncio = _NoPollDelay()


class _AlreadyWritten(Exception):
    """Passed to PagefindIndex.__aexit__ so that it only stops the service."""


class SearchIndexer:
    def __init__(self, language: str = "ru"):
        self.language = language
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._pending: list[Future] = []
        self._batch: list[tuple[str, str]] = []
        config = IndexConfig(force_language=language, keep_index_url=False)
        self._index = self._run(PagefindIndex(config=config).__aenter__())
        self.pages = 0
        self.records = 0

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    BATCH = 16  # pages handed over per wake-up of the indexing thread (each wake-up costs ms)

    def add_page(self, url: str, html: str) -> None:
        """Queue a rendered page; returns at once."""
        self._batch.append((url, index_html(html)))
        self.pages += 1
        if len(self._batch) >= self.BATCH:
            self._send_batch()

    def _send_batch(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            async def add_all():
                await asyncio.gather(*(self._index.add_html_file(content=h, url=u) for u, h in batch))
            self._pending.append(asyncio.run_coroutine_threadsafe(add_all(), self._loop))

    def add_record(self, url: str, content: str, title: str, filters: dict[str, list[str]],
                   meta: dict[str, str] | None = None) -> None:
        """A record that is not a page: the text of an attachment, pointing to its material."""
        self._pending.append(asyncio.run_coroutine_threadsafe(
            self._index.add_custom_record(url=url, content=protect_abbreviations(content),
                                          language=self.language,
                                          meta={"title": protect_abbreviations(title), **(meta or {})},
                                          filters=filters),
            self._loop))
        self.records += 1

    def flush(self) -> None:
        """Wait until every queued page is in the index."""
        self._send_batch()
        for fut in self._pending:
            fut.result()
        self._pending.clear()

    def write(self, output_path: str) -> None:
        try:
            self.flush()
            self._run(self._index.write_files(output_path=output_path))
        finally:
            self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            # Leaving the context without an exception would write the whole index a second
            # time, to ./pagefind of the current folder (pagefind 1.5): we wrote it already.
            self._run(self._index.__aexit__(_AlreadyWritten, None, None))
        except Exception:  # the service may already be gone; nothing left to save
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
