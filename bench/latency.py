"""How long a visitor waits for search results: headless Chromium against a built site.

For a fixed set of 30 queries (the commonest words, rare words, two-word queries, abbreviations,
some with a filter chosen), the time from the query being entered to the first results on the
screen, measured inside the page: from the moment the query is submitted (Enter) until the
results list is in the document (the count and the first entries with their text, or «nothing
found»). Typing without Enter adds the search box's pause after the last key (imc.js: PAUSE
ms) to every figure.
A page opened with a filter has finished loading once its filter panel shows its counts.

- cold: each query is the first one after the search page is opened in a fresh browser context
  (empty cache), once the page has finished loading; the bytes it downloads from /pagefind/ are
  summed from the page load on (runtime, entry, metadata, chunks, fragments).
- warm: after the cold run, all queries again one after another in one page (its runtime,
  metadata and the chunks of earlier queries loaded, as for a visitor who searches again).

Run alone: python bench/latency.py SITE_DIR [--json] [--rounds 2]
"""
from __future__ import annotations

import functools
import http.server
import statistics
import threading
import urllib.parse
from pathlib import Path

from browser import ARGS, CHROMIUM, SEARCH_PAGE, _Quiet, kind_of

TYPING_PAUSE_MS = 250  # imc.js PAUSE: it waits this long after the last key before it searches

# (kind, query, filters). Words that both the demo content and the bench's generated materials
# contain; «урок» is the commonest word of both.
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("common", "урок", {}),
    ("common", "учащихся", {}),
    ("common", "работа", {}),
    ("common", "занятие", {}),
    ("common", "учителя", {}),
    ("common", "результаты", {}),
    ("rare", "фотосинтез", {}),
    ("rare", "климатограмма", {}),
    ("rare", "логоритмика", {}),
    ("rare", "кристаллогидраты", {}),
    ("rare", "Бородинское", {}),
    ("rare", "транспирация", {}),
    ("two-word", "проектная деятельность", {}),
    ("two-word", "финансовая грамотность", {}),
    ("two-word", "квадратное уравнение", {}),
    ("two-word", "классный час", {}),
    ("two-word", "первая помощь", {}),
    ("two-word", "урок математики", {}),
    ("abbreviation", "ФГОС", {}),
    ("abbreviation", "ОГЭ", {}),
    ("abbreviation", "РМО", {}),
    ("abbreviation", "ГТО", {}),
    ("abbreviation", "КПД", {}),
    ("abbreviation", "ФЭМП", {}),
    ("filter", "урок", {"Предметы": "Математика"}),
    ("filter", "проект", {"Предметы": "Физика"}),
    ("filter", "игра", {"Уровни образования": "ДО"}),
    ("filter", "диагностика", {"Предметы": "Психология"}),
    ("filter", "работа", {"Тип": "Лучшая практика"}),
    ("filter", "ФГОС", {"Предметы": "Математика"}),
]

# Submits the query and resolves with the milliseconds until the results are in the document.
_RUN = """async ([q, limit]) => {
  const box = document.getElementById('imc-search');
  const r = box.querySelector('.imc-search__results');
  r.textContent = '';
  const done = () => !!r.querySelector('.imc-search__empty')
      || (!!r.querySelector('.imc-total') && !!r.querySelector('.imc-entry'));
  const input = box.querySelector('#imc-q');
  const form = box.querySelector('form');
  return await new Promise((resolve, reject) => {
    let t0 = 0;
    const obs = new MutationObserver(() => {
      if (done()) { obs.disconnect(); resolve([performance.now() - t0,
        (r.querySelector('.imc-total, .imc-search__empty') || {}).textContent || '']); }
    });
    obs.observe(r, {childList: true, subtree: true});
    setTimeout(() => { obs.disconnect(); reject(new Error('no results after ' + limit + ' ms')); }, limit);
    input.value = q;
    t0 = performance.now();
    form.requestSubmit();
  });
}"""


def _url(base: str, filters: dict[str, str]) -> str:
    qs = urllib.parse.urlencode([(f"f.{k}", v) for k, v in filters.items()])
    return base + SEARCH_PAGE + (f"?{qs}" if qs else "")


def _bytes(requests) -> tuple[int, dict]:
    total, by_kind = 0, {}
    for url, size in requests:
        if "/pagefind/" in url:
            total += size
            k = kind_of(url)
            by_kind[k] = by_kind.get(k, 0) + size
    return total, by_kind


