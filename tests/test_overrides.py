"""An ИМЦ restyles the blocks the build adds (cards, attachment lists, listings) from its own
overrides/imc/, as mkdocs-material's partials are overridden — without touching the engine."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_site_skeleton, run_imc

pytestmark = pytest.mark.site

MINI = Path(__file__).parent / "fixtures" / "mini"


def _built_with(tmp_path: Path, templates: dict[str, str]) -> Path:
    """The small site built with these templates of its own in overrides/imc/."""
    root = tmp_path / "site-src"
    shutil.copytree(MINI, root)
    copy_site_skeleton(root)
    (root / "overrides" / "imc").mkdir(parents=True)
    for name, text in templates.items():
        (root / "overrides" / "imc" / name).write_text(text, encoding="utf-8")
    proc = run_imc("build", root=root, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def test_site_template_overrides_the_engine_card(tmp_path):
    root = _built_with(tmp_path, {"card.html": '<div class="zarechny-card">Карточка округа: '
                                               '{{ org.name if org else "" }}; авторов — {{ authors|length }}</div>\n'})
    page = (root / "site/praktiki/chitatelskiy-marafon/index.html").read_text(encoding="utf-8")
    assert '<div class="zarechny-card">Карточка округа: ' in page
    assert "авторов — 2" in page
    # the templates not overridden still come from the engine
    assert 'class="imc-cite"' in page and 'class="imc-card"' not in page


def test_site_restyles_the_banner_and_a_section_listing(tmp_path):
    """The положение's status banner and the events listing, f-strings in Python before, are
    templates too: a site's own versions replace them, with the same data."""
    root = _built_with(tmp_path, {
        "regulation_banner.html": '<aside class="zarechny-status">{{ title }}'
                                  '{% if order %}: приказ № {{ order.number }}{% endif %}</aside>\n',
        "events_index.html": '<ol class="zarechny-events">{% for e in upcoming + past %}'
                             '<li>{{ e.date }} — {{ e.title }}</li>{% endfor %}</ol>\n'})
    page = (root / "site/dokumenty/polozhenie-o-konkurse/index.html").read_text(encoding="utf-8")
    assert '<aside class="zarechny-status">действует: приказ № ' in page
    assert 'class="imc-banner' not in page
    events = (root / "site/sobytiya/index.html").read_text(encoding="utf-8")
    assert '<ol class="zarechny-events"><li>' in events and "Предстоящие события" not in events
    # a page whose template is not overridden is the engine's
    news = (root / "site/novosti/itogi-konkursa/index.html").read_text(encoding="utf-8")
    assert '<p class="imc-entry__meta"><time datetime="' in news
