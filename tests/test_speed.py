"""Shortcuts taken for the build's speed give the same results as the slow ways they replace."""
from __future__ import annotations

import gc
import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st
from imc.site import render

_PART = st.sampled_from(["praktiki", "b-00001", "f", "index.html", "x.pdf", "poisk", "a", ".", "..", ""])
_PATH = st.lists(_PART, max_size=5).map("/".join) | st.just(".")


@settings(max_examples=1000, deadline=None)
@given(_PATH, _PATH)
def test_relpath_is_posixpath_relpath(to, base):
    """Site paths are compared part by part; whatever is not a plain path goes to posixpath."""
    if not to or not base:
        return  # posixpath.relpath refuses an empty path; rel() never passes one
    assert render._relpath(to, base) == posixpath.relpath(to, base)


def test_rel_links_as_before():
    render.rel.cache_clear()
    assert render.rel("praktiki/b-1/", "praktiki/b-2/") == "../b-2/"
    assert render.rel("praktiki/b-1/", "praktiki/b-1/") == "./"
    assert render.rel("", "poisk/") == "poisk/"
    assert render.rel("praktiki/b-1/", "") == "../../"
    assert render.rel("praktiki/b-1/", "praktiki/b-1/plan.pdf") == "plan.pdf"
    assert render.rel("praktiki/x.html", "assets/imc.css") == "../assets/imc.css"


def test_build_freezes_the_project_only_while_it_builds(tmp_path, monkeypatch):
    """`imc build` moves the checked project out of the collector's way during the build and
    gives it back after: a process that builds twice (tests, a tool) does not keep it forever."""
    from imc.publish import build
    from test_check_build_agree import mini_site
    root = mini_site(tmp_path)
    seen = []
    import mkdocs.commands.build as mkdocs_build
    real = mkdocs_build.build
    monkeypatch.setattr(mkdocs_build, "build", lambda config: (seen.append(gc.get_freeze_count()), real(config)))
    before = gc.get_freeze_count()
    assert build.build(root) == 0
    assert seen and seen[0] > before + 1000  # the project's objects were frozen during the build
    assert gc.get_freeze_count() == before
    assert (root / "site" / "index.html").is_file()
