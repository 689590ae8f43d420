"""An ИМЦ restyles the blocks the build adds (cards, attachment lists, listings) from its own
overrides/imc/, as mkdocs-material's partials are overridden — without touching the engine."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_site_skeleton, run_imc

pytestmark = pytest.mark.site

MINI = Path(__file__).parent / "fixtures" / "mini"


def test_site_template_overrides_the_engine_card(tmp_path):
    root = tmp_path / "site-src"
    shutil.copytree(MINI, root)
    copy_site_skeleton(root)
    (root / "overrides" / "imc").mkdir(parents=True)
    (root / "overrides" / "imc" / "card.html").write_text(
        '<div class="zarechny-card">Карточка округа: {{ org.name if org else "" }}; '
        'авторов — {{ authors|length }}</div>\n', encoding="utf-8")
    proc = run_imc("build", root=root, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (root / "site/praktiki/chitatelskiy-marafon/index.html").read_text(encoding="utf-8")
    assert '<div class="zarechny-card">Карточка округа: ' in page
    assert "авторов — 2" in page
    # the templates not overridden still come from the engine
    assert 'class="imc-cite"' in page and 'class="imc-card"' not in page
