"""The «Предложить материал» issue form: generated from the model, parsed back into a file.

One source of truth: `issue_form_yaml(project)` writes `.github/ISSUE_TEMPLATE/predlozhit-material.yml`
from `model.py` and `data/vocabularies.yml` (a test checks the committed file equals it);
`parse_issue_form(body)` reads what GitHub renders from that form, and `write_proposal()`
turns it into a content file that `imc check` understands.

GitHub renders a submitted form as blocks `### Label\\n\\nvalue`; an empty answer is
`_No response_`, a multiple dropdown is `A, B`, checkboxes are `- [X] text` / `- [ ] text`.

Regenerate the form after changing vocabularies:  python -m imc.proposal --form
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
from imc.check.fields import Vocabulary
from imc.content import model
from imc.content.kinds import KINDS
from imc.core.problems import ImcError
from imc.core.text import fold, slugify

FORM_PATH = ".github/ISSUE_TEMPLATE/predlozhit-material.yml"
FORM_LABEL = "заявка"  # applied by the form; a maintainer adds «материал» to make a pull request
PR_LABEL = "материал"
NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class FormField:
    id: str  # issue-form id; the model field name where there is one
    type: str  # dropdown | input | textarea | checkboxes
    label: str  # the heading GitHub renders: must be unique in the form
    description: str = ""
    required: bool = False
    multiple: bool = False
    vocab: str = ""  # dropdown options are the titles of this vocabulary
    options: tuple[str, ...] = ()
    placeholder: str = ""
    section: str = ""  # textarea that becomes a «## section» of the body
    only: str = ""  # content type this field is for («practice» / «product»), "" — both


def _sections(ctype: model.ContentType) -> list[tuple[str, str]]:
    """(heading, hint) of each body section of a type, from its skeleton body."""
    out = []
    for block in re.split(r"^## ", ctype.body, flags=re.MULTILINE)[1:]:
        heading, _, rest = block.partition("\n")
        hint = re.sub(r"^TODO:\s*", "", rest.strip())
        out.append((heading.strip(), hint))
    return out


# How the form presents a field where the model's words are written for the YAML file, and the
# fields it reads its own way (authors are names, not codes; files are links).
PRESENTATION: dict[str, dict] = {
    "title": {"placeholder": "Читательский марафон в 5–6 классах"},
    "authors": {"type": "textarea", "placeholder": "Иванова Мария Петровна\nПетров Сергей Андреевич",
                "description": "Фамилия Имя Отчество каждого автора, по одному на строке. Телефоны и адреса не пишите."},
    "organisation": {"type": "input", "placeholder": "МБОУ «СОШ № 3»",
                     "description": "Полное или краткое название, как на сайте организации."},
    "grades": {"description": "Например: 5, 6 или 5–7.", "placeholder": "5, 6"},
    "year": {"description": model.YEAR.help + " Четыре цифры, например 2025."},
    "keywords": {"description": "Через запятую."},
    "licence": {"description": "Как коллеги могут использовать материал. Если не выбрать — CC BY 4.0."},
    "attachments": {"type": "textarea",
                    "description": "Перетащите сюда файлы (DOCX, PDF, PPTX до 20 МБ) или вставьте ссылки на видео. "
                                   "Проверьте, что в файлах нет личных данных."},
}
OWN_WAY = ("title", "authors", "organisation", "attachments")  # read by write_proposal itself
CONSENT = FormField("consent", "checkboxes", "Согласие", required=True,
                    description="Без согласия сайт покажет вместо имени должность и организацию автора.",
                    options=(
    "Все авторы согласны, что их имена будут опубликованы на сайте вместе с материалом",
    ("В материале и файлах нет персональных данных детей и родителей "
    "(фамилий, фотографий без согласия, телефонов)"),
))


def _asked() -> list[str]:
    """Names of the fields the form asks, in the order of the types' fields (a field of one type
    only comes after the field it follows there)."""
    names: list[str] = []
    for ctype in _types():
        before = -1
        for f in ctype.fields:
            if f.editorial or f.generated:
                continue
            if f.name in names:
                before = names.index(f.name)
            else:
                before += 1
                names.insert(before, f.name)
    return names


def _types() -> tuple[model.ContentType, ...]:
    return (model.PRACTICE, model.PRODUCT)  # read when called: a site may extend the model


def form_fields() -> list[FormField]:
    """Every field of the form, in order: the model's fields of the proposed types (each shown
    as its kind asks, content/kinds.py), the consent boxes after the authors, the body sections."""
    types = _types()
    fields = [FormField("type", "dropdown", "Тип материала", required=True,
                        options=tuple(t.label for t in types),
                        description=f"{types[0].label} — описанный опыт (проблема, идея, результаты); "
                                    f"{types[1].label.lower()} — готовая программа, конспект, сборник заданий.")]
    for name in _asked():
        having = [t for t in types if t.field(name)]
        f = having[0].field(name)
        shape = {**KINDS[f.kind].form(f), **PRESENTATION.get(name, {})}
        needs = [t.label for t in having if t.field(name).required]
        required = len(having) == len(types) and len(needs) == len(types)  # the form is one for all types
        note = ""
        if len(having) < len(types):
            note = f"Только для типа «{having[0].label}»" + ("; для него обязательно." if needs else ".")
        elif needs and not required:
            note = "Для типа «" + "», «".join(needs) + "» — обязательно."
        description = " ".join(x for x in (shape.get("description", f.help), note) if x)
        fields.append(FormField(name, shape["type"], f.label, required=required, description=description,
                                multiple=bool(shape.get("multiple")), vocab=shape.get("vocab", ""),
                                placeholder=shape.get("placeholder", ""),
                                only=having[0].name if len(having) < len(types) else ""))
        if name == "authors":
            fields.append(CONSENT)
    attachments = next(i for i, f in enumerate(fields) if f.id == "attachments")
    fields.append(fields.pop(attachments))  # files last, after the text
    for ctype in types:
        for heading, hint in _sections(ctype):
            fields.insert(len(fields) - 1, FormField(f"section-{slugify(heading)}", "textarea", heading,
                                                     description=f"{ctype.label}: {hint}", section=heading,
                                                     only=ctype.name))
    ids = [f.id for f in fields]
    labels = [f.label for f in fields]
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels), "ids/labels must be unique"
    return fields


def _vocab(project, name: str) -> Vocabulary:
    v = project.vocabularies.get(name) if project is not None else None
    if v is None or not v.entries:
        raise ImcError(f"нет словаря «{name}» в data/vocabularies.yml: форму заявки не собрать")
    return v


def issue_form(project) -> dict:
    """The issue form as data (GitHub «issue forms» syntax)."""
    body: list[dict] = [{"type": "markdown", "attributes": {"value": (
        "Расскажите о материале — методисты ИМЦ превратят заявку в страницу сайта и покажут её "
        "методическому совету. Поля со звёздочкой обязательны. Что будет дальше, описано в справке "
        "«Как опубликовать материал».")}}]
    for f in form_fields():
        attrs: dict = {"label": f.label}
        if f.description:
            attrs["description"] = f.description
        if f.type == "dropdown":
            if f.multiple:
                attrs["multiple"] = True
            attrs["options"] = list(f.options) if f.options else \
                [str(e["title"]) for e in _vocab(project, f.vocab).entries]
        elif f.type == "checkboxes":  # the first box (names) is a choice, the last one a must
            attrs["options"] = [{"label": o, "required": f.required and i == len(f.options) - 1}
                                for i, o in enumerate(f.options)]
        elif f.placeholder:
            attrs["placeholder"] = f.placeholder
        item = {"type": f.type, "id": f.id, "attributes": attrs}
        if f.required and f.type != "checkboxes":
            item["validations"] = {"required": True}
        body.append(item)
    return {
        "name": "Предложить материал",
        "description": "Лучшая практика или методический продукт для сайта ИМЦ",
        "title": "Материал: ",
        "labels": [FORM_LABEL],
        "body": body,
    }


def issue_form_yaml(project) -> str:
    head = ("# Создано из модели содержания (scripts/imc/content/model.py) и словарей (data/vocabularies.yml).\n"
            "# Не правьте вручную: после изменения словарей выполните  python -m imc.proposal --form\n")
    return head + yaml.safe_dump(issue_form(project), allow_unicode=True, sort_keys=False, width=1000)


# ------------------------------------------------------------------ parsing a submitted form

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
        m = re.compile(rf"^###[ \t]+{re.escape(f.label)}[ \t]*$", re.MULTILINE).search(text, pos)
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
            out[f.id] = [m.group(2).strip() for m in re.finditer(r"^\s*[-*] \[([xX])\] (.+)$", value, re.MULTILINE)]
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


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _yaml_value(value):
    """A value for the skeleton's `given`: a scalar as it is (the skeleton quotes text), a list as
    YAML items — codes and numbers bare, other text quoted."""
    if not isinstance(value, list):
        return value
    return [v if isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v) else
            _q(v) if isinstance(v, str) else str(v) for v in value]


def _name_words(name: str) -> list[str]:
    return fold(name).replace(".", ". ").replace("  ", " ").split()


def _same_person(written: str, registered: str) -> bool:
    """«Иванова Мария Петровна», «Иванова М. П.», «Иванова М.П.», «М. П. Иванова»."""
    w = [x.rstrip(".") for x in _name_words(written)]
    r = [x.rstrip(".") for x in _name_words(registered)]
    if not w or not r:
        return False
    if w == r:
        return True
    if len(r) < 2:
        return False
    surname, given = r[0], r[1:]
    initials = [g[0] for g in given]
    for ws, rest in ((w[0], w[1:]), (w[-1], w[:-1])):
        if ws == surname and rest and all(len(x) == 1 for x in rest) and rest == initials[:len(rest)]:
            return True
    return False


def _author_id_guess(name: str) -> str:
    words = [x.rstrip(".") for x in _name_words(name)]
    if not words:
        return "avtor"
    return slugify(words[0] + " " + "".join(w[0] for w in words[1:] if w))


def _authors(project, text: str) -> list[str]:
    names = []
    for part in re.split(r"[\n;,]+", text):
        part = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", part).strip()
        if part:
            names.append(_one_line(part))
    return names


def _match_registry(project, registry: str, value: str, keys: tuple[str, ...]) -> str | None:
    wanted = fold(value)
    for rid, entry in project.registries.get(registry, {}).items():
        if wanted == fold(rid) or any(wanted == fold(entry.get(k, "")) for k in keys):
            return rid
    return None


_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_BARE_URL = re.compile(r"(?<![(<\[])\bhttps?://[^\s)>\]]+")
_IMG_TAG = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>", re.I)


def _attachment_links(text: str) -> list[tuple[str, str]]:
    """(name, url) of every file or link given in the attachments field, in order."""
    out: list[tuple[str, str]] = []
    for m in _IMG_TAG.finditer(text):
        out.append(("картинка", m.group(1)))
    text = _IMG_TAG.sub(" ", text)
    for m in _LINK.finditer(text.replace("![", "[")):
        out.append((_one_line(m.group(1)) or m.group(2).rsplit("/", 1)[-1], m.group(2)))
    rest = _LINK.sub(" ", text.replace("![", "["))
    for m in _BARE_URL.finditer(rest):
        out.append((re.sub(r"^https?://", "", m.group(0)).rstrip("/"), m.group(0)))
    seen, unique = set(), []
    for name, url in out:
        if url not in seen and re.match(r"https?://", url, re.IGNORECASE):
            seen.add(url)
            unique.append((name.replace("[", "(").replace("]", ")"), url))
    return unique


def _section_text(text: str) -> str:
    """An author's answer as Markdown of one section: headings below ##, pictures as links."""
    text = text.replace("\r\n", "\n").strip("\n")
    text = re.sub(r"^#{1,2}(?=[ \t])", "###", text, flags=re.MULTILINE)
    # Pictures pasted into the form live on GitHub's servers: the site never loads them from
    # there. They become links, and the reviewer saves the files beside the page.
    text = _IMG_TAG.sub(lambda m: f"[картинка]({m.group(1)})", text)
    text = _IMAGE.sub(lambda m: f"[{m.group(1).strip() or 'картинка'}]({m.group(2)})", text)
    return text.rstrip()


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

    type_label = _one_line(form.get("type", ""))
    ctype = next((t for t in _types() if fold(t.label) == fold(type_label)), None)
    if ctype is None:
        raise ImcError(f"в заявке не выбран тип материала (есть: {', '.join(t.label for t in _types())})"
                       if not type_label else
                       f"тип «{type_label}» не поддерживается; есть: {', '.join(t.label for t in _types())}")
    missing = [f.label for f in form_fields()
               if f.required and f.type != "checkboxes" and not form.get(f.id)]
    if missing:
        raise ImcError("в заявке не заполнены обязательные поля: " + ", ".join(f"«{m}»" for m in missing))

    title = _one_line(form["title"])
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
            given[f.id] = _yaml_value(value)

    consent_given = CONSENT.options[0] in (form.get("consent") or [])
    people = project.registries.get("people", {})
    author_lines = ["authors:"]
    ids: list[str] = []
    for n, name in enumerate(_authors(project, form["authors"]), start=1):
        pid = next((k for k, v in people.items() if _same_person(name, v.get("name", ""))), None)
        if pid:
            author_lines.append(f"  - {pid}")
            ids.append(pid)
            continue
        # Without consent even a code made of the surname says too much: use a neutral one.
        guess = _author_id_guess(name) if consent_given else f"avtor-{number or 0}-{n}"
        who = (f"«{name}»" if consent_given else f"автор {n} из заявки (согласие на публикацию имени не дано)")
        author_lines.append(f"  - {guess}  # TODO: {who} нет в data/people.yml — добавьте запись "
                            f"с кодом {guess}" + (f" и consent: true ({issue})" if consent_given else ""))
        ids.append(guess)
    if not ids:
        raise ImcError("в заявке не указаны авторы")
    given["authors"] = ids

    org_text = _one_line(form["organisation"])
    org_id = _match_registry(project, "organisations", org_text, ("name", "short_name"))
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
            (f"organisation: {_q(given['organisation'])}  # TODO: «{org_text}» нет в data/organisations.yml "
            "— добавьте организацию или впишите её код")])
    review = []
    statuses, bodies = project.vocabularies.get("review_statuses"), project.vocabularies.get("review_bodies")
    status = statuses.get("на рассмотрении") if statuses else None
    council = bodies.get("методический совет") if bodies else None
    if status and council and ctype.field("review"):
        review = ["review:", f"  status: {status['id']}", f"  body: {council['id']}"]
    if review:
        text = _insert_before_close(text, review)

    # ------------------------------------------------------------ body
    head, sep, _skeleton_body = text.partition("\n---\n\n")
    defaults = dict(_sections(ctype))
    parts = []
    for f in form_fields():
        if not f.section or f.only != ctype.name:
            continue
        answer = _section_text(form.get(f.id, ""))
        parts.append(f"## {f.section}\n\n{answer or 'TODO: ' + defaults.get(f.section, '')}\n")
    links = _attachment_links(form.get("attachments", ""))
    if links:
        parts.append("## Файлы из заявки\n\nTODO: скачайте файлы, положите их в папку этого материала, "
                     "перечислите в поле attachments и удалите этот раздел.\n\n" +
                     "\n".join(f"- [{name}]({url})" for name, url in links) + "\n")
    text = head + sep + "\n".join(parts)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """python -m imc.proposal --form [--root .]: rewrite the issue form from the model."""
    import argparse

    from imc.check.load import load_project

    p = argparse.ArgumentParser(prog="python -m imc.proposal",
                                description="Записать форму «Предложить материал» из модели и словарей.")
    p.add_argument("--form", action="store_true", help=f"записать {FORM_PATH}")
    p.add_argument("--root", default=".", help="папка сайта")
    p.add_argument("--check", action="store_true", help="только проверить, что файл не устарел")
    args = p.parse_args(argv)
    if not args.form:
        p.print_help()
        return 2
    root = Path(args.root)
    try:
        text = issue_form_yaml(load_project(root))
    except ImcError as err:
        print(f"imc: {err}", file=sys.stderr)
        return 1
    target = root / FORM_PATH
    if args.check:
        same = target.is_file() and target.read_text(encoding="utf-8") == text
        print("Форма заявки актуальна." if same else f"{FORM_PATH} устарел: python -m imc.proposal --form")
        return 0 if same else 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"Записан {FORM_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
