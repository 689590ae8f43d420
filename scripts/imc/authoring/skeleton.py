"""`imc new`: a valid file for any content type, written from the model."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from imc.content import model
from imc.content.kinds import KINDS
from imc.content.project import DOCS, Project
from imc.core.problems import ImcError
from imc.core.text import slugify

FOLDER_TYPES = {"practice", "product", "rmo"}  # a folder per item: attachments live beside it


def target_path(root: Path, ctype: model.ContentType, item_id: str) -> Path:
    if ctype is model.PAGE:
        return root / DOCS / f"{item_id}.md"
    if ctype.name in FOLDER_TYPES:
        return root / DOCS / ctype.folder / item_id / "index.md"
    return root / DOCS / ctype.folder / f"{item_id}.md"


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _value_lines(project: Project, f: model.Field, given: dict, indent: str = "") -> list[str]:
    name = f"{indent}{f.name}:"
    if f.name not in given:
        return KINDS[f.kind].skeleton_lines(f, project, indent, dt.date.today())
    v = given[f.name]
    if f.kind == "object" and isinstance(v, dict):  # given sub-fields, the rest as usual
        lines = [name]
        for sub in f.fields:
            if sub.required or sub.name in v:
                lines += _value_lines(project, sub, v, indent + "  ")
        return lines
    return [f"{name} [{', '.join(v)}]" if f.kind == "list" else f"{name} {_q(v) if isinstance(v, str) else v}"]


def front_matter(project: Project, ctype: model.ContentType, given: dict | None = None) -> str:
    """The `---` block of a new item: the given values (an object field may be given as a dict),
    every other required field filled from the model with a TODO that `imc check` reports."""
    given = dict(given or {})
    lines = ["---"]
    for f in ctype.fields:
        if f.required or f.name in given:
            lines += _value_lines(project, f, given)
    lines.append("---")
    return "\n".join(lines) + "\n"


def render(project: Project, ctype: model.ContentType, title: str, given: dict | None = None) -> str:
    given = dict(given or {})
    given["title"] = title
    return front_matter(project, ctype, given) + "\n" + (ctype.body or "TODO: текст страницы.\n")


def create(project: Project, type_name: str, title: str, item_id: str | None = None,
           given: dict | None = None) -> Path:
    ctype = model.TYPES.get(type_name)
    if ctype is None:
        raise ImcError(f"нет такого типа «{type_name}»; есть: {', '.join(model.TYPES)}")
    item_id = item_id or slugify(title)[:60].rstrip("-")
    path = target_path(project.root, ctype, item_id)
    if path.exists() or path.with_suffix("").with_name(item_id).exists():
        raise ImcError(f"{path.relative_to(project.root)} уже есть; выберите другой --id")
    text = render(project, ctype, title, given)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
