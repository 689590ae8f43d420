"""Screenshots for the contributor guide (docs/spravka/), taken from the real site.

    python tools/guide_screenshots.py                  # all pictures into docs/spravka/img/
    python tools/guide_screenshots.py --only poisk     # one picture (name without .png)
    python tools/guide_screenshots.py --check-sample   # print the `imc check` example of the guide

What it does:

1. copies what the build needs (mkdocs.yml, docs/, data/, overrides/, snippets/) to a temporary
   folder and builds it with the real `python -m imc.cli build` — the working tree is not touched;
2. serves the built site on loopback (127.0.0.1, a free port) and drives the Debian Chromium
   (IMC_CHROMIUM, by default /usr/bin/chromium) through Playwright, headless;
3. for the editor (/admin/, Sveltia CMS) it answers the request for admin/config.yml with the
   same configuration but `backend: test-repo` — only inside this browser, never in the built
   site — and puts the demo materials into the browser's private storage (OPFS), where the
   test backend reads them: the editor then shows the real collections, forms and entries
   without GitHub and without a network;
4. crops each picture to what the guide talks about and saves it as an optimised PNG
   (a 256-colour palette when the full-colour file would be larger than LIMIT).

`--check-sample` writes the guide's example material with deliberate mistakes into a copy of
the project and prints the real `imc check` report, to paste into kak-opublikovat.md.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "spravka" / "img"
CHROMIUM = os.environ.get("IMC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--lang=ru"]
# The editor's date fields follow the browser's own language: Debian keeps it in chromium-l10n.
RU_PAKS = (Path(CHROMIUM).resolve().parent / "locales" / "ru.pak", Path("/usr/lib/chromium/locales/ru.pak"))
BUILD_PARTS = ("mkdocs.yml", "docs", "data", "overrides", "snippets")
LIMIT = 150 * 1024  # bytes per picture
WIDTH = 1280
NARROW = 1024  # whole-window pictures (the editor keeps its two panes from 1024 px): shown scaled down in the guide
QUERY = "наставничество"  # the search picture
# Content the editor shows: every material of these folders and the registries it edits.
CMS_FOLDERS = ("praktiki", "kopilka", "rmo", "dokumenty", "sobytiya", "novosti")
CMS_DATA = ("people.yml", "organisations.yml")
TEST_REPO_DIR = "sveltia-cms-test"  # the OPFS folder of Sveltia's test-repo backend

# The guide's example: a practice imported from Word, filled in with four typical mistakes.
SAMPLE_ID = "literaturnaya-gostinaya-v-8-9-klassakh"
SAMPLE = """---
title: "Литературная гостиная в 8–9 классах"
description: "Встречи раз в месяц, на которых ученики читают вслух и обсуждают прочитанное."
authors: [kiseleva-mw]
organisation: les-sosh-berezovka
levels: [ООО5]
directions: [vospitanie]
year: 2025
date: 20.11.2025
attachments:
  - title: Сценарий встречи
    file: scenariy.docx
---

## Проблема

Восьмиклассники читают программные произведения в кратком пересказе.

## Идея

Обсуждение вместо пересказа: каждый ученик готовит вопрос к отрывку.

## Как это делается

Раз в месяц класс собирается в библиотеке и читает вслух.

## Результаты

За год доля учеников, прочитавших произведение полностью, выросла с 40 до 75 %.

## Ресурсы

Один час в месяц, школьная библиотека.

## Как повторить

