"""`imc nginx` with a real nginx (Debian package), started by the test as an ordinary process
on a free loopback port with all its files in a temporary folder: headers, gzip, caching,
the 404 page, a sub-path, and pages and search in headless Chromium through it."""
from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from imc.adopt import nginx as ngx

pytestmark = pytest.mark.site
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_nginx(tmp: Path, site: Path, *args: str):
    if not Path(NGINX).exists():
        pytest.fail("нет nginx: установите Debian-пакет nginx (bash .ci/install-chromium ставит и его)")
    port = _free_port()
    proc = subprocess.run([sys.executable, "-m", "imc.cli", "nginx", "--site-dir", str(site), "--root", str(site),
                           "--listen", f"127.0.0.1:{port}", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    (tmp / "imc.conf").write_text(proc.stdout, encoding="utf-8")
    temp = "".join(f"    {k}_temp_path {tmp}/{k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private tmp folder
    (tmp / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;\n"
        f"events {{ worker_connections 64; }}\nhttp {{\n    access_log off;\n{temp}    include {tmp}/imc.conf;\n}}\n",
        encoding="utf-8")
    server = subprocess.Popen([NGINX, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(tmp / "nginx.conf"),
                               "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
                pytest.fail(f"nginx не запустился:\n{server.stdout.read().decode() if server.stdout else ''}\n{log}")
            time.sleep(0.1)
        yield port, proc.stdout
    finally:
        server.terminate()
        server.wait(timeout=15)


def get(port: int, path: str, gzip_ok: bool = False):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    r = conn.getresponse()
    body = r.read()
    headers = {k.lower(): v for k, v in r.getheaders()}
    conn.close()
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return r.status, headers, body


def test_merged_policy_allows_what_each_page_allows():
    merged = ngx.merge_csp(["default-src 'self'; script-src 'self' 'sha256-a'",
                            "default-src 'self'; script-src 'self' 'sha256-b'; img-src 'self' data:"])
    assert merged == "default-src 'self'; script-src 'self' 'sha256-a' 'sha256-b'; img-src 'self' data:"


def test_bad_values_are_refused(tmp_path):
    with pytest.raises(ngx.ImcError):
        ngx.server_block("default-src 'self'", None, "/var/www/imc; include /etc/passwd")
    proc = subprocess.run([sys.executable, "-m", "imc.cli", "nginx", "--site-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "imc build" in proc.stderr and "Traceback" not in proc.stderr


def test_headers_gzip_caching_and_404(demo_site, tmp_path):
    with running_nginx(tmp_path, demo_site) as (port, conf):
        status, h, body = get(port, "/")
        assert status == 200 and h["content-type"] == "text/html; charset=utf-8"
        meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', body.decode()).group(1)
        header = h["content-security-policy"]
        for part in meta.split(";"):  # the header allows what the page's own policy allows
            name, *sources = part.split()
            allowed = next(p.split()[1:] for p in header.split(";") if p.split()[0] == name)
            assert set(sources) <= set(allowed), name
        assert "'sha256-" in header and "object-src 'none'" in header
        assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] and h["x-frame-options"] == "SAMEORIGIN"
        assert h["cache-control"] == "no-cache"

        bundle = next((demo_site / "assets" / "javascripts").glob("bundle.*.min.js")).relative_to(demo_site)
        status, h, body = get(port, "/" + bundle.as_posix(), gzip_ok=True)
        assert status == 200 and h["content-encoding"] == "gzip" and "immutable" in h["cache-control"]
        assert body == (demo_site / bundle).read_bytes()
        fragment = next((demo_site / "pagefind" / "fragment").iterdir()).relative_to(demo_site)
        status, h, _ = get(port, "/" + fragment.as_posix())
        assert status == 200 and "immutable" in h["cache-control"] and h["content-type"] == "application/octet-stream"
        assert get(port, "/pagefind/pagefind-entry.json")[1]["cache-control"] == "no-cache"
        status, h, _ = get(port, "/sobytiya/calendar.ics", gzip_ok=True)
        assert h["content-type"].startswith("text/calendar") and h["content-encoding"] == "gzip"

        status, h, body = get(port, "/net-takoy-stranitsy/")
        assert status == 404 and "content-security-policy" in h
        assert body == (demo_site / "404.html").read_bytes()
        status, h, _ = get(port, "/praktiki")
        assert status == 301 and h["location"] == "/praktiki/"
        if (demo_site / "admin" / "index.html").exists():
            status, h, _ = get(port, "/admin/")
            assert status == 200 and "api.github.com" in h["content-security-policy"]


@pytest.mark.browser
def test_pages_and_search_through_nginx_on_a_subpath(demo_site, tmp_path, page):
    with running_nginx(tmp_path, demo_site, "--subpath", "/imc/") as (port, conf):
        assert "location ^~ /imc/" in conf
        assert get(port, "/imc")[0] == 301 and get(port, "/imc")[1]["location"] == "/imc/"
        assert get(port, "/imc/net-takoy/")[0] == 404
        status, h, _ = get(port, "/imc/praktiki/")
        assert status == 200 and "content-security-policy" in h
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"http://127.0.0.1:{port}/imc/praktiki/")
        assert page.locator(".imc-card, .imc-entry, article").count() > 0
        page.goto(f"http://127.0.0.1:{port}/imc/poisk/?q=урок")
        page.wait_for_selector(".imc-search__results .imc-total, .imc-search__empty", timeout=20000)
        assert page.locator(".imc-search__results .imc-entry").count() > 0
        assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
