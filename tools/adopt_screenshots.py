"""The picture of a new site for the guide «Свой сайт за час» (docs/spravka/svoy-sayt.md).

    python tools/adopt_screenshots.py

Runs the real `imc init` with flags in a temporary folder, builds the new site with the real
`imc build`, serves it on loopback and takes the home page in headless Chromium (Debian's,
through Playwright): what a service sees right after `imc init` and `imc serve`.
"""
from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide_screenshots import CHROMIUM, CHROMIUM_ARGS, save_png  # noqa: E402

ARGS = ["--name", "ИМЦ Лесного района", "--municipality", "Лесной муниципальный район",
        "--districts", "Лесной район", "--email", "imc@les.example", "--phone", "+7 (000) 000-00-00",
        "--forge", "gitlab", "--hosting", "s3", "--no-input"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "imc-sayt"
        for args in (["init", str(site), *ARGS], ["--root", str(site), "build"]):
            proc = subprocess.run([sys.executable, "-m", "imc.cli", *args], capture_output=True, text=True)
            if proc.returncode:
                print(proc.stdout, proc.stderr, file=sys.stderr)
                return 1
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site / "site")))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="ru-RU")
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.wait_for_load_state("networkidle")
                save_png(page.screenshot(), "novyy-sayt")
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
