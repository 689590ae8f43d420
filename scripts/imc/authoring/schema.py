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
from imc.core.text import DATE_PATTERN, SCHOOL_YEAR_PATTERN, SLUG_PATTERN, TIME_PATTERN, URL_PATTERN

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILE_PATTERN = r"^(?![/\\])(?![A-Za-z]:)(?!(.*/)?\.\.(/|$)).+$"


def _vocab_values(project, name: str) -> list[str]:
    vocab = project.vocabularies.get(name) if project is not None else None
    if vocab is None:
        return []
    values: list[str] = []
    for e in vocab.entries:
        for v in [e.get("id"), e.get("title"), *(e.get("aliases") or [])]:
            if v is not None and str(v) not in values:
                values.append(str(v))
    return values


def _ref_ids(project, target: str) -> list[str]:
    if project is None:
        return []
    if target in project.registries:
        return sorted(project.registries[target])
    return sorted(i.id for i in project.of_type(target))


def _where(f: model.Field) -> str:
    if f.kind == "ref":
        reg = model.REGISTRIES.get(f.ref)
        return f"Код из data/{reg.file}." if reg else f"Код материала типа «{f.ref}»."
    if f.kind == "vocab":
        return f"Значение словаря «{model.VOCABULARIES.get(f.vocab, f.vocab)}» (data/vocabularies.yml)."
    return ""


def field_schema(f: model.Field, project=None) -> dict:
    """The schema of one field (titles and descriptions in Russian from the model)."""
    s: dict = {"title": f.label}
    description = " ".join(x for x in (f.help, _where(f)) if x)
    if description:
        s["description"] = description
    kind = f.kind
    if kind in ("str", "text"):
        # `imc check` takes a number as text too (`protocol: 3`); true/false it does not.
        s["type"] = ["string", "number"]
        if f.required:
            s["minLength"] = 1
    elif kind == "slug":
        s.update(type="string", pattern=SLUG_PATTERN)
    elif kind == "date":
        s.update(type="string", format="date", pattern=DATE_PATTERN)
        s.setdefault("examples", ["2025-09-01"])
    elif kind == "time":
        s.update(type="string", pattern=TIME_PATTERN, examples=["14:30"])
    elif kind == "school_year":
        s.update(type="string", pattern=SCHOOL_YEAR_PATTERN, examples=["2025/2026"])
    elif kind in ("int", "year"):
        s["type"] = "integer"
        if f.min is not None:
            s["minimum"] = f.min
        if f.max is not None:
            s["maximum"] = f.max
    elif kind == "bool":
        s["type"] = "boolean"
    elif kind == "url":
        s.update(type="string", format="uri", pattern=URL_PATTERN)
    elif kind == "file":
        s.update(type="string", pattern=FILE_PATTERN)
    elif kind == "vocab":
        values = _vocab_values(project, f.vocab)
        if values:
            s["enum"] = values
        else:
            s["type"] = "string"
    elif kind == "ref":
        s.update(type="string", pattern=SLUG_PATTERN)
        ids = _ref_ids(project, f.ref)
        if ids:
            s["examples"] = ids[:50]
    elif kind == "list":
        s["type"] = "array"
        if f.item is not None:
            item = field_schema(f.item, project)
            s["items"] = item
        if f.min:
            s["minItems"] = f.min
    elif kind == "object":
        s.update(object_schema(f.fields, project))
        s["title"] = f.label
    elif kind == "scores":
        s["type"] = "object"
        criteria = project.registries.get("criteria") if project is not None else None
        if criteria:
            s["properties"] = {cid: {"title": str(c.get("title", cid)), "type": "integer",
                                     "minimum": 0, "maximum": c.get("max", 100)}
                               for cid, c in criteria.items()}
            s["additionalProperties"] = False
        else:
            s["additionalProperties"] = {"type": "integer", "minimum": 0}
    else:  # a kind added to the model later: accept anything, say so
        s["description"] = (s.get("description", "") + f" (вид поля «{kind}»)").strip()
    if f.example is not None and "examples" not in s:
        s["examples"] = [f.example]
    return s


def object_schema(fields: tuple[model.Field, ...], project=None) -> dict:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f, project) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


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
