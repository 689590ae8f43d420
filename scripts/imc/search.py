"""The search index: pagefind, fed page by page while the site is still being rendered.

pagefind's Python API runs the indexer in its own process; we push each rendered page
to it as soon as it exists, so indexing uses the second core while mkdocs renders on the
first, and nothing is read back from disk afterwards.
"""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future

import pagefind.service
from pagefind.index import IndexConfig, PagefindIndex


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


class SearchIndexer:
    def __init__(self, language: str = "ru"):
        self.language = language
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._pending: list[Future] = []
        config = IndexConfig(force_language=language, keep_index_url=False)
        self._index = self._run(PagefindIndex(config=config).__aenter__())
        self.pages = 0
        self.records = 0

    def _run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def add_page(self, url: str, html: str) -> None:
        """Queue a rendered page; returns at once."""
        self._pending.append(asyncio.run_coroutine_threadsafe(
            self._index.add_html_file(content=html, url=url), self._loop))
        self.pages += 1

    def add_record(self, url: str, content: str, title: str, filters: dict[str, list[str]],
                   meta: dict[str, str] | None = None) -> None:
        """A record that is not a page: the text of an attachment, pointing to its material."""
        self._pending.append(asyncio.run_coroutine_threadsafe(
            self._index.add_custom_record(url=url, content=content, language=self.language,
                                          meta={"title": title, **(meta or {})}, filters=filters),
            self._loop))
        self.records += 1

    def write(self, output_path: str) -> None:
        try:
            for fut in self._pending:
                fut.result()
            self._run(self._index.write_files(output_path=output_path))
        finally:
            self.close()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self._run(self._index.__aexit__(None, None, None))
        except Exception:  # the service may already be gone; nothing left to save
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