Начните с коротких рассказов.
"""


# ------------------------------------------------------------------ project copy and build

def copy_project(dest: Path) -> Path:
    """The parts of the project the build reads. Pictures the guide refers to but that do not
    exist yet get a 1×1 stand-in, so a new reference does not stop the build that makes it."""
    dest.mkdir(parents=True)
    for name in BUILD_PARTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".*"))
        elif src.is_file():
            shutil.copy2(src, dest / name)
    guide = dest / "docs" / "spravka"
    for page in guide.glob("*.md"):
        for target in re.findall(r"\]\((img/[^)\s]+\.png)\)", page.read_text(encoding="utf-8")):
            path = guide / target
            if not path.exists():
                from PIL import Image
                path.parent.mkdir(parents=True, exist_ok=True)
                Image.new("RGB", (1, 1), "white").save(path)
    return dest


def imc(*args: str, root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "imc.cli", "--root", str(root), *args],
                          capture_output=True, text=True, encoding="utf-8", env=env)


def build(tmp: Path) -> Path:
    project = copy_project(tmp / "project")
    site = tmp / "site"
    print("Сборка демо-сайта (imc build)…", flush=True)
    proc = imc("build", "--site-dir", str(site), root=project)
    if proc.returncode != 0:
        sys.exit(f"imc build не прошла:\n{proc.stdout}\n{proc.stderr}")
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


# ------------------------------------------------------------------ pictures

def save_png(data: bytes, name: str, clip: dict | None = None) -> Path:
    """Crop, then save as the smaller of full colour and a 256-colour palette, if over LIMIT."""
    from PIL import Image
    img = Image.open(io.BytesIO(data)).convert("RGB")
    if clip:
        box = (round(clip["x"]), round(clip["y"]), round(clip["x"] + clip["width"]),
               round(clip["y"] + clip["height"]))
        img = img.crop(box)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    if buf.tell() > LIMIT:
        pal = io.BytesIO()
        img.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            pal, "PNG", optimize=True)
        if pal.tell() < buf.tell():
            buf = pal
    path.write_bytes(buf.getvalue())
    size = path.stat().st_size
    print(f"  {path.relative_to(ROOT)}: {img.width}×{img.height}, {size / 1024:.0f} КБ"
          + ("  (больше предела!)" if size > LIMIT else ""), flush=True)
    return path


def union(*boxes: dict, pad: int = 0, page_width: int = WIDTH) -> dict:
    x0 = max(0, min(b["x"] for b in boxes) - pad)
    y0 = max(0, min(b["y"] for b in boxes) - pad)
    x1 = min(page_width, max(b["x"] + b["width"] for b in boxes) + pad)
    y1 = max(b["y"] + b["height"] for b in boxes) + pad
    return {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}


def settle(page, ms: int = 400) -> None:
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_timeout(ms)


class Shots:
    """One browser, one page per picture."""

    def __init__(self, browser, base: str, site: Path):
        self.browser, self.base = browser, base
        config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
        config["backend"] = {"name": "test-repo"}  # only for this browser: see the module docstring
        self.test_config = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        self.content = {}
        for folder in CMS_FOLDERS:
            for md in sorted((ROOT / "docs" / folder).rglob("*.md")):
                self.content[md.relative_to(ROOT).as_posix()] = md.read_text(encoding="utf-8")
        for name in CMS_DATA:
            self.content[f"data/{name}"] = (ROOT / "data" / name).read_text(encoding="utf-8")

    def page(self, width: int = WIDTH, height: int = 900):
        context = self.browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU",
                                           timezone_id="Europe/Moscow", color_scheme="light")
        page = context.new_page()
        page.on("pageerror", lambda e: print(f"    ошибка на странице: {e}", flush=True))
        return page

    # -- the editor

    def editor(self, width: int = WIDTH, height: int = 900):
        """The editor signed in to the test backend, with the demo materials in it."""
        page = self.page(width, height)
        page.route("**/admin/config.yml*", lambda route: route.fulfill(
            status=200, content_type="text/yaml; charset=utf-8", body=self.test_config))
        page.goto(self.base + "/404.html")  # same origin: the storage the editor will read
        page.evaluate("""async ([dirName, files]) => {
          const root = await navigator.storage.getDirectory();
          await root.removeEntry(dirName, {recursive: true}).catch(() => {});
          const top = await root.getDirectoryHandle(dirName, {create: true});
          for (const [path, text] of Object.entries(files)) {
            const parts = path.split('/'); let dir = top;
            for (const d of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(d, {create: true});
            const w = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
            await w.write(text); await w.close();
          }
        }""", [TEST_REPO_DIR, self.content])
        page.goto(self.base + "/admin/")
        page.get_by_role("button", name="Работать с тестовым репозиторием").click()
        page.get_by_text("Банк лучших практик").first.wait_for()
        settle(page, 800)
        return page

    @staticmethod
    def field(page, key: str):
        return page.locator(f'section[data-key-path="{key}"]').first

    def pick(self, page, key: str, *labels: str) -> None:
        for label in labels:
            box = self.field(page, key).get_by_role("combobox")
            box.click(force=True)
            listbox = page.locator(f'[id="{box.get_attribute("id")}-listbox"]')  # this field's own list
            listbox.get_by_role("option", name=label, exact=True).click()
            page.wait_for_timeout(300)
            self.field(page, key).locator("h4").first.click(force=True)  # closes the list
            page.wait_for_timeout(200)

    def new_practice(self, height: int = 900, width: int = WIDTH):
        page = self.editor(width, height)
        page.goto(self.base + "/admin/#/collections/practice/new")
        self.field(page, "title").locator("input").wait_for()
        settle(page, 800)
        return page

    def pane(self, page) -> dict:
        """The left («Редактировать») pane of the entry editor."""
        return page.locator('[role="group"][data-mode="edit"]').first.bounding_box()

    def redaktor_vhod(self):
        """The sign-in page with the real configuration of the site."""
        page = self.page(WIDTH, 700)
        page.goto(self.base + "/admin/")
        page.get_by_role("button", name="Войти с помощью токена доступа").wait_for()
        settle(page)
        heading = page.get_by_text("редактор материалов").first.bounding_box()
        buttons = page.get_by_role("button", name="Войти с помощью токена доступа").bounding_box()
        local = page.get_by_text("Работать с локальным репозиторием").first
        boxes = [heading, buttons] + ([local.bounding_box()] if local.count() else [])
        logo = page.locator("img").first
        if logo.count():
            boxes.append(logo.bounding_box())
        box = union(*boxes, pad=40)
        box.update(x=WIDTH / 2 - 400, width=800)
        save_png(page.screenshot(), "redaktor-vhod", box)
        page.context.close()

    def redaktor_kollektsii(self):
        page = self.editor(NARROW, 600)  # the guide's column is narrower than 1280: keep the text legible
        save_png(page.screenshot(), "redaktor-kollektsii")
        page.context.close()

    def redaktor_forma(self):
        """The empty form of a new practice: fields, required marks (*), hints."""
        page = self.new_practice(height=1500)
        pane = self.pane(page)
        header = page.get_by_text("Создание:").first.bounding_box()
        bottom = self.field(page, "levels").bounding_box()
        box = {"x": 0, "y": header["y"] - 12, "width": pane["x"] + pane["width"] - 2,
               "height": bottom["y"] + bottom["height"] - header["y"] + 24}
        save_png(page.screenshot(), "redaktor-forma", box)
        page.context.close()

    def fill(self, page) -> None:
        self.field(page, "title").locator("input").fill("Литературная гостиная в 8–9 классах")
        self.field(page, "description").locator("input").fill(
            "Встречи раз в месяц, на которых ученики читают вслух и обсуждают прочитанное.")
        self.pick(page, "authors", "Киселёва Мария Валентиновна (kiseleva-mv)")
        self.pick(page, "organisation", "Берёзовская СОШ")
        self.pick(page, "subjects", "Литература")
        self.field(page, "levels").get_by_role("checkbox", name="ООО").click(force=True)
        self.pick(page, "directions", "Воспитание")
        self.field(page, "year").locator("input").fill("2025")
        self.field(page, "title").evaluate("e => e.scrollIntoView({block: 'start'})")
        settle(page, 600)

    def redaktor_zapolneno(self):
        """The same form filled in: the preview on the right shows the values."""
        page = self.new_practice(width=NARROW)
        self.fill(page)
        page.mouse.move(0, 0)
        save_png(page.screenshot(), "redaktor-zapolneno")
        page.context.close()

    def redaktor_avtory(self):
        """The list of people: names with consent, position and school without it."""
        page = self.new_practice()
        self.field(page, "title").locator("input").fill("Литературная гостиная в 8–9 классах")
        box = self.field(page, "authors").get_by_role("combobox")
        box.click(force=True)
        listbox = page.locator(f'[id="{box.get_attribute("id")}-listbox"]')
        listbox.get_by_role("option").first.wait_for()
        settle(page)
        label = self.field(page, "authors").locator("header").bounding_box()
        lb = listbox.bounding_box()
        box = union(label, lb)
        box.update(x=box["x"] - 8, y=box["y"] - 8, width=box["width"] + 24, height=box["height"] + 12)
        save_png(page.screenshot(), "redaktor-avtory", box)
        page.context.close()

    def redaktor_ekspertiza(self):
        """The review of an existing practice as the expert fills it in."""
        page = self.editor(WIDTH, 2000)
        page.get_by_text("Читательский марафон «Книжный компас»").first.click()
        review = self.field(page, "review")
        review.wait_for()
        settle(page, 800)
        review.evaluate("e => e.scrollIntoView({block: 'start'})")
        settle(page)
        expand = review.get_by_role("button", name=re.compile("Развернуть")).first
        if expand.count():
            expand.click(force=True)
        scores = self.field(page, "review.scores")
        scores.wait_for()
        more = scores.get_by_role("button", name=re.compile("Развернуть")).first
        if more.count():
            more.click(force=True)
        self.field(page, "review.decision").wait_for()
        review.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.mouse.move(0, 0)
        settle(page, 600)
        box = review.bounding_box()
        pane = self.pane(page)
        box = {"x": 0, "y": box["y"] - 8, "width": pane["x"] + pane["width"] - 2, "height": box["height"] + 16}
        save_png(page.screenshot(), "redaktor-ekspertiza", box)
        page.context.close()

    # -- the site

    def stranitsa_praktiki(self):
        page = self.page(WIDTH, 900)
        page.goto(self.base + "/praktiki/chitatelskiy-marafon/")
        page.locator(".imc-review").wait_for()
        settle(page)
        title = page.locator("article h1").first.bounding_box()
        card = page.locator(".imc-card").first.bounding_box()
        review = page.locator(".imc-review").first.bounding_box()
        save_png(page.screenshot(full_page=True), "stranitsa-praktiki", union(title, card, review, pad=20))
        page.context.close()

    def poisk(self):
        page = self.page(NARROW, 1000)  # below 1220 px the theme hides the left menu: results get the room
        page.goto(self.base + "/poisk/?q=" + QUERY)
        page.locator(".imc-search__results .imc-list li").first.wait_for()
        page.locator(".imc-search__toggle").click()  # the facet panel is closed until asked for
        page.locator(".imc-search__facet .imc-count").first.wait_for()
        settle(page, 800)
        form = page.locator(".imc-search").first.bounding_box()
        title = page.locator("article h1").first.bounding_box()
        items = page.locator(".imc-search__results .imc-list > li")
        last = items.first.bounding_box()
        box = union(title, form, pad=20, page_width=NARROW)
        box["height"] = min(box["height"], last["y"] + last["height"] + 20 - box["y"])
        save_png(page.screenshot(full_page=True), "poisk", box)
        page.context.close()


SHOTS = ("redaktor_vhod", "redaktor_kollektsii", "redaktor_forma", "redaktor_zapolneno", "redaktor_avtory",
         "redaktor_ekspertiza", "stranitsa_praktiki", "poisk")


# ------------------------------------------------------------------ the check example

def check_sample() -> int:
    with tempfile.TemporaryDirectory(prefix="imc-guide-") as tmp:
        project = copy_project(Path(tmp) / "project")
        folder = project / "docs" / "praktiki" / SAMPLE_ID
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(SAMPLE, encoding="utf-8")
        proc = imc("check", str(folder), root=project)  # the report names paths from the project root
        print(f"$ imc check docs/praktiki/{SAMPLE_ID}/")
        print(proc.stdout, end="")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="ИМЯ", help="только эти снимки: " + ", ".join(
        s.replace("_", "-") for s in SHOTS))
    parser.add_argument("--site", type=Path, help="уже собранный сайт (иначе собрать заново во временной папке)")
    parser.add_argument("--check-sample", action="store_true", help="напечатать пример отчёта imc check для справки")
    args = parser.parse_args(argv)
    if args.check_sample:
        return check_sample()
    wanted = [s.replace("-", "_") for s in args.only] if args.only else list(SHOTS)
    unknown = [s for s in wanted if s not in SHOTS]
    if unknown:
        parser.error("нет таких снимков: " + ", ".join(unknown))
    if not Path(CHROMIUM).exists():
        sys.exit(f"нет {CHROMIUM}: установите Debian-пакет chromium или укажите путь в IMC_CHROMIUM")
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory(prefix="imc-guide-") as tmp:
        site = args.site.resolve() if args.site else build(Path(tmp))
        server, base = serve(site)
        try:
            with sync_playwright() as p:
                if not any(pak.exists() for pak in RU_PAKS):
                    print(f"Внимание: нет {RU_PAKS[-1]} — даты в редакторе будут в американском виде "
                          "(ММ/ДД/ГГГГ); установите Debian-пакет chromium-l10n.", flush=True)
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                            env={**os.environ, "LANGUAGE": "ru"})
                try:
                    shots = Shots(browser, base, site)
                    for name in wanted:
                        print(f"Снимок {name.replace('_', '-')}…", flush=True)
                        getattr(shots, name)()
                finally:
                    browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
