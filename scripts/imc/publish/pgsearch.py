"""An optional search backend on PostgreSQL full-text search (Russian snowball dictionary), for a
bank too big for a static index (see README «Большой банк»). The static pagefind index stays the
default; with `search_api` set in the imc plugin's options the search page asks this server.

    python -m imc.publish.pgsearch load  --dsn DSN SITE_DIR    # the built site's pages → table
    python -m imc.publish.pgsearch serve --dsn DSN [--site SITE_DIR] [--port 8081]

`load` reads what pagefind indexes (the indexed part of each built page, its filters and title)
into one table with a generated tsvector (title weighted above text) and GIN indexes; `serve`
answers GET /api/search?q=…&f.<filter>=<value>&offset=N with JSON: total, results (url, title,
excerpt with <mark>, filters) and counts per filter value. Serve the API on the site's own
origin (the pages' CSP allows `connect-src 'self'`), e.g. nginx `location /api/search` → serve.
"""
from __future__ import annotations

import html
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from imc.publish.search import SHARD_FILTER, index_html

TABLE = "imc_search"
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
  url text PRIMARY KEY,
  title text NOT NULL,
  body text NOT NULL,
  filters jsonb NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('russian', title), 'A') || setweight(to_tsvector('russian', body), 'B')) STORED
);
CREATE INDEX IF NOT EXISTS {TABLE}_tsv ON {TABLE} USING gin (tsv);
CREATE INDEX IF NOT EXISTS {TABLE}_filters ON {TABLE} USING gin (filters);
"""
PAGE = 10
_MARK_OPEN, _MARK_CLOSE = "\x01", "\x02"  # ts_headline's marks, replaced after escaping


class _Page(HTMLParser):
    """Text, title and filters of the indexed part of a page, as pagefind reads them."""
    SKIP = {"script", "style", "template"}
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "embed"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.title: list[str] = []
        self.filters: dict[str, list[str]] = {}
        self._stack: list[tuple[str, str | None, bool]] = []  # tag, filter name, skipped
        self._in_h1 = False
        self._h1_done = False

    def _skipping(self) -> bool:
        return any(s for _, _, s in self._stack)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        skip = tag in self.SKIP or "data-pagefind-ignore" in a
        self._stack.append((tag, a.get("data-pagefind-filter"), skip))
        if tag == "h1" and not self._h1_done:
            self._in_h1 = True

    def handle_endtag(self, tag):
        while self._stack:
            t, _, _ = self._stack.pop()
            if t == tag:
                break
        if tag == "h1" and self._in_h1:
            self._in_h1, self._h1_done = False, True

    def handle_data(self, data):
        name = next((f for _, f, _ in reversed(self._stack) if f), None)
        if name is not None:
            name, _, value = name.partition(":") if ":" in name else (name, "", data)
            if name != SHARD_FILTER and value.strip():
                self.filters.setdefault(name, []).append(value.strip())
            return
        if self._skipping():
            return
        self.text.append(data)
        if self._in_h1:
            self.title.append(data)


def page_record(url: str, page_html: str) -> dict | None:
    if "data-pagefind-body" not in page_html:
        return None  # pagefind does not index it either
    p = _Page()
    p.feed(index_html(page_html))
    p.close()
    body = " ".join(" ".join(p.text).split())
    title = " ".join(" ".join(p.title).split()) or url
    return {"url": url, "title": title, "body": body, "filters": p.filters}


def site_records(site: Path):
    """Every indexed page of a built site, with its address from the site root."""
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("pagefind/", "assets/", "admin/")):
            continue
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        rec = page_record(url, path.read_text(encoding="utf-8", errors="replace"))
        if rec is not None:
            yield rec


def load(dsn: str, site: Path) -> int:
    """Replace the table's content with the site's pages, in one transaction."""
    import psycopg
    from psycopg.types.json import Jsonb

    n = 0
    with psycopg.connect(dsn) as conn:
        conn.execute(SCHEMA)
        conn.execute(f"DELETE FROM {TABLE}")
        with conn.cursor().copy(f"COPY {TABLE} (url, title, body, filters) FROM STDIN") as copy:
            for rec in site_records(site):
                copy.write_row((rec["url"], rec["title"], rec["body"], Jsonb(rec["filters"])))
                n += 1
        conn.execute(f"ANALYZE {TABLE}")
    return n


def _where(filters: dict[str, list[str]]) -> tuple[str, list]:
    """Within a filter any value matches; filters combine with «and» (as on the static page)."""
    sql, args = [], []
    for name, values in sorted(filters.items()):
        sql.append("(filters -> %s) ?| %s")
        args += [name, list(values)]
    return (" AND " + " AND ".join(sql)) if sql else "", args


def search(conn, q: str, filters: dict[str, list[str]] | None = None, offset: int = 0, limit: int = PAGE) -> dict:
    filters = filters or {}
    where, args = _where(filters)
    query = "websearch_to_tsquery('russian', %s)"
    rows = conn.execute(
        f"""SELECT url, title, filters,
                   ts_headline('russian', body, {query},
                               'MaxFragments=1, MinWords=12, MaxWords=30, StartSel=' || chr(1) || ', StopSel=' || chr(2)),
                   count(*) OVER ()
            FROM {TABLE} WHERE tsv @@ {query}{where}
            ORDER BY ts_rank_cd(tsv, {query}) DESC, url LIMIT %s OFFSET %s""",
        [q, q, *args, q, limit, offset]).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for name, value, n in conn.execute(
            f"""SELECT f.key, v, count(*) FROM {TABLE}, jsonb_each(filters) f, jsonb_array_elements_text(f.value) v
                WHERE tsv @@ {query}{where} GROUP BY 1, 2""", [q, *args]).fetchall():
        counts.setdefault(name, {})[value] = n
    return {
        "total": rows[0][4] if rows else 0,
        "results": [{"url": url, "title": title, "filters": f,
                     "excerpt": html.escape(excerpt).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")}
                    for url, title, f, excerpt, _ in rows],
        "counts": counts,
    }


def _handler(dsn: str, site: Path | None):
    import http.server

    import psycopg

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site or "."), **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
            parts = urlsplit(self.path)
            if parts.path.rstrip("/").endswith("/api/search"):
                return self._api(parts.query)
            if site is None:
                return self.send_error(404)
            return super().do_GET()

        def _api(self, qs: str):
            params = parse_qsl(qs, keep_blank_values=False)
            q = next((v for k, v in params if k == "q"), "").strip()[:200]
            filters: dict[str, list[str]] = {}
            for k, v in params:
                if k.startswith("f."):
                    filters.setdefault(k[2:], []).append(v)
            try:
                offset = max(0, min(10_000, int(next((v for k, v in params if k == "offset"), "0"))))
            except ValueError:
                offset = 0
            if not q:
                body = {"total": 0, "results": [], "counts": {}}
            else:
                with psycopg.connect(dsn) as conn:
                    body = search(conn, q, filters, offset)
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

    return Handler


def make_server(dsn: str, host: str = "127.0.0.1", port: int = 8081, site: Path | None = None):
    import http.server
    return http.server.ThreadingHTTPServer((host, port), _handler(dsn, site))


def main(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m imc.publish.pgsearch", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    lo = sub.add_parser("load", help="the built site's pages into PostgreSQL")
    lo.add_argument("--dsn", required=True)
    lo.add_argument("site", type=Path)
    se = sub.add_parser("serve", help="answer /api/search (and serve the site, with --site)")
    se.add_argument("--dsn", required=True)
    se.add_argument("--site", type=Path)
    se.add_argument("--host", default="127.0.0.1")
    se.add_argument("--port", type=int, default=8081)
    args = ap.parse_args(argv)
    if args.cmd == "load":
        print(f"в поиске PostgreSQL: {load(args.dsn, args.site)} страниц")
        return 0
    server = make_server(args.dsn, args.host, args.port, args.site)
    print(f"поиск: http://{args.host}:{server.server_address[1]}/api/search?q=…")
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
