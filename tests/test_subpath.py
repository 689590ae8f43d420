"""The built site is a folder of files: it must work from `python -m http.server` and when an
ИМЦ puts it under a sub-path of its host (https://example.ru/imc/), links and search included."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def subpath_url(demo_site: Path, tmp_path_factory):
    """`python -m http.server` over a folder holding the site as /imc/."""
    host = tmp_path_factory.mktemp("host")
    (host / "imc").symlink_to(demo_site, target_is_directory=True)
    proc = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"],
                            cwd=host, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()  # «Serving HTTP on 127.0.0.1 port N …»
    port = int(line.split(" port ")[1].split()[0])
    url = f"http://127.0.0.1:{port}/imc"
    for _ in range(50):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


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
