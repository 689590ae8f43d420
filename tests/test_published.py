"""Only content is published, and URLs are judged as a browser parses them.

A material folder holding an HTML page, a script or an SVG with a script must not put them on
the site's origin, where the web editor (/admin/) keeps its GitHub login in localStorage.
`imc check` refuses them (tests/test_bad_inputs.py has the messages); here a build forced past
the check (`enforce_check: false`) must still leave them out, and what it does publish, opened
by its own address in Chromium, must run nothing.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_site_skeleton, run_imc, serve_dir
from imc import weburl
from imc.markdown_checks import IFRAME_HOSTS
from imc.published import MEDIA_DIR, TRUSTED_DIRS, svg_active
from imc.security import sanitize

MINI = Path(__file__).parent / "fixtures" / "mini"
FOLDER = "docs/praktiki/chitatelskiy-marafon"
URL_DIR = "praktiki/chitatelskiy-marafon"
S = 'xmlns="http://www.w3.org/2000/svg"'
STEAL = "localStorage.setItem('canary','stolen');alert('xss')"

# Each must be refused: scripts in any spelling, handlers, script URLs, HTML inside, entities,
# external loads, style tricks, animation swapping a link, XSLT.
BAD_SVG = {
    "script": f"<svg {S}><script>{STEAL}</script></svg>",
    "ns-script": f'<svg {S}><x:script xmlns:x="http://www.w3.org/2000/svg">{STEAL}</x:script></svg>',
    "xhtml-script": f'<svg {S}><h:script xmlns:h="http://www.w3.org/1999/xhtml">{STEAL}</h:script></svg>',
    "cdata-script": f"<svg {S}><script><![CDATA[{STEAL}]]></script></svg>",
    "onload": f'<svg {S} onload="{STEAL}"/>',
    "onload-upper": f'<svg {S} ONLOAD="{STEAL}"/>',
    "onload-other-ns": f'<svg {S} xmlns:e="urn:x" e:onload="{STEAL}"/>',
    "onbegin-animate": f'<svg {S}><animate onbegin="{STEAL}" attributeName="x" dur="1s"/></svg>',
    "js-xlink-href": f'<svg {S} xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:{STEAL}">'
                     '<rect width="99" height="99"/></a></svg>',
    "js-href-entity-tab": f'<svg {S}><a href="jav&#x09;ascript&#58;alert(1)"><rect width="9" height="9"/></a></svg>',
    "js-href-spaces-upper": f'<svg {S}><a href="  JAVASCRIPT:alert(1)"><rect width="9" height="9"/></a></svg>',
    "data-html-href": f'<svg {S}><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">'
                      '<rect width="9" height="9"/></a></svg>',
    "data-svg-image": f'<svg {S}><image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/></svg>',
    "foreign-object": f'<svg {S}><foreignObject width="9" height="9"><body xmlns="http://www.w3.org/1999/xhtml">'
                      f'<img src="x" onerror="{STEAL}"/></body></foreignObject></svg>',
    "entity": f'<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]><svg {S}>&x;</svg>',
    "external-entity": f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg {S}><text>&x;</text></svg>',
    "undeclared-entity": f'<!DOCTYPE svg SYSTEM "evil.dtd"><svg {S}><text>&x;</text></svg>',
    "external-image": f'<svg {S}><image href="https://evil.example/p.png"/></svg>',
    "external-use": f'<svg {S}><use href="other.svg#x"/></svg>',
    "protocol-relative": f'<svg {S}><image href="//evil.example/p.png"/></svg>',
    "style-import": f"<svg {S}><style>@import url(https://evil.example/x.css);</style></svg>",
    "style-url": f"<svg {S}><style>rect{{fill:url(https://evil.example/x)}}</style></svg>",
    "style-attr-url": f"<svg {S}><rect style=\"fill:url( 'https://evil.example/x')\"/></svg>",
    "style-escape": f"<svg {S}><style>rect{{background:\\75 rl(https://evil.example/x)}}</style></svg>",
    "iframe": f'<svg {S}><iframe src="https://evil.example"/></svg>',
    "embed": f'<svg {S}><embed src="x.swf"/></svg>',
    "handler": f'<svg {S}><handler type="application/ecmascript">{STEAL}</handler></svg>',
    "set-href": f'<svg {S}><a><set attributeName="href" to="javascript:alert(1)"/><rect width="9" height="9"/></a></svg>',
    "animate-xlink-href": f'<svg {S}><a><animate attributeName="xlink:href" values="#a;javascript:alert(1)"/></a></svg>',
    "xslt": f'<?xml-stylesheet type="text/xsl" href="x.xsl"?><svg {S}/>',
    "xml-base": f'<svg {S} xml:base="https://evil.example/"><use href="#a"/></svg>',
    "mathml": f'<svg {S}><math xmlns="http://www.w3.org/1998/Math/MathML" href="javascript:alert(1)"/></svg>',
    "html-root": f'<html xmlns="http://www.w3.org/1999/xhtml"><script>{STEAL}</script></html>',
    "no-namespace": f'<svg onload="{STEAL}"/>',
    "broken-xml": f"<svg {S}><script>{STEAL}",
}
GOOD_SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    f'<svg {S} xmlns:xlink="http://www.w3.org/1999/xlink" '
    'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="40" height="40" inkscape:version="1.3">'
    '<defs><linearGradient id="g"><stop offset="0" stop-color="#036"/></linearGradient></defs>'
    '<style>rect{stroke:#000}</style><rect id="r" width="30" height="30" style="fill:url(#g)"/>'
    '<use xlink:href="#r" x="5"/><image width="1" height="1" href="data:image/png;base64,iVBORw0KGgo="/>'
    '<text y="35">metadata: схема</text></svg>'
)


@pytest.mark.parametrize("name", sorted(BAD_SVG))
def test_svg_refused(tmp_path: Path, name: str):
    path = tmp_path / f"{name}.svg"
    path.write_text(BAD_SVG[name], encoding="utf-8")
    assert svg_active(path), name


def test_svg_utf16_script_refused(tmp_path: Path):
    path = tmp_path / "u.svg"
    path.write_bytes(f'<?xml version="1.0" encoding="UTF-16"?><svg {S}><script>{STEAL}</script></svg>'
                     .encode("utf-16"))
    assert svg_active(path) == "сценарий (script)"


def test_svg_from_an_editor_accepted(tmp_path: Path):
    path = tmp_path / "good.svg"
    path.write_text(GOOD_SVG, encoding="utf-8")
    assert svg_active(path) is None
    assert svg_active(ROOT / "docs" / "assets" / "logo.svg") is None


# ------------------------------------------------------------------ URLs

# (address, host a browser goes to) — Python's urlsplit gets the first ones wrong
DIFFERENTIALS = [
    ("https://evil.example\\@rutube.ru/play/embed/1", "evil.example"),
    ("https://evil.example\\.rutube.ru/play/embed/1", "evil.example"),
    ("https://evil.example&#92;@rutube.ru/", "evil.example"),
    ("https://evil.example\\\\rutube.ru/", "evil.example"),
    ("https://rutube.ru%2eevil.example/", "rutube.ru.evil.example"),
    ("https://rutube.ru%2Eevil.example/", "rutube.ru.evil.example"),
    ("https://rutube.ru@evil.example/", "evil.example"),
    ("https://rutube.ru:443@evil.example/", "evil.example"),
    ("\\\\evil.example/rutube.ru", "evil.example"),
    ("/\\evil.example/x.png", "evil.example"),
    ("\\/evil.example/x.png", "evil.example"),
    ("//evil.example/x.png", "evil.example"),
    ("ht\ttps://evil.example/", "evil.example"),
    ("https://evil\n.example/", "evil.example"),
    (" https://evil.example/ ", "evil.example"),
    ("https:evil.example/x", "evil.example"),  # relative on an https page, a host on http
    ("https://rutube.ru.evil.example/", "rutube.ru.evil.example"),
    ("https://xn--rutube-9ve.ru/", "xn--rutube-9ve.ru"),
]


@pytest.mark.parametrize("url,host", DIFFERENTIALS)
def test_url_host_as_browser_reads_it(url: str, host: str):
    assert weburl.host_of(url) == host
    assert not weburl.host_allowed(url, IFRAME_HOSTS)
    html = sanitize(f'<iframe src="{url}"></iframe><img alt="x" src="{url}">')
    assert "evil" not in html, html


@pytest.mark.parametrize("url", ["https://rutubе.ru/play/embed/1",  # Cyrillic «е»: another host
                                 "https://xn--rutub-3we.ru/play/embed/1", "https://rutube.xn--p1ai/",
                                 "https://vk.com.evil.example/", "https://evilvk.com/", "http://rutube.ru/",
                                 "https://rutube.ru\t@evil.example/", "https://evil.example\t@rutube.ru/",
                                 "https://evil.example\n\\@rutube.ru/", "ftp://rutube.ru/", "//rutube.ru/"])
def test_lookalike_video_hosts_refused(url: str):
    assert not weburl.host_allowed(url, IFRAME_HOSTS)
    assert "src=" not in sanitize(f'<iframe src="{url}"></iframe>')


@pytest.mark.parametrize("url", ["https://rutube.ru/play/embed/1", "HTTPS://RUTUBE.RU/play/embed/1",
                                 "https://ＲＵＴＵＢＥ.ru/play/embed/1", "https://vkvideo.ru/video_ext.php?oid=1",
                                 "https://rutube.ru\\@evil.example/"])  # the last one is rutube.ru/@evil…
def test_allowed_video_hosts(url: str):
    assert weburl.host_allowed(url, IFRAME_HOSTS)
    assert "src=" in sanitize(f'<iframe src="{url}"></iframe>')


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                                 "java\nscript:alert(1)", "\x01javascript:alert(1)", "jav&#x09;ascript:alert(1)",
                                 "data:text/html,x", "vbscript:x", "file:///etc/passwd"])
def test_script_schemes(url: str):
    assert weburl.is_bad_scheme(url)
    assert "href" not in sanitize(f'<a href="{url}">x</a>')


def test_trusted_folders_are_maintainers_only():
    """docs/ folders whose files are published as they are must need the maintainers' review."""
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    for folder in TRUSTED_DIRS:
        assert re.search(rf"^/docs/{folder}/\s+@\S+/maintainers", owners, re.M), folder
    from imc.cms import cms_config
    from imc.project import load_project
    assert cms_config(load_project(MINI))["media_folder"] == "docs/" + MEDIA_DIR.rstrip("/")


