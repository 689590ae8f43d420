"""The optional search backend on PostgreSQL full-text search (imc.publish.pgsearch): a real
PostgreSQL server, started by the test on a loopback port in a temporary folder, loaded with the
demo site's pages, asked through its HTTP API and by the search page in Chromium."""
from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, run_imc


def _binaries() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True) + [os.path.dirname(shutil.which("initdb") or "")]:
        if d and all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "pg_ctl", "postgres")):
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A PostgreSQL server of its own: initdb in a temporary folder, started by pg_ctl on a free
    loopback port. PostgreSQL refuses to run as root: then as the `postgres` user of the Debian
    package (or nobody), through runuser."""
    bindir = _binaries()
    if bindir is None:
        pytest.skip("PostgreSQL не установлен: нет initdb/pg_ctl/postgres (Debian-пакет postgresql, "
                    "его ставит .ci/install-chromium)")
    prefix: list[str] = []
    home = Path(tempfile.mkdtemp(prefix="imc-pg-"))
    if os.geteuid() == 0:
        user = next((u for u in ("postgres", "nobody") if _has_user(u)), None)
        if user is None or not shutil.which("runuser"):
            pytest.skip("под root PostgreSQL запускается только от другого пользователя: нет postgres/nobody или runuser")
        prefix = ["runuser", "-u", user, "--"]
        pw = pwd.getpwnam(user)
        os.chown(home, pw.pw_uid, pw.pw_gid)
    home.chmod(0o755)
    data, port = home / "data", _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "imc", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8"], check=True, capture_output=True, env=env, timeout=120)
    start = subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-t", "60",
                            "-o", f"-p {port} -k {home} -c listen_addresses=127.0.0.1", "start"],
                           capture_output=True, text=True, env=env, timeout=120)
    if start.returncode != 0:
        log = (home / "log").read_text(errors="replace") if (home / "log").exists() else ""
        raise AssertionError(f"PostgreSQL не запустился: {start.stdout}{start.stderr}{log}")
    try:
        yield f"host=127.0.0.1 port={port} user=imc dbname=postgres"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, env=env, timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture(scope="module")
def loaded(postgres, demo_site):
    from imc.publish.pgsearch import load
    n = load(postgres, demo_site)
    assert n > 50, n  # every indexed page of the demo
    return postgres


def _api(base: str, **params) -> dict:
    qs = urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(f"{base}/api/search?{qs}", timeout=30) as r:
        return json.loads(r.read().decode("utf-8"))


@pytest.fixture(scope="module")
def api(loaded, demo_site):
    from imc.publish.pgsearch import make_server
    server = make_server(loaded, port=0, site=demo_site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_russian_word_forms_and_filters(api, demo_site):
    """The Russian snowball dictionary: «наставника» finds pages with «наставник», «наставники»…;
    every result is a page of the site; a filter narrows; excerpts carry only <mark>."""
    res = _api(api, q="наставника")
    assert res["total"] >= 3, res
    for r in res["results"]:
        assert (demo_site / r["url"].lstrip("/") / "index.html").is_file() or (demo_site / r["url"].lstrip("/")).is_file(), r
        assert "<mark>" in r["excerpt"] and "<" not in r["excerpt"].replace("<mark>", "").replace("</mark>", ""), r
    forms = {w.lower().strip(".,«»") for r in res["results"] for w in r["excerpt"].split("<mark>")[1:]
             for w in [w.split("</mark>")[0]]}
    assert len(forms) >= 2 and all(f.startswith("наставни") for f in forms), forms
    every = _api(api, q="урок")
    assert every["total"] > 10 and every["counts"]["Тип"], every["counts"]
    kind, n = max(every["counts"]["Тип"].items(), key=lambda kv: kv[1])
    narrowed = _api(api, q="урок", **{f"f.Тип": kind})
    assert narrowed["total"] == n < every["total"]
    assert all(kind in r["filters"]["Тип"] for r in narrowed["results"])
    page2 = _api(api, q="урок", offset=10)
    assert {r["url"] for r in page2["results"]}.isdisjoint(r["url"] for r in every["results"])
    assert _api(api, q="зюзюкальщина")["total"] == 0


def test_search_page_asks_the_server(browser, loaded, tmp_path):
    """The demo built with `search_api`: the same search page shows the server's results (the
    static index stays beside it for everything else)."""
    from imc.publish.pgsearch import make_server
    root = tmp_path / "proj"
    for name in ("data", "overrides", "snippets", "docs"):
        shutil.copytree(ROOT / name, root / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("\n  - imc\n", "\n  - imc:\n      search_api: /api/search\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    run_imc("build", "--site-dir", str(root / "site"), root=root, check=True)
    manifest = json.loads((root / "site" / "pagefind" / "imc-shards.json").read_text(encoding="utf-8"))
    assert manifest["api"] == "/api/search"
    server = make_server(loaded, port=0, site=root / "site")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/api/search" in r.url else None)
    try:
        expected = _api(base, q="наставника")
        page.goto(f"{base}/poisk/?q=наставника")
        page.wait_for_selector(".imc-search__results .imc-total", timeout=60_000)
        total = page.locator(".imc-search__results .imc-total").inner_text()
        assert total.startswith("Найдено: ") and total.split()[1].replace("\xa0", "") == str(expected["total"])
        links = page.locator(".imc-search__results .imc-entry__title a").evaluate_all(
            "links => links.map((a) => a.getAttribute('href'))")
        assert links == [r["url"] for r in expected["results"]]
        assert asked and page.locator(".imc-search__results mark").count() > 0
    finally:
        context.close()
        server.shutdown()
