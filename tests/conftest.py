"""Shared fixtures: the real demo site built once per test session, served on loopback,
and a real headless Chromium (Debian's package) driven by Playwright."""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("IMC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def run_imc(*args, root: Path = ROOT, check: bool = False, timeout: int = 900):
    """The real CLI in a subprocess, as a user runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "imc.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=timeout, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"imc {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def copy_site_skeleton(dest: Path) -> None:
    """mkdocs.yml, theme overrides and site assets of the repository, for small test sites."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "snippets", dest / "snippets")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets", dirs_exist_ok=True)
    text = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(text.split("\nnav:")[0] + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo content of this repository, built with the real `imc build`."""
    out = tmp_path_factory.mktemp("demo") / "site"
    proc = run_imc("build", "--site-dir", str(out))
    assert proc.returncode == 0, f"demo build failed:\n{proc.stdout}\n{proc.stderr}"
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves a built site the way its real host does (GitHub Pages, nginx): text files go out
    gzip-compressed to a browser that accepts it, so the browser sees the real transfer sizes."""
    COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ics", ".map"}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSED
                or not path.is_file()):
            return super().do_GET()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


def serve_dir(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="session")
def site_url(demo_site):
    server, url = serve_dir(demo_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"нет {CHROMIUM}: установите Debian-пакет chromium (bash .ci/install-chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    pg = context.new_page()
    yield pg
    context.close()
