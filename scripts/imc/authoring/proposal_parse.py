"""A submitted «Предложить материал» issue read back into answers.

GitHub renders a submitted form as blocks `### Label\\n\\nvalue`; an empty answer is
`_No response_`, a multiple dropdown is `A, B`, checkboxes are `- [X] text` / `- [ ] text`.
"""
from __future__ import annotations

import re

from imc.authoring.proposal_form import NO_RESPONSE, FormField, form_fields
from imc.core.problems import ImcError


def parse_issue_form(body: str) -> dict:
    """Rendered issue-form text -> {field id: value}.

    Text fields give a string ("" when empty), multiple dropdowns and checkboxes give lists
    (checkboxes: the labels that are ticked). Headings the form does not have are kept
    inside the value of the field before them: an author may write «### Этап 1» in a text.
    """
    text = (body or "").replace("\r\n", "\n").replace("\r", "\n")
    fields = form_fields()
    found: list[tuple[int, int, FormField]] = []  # (heading start, value start, field)
    pos = 0
    for f in fields:
        m = re.compile(rf"^###[ \t]+{re.escape(f.label)}[ \t]*$", re.M).search(text, pos)
        if m:
            found.append((m.start(), m.end(), f))
            pos = m.end()
    if not found:
        raise ImcError("это не заявка из формы «Предложить материал»: не найдено ни одного поля "
                       "(строк вида «### Название»)")
    out: dict = {}
    for i, (_, start, f) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        value = text[start:end].strip("\n").rstrip()
        value = value.strip() if f.type != "textarea" else value.strip("\n")
        if value.strip() == NO_RESPONSE:
            value = ""
        if f.type == "checkboxes":
            out[f.id] = [m.group(2).strip() for m in re.finditer(r"^\s*[-*] \[([xX])\] (.+)$", value, re.M)]
        elif f.type == "dropdown" and f.multiple:
            out[f.id] = _split_options(value)
        else:
            out[f.id] = value
    return out


def _split_options(value: str) -> list[str]:
    """«Русский язык, Литература» -> two options; an option may itself contain «, »."""
    value = value.strip()
    if not value:
        return []
    parts = [p.strip() for p in value.split(", ")]
    return [p for p in parts if p]
