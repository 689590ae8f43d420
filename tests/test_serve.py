"""The live preview a methodist uses before a pull request: `imc serve` shows a saved change
in the page, in the catalogue and (a moment later) in search. The time it takes is printed
here and measured at scale in `make bench`."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import copy_site_skeleton, kill_group

pytestmark = pytest.mark.site  # builds a site with mkdocs and pagefind

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
PRACTICE = "docs/praktiki/chitatelskiy-marafon/index.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None) -> float:
    """Seconds until `predicate()` holds; a failure names what was awaited (and the preview's
    exit, if it died meanwhile)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"imc serve завершился с кодом {proc.returncode}, пока ждали: {what}")
        time.sleep(0.1)
    raise AssertionError(f"не дождались за {timeout} с: {what}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve") / "site"
    shutil.copytree(FIXTURE, root)
    copy_site_skeleton(root)
    port = _free_port()
    log = open(root / "serve.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "imc.cli", "--root", str(root), "serve",
                             "--dev-addr", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: "Читательский марафон" in _get(url + "/praktiki/chitatelskiy-marafon/"), 120,
                  f"первая сборка предпросмотра (imc serve) на {url}", proc)
        _wait_for(lambda: bool(_get(url + "/pagefind/pagefind-entry.json")), 60,
                  "поисковый индекс предпросмотра (pagefind-entry.json)", proc)
        yield root, url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill_group(proc)
        kill_group(proc)  # the indexer it may have started
        log.close()


def test_saved_change_reaches_page_catalogue_and_search(preview, browser):
    root, url = preview
    path = root / PRACTICE
    text = path.read_text(encoding="utf-8")
    time.sleep(1.1)  # a new mtime even on coarse file systems
    path.write_text(text.replace("title: Читательский марафон в 5 классе",
                                 "title: Читательский марафон «Книжный шторм»", 1)
                    .replace("## Проблема\n", "## Проблема\n\nСлово-маячок: зеркалограмма.\n", 1),
                    encoding="utf-8")
    page_s = _wait_for(lambda: "Книжный шторм" in _get(url + "/praktiki/chitatelskiy-marafon/"), 60,
                       "новое название на странице после сохранения")
    assert "Книжный шторм" in _get(url + "/praktiki/")
    context = browser.new_context()
    page = context.new_page()

    def found() -> bool:
        page.goto(url + "/poisk/?q=зеркалограмма", wait_until="networkidle")
        try:
            page.locator(".imc-search__results a").first.wait_for(timeout=3000)
            return True
        except Exception:
            return False
    try:
        search_s = page_s + _wait_for(found, 60, "слово «зеркалограмма» в поиске предпросмотра")
    finally:
        context.close()
    print(f"\nпредпросмотр: страница обновилась через {page_s:.1f} с, поиск — через {search_s:.1f} с")
    log = (root / "serve.log").read_text(encoding="utf-8")
    assert "Traceback" not in log, log[-3000:]
    assert "'dirty' build" not in log


def test_error_in_saved_file_is_reported_in_russian_and_site_kept(preview):
    root, url = preview
    path = root / PRACTICE
    good = path.read_text(encoding="utf-8")
    time.sleep(1.1)
    path.write_text(good.replace("levels: [ООО]", "levels: [ООО5]", 1), encoding="utf-8")
    log_path = root / "serve.log"
    _wait_for(lambda: "ООО5" in log_path.read_text(encoding="utf-8"), 60, "сообщение об ошибке в журнале imc serve")
    log = log_path.read_text(encoding="utf-8")
    assert f"{PRACTICE}:7:10: ошибка: levels[0]: «ООО5» нет в словаре" in log
    assert "Traceback" not in log
    # mkdocs holds requests while the build is broken; once fixed, the page comes back
    path.write_text(good, encoding="utf-8")
    _wait_for(lambda: "Читательский марафон" in _get(url + "/praktiki/chitatelskiy-marafon/"), 60,
              "страница снова открывается после исправления")
