"""The «Предложить материал» issue form, generated from the model: its fields and the YAML that
`.github/ISSUE_TEMPLATE/predlozhit-material.yml` holds (a test checks the committed file equals it)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from imc.check.fields import Vocabulary
from imc.content import model
from imc.content.kinds import KINDS
from imc.core.problems import ImcError
from imc.core.text import slugify

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
    for block in re.split(r"^## ", ctype.body, flags=re.M)[1:]:
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
            "# Не правьте вручную: после изменения словарей выполните  python -m imc.authoring.proposal --form\n")
    return head + yaml.safe_dump(issue_form(project), allow_unicode=True, sort_keys=False, width=1000)


def form_cli(argv: list[str] | None, module: str, title: str, path: str, make) -> int:
    """`python -m <module> --form [--check] [--root .]`: write (or compare) the issue form at
    `path` from `make(project)` — one command for every form the engine generates."""
    import argparse
    import sys
    from pathlib import Path

    from imc.check.load import load_project

    p = argparse.ArgumentParser(prog=f"python -m {module}", description=f"Записать форму «{title}» из модели и словарей.")
    p.add_argument("--form", action="store_true", help=f"записать {path}")
    p.add_argument("--root", default=".", help="папка сайта")
    p.add_argument("--check", action="store_true", help="только проверить, что файл не устарел")
    args = p.parse_args(argv)
    if not args.form:
        p.print_help()
        return 2
    root = Path(args.root)
    try:
        text = make(load_project(root))
    except ImcError as err:
        print(f"imc: {err}", file=sys.stderr)
        return 1
    target = root / path
    if args.check:
        same = target.is_file() and target.read_text(encoding="utf-8") == text
        print("Форма заявки актуальна." if same else f"{path} устарел: python -m {module} --form")
        return 0 if same else 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"Записан {path}")
    return 0