# ------------------------------------------------------------------ a build forced past the check

REFUSED = {  # file name -> content; none of them may reach the site
    "evil.html": f"<script>{STEAL}</script>",
    "evil.htm": f"<script>{STEAL}</script>",
    "evil.xhtml": f'<html xmlns="http://www.w3.org/1999/xhtml"><script>{STEAL}</script></html>',
    "evil.js": STEAL,
    "evil.mjs": STEAL,
    "evil.css": "body{background:url(https://evil.example/x)}",
    "evil.xml": '<?xml-stylesheet type="text/xsl" href="evil.xsl"?><x/>',
    "evil.xsl": "<xsl:stylesheet/>",
    "evil.wasm": "\0asm",
    "evil.pdf": "MZ" + "\0" * 40,  # a program renamed
    "evil.png": "<html><script>x</script></html>",
    "evil.txt": "MZ\x90\0" + "\0" * 40,
    "no-extension": f"<script>{STEAL}</script>",
    **{f"bad-{name}.svg": text for name, text in BAD_SVG.items()},
}
PUBLISHED = {  # published: inert by type, opened directly nothing runs
    "good.svg": GOOD_SVG,
    "zametki.txt": f"<script>{STEAL}</script> текст, а не страница",
    "tablitsa.csv": "a;b\n<script>alert(1)</script>;2\n",
}


