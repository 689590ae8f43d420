"""The theme's menu and tabs are rendered once per place and reused (mkdocs_plugin/navcache.py):
every page of the built demo must still carry a menu whose links work from where that page is,
and a menu page must still be marked as the current one in it."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

def _menu_links(html: str) -> list[str]:
    start = html.index('<nav class="md-tabs"') if '<nav class="md-tabs"' in html else html.index('md-nav--primary')
    menu = html[start:html.index("<article")]
    return re.findall(r'href="([^"#?]*)"', menu)


def _target(site: Path, page: Path, href: str) -> Path:
    base = posixpath.dirname(page.relative_to(site).as_posix())
    rel = posixpath.normpath(posixpath.join(base, href)) if href else base
    target = site / rel
    return target / "index.html" if target.is_dir() or not target.suffix else target


def test_every_page_menu_links_resolve_from_where_it_is(demo_site):
    pages = [p for p in demo_site.rglob("index.html") if "pagefind" not in p.parts]
    depths = {len(p.relative_to(demo_site).parts) for p in pages}
    assert len(pages) > 100 and len(depths) >= 3  # pages at several depths share a cached menu
    broken = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if '<nav class="md-tabs"' not in html:
            continue
        links = [h for h in _menu_links(html) if not h.startswith(("http:", "https:", "mailto:"))]
        assert len(links) > 20, page
        broken += [(str(page.relative_to(demo_site)), h) for h in links if not _target(demo_site, page, h).is_file()]
    assert not broken, broken[:10]


def test_menu_marks_the_current_page_and_only_it(demo_site):
    for rel in ("o-nas/kontakty/index.html", "kursy/arkhiv/index.html", "spravka/polya/index.html"):
        html = (demo_site / rel).read_text(encoding="utf-8")
        menu = html[html.index("md-nav--primary"):html.index("<article")]
        active = re.findall(r'<a href="([^"]*)" class="md-nav__link md-nav__link--active"', menu)
        assert active == ["./"], (rel, active)
    # a material page is not in the menu: nothing is marked current, from a reused menu
    material = next((demo_site / "praktiki").glob("*/index.html"))
    html = material.read_text(encoding="utf-8")
    assert "md-nav__link--active" not in html[html.index("md-nav--primary"):html.index("<article")]
