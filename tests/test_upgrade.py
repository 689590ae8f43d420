"""A site made with an older engine keeps passing `imc check` after an upgrade.

New content types bring new vocabularies; a site's data/vocabularies.yml written before them
does not have them. The engine's own vocabularies (the ones `imc init` writes) stand in until
the site writes its own.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import ROOT, run_imc
from imc.check.load import ENGINE_VOCABULARIES

# vocabularies that came with plans, reports, bodies, acts, courses and books
NEWER = ("plan_statuses", "plan_item_statuses", "report_kinds", "decision_statuses", "act_levels", "act_kinds",
         "act_statuses", "topics", "course_formats")


def test_vocabularies_the_site_lacks_come_from_the_engine(tmp_path: Path):
    site = tmp_path / "site"
    for part in ("docs", "data"):
        shutil.copytree(ROOT / part, site / part)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    vocab_file = site / "data" / "vocabularies.yml"
    vocab = yaml.safe_load(vocab_file.read_text(encoding="utf-8"))
    engine = yaml.safe_load(ENGINE_VOCABULARIES.read_text(encoding="utf-8"))
    dropped = [name for name in NEWER if name in vocab]
    assert dropped and all(name in engine for name in dropped)
    for name in dropped:
        del vocab[name]
    vocab_file.write_text(yaml.safe_dump(vocab, allow_unicode=True, sort_keys=False), encoding="utf-8")

    run = run_imc("check", root=site)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "нет словаря" not in run.stdout + run.stderr

    # a vocabulary the site writes is still its own: a broken one is reported
    vocab["topics"] = "не список"
    vocab_file.write_text(yaml.safe_dump(vocab, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run = run_imc("check", root=site)
    assert run.returncode == 1 and "нет словаря «topics»" in run.stdout + run.stderr
