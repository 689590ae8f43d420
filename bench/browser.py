"""What a visitor's browser downloads for search: headless Chromium against the built site.

The site is served by http.server on loopback (no compression, like opening it from any
static host without gzip). A fresh browser context has an empty cache, so the first query
is cold: it pays for pagefind's runtime (JS, worker, WebAssembly), its entry file and
metadata, the index and filter chunks the query needs, and the fragments of the results
shown. A second, different query in the same context shows the cost of a later search.
"""
from __future__ import annotations

import functools
import gzip
import http.server
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
SEARCH_PAGE = "poisk/"  # poisk.md, filled by imc.pages.search_html
DONE = ".imc-search__results .imc-total, .imc-search__results .imc-search__empty"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def kind_of(url: str) -> str:
    """runtime (code) or one kind of index data, from a /pagefind/ URL."""
    name = url.split("?")[0].rsplit("/", 1)[-1]
    if name.endswith(".js") or name.startswith("wasm."):
        return "runtime"
    for ext, kind in ((".pf_fragment", "fragments"), (".pf_index", "index chunks"),
                      (".pf_filter", "filter chunks"), (".pf_meta", "metadata"), (".json", "entry")):
        if name.endswith(ext):
            return kind
    return "other"


# Results are complete when the «nothing found» line, or the count with result entries, is shown
# (imc.js may show the count before it has fetched the entries' fragments).
_SHOWN = """() => { const r = document.querySelector('.imc-search__results');
  return !!r && (!!r.querySelector('.imc-search__empty')
                 || (!!r.querySelector('.imc-total') && !!r.querySelector('.imc-entry'))); }"""


def _search(page, word: str) -> dict:
    # clear what the previous query showed, so that its results are not taken for the new ones
    page.eval_on_selector(".imc-search__results", "r => { r.textContent = ''; }")
    started = time.perf_counter()
    page.fill("#imc-q", word)
    page.press("#imc-q", "Enter")
    page.wait_for_function(_SHOWN, timeout=180_000)
    shown = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    text = page.inner_text(DONE)
    return {"latency": shown, "result": text.strip()}


def _sum(requests, site: Path) -> dict:
    out: dict = {"total": 0, "runtime": 0, "index": 0, "runtime_gzip": 0, "by_kind": {}, "files": 0}
    for url, size in requests:
        if "/pagefind/" not in url:
            continue
        kind = kind_of(url)
        out["files"] += 1
        out["total"] += size
        out["by_kind"][kind] = out["by_kind"].get(kind, 0) + size
        if kind == "runtime":
            out["runtime"] += size
            local = site / "pagefind" / url.split("/pagefind/", 1)[1].split("?")[0]
            data = local.read_bytes() if local.is_file() else b""
            # JS would be gzipped by a server that compresses; the wasm file is gzip already
            out["runtime_gzip"] += len(gzip.compress(data)) if local.suffix == ".js" else size
        else:
            out["index"] += size
    return out


def measure_search(site: Path, first_word: str, later_word: str) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            context = browser.new_context(locale="ru-RU")  # empty cache: a cold visitor
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(base + SEARCH_PAGE, wait_until="networkidle")
            first = _search(page, first_word)
            first_count = len(finished)  # page load + first query
            later = _search(page, later_word)
            sizes = [(r.url, r.sizes()["responseBodySize"]) for r in finished]
            browser.close()
    finally:
        server.shutdown()
    return {
        "first": {"word": first_word, **first, **_sum(sizes[:first_count], site)},
        "later": {"word": later_word, **later, **_sum(sizes[first_count:], site)},
    }
