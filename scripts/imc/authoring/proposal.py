"""The «Предложить материал» issue form: generated from the model, parsed back into a file.

One source of truth: `issue_form_yaml(project)` writes `.github/ISSUE_TEMPLATE/predlozhit-material.yml`
from `model.py` and `data/vocabularies.yml` (a test checks the committed file equals it);
`parse_issue_form(body)` reads what GitHub renders from that form, and `write_proposal()`
turns it into a content file that `imc check` understands.

The form is in `proposal_form`, reading a submitted one in `proposal_parse`, the answers as
front-matter values in `proposal_values`; this module writes the file.

Regenerate the form after changing vocabularies:  python -m imc.authoring.proposal --form
"""
from __future__ import annotations

import sys
from pathlib import Path

from imc.authoring.proposal_form import (CONSENT, FORM_LABEL, FORM_PATH, NO_RESPONSE, OWN_WAY, PR_LABEL, _sections,
                                         _types, form_cli, form_fields, issue_form, issue_form_yaml)
from imc.authoring.proposal_parse import parse_issue_form
from imc.authoring.proposal_values import (attachment_links, author_id_guess, author_names, match_registry,
                                           one_line, quoted, same_person, section_text, yaml_value)
from imc.content.kinds import KINDS
from imc.core.problems import ImcError
from imc.core.text import fold, slugify

# what the workflow, the CLI and the tests take from the entry point
__all__ = ["FORM_LABEL", "FORM_PATH", "NO_RESPONSE", "PR_LABEL", "form_fields", "issue_form",
           "issue_form_yaml", "main", "parse_issue_form", "write_proposal"]


def _insert_before_close(text: str, lines: list[str]) -> str:
    head, sep, rest = text.partition("\n---\n")
    return head + "\n" + "\n".join(lines) + sep + rest


def _replace_line(text: str, key: str, new: list[str]) -> str:
    out = []
    for line in text.split("\n"):
        if line.startswith(f"{key}:") and new:
            out += new
            new = []
        else:
            out.append(line)
    return "\n".join(out)


def write_proposal(root: Path, body: str, number: int) -> Path:
    """Turn a submitted «Предложить материал» issue into docs/<folder>/<id>/index.md."""
    from imc.authoring.skeleton import render, target_path
    from imc.check.load import load_project

    root = Path(root)
    form = parse_issue_form(body)
    project = load_project(root)
    issue = f"заявка #{number}" if number else "заявка"

    type_label = one_line(form.get("type", ""))
    ctype = next((t for t in _types() if fold(t.label) == fold(type_label)), None)
    if ctype is None:
        raise ImcError(f"в заявке не выбран тип материала (есть: {', '.join(t.label for t in _types())})"
                       if not type_label else
                       f"тип «{type_label}» не поддерживается; есть: {', '.join(t.label for t in _types())}")
    missing = [f.label for f in form_fields()
               if f.required and f.type != "checkboxes" and not form.get(f.id)]
    if missing:
        raise ImcError("в заявке не заполнены обязательные поля: " + ", ".join(f"«{m}»" for m in missing))

    title = one_line(form["title"])
    given: dict = {}
    for f in form_fields():  # every other field as its kind reads a form answer (content/kinds.py)
        field = ctype.field(f.id)
        answer = form.get(f.id)
        if field is None or f.id in OWN_WAY or not answer:
            continue
        try:
            value = KINDS[field.kind].from_form(", ".join(answer) if isinstance(answer, list) else answer,
                                                field, project)
        except ValueError as err:
            raise ImcError(str(err)) from None
        if value not in ("", []):
            given[f.id] = yaml_value(value)

    consent_given = CONSENT.options[0] in (form.get("consent") or [])
    people = project.registries.get("people", {})
    author_lines = ["authors:"]
    ids: list[str] = []
    for n, name in enumerate(author_names(project, form["authors"]), start=1):
        pid = next((k for k, v in people.items() if same_person(name, v.get("name", ""))), None)
        if pid:
            author_lines.append(f"  - {pid}")
            ids.append(pid)
            continue
        # Without consent even a code made of the surname says too much: use a neutral one.
        guess = author_id_guess(name) if consent_given else f"avtor-{number or 0}-{n}"
        who = (f"«{name}»" if consent_given else f"автор {n} из заявки (согласие на публикацию имени не дано)")
        author_lines.append(f"  - {guess}  # TODO: {who} нет в data/people.yml — добавьте запись "
                            f"с кодом {guess}" + (f" и consent: true ({issue})" if consent_given else ""))
        ids.append(guess)
    if not ids:
        raise ImcError("в заявке не указаны авторы")
    given["authors"] = ids

    org_text = one_line(form["organisation"])
    org_id = match_registry(project, "organisations", org_text, ("name", "short_name"))
    given["organisation"] = org_id or slugify(org_text)[:40].rstrip("-")

    # ------------------------------------------------------------ path
    item_id = slugify(title)[:60].rstrip("-")
    path = target_path(root, ctype, item_id)
    if path.exists() and number:
        item_id = f"{item_id}-{number}"
        path = target_path(root, ctype, item_id)
    if path.exists():
        raise ImcError(f"{path.relative_to(root).as_posix()} уже есть: материал с таким названием опубликован")

    # ------------------------------------------------------------ front matter
    text = render(project, ctype, title, given)
    text = text.replace("---\n", f"---\n# Создано из заявки{' #' + str(number) if number else ''}: "
                                 "проверьте все значения перед публикацией\n", 1)
    text = _replace_line(text, "authors", author_lines)
    if not org_id:
        text = _replace_line(text, "organisation", [
            f"organisation: {quoted(given['organisation'])}  # TODO: «{org_text}» нет в data/organisations.yml "
            "— добавьте организацию или впишите её код"])
    review = []
    statuses, bodies = project.vocabularies.get("review_statuses"), project.vocabularies.get("review_bodies")
    status = statuses.get("на рассмотрении") if statuses else None
    council = bodies.get("методический совет") if bodies else None
    if status and council and ctype.field("review"):
        review = ["review:", f"  status: {status['id']}", f"  body: {council['id']}"]
    if review:
        text = _insert_before_close(text, review)

    # ------------------------------------------------------------ body
    head, sep, skeleton_body = text.partition("\n---\n\n")
    defaults = dict(_sections(ctype))
    parts = []
    for f in form_fields():
        if not f.section or f.only != ctype.name:
            continue
        answer = section_text(form.get(f.id, ""))
        parts.append(f"## {f.section}\n\n{answer or 'TODO: ' + defaults.get(f.section, '')}\n")
    links = attachment_links(form.get("attachments", ""))
    if links:
        parts.append("## Файлы из заявки\n\nTODO: скачайте файлы, положите их в папку этого материала, "
                     "перечислите в поле attachments и удалите этот раздел.\n\n" +
                     "\n".join(f"- [{name}]({url})" for name, url in links) + "\n")
    text = head + sep + "\n".join(parts)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """python -m imc.authoring.proposal --form [--check] [--root .]: rewrite the issue form from the model."""
    return form_cli(argv, "imc.authoring.proposal", "Предложить материал", FORM_PATH, issue_form_yaml)


if __name__ == "__main__":
    sys.exit(main())
