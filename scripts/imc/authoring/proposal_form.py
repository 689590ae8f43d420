"""The «Предложить материал» issue form, generated from the model: its fields and the YAML that
`.github/ISSUE_TEMPLATE/predlozhit-material.yml` holds (a test checks the committed file equals it)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml
from imc.check.fields import Vocabulary
from imc.content import model
from imc.core.problems import ImcError
from imc.core.text import slugify

FORM_PATH = ".github/ISSUE_TEMPLATE/predlozhit-material.yml"
FORM_LABEL = "заявка"  # applied by the form; a maintainer adds «материал» to make a pull request
PR_LABEL = "материал"
NO_RESPONSE = "_No response_"
TYPES = (model.PRACTICE, model.PRODUCT)


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


def form_fields() -> list[FormField]:
    """Every field of the form, in order. Labels come from the model."""
    p, q = model.PRACTICE, model.PRODUCT

    def lab(name: str) -> str:
        f = p.field(name) or q.field(name)
        assert f is not None, name
        return f.label

    fields = [
        FormField("type", "dropdown", "Тип материала", required=True,
                  options=tuple(t.label for t in TYPES),
                  description=f"{p.label} — описанный опыт (проблема, идея, результаты); "
                              f"{q.label.lower()} — готовая программа, конспект, сборник заданий."),
        FormField("title", "input", lab("title"), required=True, description=model.TITLE.help,
                  placeholder="Читательский марафон в 5–6 классах"),
        FormField("description", "input", lab("description"), required=True,
                  description=model.DESCRIPTION.help),
        FormField("material_type", "dropdown", lab("material_type"), vocab="material_types",
                  only="product", description="Только для методического продукта."),
        FormField("authors", "textarea", lab("authors"), required=True,
                  description="Фамилия Имя Отчество каждого автора, по одному на строке. "
                              "Телефоны и адреса не пишите.",
                  placeholder="Иванова Мария Петровна\nПетров Сергей Андреевич"),
        FormField("consent", "checkboxes", "Согласие", required=True,
                  description="Без согласия сайт покажет вместо имени должность и организацию автора.",
                  options=(
            "Все авторы согласны, что их имена будут опубликованы на сайте вместе с материалом",
            "В материале и файлах нет персональных данных детей и родителей "
            "(фамилий, фотографий без согласия, телефонов)",
        )),
        FormField("organisation", "input", lab("organisation"), required=True,
                  description="Полное или краткое название, как на сайте организации.",
                  placeholder="МБОУ «СОШ № 3»"),
        FormField("subjects", "dropdown", lab("subjects"), multiple=True, vocab="subjects"),
        FormField("levels", "dropdown", lab("levels"), multiple=True, vocab="levels", required=True),
        FormField("grades", "input", lab("grades"), description="Например: 5, 6 или 5–7.",
                  placeholder="5, 6"),
        FormField("directions", "dropdown", lab("directions"), multiple=True, vocab="directions",
                  description="Для лучшей практики — обязательно."),
        FormField("year", "input", lab("year"), required=True,
                  description=model.YEAR.help + " Четыре цифры, например 2025."),
        FormField("keywords", "input", lab("keywords"), description="Через запятую."),
        FormField("licence", "dropdown", lab("licence"), vocab="licences",
                  description="Как коллеги могут использовать материал. Если не выбрать — CC BY 4.0."),
    ]
    for ctype in TYPES:
        for heading, hint in _sections(ctype):
            fields.append(FormField(f"section-{slugify(heading)}", "textarea", heading,
                                    description=f"{ctype.label}: {hint}", section=heading,
                                    only=ctype.name))
    fields.append(FormField(
        "attachments", "textarea", lab("attachments"),
        description="Перетащите сюда файлы (DOCX, PDF, PPTX до 20 МБ) или вставьте ссылки на видео. "
                    "Проверьте, что в файлах нет личных данных."))
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
