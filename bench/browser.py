"""What a visitor's browser downloads for search: headless Chromium against the built site.

The site is served by http.server on loopback (no compression, like opening it from any
static host without gzip). A fresh browser context has an empty cache, so the first query
is cold: it pays for pagefind's runtime (JS, worker, WebAssembly), its entry file and
metadata, the index and filter chunks the query needs, and the fragments of the results
shown. A second, different query in the same context shows the cost of a later search.
A rarer word (a subject, on a few pages in twenty) is measured cold too, in a new context:
the common word shows the worst case of a first query, the rare one a usual one.

Run alone against a built site: python bench/browser.py SITE_DIR [--first урок] [--rare химия]
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
SEARCH_PAGE = "poisk/"  # poisk.md, filled by imc.site.pages.search_html
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


RARE_QUERY = "химия"  # a subject: its pages are about one in eighteen of the synthetic materials


def _open_panel(page) -> dict:
    """Open the facet panel of the search page (its data is loaded only then)."""
    started = time.perf_counter()
    page.click(".imc-search__toggle")
    page.wait_for_selector(".imc-search__facet", timeout=180_000)
    shown = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    return {"latency": shown, "result": f"{page.locator('.imc-search__facet').count()} facets"}


def _cold(browser, base: str, words: list[str], site: Path, panel: bool = False) -> list[dict]:
    """Queries one after another in a fresh context (empty cache); each with its own requests.
    With panel, the facet panel is opened after them (one more entry, word None)."""
    context = browser.new_context(locale="ru-RU")  # empty cache: a cold visitor
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(base + SEARCH_PAGE, wait_until="networkidle")
    done, marks = [], [0]
    for word in words:
        done.append({"word": word, **_search(page, word)})
        marks.append(len(finished))  # the first query's share includes the page load
    if panel and page.locator(".imc-search__toggle").count():  # a site built before the panel had none
        done.append({"word": None, **_open_panel(page)})
        marks.append(len(finished))
    sizes = [(r.url, r.sizes()["responseBodySize"]) for r in finished]
    context.close()
    return [{**d, **_sum(sizes[a:b], site)} for d, a, b in zip(done, marks, marks[1:])]


def measure_search(site: Path, first_word: str, later_word: str, rare_word: str | None = RARE_QUERY) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            first, later, *panel = _cold(browser, base, [first_word, later_word], site, panel=True)
            rare = _cold(browser, base, [rare_word], site)[0] if rare_word else None
            browser.close()
    finally:
        server.shutdown()
    out = {"first": first, "later": later}
    if panel:
        out["panel"] = panel[0]  # opening the facet panel after the two queries
    if rare:
        out["rare"] = rare
    return out


def _kb(n: int) -> str:
    return f"{n / 1024:.0f} KB"


def main(argv=None) -> int:
    import argparse
    import json

    ap = argparse.ArgumentParser(description="First-query bytes of a built site's search in headless Chromium")
    ap.add_argument("site", type=Path, help="a built site (the directory with pagefind/)")
    ap.add_argument("--first", default="урок", help="a common word, the first query in a cold browser")
    ap.add_argument("--later", default="фотосинтез", help="a second query in the same browser")
    ap.add_argument("--rare", default=RARE_QUERY, help="a rarer word, first query in another cold browser")
    ap.add_argument("--json", action="store_true", help="print the whole measurement as JSON")
    args = ap.parse_args(argv)
    res = measure_search(args.site, args.first, args.later, args.rare)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    for key in ("first", "later", "panel", "rare"):
        q = res.get(key)
        if not q:
            continue
        kinds = ", ".join(f"{k} {_kb(v)}" for k, v in sorted(q["by_kind"].items(), key=lambda kv: -kv[1])
                          if k != "runtime")
        print(f"{key:5} «{q['word'] or 'фильтры'}»: {_kb(q['total'])} in {q['files']} files; runtime {_kb(q['runtime'])}, "
              f"index data {_kb(q['index'])} ({kinds}); {q['result']}, {q['latency']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