@pytest.fixture(scope="module")
def forced_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("published") / "site"
    shutil.copytree(MINI, root)
    copy_site_skeleton(root)
    folder = root / FOLDER
    for name, text in {**REFUSED, **PUBLISHED}.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    (folder / "ssylka.svg").symlink_to(folder / "bad-script.svg")  # a link to a refused file
    (folder / "hostname.txt").symlink_to("/etc/hostname")
    (root / "docs" / "assets" / "files").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "assets" / "files" / "upload.html").write_text(f"<script>{STEAL}</script>")
    cfg = (root / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = cfg.replace("\n  - imc\n", "\n  - imc:\n      enforce_check: false\n      search: false\n", 1)
    assert "enforce_check: false" in cfg
    (root / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    out = root / "built"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                          cwd=root, capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return root


def test_check_refuses_every_file(forced_site: Path):
    run = run_imc("check", "--format", "json", root=forced_site)
    assert run.returncode == 1, run.stderr
    errors = {p["path"] for p in json.loads(run.stdout) if p["severity"] == "error"}
    for name in [*REFUSED, "ssylka.svg", "hostname.txt"]:
        assert f"{FOLDER}/{name}" in errors, name
    assert "docs/assets/files/upload.html" in errors
    for name in PUBLISHED:
        assert f"{FOLDER}/{name}" not in errors, name


def test_forced_build_leaves_them_out(forced_site: Path):
    built = forced_site / "built"
    folder = built / URL_DIR
    assert (folder / "index.html").is_file()
    for name in [*REFUSED, "ssylka.svg", "hostname.txt"]:
        assert not (folder / name).exists(), name
    assert not (built / "assets" / "files" / "upload.html").exists()
    for name in PUBLISHED:
        assert (folder / name).is_file(), name
    assert (built / "assets" / "imc.js").is_file()  # the site's own code is published
    leaked = [p for p in built.rglob("*") if p.is_file() and "stolen" in p.read_text("utf-8", "ignore")
              and p.suffix not in (".txt", ".csv")]
    assert leaked == [], leaked


def _open_directly(browser, base: str, paths: list[str]) -> tuple[list[str], list[str], dict]:
    """Open each address by itself in a tab of the site's origin that holds a «login» in
    localStorage, as /admin/ does; return the dialogs seen, the statuses, the storage after."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/", wait_until="load")
    page.evaluate("localStorage.setItem('canary', 'token-123')")
    statuses = []
    for path in paths:
        try:
            response = page.goto(f"{base}/{path}", wait_until="load")
        except Exception as err:  # a table (text/csv) is downloaded, not shown: inert too
            assert "Download is starting" in str(err), err
            statuses.append(f"{path}:download")
            continue
        page.wait_for_timeout(150)
        statuses.append(f"{path}:{response.status if response else '-'}")
    page.goto(f"{base}/", wait_until="load")
    storage = page.evaluate("Object.assign({}, localStorage)")
    context.close()
    return dialogs, statuses, storage


@pytest.mark.browser
def test_published_files_run_nothing_on_the_origin(forced_site: Path, browser):
    server, url = serve_dir(forced_site / "built")
    try:
        dialogs, statuses, storage = _open_directly(browser, url, [f"{URL_DIR}/{n}" for n in PUBLISHED])
        _, refused, _ = _open_directly(browser, url, [f"{URL_DIR}/bad-script.svg", f"{URL_DIR}/evil.html",
                                                      "assets/files/upload.html"])
    finally:
        server.shutdown()
    assert dialogs == [], dialogs
    assert storage.get("canary") == "token-123" and "stolen" not in json.dumps(storage), storage
    assert all(s.endswith((":200", ":download")) for s in statuses), statuses
    assert f"{URL_DIR}/good.svg:200" in statuses and f"{URL_DIR}/zametki.txt:200" in statuses
    assert all(s.endswith(":404") for s in refused), refused


@pytest.mark.browser
def test_the_payloads_would_run_if_published(forced_site: Path, browser):
    """The control: served as they are (no build), the same files do run — so the test above
    would see them if the build let them through."""
    server, url = serve_dir(forced_site / "docs")
    try:
        dialogs, _, storage = _open_directly(browser, url, [f"{URL_DIR}/bad-script.svg", f"{URL_DIR}/evil.html",
                                                            f"{URL_DIR}/bad-ns-script.svg"])
    finally:
        server.shutdown()
    assert len(dialogs) == 3, dialogs
    assert storage.get("canary") == "stolen", storage
