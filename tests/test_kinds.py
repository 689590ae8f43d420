"""Field kinds: one class per kind, and «новое поле — одна строка» kept true.

The second test copies the engine, adds ONE line to the model of the copy (a new field of a
best practice) and runs the copy in a fresh interpreter: the field must be checked, described
in the JSON Schema, offered by the web editor, written by `imc new`, asked in the
«Предложить материал» form, read back from a submitted form, and shown on the card.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from imc.content import model
from imc.content.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "imc"


def test_every_kind_in_the_model_has_a_class():
    fields = [f for t in model.TYPES.values() for _, f in model.iter_fields(t.fields)]
    fields += [f for r in model.REGISTRIES.values() for _, f in model.iter_fields(r.fields)]
    fields += [f for _, f in model.iter_fields(model.SITE_FIELDS)]
    used = {f.kind for f in fields} | {f.item.kind for f in fields if f.item is not None}
    assert used <= set(KINDS), used - set(KINDS)
    for name, k in KINDS.items():
        assert k.name == name


NEW_LINE = '            F("duration", "int", "Продолжительность, недель", required=True, min=1, max=52),\n'

PROBE = r'''
import json, sys
from pathlib import Path
root = Path(sys.argv[1])
from imc.content import model
from imc.check.load import load_project
from imc.authoring import cms, proposal, skeleton
from imc.authoring.schema import json_schemas
from imc.site import render

assert model.PRACTICE.field("duration") is not None, "the copy's model is not the one imported"
project = load_project(root)
problems = [(p.path, p.line, p.field, p.message) for p in project.problems if "duration" in p.field]
schema = json_schemas(project)["practice"]["properties"].get("duration")
editor = next((f for f in cms.collection(model.PRACTICE, project)["fields"] if f["name"] == "duration"), None)
new_file = skeleton.front_matter(project, model.PRACTICE)
form = proposal.issue_form(project)
asked = next((e for e in form["body"] if e.get("id") == "duration"), None)
answers = {"type": model.PRACTICE.label, "title": "Проба поля", "description": "Проверка формы.",
           "authors": "Проба Пробная Пробовна", "organisation": "нет такой", "year": "2025", "duration": "6",
           "levels": project.vocabularies["levels"].entries[0]["title"],
           "directions": project.vocabularies["directions"].entries[0]["title"]}
body = "\n\n".join(f"### {f.label}\n\n{answers.get(f.id, '_No response_')}" for f in proposal.form_fields())
proposed = proposal.write_proposal(root, body, 7).read_text(encoding="utf-8")
item = project.get("practice", "chitatelskiy-marafon")
card = render.card_html(project, item, item.url) if item is not None else ""
print(json.dumps({"problems": problems, "schema": schema, "editor": editor, "new_file": new_file,
                  "asked": asked, "proposed": proposed, "card": card}, ensure_ascii=False, default=str))
'''


def _engine_with_one_more_line(tmp: Path) -> Path:
    pkg = tmp / "pkg"
    shutil.copytree(PACKAGE, pkg / "imc", ignore=shutil.ignore_patterns("__pycache__", "assets"))
    (pkg / "imc" / "assets").symlink_to(PACKAGE / "assets")
    model_py = pkg / "imc" / "content" / "model.py"
    lines = model_py.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("PRACTICE = ContentType("))
    at = next(i for i in range(start, len(lines)) if "YEAR, DATE," in lines[i])
    lines.insert(at, NEW_LINE)  # the one line
    model_py.write_text("".join(lines), encoding="utf-8")
    return pkg


def _site_copy(tmp: Path, duration: str | None) -> Path:
    site = tmp / "site"
    shutil.rmtree(site, ignore_errors=True)
    for part in ("docs", "data"):
        shutil.copytree(ROOT / part, site / part)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    page = site / "docs" / "praktiki" / "chitatelskiy-marafon" / "index.md"
    text = page.read_text(encoding="utf-8")
    if duration is not None:
        text = text.replace("\nyear: 2024\n", f"\nyear: 2024\nduration: {duration}\n", 1)
    page.write_text(text, encoding="utf-8")
    return site


def _probe(pkg: Path, site: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(pkg)}
    run = subprocess.run([sys.executable, "-c", PROBE, str(site)], capture_output=True, text=True, env=env,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.splitlines()[-1])


def test_a_new_field_is_one_line(tmp_path):
    pkg = _engine_with_one_more_line(tmp_path)

    bad = _probe(pkg, _site_copy(tmp_path, "0"))
    assert [(p[0], p[2]) for p in bad["problems"] if "пределов" in p[3]] == \
        [("docs/praktiki/chitatelskiy-marafon/index.md", "duration")]
    missing = [p for p in bad["problems"] if "обязательное поле" in p[3]]
    assert missing and all(p[0].startswith("docs/praktiki/") for p in missing)  # the other practices lack it

    good = _probe(pkg, _site_copy(tmp_path, "6"))
    assert not [p for p in good["problems"] if p[0].endswith("chitatelskiy-marafon/index.md")]
    assert good["schema"]["type"] == "integer" and good["schema"]["minimum"] == 1
    assert good["schema"]["title"] == "Продолжительность, недель"
    assert good["editor"]["widget"] == "number" and good["editor"]["max"] == 52
    assert "\nduration: 1" in good["new_file"]
    assert good["asked"]["type"] == "input" and good["asked"]["attributes"]["label"] == "Продолжительность, недель"
    assert "\nduration: 6\n" in good["proposed"]  # read back from a submitted form
    assert "Продолжительность, недель" in good["card"] and ">6<" in good["card"]
