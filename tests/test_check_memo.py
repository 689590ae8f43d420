"""`imc check` remembers what unchanged files gave (.cache/imc): a second run must report
exactly what a fresh run reports — after an edit, a registry change, a deleted file."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import run_imc

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
PRACTICE = "docs/praktiki/chitatelskiy-marafon/index.md"


@pytest.fixture
def mini(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    return root


def problems(root: Path) -> list[dict]:
    run = run_imc("check", "--format", "json", root=root)
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def fresh(root: Path) -> list[dict]:
    shutil.rmtree(root / ".cache", ignore_errors=True)
    return problems(root)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    st = path.stat()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a later mtime on any file system


def test_remembered_results_equal_a_fresh_check(mini: Path):
    first = problems(mini)
    assert (mini / ".cache" / "imc" / "check-memo.json").is_file()
    assert problems(mini) == first  # from the memo

    edit(mini / PRACTICE, "levels: [ООО]", "levels: [ООО5]")
    after_edit = problems(mini)
    assert any("ООО5" in p["message"] for p in after_edit), after_edit
    assert after_edit == fresh(mini)

    # a registry changes the meaning of unchanged files: «ООО5» becomes a known level
    edit(mini / "data" / "vocabularies.yml", "  - {id: ooo, title: ООО,",
         "  - {id: ooo5, title: ООО5}\n  - {id: ooo, title: ООО,")
    after_registry = problems(mini)
    assert not any("ООО5" in p["message"] for p in after_registry), after_registry
    assert after_registry == fresh(mini)

    edit(mini / PRACTICE, "levels: [ООО5]", "levels: [ООО]")
    (mini / "docs" / "novosti" / "itogi-konkursa.md").unlink()
    assert problems(mini) == fresh(mini)


def test_parallel_cold_check_finds_the_same(mini, monkeypatch):
    """A large bank is read by worker processes: what they find is what one process finds,
    problems (with their lines) and the loaded metadata alike."""
    import imc.project as P
    # a few broken files, so that there are problems to compare
    edit(mini / PRACTICE, "title:", "title: [unclosed")
    bad = mini / "docs" / "praktiki" / "bez-metadannykh.md"
    bad.write_text("Текст без метаданных, телефон 8 912 345-67-89, TODO.\n", encoding="utf-8")

    def run(limit: int):
        monkeypatch.setattr(P, "PARALLEL_FROM", limit)
        project = P.load_project(mini, memo=P.Memo())
        return ([p.text() for p in project.problems],
                [(i.rel, i.meta, i.body_line) for i in project.items])

    loaded = []
    real = P._load_parallel
    monkeypatch.setattr(P, "_load_parallel", lambda *a: loaded.append(real(*a)) or loaded[-1])
    one = run(10 ** 9)
    assert not loaded
    many = run(1)
    assert loaded and len(loaded[0][1]) >= 5, "the files were read by the workers"
    assert one[0] and any("bez-metadannykh" in t for t in one[0])
    assert many == one
