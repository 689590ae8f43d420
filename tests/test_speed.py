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
    monkeypatch.setattr(mkdocs_build, "build",
                        lambda config: (seen.append((gc.get_freeze_count(), gc.get_threshold())), real(config)))
    before, thresholds = gc.get_freeze_count(), gc.get_threshold()
    assert build.build(root) == 0
    assert seen and seen[0][0] > before + 1000  # the project's objects were frozen during the build
    assert seen[0][1][0] > thresholds[0]
    assert (gc.get_freeze_count(), gc.get_threshold()) == (before, thresholds)
    assert (root / "site" / "index.html").is_file()


def test_templates_are_looked_up_once_per_project_and_a_new_project_sees_an_edit(tmp_path):
    """The cards of one build share the template; the preview's next rebuild (a new Project)
    picks up an override the author has just edited."""
    import os

    from imc.content.project import Project
    override = tmp_path / render.OVERRIDES / "after.html"
    override.parent.mkdir(parents=True)
    override.write_text("first", encoding="utf-8")
    project = Project(tmp_path)
    first = render.template(project, "after.html")
    assert first.render() == "first"
    override.write_text("second edit", encoding="utf-8")
    os.utime(override, (1, 2_000_000_000))  # a later time than the first version, however fast
    assert render.template(project, "after.html") is first  # one build: not looked at again
    assert render.template(Project(tmp_path), "after.html").render() == "second edit"


def test_related_materials_are_the_most_shared_then_the_newest():
    """related() ranks by the count of shared subjects, directions and levels, then by date and
    path, newest first — checked against a plain scan of the demo bank (no key there holds
    more than RELATED_POOL materials, so the candidate pool is everyone sharing a key)."""
    from conftest import ROOT
    from imc.check.load import load_project
    project = load_project(ROOT)
    bank = [i for i in project.items if i.type.catalogue]
    keys = {id(i): render._related_keys(i) for i in bank}
    assert max(sum(k in keys[id(i)] for i in bank) for k in set().union(*keys.values())) <= render.RELATED_POOL
    checked = 0
    for item in bank:
        mine = keys[id(item)]
        narrow = {k for k in mine if k[0] != "l"}
        pool = [o for o in bank if keys[id(o)] & (narrow or mine)]
        if len(pool) <= 5:
            pool = [o for o in bank if keys[id(o)] & mine]
        pool.sort(key=lambda o: (len(mine & keys[id(o)]), str(o.meta.get("date") or ""), o.rel), reverse=True)
        expected = [o for o in pool if o is not item][:5]
        assert render.related(project, item) == expected, item.rel
        checked += bool(expected)
    assert checked >= 5
