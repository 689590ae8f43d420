"""JSON Schema (draft 2020-12) of the metadata, generated from the content model.

`imc schema` writes one file per content type (`schemas/practice.schema.json` …) and one per
registry of data/ (`schemas/data-people.schema.json` …). Editors use them for hints and
completion; `imc check` stays the authority (it also checks references, files and links).

Values are described as an editor sees YAML 1.2: dates and times are text in a fixed form.
With a project, vocabulary fields list their allowed values (codes, titles and synonyms —
`imc check` accepts each of them) and references list the known codes as examples.
"""
from __future__ import annotations

import json
from pathlib import Path

from imc.content import model
from imc.content.kinds import field_schema, object_schema  # noqa: F401 (the schema of one field, re-exported)

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def type_schema(ctype: model.ContentType, project=None) -> dict:
    where = f"docs/{ctype.folder}/" if ctype.folder else "docs/"
    s = {
        "$schema": DRAFT,
        "$id": f"urn:imc:schema:{ctype.name}",
        "title": ctype.label,
        "description": f"Метаданные материала «{ctype.label}» ({where}). Проверка целиком: imc check.",
    }
    s.update(object_schema(ctype.fields, project))
    if not s["required"]:
        del s["required"]
    return s


def registry_schema(reg: model.Registry, project=None) -> dict:
    item = object_schema(reg.fields, project)
    return {
        "$schema": DRAFT,
        "$id": f"urn:imc:schema:data-{reg.name}",
        "title": reg.label,
        "description": f"Реестр data/{reg.file}: список записей «- id: …».",
        "type": "array",
        "items": item,
    }


def json_schemas(project=None) -> dict[str, dict]:
    """One JSON Schema per content type, keyed by the type name (practice, product, …)."""
    return {name: type_schema(ctype, project) for name, ctype in model.TYPES.items()}


def registry_schemas(project=None) -> dict[str, dict]:
    """One JSON Schema per registry of data/, keyed by «data-<name>»."""
    return {f"data-{name}": registry_schema(reg, project) for name, reg in model.REGISTRIES.items()}


def write_schemas(root: Path, out_dir: Path) -> list[Path]:
    """Write schemas/<type>.schema.json and schemas/data-<registry>.schema.json."""
    from imc.check.load import load_project

    project = load_project(Path(root))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in {**json_schemas(project), **registry_schemas(project)}.items():
        path = out_dir / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