def _open(context, url: str):
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    # initialised: imc.js draws its first state (a hint, or a filter's results) once pagefind is ready
    page.wait_for_function("() => !!document.querySelector('.imc-search__results')?.firstElementChild",
                           timeout=180_000)
    if "?" in url:  # a chosen filter searches at once: its results first, then the query
        page.wait_for_function("() => !!document.querySelector('.imc-search__results .imc-total,"
                               " .imc-search__results .imc-search__empty')", timeout=180_000)
        # its panel is open, and counted after the results
        page.wait_for_function("() => !document.querySelector('.imc-search__filters[aria-busy]')", timeout=180_000)
    page.wait_for_load_state("networkidle")
    return page, finished


def _query(page, q: str, limit_ms: int = 120_000) -> tuple[float, str]:
    ms, shown = page.evaluate(_RUN, [q, limit_ms])
    return ms / 1000, shown.strip()


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank (p95 of 30 values is the 29th)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))
    return s[int(k)]


def summary(values: list[float]) -> dict:
    return {"p50": statistics.median(values), "p95": pct(values, 95), "max": max(values), "n": len(values)}


def measure_latency(site: Path, rounds: int = 1, queries=QUERIES) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    cold, warm = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for kind, q, filters in queries:  # cold: a fresh context (empty cache) per query
                context = browser.new_context(locale="ru-RU")
                page, finished = _open(context, _url(base, filters))
                mark = len(finished)
                loaded = _bytes([(r.url, r.sizes()["responseBodySize"]) for r in finished])[0]
                s, shown = _query(page, q)
                page.wait_for_load_state("networkidle")
                total, by_kind = _bytes([(r.url, r.sizes()["responseBodySize"]) for r in finished])
                after = _bytes([(r.url, r.sizes()["responseBodySize"]) for r in finished[mark:]])[0]
                cold.append({"kind": kind, "q": q, "filters": filters, "s": s, "shown": shown,
                             "bytes": total, "bytes_page_load": loaded, "bytes_query": after,
                             "by_kind": by_kind})
                context.close()
            context = browser.new_context(locale="ru-RU")  # warm: one visitor, query after query
            pages = {}
            for _ in range(rounds):
                for kind, q, filters in queries:
                    key = tuple(sorted(filters.items()))
                    if key not in pages:
                        pages[key] = _open(context, _url(base, filters))[0]
                    s, shown = _query(pages[key], q)
                    warm.append({"kind": kind, "q": q, "filters": filters, "s": s, "shown": shown})
            context.close()
            browser.close()
    finally:
        server.shutdown()
    common = [c for c in cold if c["kind"] == "common"]
    return {
        "queries": len(queries), "typing_pause_ms": TYPING_PAUSE_MS,
        # warm: the first round, each query new to the page; later rounds repeat queries the
        # page has answered already (imc.js keeps pagefind's answers for the page view)
        "cold": summary([c["s"] for c in cold]), "warm": summary([w["s"] for w in warm[:len(queries)]]),
        "repeat": summary([w["s"] for w in warm[len(queries):]]) if len(warm) > len(queries) else None,
        "cold_common_first": cold[0], "cold_common": summary([c["s"] for c in common]),
        "first_query_bytes": summary([c["bytes"] for c in cold]),
        "cold_runs": cold, "warm_runs": warm,
    }


def main(argv=None) -> int:
    import argparse
    import json

    ap = argparse.ArgumentParser(description="Search latency of a built site in headless Chromium")
    ap.add_argument("site", type=Path)
    ap.add_argument("--rounds", type=int, default=1, help="warm rounds over the 30 queries")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    res = measure_latency(args.site, args.rounds)
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    for c in res["cold_runs"]:
        f = " ".join(f"[{k}={v}]" for k, v in c["filters"].items())
        print(f"cold {c['kind']:12} {c['q']:24} {f:28} {c['s'] * 1000:7.0f} ms {c['bytes'] / 1024:6.0f} KB  {c['shown']}")
    for w in res["warm_runs"]:
        print(f"warm {w['kind']:12} {w['q']:24} {w['s'] * 1000:7.0f} ms  {w['shown']}")
    for k in ("cold", "warm", "cold_common"):
        v = res[k]
        print(f"{k}: p50 {v['p50'] * 1000:.0f} ms, p95 {v['p95'] * 1000:.0f} ms, max {v['max'] * 1000:.0f} ms")
    b = res["first_query_bytes"]
    print(f"first-query bytes: p50 {b['p50'] / 1024:.0f} KB, p95 {b['p95'] / 1024:.0f} KB, max {b['max'] / 1024:.0f} KB; "
          f"«{res['cold_common_first']['q']}» {res['cold_common_first']['bytes'] / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
