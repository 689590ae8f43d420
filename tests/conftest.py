"""Shared fixtures: the real demo site built once per test run (shared by the xdist workers),
served on loopback, and a real headless Chromium (Debian's package) driven by Playwright.

Tiers: a test that uses Chromium is marked `browser`, one that uses the built demo site is
marked `site` (automatically, from its fixtures); `make test-fast` leaves both out."""
from __future__ import annotations

import base64
import functools
import hashlib
import gzip
import http.server
import re
import os
import shutil
import signal
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from filelock import FileLock, Timeout

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("IMC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def run_imc(*args, root: Path = ROOT, check: bool = False, timeout: int = 240):
    """The real CLI in a subprocess, as a user runs it. A run past `timeout` seconds is killed
    with everything it started (mkdocs, pagefind) and fails the test, naming the command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    proc = run_with_deadline([sys.executable, "-m", "imc.cli", "--root", str(root), *args],
                             f"imc {' '.join(args)}", timeout, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"imc {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def run_with_deadline(cmd: list[str], what: str, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """subprocess.run(capture_output=True, text=True) in a process group of its own, so that on
    timeout the grandchildren go too; the failure says what was waited for."""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True, **kwargs) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc)
            out, err = proc.communicate()
            raise AssertionError(f"«{what}» не закончилась за {timeout} с\n{out[-2000:]}\n{err[-2000:]}") from None
        except BaseException:  # pytest-timeout's failure, Ctrl+C: leave nothing running
            kill_group(proc)
            raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def copy_site_skeleton(dest: Path) -> None:
    """mkdocs.yml, theme overrides and site assets of the repository, for small test sites."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "snippets", dest / "snippets")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets", dirs_exist_ok=True)
    text = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(text.split("\nnav:")[0] + "\n", encoding="utf-8")


def pytest_collection_modifyitems(items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & {"demo_site", "site_url"}:
            item.add_marker(pytest.mark.site)


# Long enough for a cold demo build on a busy machine, short of the per-test limit.
DEMO_BUILD_TIMEOUT = 240


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory, worker_id) -> Path:
    """The demo content of this repository, built with the real `imc build` once per run:
    the first xdist worker builds it under a file lock, the others wait and reuse it."""
    if worker_id == "master":  # not under xdist
        return _build_demo(tmp_path_factory.mktemp("demo"))
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, common to all workers
    try:
        with FileLock(str(shared / "demo.lock"), timeout=DEMO_BUILD_TIMEOUT + 30):
            return _build_demo(shared / "demo")
    except Timeout:
        raise AssertionError(f"не дождались за {DEMO_BUILD_TIMEOUT + 30} с, пока другой процесс pytest "
                             f"соберёт демо-сайт ({shared / 'demo.lock'})") from None


def _build_demo(where: Path) -> Path:
    out, failed = where / "site", where / "failed.txt"
    if failed.exists():  # another worker's build failed: the same message, not a second try
        raise AssertionError(failed.read_text(encoding="utf-8"))
    if (where / "done").exists():
        return out
    where.mkdir(parents=True, exist_ok=True)
    try:
        proc = run_imc("build", "--site-dir", str(out), timeout=DEMO_BUILD_TIMEOUT)
    except AssertionError as err:
        message = f"сборка демо-сайта: {err}"
    else:
        if proc.returncode == 0:
            (where / "done").touch()
            return out
        message = f"demo build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    failed.write_text(message, encoding="utf-8")
    raise AssertionError(message)


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


class PageScan(HTMLParser):
    """What a browser would run or load from a page, read by the standard library's HTML parser
    (independent of the engine's own sanitiser and scanner)."""
    DATA_TYPES = ("application/json", "application/ld+json")
    URL_ATTRS = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.csp: list[tuple[bool, str]] = []  # (inside <head>, content)
        self.inline: list[str] = []  # bodies of inline scripts that are code, not data
        self.sources: list[str] = []
        self.in_head = self.in_script = False
        self.article = 0
        self.script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in self.URL_ATTRS and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower().split(":", 1)[0]
                if scheme in ("javascript", "vbscript") or value.lower().startswith("data:text/html"):
                    self.found.append(f"<{tag} {name}=«{value[:40]}»>")
        if tag == "head":
            self.in_head = True
        elif tag == "article":
            self.article += 1
        elif tag in ("object", "embed", "base", "frame"):
            self.found.append(f"<{tag}>")
        elif tag == "form" and (urlsplit(a.get("action") or "").scheme or (a.get("action") or "").startswith("//")):
            self.found.append(f"<form action=«{a.get('action')}»>")  # search forms send nowhere else
        elif tag == "iframe" and a.get("src") and urlsplit(a["src"]).scheme != "https":  # no src: empty
            self.found.append(f"<iframe src=«{a.get('src')}»>")
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append((self.in_head, a.get("content") or ""))
        elif tag == "script":
            if a.get("src") is not None:
                self.sources.append(a["src"])
            elif (a.get("type") or "").lower() not in self.DATA_TYPES:
                self.in_script, self.script_text = True, []
                if self.article:
                    self.found.append("<script> в тексте материала")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "article":
            self.article -= 1
        elif tag == "script" and self.in_script:
            self.in_script = False
            self.inline.append("".join(self.script_text))

    def handle_data(self, data):
        if self.in_script:
            self.script_text.append(data)


def assert_safe_page(html: str, where: str) -> None:
    """Read by PageScan, not by the engine: nothing runs or loads but the site's own files and
    the inline scripts its CSP names by hash; one CSP in <head>, strict."""
    parsed = PageScan()
    parsed.feed(html)
    parsed.close()
    assert parsed.found == [], (where, parsed.found)
    # every script is a file of the site itself
    assert all(not urlsplit(src).scheme and not src.startswith("//") for src in parsed.sources), \
        (where, parsed.sources)
    assert parsed.sources, where  # the theme's scripts are there: the parser saw the page
    # one CSP, in <head>, that lets only the site's files and the page's own inline scripts run
    assert len(parsed.csp) == 1 and parsed.csp[0][0], (where, parsed.csp)
    policy = {d.split()[0]: d.split()[1:] for d in parsed.csp[0][1].split(";") if d.strip()}
    assert policy["default-src"] == ["'self'"], policy
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert all(h in ("'self'", "'wasm-unsafe-eval'") or h.startswith("'sha256-")
               for h in policy["script-src"]), policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], policy
    assert policy["form-action"] == ["'self'"], policy
    for body in parsed.inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy["script-src"], (where, body[:80])
