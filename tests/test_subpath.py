"""The built site is a folder of files: it must work from `python -m http.server` and when an
ИМЦ puts it under a sub-path of its host (https://example.ru/imc/), links and search included."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import kill_group

SERVER_START_TIMEOUT = 30


def start_http_server(directory: Path, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """`python -m http.server` over `directory`, as a user starts it; returns it once it answers.

    Its output is never read: without PYTHONUNBUFFERED Python holds «Serving HTTP on …» in a
    buffer, and a reader of that line waits forever. The port is chosen here, the server asked."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                            cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"python -m http.server {port} завершился с кодом {proc.returncode}: "
                                 f"{proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return proc, url
        except OSError:
            time.sleep(0.1)
    kill_group(proc)
    raise AssertionError(f"python -m http.server не ответил на {url}/ за {SERVER_START_TIMEOUT} с")


def stop_http_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        kill_group(proc)
    proc.stderr.close()


@pytest.fixture(scope="module")
def subpath_url(demo_site: Path, tmp_path_factory):
    """`python -m http.server` over a folder holding the site as /imc/."""
    host = tmp_path_factory.mktemp("host")
    (host / "imc").symlink_to(demo_site, target_is_directory=True)
    proc, url = start_http_server(host)
    yield url + "/imc"
    stop_http_server(proc)


def test_server_starts_without_unbuffered_output(tmp_path: Path):
    """The shell of a user who never set PYTHONUNBUFFERED: the server still starts and answers."""
    (tmp_path / "index.html").write_text("<h1>ИМЦ</h1>", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")}
    proc, url = start_http_server(tmp_path, env)
    try:
        with urllib.request.urlopen(url + "/", timeout=5) as r:
            assert "ИМЦ" in r.read().decode("utf-8")
    finally:
        stop_http_server(proc)


PAGES = ["/", "/praktiki/", "/praktiki/chitatelskiy-marafon/", "/rmo/", "/dokumenty/", "/poisk/"]


def test_pages_and_their_files_load_under_a_subpath(subpath_url, browser):
    context = browser.new_context()
    page = context.new_page()
    failed, outside = [], []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(subpath_url + "/") and not r.url.startswith("data:") else None)
    try:
        for path in PAGES:
            page.goto(subpath_url + path, wait_until="networkidle")
            assert page.locator("h1").count() >= 1, path
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            local = [h for h in hrefs if h.startswith("http://127.0.0.1")]
            assert local and all(h.startswith(subpath_url + "/") for h in local), \
                [h for h in local if not h.startswith(subpath_url + "/")][:5]
    finally:
        context.close()
    assert failed == [], failed
    assert outside == [], outside


def test_search_works_under_a_subpath(subpath_url, browser):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(subpath_url + "/poisk/?q=наставничество", wait_until="networkidle")
        results = page.locator("#imc-search-results a, .imc-search__results a")
        results.first.wait_for(timeout=15000)
        href = results.first.get_attribute("href")
        assert href and (href.startswith("/imc/") or href.startswith(subpath_url + "/")), href
        page.goto(results.first.evaluate("a => a.href"), wait_until="domcontentloaded")
        assert page.locator("h1").count() >= 1
    finally:
        context.close()
