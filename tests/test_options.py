"""Settings an adopting ИМЦ turns on in data/site.yml: the «edit» button that opens the page's
file on GitHub, and the opt-in Яндекс Метрика counter. Off by default (tested on the demo)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import copy_site_skeleton, run_imc

pytestmark = pytest.mark.site  # builds a site with mkdocs and pagefind

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
REPO = "https://github.com/imc-test/sayt"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("options") / "site"
    shutil.copytree(FIXTURE, root)
    copy_site_skeleton(root)
    site = root / "data" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + f"repo: {REPO}\nbranch: osnovnaya\nmetrika: 12345678\n",
                    encoding="utf-8")
    run_imc("build", root=root, check=True)
    return root / "site"


def test_edit_link_points_to_the_source_file(built: Path):
    html = (built / "praktiki" / "chitatelskiy-marafon" / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<a href="([^"]+)"[^>]*rel="edit"', html)
    assert m, "no edit link on a material page"
    assert m.group(1) == f"{REPO}/edit/osnovnaya/docs/praktiki/chitatelskiy-marafon/index.md"
    # generated pages have no file to edit
    catalogue = (built / "praktiki" / "index.html").read_text(encoding="utf-8")
    assert 'rel="edit"' not in catalogue
    # no repo_url: the theme must not call GitHub's API from a visitor's browser
    assert "api.github.com" not in html and "md-source" not in html


def test_metrika_is_added_only_when_asked(built: Path, demo_site: Path):
    html = (built / "praktiki" / "chitatelskiy-marafon" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../assets/imc-metrika.js" data-counter="12345678"' in html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "script-src 'self' 'wasm-unsafe-eval' https://mc.yandex.ru" in policy
    assert (built / "assets" / "imc-metrika.js").is_file()
    demo = (demo_site / "praktiki" / "index.html").read_text(encoding="utf-8")
    assert "imc-metrika" not in demo and "yandex" not in demo
    assert not (demo_site / "assets" / "imc-metrika.js").exists()  # not even shipped unless asked
