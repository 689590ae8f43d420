"""The «Заявка на консультацию или методическую помощь» issue form, generated from the model.

Like «Предложить материал» (proposal.py), the form is written from data/vocabularies.yml (its
topics are the `topics` vocabulary of acts and events), and a test checks the committed file
equals what this module writes. Unlike it, the request never becomes a file or a pull request:
it carries only the label «консультация», and the proposal workflow acts on «материал» alone.

Regenerate after changing the vocabularies:  python -m imc.authoring.consultation --form
"""
from __future__ import annotations

import sys

import yaml
from imc.authoring.proposal_form import form_cli
from imc.core.problems import ImcError

FORM_PATH = ".github/ISSUE_TEMPLATE/zayavka-na-konsultatsiyu.yml"
FORM_LABEL = "консультация"
OTHER = "Другое (опишу в вопросе)"
FORMS = ("Онлайн-консультация", "Очно в ИМЦ", "Выезд методиста в организацию", "Письменный ответ в заявке")
WARNING_TEXT = (
    "**Заявка видна всем в интернете.** Не пишите в ней телефоны, домашние адреса, электронную почту, "
    "фамилии и сведения о детях и родителях, диагнозы и заключения ПМПК. Достаточно должности и организации: "
    "методист ответит в комментарии к заявке, а подробности при необходимости обсудит по служебной почте "
    "вашей организации.")


def issue_form(project) -> dict:
    topics = project.vocabularies.get("topics") if project is not None else None
    if topics is None or not topics.entries:
        raise ImcError("нет словаря «topics» в data/vocabularies.yml: форму заявки на консультацию не собрать")
    options = [str(e["title"])[:1].upper() + str(e["title"])[1:] for e in topics.entries] + [OTHER]
    body = [
        {"type": "markdown", "attributes": {"value": (
            "Методисты ИМЦ помогут с аттестацией, рабочей программой, подготовкой к конкурсу или открытому "
            "уроку, наставничеством, инклюзией. Ответ — в комментарии к заявке в течение пяти рабочих дней; "
            "кто и как отвечает, описано в справке «Заявка на консультацию». Заявка ничего не публикует "
            "на сайте.")}},
        {"type": "markdown", "attributes": {"value": WARNING_TEXT}},
        {"type": "dropdown", "id": "topic", "attributes": {
            "label": "Тема", "description": "О чём нужна консультация.", "options": options},
         "validations": {"required": True}},
        {"type": "textarea", "id": "question", "attributes": {
            "label": "Вопрос", "description": "Что хотите обсудить или с чем нужна помощь. Без личных данных.",
            "placeholder": "Готовлюсь к аттестации на категорию «педагог-наставник»: какие результаты "
                           "работы с молодым учителем включить в портфолио?"},
         "validations": {"required": True}},
        {"type": "input", "id": "organisation", "attributes": {
            "label": "Организация", "description": "Краткое название, как на сайте организации.",
            "placeholder": "МБОУ «СОШ № 3»"}, "validations": {"required": True}},
        {"type": "input", "id": "position", "attributes": {
            "label": "Должность", "description": "Без фамилии: учитель математики, воспитатель, заместитель директора.",
            "placeholder": "учитель начальных классов"}},
        {"type": "dropdown", "id": "form", "attributes": {
            "label": "Удобная форма", "options": list(FORMS)}, "validations": {"required": True}},
        {"type": "input", "id": "dates", "attributes": {
            "label": "Удобные даты и время", "description": "Когда вам удобно встретиться или созвониться.",
            "placeholder": "10–14 марта, после 15:00"}},
        {"type": "checkboxes", "id": "privacy", "attributes": {
            "label": "Личные данные", "options": [{
                "label": "Я понимаю, что заявка видна всем, и не указал(а) в ней личных данных — своих, "
                         "коллег, детей и родителей", "required": True}]}},
    ]
    return {"name": "Заявка на консультацию или методическую помощь",
            "description": "Вопрос методистам ИМЦ: аттестация, программы, наставничество, инклюзия…",
            "title": "Консультация: ", "labels": [FORM_LABEL], "body": body}


def issue_form_yaml(project) -> str:
    head = ("# Создано из словарей (data/vocabularies.yml, словарь topics) модулем imc.authoring.consultation.\n"
            "# Не правьте вручную: после изменения словарей выполните  python -m imc.authoring.consultation --form\n")
    return head + yaml.safe_dump(issue_form(project), allow_unicode=True, sort_keys=False, width=1000)


def main(argv: list[str] | None = None) -> int:
    """python -m imc.authoring.consultation --form [--check] [--root .]: rewrite the issue form from the model."""
    return form_cli(argv, "imc.authoring.consultation", "Заявка на консультацию", FORM_PATH, issue_form_yaml)


if __name__ == "__main__":
    sys.exit(main())
