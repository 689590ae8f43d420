"""`imc import`: Word, text and Markdown documents → materials that pass `imc check`.

Acceptance tests run the real CLI (`python -m imc.cli`) on a small project in tmp_path; a few
unit tests pin the pieces that read real-world noise (order numbers, section numbers).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import pytest
from conftest import run_imc
from imc.authoring.importer import find_order, passport_section, title_case
from imc.content.model import PRACTICE

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
needs_seeds = pytest.mark.skipif(not SEED_FILES, reason=f"нет папки с настоящими положениями {SEEDS} "
                                                         "(shared/seeds рядом с репозиторием)")

# ------------------------------------------------------------------ helpers


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    data = root / "data"
    data.mkdir(parents=True)
    (root / "docs").mkdir()
    for name in ("vocabularies.yml", "criteria.yml", "site.yml"):
        shutil.copy(REPO / "data" / name, data / name)
    (data / "organisations.yml").write_text(
        "- id: imc\n  name: Информационно-методический центр\n  short_name: ИМЦ\n"
        "  type: imc\n  district: zarechnyy\n", encoding="utf-8")
    (data / "people.yml").write_text(
        "- id: ivanova-mp\n  name: Иванова Мария Петровна\n  position: методист\n"
        "  organisation: imc\n  consent: true\n", encoding="utf-8")
    (data / "platforms.yml").write_text("[]\n", encoding="utf-8")
    (data / "structure.yml").write_text("[]\n", encoding="utf-8")
    return root


def imc(root: Path, *args) -> subprocess.CompletedProcess:
    return run_imc(*map(str, args), root=root, timeout=120)


def do_import(root: Path, src: Path, type_name: str, *extra: str) -> Path:
    res = imc(root, "import", src, "--type", type_name, *extra)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    m = re.search(r"Создан файл (\S+?)\. ", res.stdout)
    assert m, res.stdout
    path = Path(m.group(1))
    return path if path.is_absolute() else root / path


def check_ok(root: Path) -> str:
    res = imc(root, "check")
    assert res.returncode == 0, res.stdout + res.stderr
    assert re.search(r"ошибок нет|ошибок — 0,", res.stdout), res.stdout
    return res.stdout


def fails(root: Path, *args: str, rc: int = 1) -> str:
    """The command fails with a Russian message: 1 — the document is at fault, 2 — the command."""
    res = imc(root, *args)
    assert res.returncode == rc, (res.returncode, res.stdout, res.stderr)
    assert "Traceback" not in res.stderr + res.stdout
    assert res.stderr.startswith("imc: "), res.stderr
    assert re.search("[а-яё]", res.stderr), res.stderr
    return res.stderr


def words(text: str) -> Counter:
    """Words (letters and digits) of a text, case-insensitive; Cyrillic «І» counts as Latin «I»:
    the importer writes Roman section numbers in Latin letters, as the site reads them."""
    return Counter(re.findall(r"[^\W_]+", text.replace("І", "I").lower()))


def source_words(text: str) -> Counter:
    """Words of a source without the documented noise: `[bookmark: …]` markers, page-number
    lines and the word «Раздел» or «Глава» before a section number."""
    text = re.sub(r"\[bookmark:[^\]]*\]", " ", text)
    text = re.sub(r"(?m)^[\s\-–—]*\d{1,3}[\s\-–—]*$", " ", text)
    text = re.sub(r"(?mi)^(\s*)(раздел|глава)(?=\s+(\d|[IVXІ]))", r"\1", text)
    # the approval stamp («Утверждено приказом … от … № …») goes to the front matter `order`
    text = re.sub(r"(?is)(утвержден[оа]\W*)?\s*(приказом|распоряжением)\b[^№]{0,120}?(№[^\n]*|\d{4}\s*г\.?[^\n№]*(№[^\n]*)?)",
                  " ", text)
    return words(text)


def assert_no_word_lost(source: str, output: str) -> None:
    lost = source_words(source) - words(output)
    assert not lost, f"потеряны слова: {dict(lost)}"


def split(md: str) -> tuple[str, str]:
    assert md.startswith("---\n")
    head, body = md[4:].split("\n---\n", 1)
    return head, body


_SRC_CLAUSE = re.compile(r"^\s*(?:\[bookmark:[^\]]*\])?\s*(?:\*\*)?(\d+(?:\.\d+)+)\.?(?=\s|$)", re.M)
_SRC_SECTION = re.compile(r"^\s*(?:\[bookmark:[^\]]*\])?\s*(?:\*\*)?(\d{1,2}|[IVXІ]+)\.\s+\S", re.M)


def clause_numbers(body: str) -> list[str]:
    """Clause paragraphs of the output: a blank line, then «1.2. » at the start of a line."""
    return re.findall(r"(?:^|\n\n)(\d+(?:\.\d+)+)\. ", body)


def png(width: int = 3, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x20\x60\xa0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def docx_from_lines(lines: list[str], path: Path) -> Path:
    """A Word file with one paragraph per line, as a careless conversion makes them;
    `**…**` (also across lines) becomes bold text."""
    import docx
    document = docx.Document()
    bold = False
    for line in lines:
        paragraph = document.add_paragraph()
        for i, part in enumerate(line.split("**")):
            if i:
                bold = not bold
            if part:
                paragraph.add_run(part).bold = bold
    document.save(path)
    return path


# ------------------------------------------------------------------ the real положения


@needs_seeds
@pytest.mark.parametrize("fmt", ["txt", "docx"])
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.stem)
def test_seed_regulation(project: Path, tmp_path: Path, seed: Path, fmt: str):
    text = seed.read_text(encoding="utf-8")
    src = seed if fmt == "txt" else docx_from_lines(text.split("\n"), tmp_path / f"{seed.stem}.docx")
    path = do_import(project, src, "regulation")
    assert path.parent == project / "docs" / "dokumenty"
    check_ok(project)
    out = path.read_text(encoding="utf-8")
    head, body = split(out)
    # every numbered clause of the source is its own clause paragraph, in the same order,
    # duplicates («2.1» twice, «3.2.3» twice) kept as written
    assert clause_numbers(body) == _SRC_CLAUSE.findall(text)
    assert len(re.findall(r"(?m)^## ", body)) == len(_SRC_SECTION.findall(text))
    assert_no_word_lost(text, out)
    assert "bookmark" not in out and "\t" not in out and "  " not in body


def _seed(stem: str) -> Path:
    """One of the real положения; the test is skipped, saying which file is missing, without it."""
    path = SEEDS / f"{stem}.txt"
    if not path.is_file():
        pytest.skip(f"нет {path}: настоящие положения лежат в shared/seeds рядом с репозиторием")
    return path


@pytest.mark.parametrize("stem, lines", [
    ("polozhenie-mms-strezhevoy", ('number: "155"', "date: 2020-05-14", 'issuer: "Управление образования"')),
    ("polozhenie-oms-snezhinsk", ('number: "72"', "date: 2019-08-30", 'issuer: "МКУ ЦОДОУ"')),
])
def test_seed_front_matter(project: Path, stem: str, lines: tuple[str, ...]):
    head, body = split(do_import(project, _seed(stem), "regulation").read_text(encoding="utf-8"))
    assert 'status: "deystvuet"' in head
    for line in lines:
        assert line in head, (line, head)


def test_seed_title_sections_and_approval(project: Path):
    path = do_import(project, _seed("polozhenie-oms-snezhinsk"), "regulation")
    assert path == project / "docs/dokumenty/polozhenie-ob-otdele-metodicheskogo-soprovozhdeniya.md"
    head, body = split(path.read_text(encoding="utf-8"))
    assert 'title: "Положение об отделе методического сопровождения"' in head
    assert "## I. Общие положения" in body and "## II. Основные задачи" in body  # Cyrillic І → I
    # the approval stamp is the front matter `order`, not body text
    assert "УТВЕРЖДЕНО" not in body and "№ 72" not in body


def test_seed_draft_has_no_order(project: Path):
    head, body = split(do_import(project, _seed("polozhenie-mms-yaya"), "regulation").read_text(encoding="utf-8"))
    assert 'status: "proekt"' in head and "order:" not in head
    assert body.startswith("\n## 1. Общие положения\n\n1.1. Настоящее положение")
    assert "5.2. Финансирование деятельности ММС осуществляется за счет средств муниципального " \
           "бюджета, а также внебюджетных источников финансирования." in body


# ------------------------------------------------------------------ structure of a положение


BROKEN = """\
МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ УЧРЕЖДЕНИЕ «ИМЦ»
УТВЕРЖДЕНО
приказом управления образования
№  45 - од от 01.09.2023г.
ПОЛОЖЕНИЕ О РАЙОННОМ МЕТОДИЧЕСКОМ ОБЪЕДИНЕНИИ
Раздел 1. Общие положения
1.1 Настоящее положение определяет порядок работы
районного методического объединения (далее – РМО).
1.2.Руководитель РМО назначается приказом.
\f
2
II. Цели  и\tзадачи
2.1. Цели РМО:
• повышение квалификации;
– обмен опытом;
— поддержка молодых
педагогов.
2.1. Задачи (повтор номера в подлиннике):
- первая задача;
1.1.1. Пункт не по порядку.
3 Права и обязанности
участников
3.1. Участник вправе:
а) выступать;
б) получать материалы.
"""

BROKEN_BODY = """\
МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ УЧРЕЖДЕНИЕ «ИМЦ»

## 1. Общие положения

1.1. Настоящее положение определяет порядок работы районного методического объединения (далее – РМО).

1.2. Руководитель РМО назначается приказом.

## II. Цели и задачи

2.1. Цели РМО:

- повышение квалификации;
- обмен опытом;
- поддержка молодых педагогов.

2.1. Задачи (повтор номера в подлиннике):

- первая задача;

1.1.1. Пункт не по порядку.

## 3. Права и обязанности участников

3.1. Участник вправе:

а) выступать;

б) получать материалы.
"""


def test_regulation_structure_from_broken_text(project: Path, tmp_path: Path):
    src = tmp_path / "rmo.txt"
    src.write_text(BROKEN, encoding="utf-8")
    path = do_import(project, src, "regulation")
    assert path == project / "docs/dokumenty/polozhenie-o-rayonnom-metodicheskom-obedinenii.md"
    head, body = split(path.read_text(encoding="utf-8"))
    assert body == "\n" + BROKEN_BODY
    assert head == ('title: "Положение о районном методическом объединении"\nstatus: "deystvuet"\n'
                    'order:\n  number: "45-од"\n  date: 2023-09-01\n  issuer: "Управление образования"')
    check_ok(project)
    assert_no_word_lost(BROKEN, path.read_text(encoding="utf-8"))


LAYOUT = """\
Положение о наставничестве
Глава 1.Общие положения
1.1.
Наставник назначается приказом. 1.2. Наставничество длится год; см. п. 1.1. Положения.
1.3. Срок продлевается согласно п. 1.2. Настоящего положения.
ПРАВА НАСТАВНИКА
- МБОУ СОШ № 1;
2.1) не пункт, а текст.
"""

LAYOUT_BODY = """\
## 1. Общие положения

1.1. Наставник назначается приказом.

1.2. Наставничество длится год; см. п. 1.1. Положения.

1.3. Срок продлевается согласно п. 1.2. Настоящего положения.

## ПРАВА НАСТАВНИКА

- МБОУ СОШ № 1;

2.1) не пункт, а текст.
"""


def test_regulation_numbers_apart_and_together(project: Path, tmp_path: Path):
    """A number on a line of its own, several clauses on one line, a chapter, a capitals heading."""
    src = tmp_path / "n.txt"
    src.write_text(LAYOUT, encoding="utf-8")
    head, body = split(do_import(project, src, "regulation").read_text(encoding="utf-8"))
    assert body == "\n" + LAYOUT_BODY
    check_ok(project)
    assert_no_word_lost(LAYOUT, head + body)


@pytest.mark.parametrize("text, number, date, issuer", [
    ("Утверждено приказом № 12/3 от 5 сентября 2023 года", "12/3", dt.date(2023, 9, 5), ""),
    ("Приказ № 12/3 от 5 сентября 2023 года", "12/3", dt.date(2023, 9, 5), ""),
    ("УТВЕРЖДЕНО приказом Управления образования от14. 05. 2020 г. № 155", "155", dt.date(2020, 5, 14),
     "Управление образования"),
    ("утверждено приказом директора МБУ «ИМЦ» от «30» августа 2019 г. №  45 - од", "45-од",
     dt.date(2019, 8, 30), "Директор МБУ «ИМЦ»"),
    ("Приказом Комитета по образованию от 01.09.23 № 7–о", "7-о", dt.date(2023, 9, 1),
     "Комитет по образованию"),
])
def test_find_order(text, number, date, issuer):
    order = find_order(text)
    assert (order.number, order.date, order.issuer) == (number, date, issuer)


def test_no_order_without_the_word():
    assert find_order("Принято на педагогическом совете 30.08.2023 протокол № 1") is None


def test_title_case():
    assert title_case("ПОЛОЖЕНИЕ О РАЙОННОМ МЕТОДИЧЕСКОМ ОБЪЕДИНЕНИИ") == \
        "Положение о районном методическом объединении"
    assert title_case("ПОЛОЖЕНИЕ о методическом совете МБОУ СОШ № 3") == \
        "Положение о методическом совете МБОУ СОШ № 3"
    assert title_case("Положение о РМО") == "Положение о РМО"


def test_order_without_issuer_is_a_todo(project: Path, tmp_path: Path):
    src = tmp_path / "konkurs.txt"
    src.write_text("Приказ № 12/3 от 5 сентября 2023 года\nПоложение о конкурсе\n"
                   "1. Общие положения\n1.1. Конкурс проводится ежегодно.\n", encoding="utf-8")
    head, body = split(do_import(project, src, "regulation").read_text(encoding="utf-8"))
    assert 'number: "12/3"\n  date: 2023-09-05\n  issuer: "TODO: кто утвердил"' in head
    out = check_ok(project)
    assert "не заполнено (стоит TODO)" in out


def test_order_without_date_stays_a_draft(project: Path, tmp_path: Path):
    src = tmp_path / "d.txt"
    src.write_text("Утверждено приказом № 5\nПоложение о совете\n1. Общие положения\n1.1. Текст.\n",
                   encoding="utf-8")
    res = imc(project, "import", src, "--type", "regulation")
    assert res.returncode == 0, res.stderr
    assert "приказ № 5, но без даты" in res.stderr
    head, body = split((project / "docs/dokumenty/polozhenie-o-sovete.md").read_text(encoding="utf-8"))
    assert 'status: "proekt"' in head and "order:" not in head
    assert body.startswith("\nУтверждено приказом № 5\n\n## 1. Общие положения")


def test_regulation_markdown_and_markup_in_title(project: Path, tmp_path: Path):
    src = tmp_path / "r.md"
    src.write_text("# Положение о <b>совете</b>\n\nУтверждено приказом ИМЦ\nот 02.09.2024 № 7-од\n\n"
                   "## 1. Общие положения\n\n1.1. Совет\nсобирается ежемесячно.\n1.2. Решения\n"
                   "принимаются большинством.\n\n- первое;\n- второе.\n", encoding="utf-8")
    head, body = split(do_import(project, src, "regulation").read_text(encoding="utf-8"))
    assert 'title: "Положение о ‹b›совете‹/b›"' in head
    assert 'number: "7-од"\n  date: 2024-09-02\n  issuer: "ИМЦ"' in head
    assert body == ("\n## 1. Общие положения\n\n"
                    "1.1. Совет собирается ежемесячно.\n\n1.2. Решения принимаются большинством.\n\n"
                    "- первое;\n- второе.\n")
    check_ok(project)


def test_unnumbered_heading_after_title(project: Path, tmp_path: Path):
    src = tmp_path / "s.txt"
    src.write_text("ПОЛОЖЕНИЕ О СОВЕТЕ\nУТВЕРЖДЕНО\nприказом № 3 от 01.02.2024\nОБЩИЕ ПОЛОЖЕНИЯ\n"
                   "1.1. Текст.\n", encoding="utf-8")
    head, body = split(do_import(project, src, "regulation").read_text(encoding="utf-8"))
    assert 'title: "Положение о совете"' in head and 'number: "3"' in head
    assert body == "\n## ОБЩИЕ ПОЛОЖЕНИЯ\n\n1.1. Текст.\n"


def test_regulation_from_word_numbering(project: Path, tmp_path: Path):
    """Clause numbers made by Word's automatic numbering are not in the text: they are restored."""
    import docx
    from docx.oxml import parse_xml
    document = docx.Document()
    numbering = document.part.numbering_part.element
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, fmt, text in ((0, "decimal", "%1."), (1, "decimal", "%1.%2."), (2, "decimal", "%1.%2.%3."),
                             (3, "russianLower", "%4)")))
    numbering.insert(0, parse_xml(f'<w:abstractNum {ns} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int, style: str | None = None):
        p = document.add_paragraph(text, style=style)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    document.add_paragraph("ПОЛОЖЕНИЕ", style="Title")
    document.add_paragraph("о школе молодого педагога")
    numbered("Общие положения", 0, "Heading 1")
    numbered("Школа работает при ИМЦ.", 1)
    numbered("Задачи школы:", 1)
    document.add_paragraph("адаптация молодых педагогов;", style="List Bullet")
    document.add_paragraph("наставничество.", style="List Bullet")
    numbered("Организация работы", 0, "Heading 1")
    numbered("Занятия проводятся ежемесячно.", 1)
    numbered("Формы занятий:", 2)
    numbered("семинар;", 3)
    numbered("практикум.", 3)
    src = tmp_path / "shmp.docx"
    document.save(src)
    path = do_import(project, src, "regulation")
    head, body = split(path.read_text(encoding="utf-8"))
    assert 'title: "Положение о школе молодого педагога"' in head and 'status: "proekt"' in head
    assert body == ("\n## 1. Общие положения\n\n1.1. Школа работает при ИМЦ.\n\n1.2. Задачи школы:\n\n"
                    "- адаптация молодых педагогов;\n- наставничество.\n\n## 2. Организация работы\n\n"
                    "2.1. Занятия проводятся ежемесячно.\n\n2.1.1. Формы занятий:\n\nа) семинар;\n\n"
                    "б) практикум.\n")
    check_ok(project)


def test_regulation_docx_with_image_and_table(project: Path, tmp_path: Path):
    import docx
    document = docx.Document()
    document.add_paragraph("Положение о методическом совете")
    document.add_paragraph("1. Общие положения")
    document.add_paragraph("1.1. Структура совета показана на схеме.")
    document.add_paragraph().add_run().add_picture(io.BytesIO(png()))
    table = document.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "Должность", (0, 1): "Роль", (1, 0): "Директор ИМЦ",
                         (1, 1): "председатель | руководитель"}.items():
        table.cell(r, c).text = text
    document.add_paragraph("1.2. Совет собирается ежеквартально.")
    src = tmp_path / "sovet.docx"
    document.save(src)
    path = do_import(project, src, "regulation", "--id", "metodsovet")
    assert path == project / "docs/dokumenty/metodsovet.md"
    assert (project / "docs/dokumenty/metodsovet/image-1.png").read_bytes() == png()
    head, body = split(path.read_text(encoding="utf-8"))
    assert "1.1. Структура совета показана на схеме.\n\n![Рисунок 1](metodsovet/image-1.png)\n\n" \
           "| Должность | Роль |\n| --- | --- |\n| Директор ИМЦ | председатель \\| руководитель |\n\n" \
           "1.2. Совет собирается ежеквартально.\n" in body
    check_ok(project)


# ------------------------------------------------------------------ practice and product


def practice_docx(path: Path) -> Path:
    import docx
    document = docx.Document()
    document.add_heading("Читательский марафон в 5 классе", level=1)
    document.add_paragraph("Практика родилась на уроках литературы.")
    document.add_heading("Актуальность", level=2)
    p = document.add_paragraph("Пятиклассники ")
    p.add_run("читают мало").bold = True
    p.add_run(" и ")
    p.add_run("неохотно").italic = True
    p.add_run(".")
    document.add_heading("Технология реализации", level=2)
    document.add_paragraph("Команды отмечают прочитанное на карте:")
    document.add_paragraph("выбор книги;", style="List Bullet")
    document.add_paragraph("чтение по 20 минут;", style="List Bullet")
    document.add_paragraph("обсуждение в пятницу.", style="List Bullet")
    document.add_paragraph("Неделя первая", style="List Number")
    document.add_paragraph("Неделя вторая", style="List Number")
    shape = document.add_paragraph().add_run().add_picture(io.BytesIO(png()))
    shape._inline.docPr.set("descr", "Карта марафона")
    document.add_paragraph().add_run().add_picture(io.BytesIO(png(4, 4)))
    document.add_heading("Оборудование кабинета", level=3)
    document.add_paragraph("Стенд и маркеры.")
    document.add_heading("Результативность", level=2)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate((("Показатель", "Сентябрь", "Декабрь"), ("Читают каждый день", "30 %", "70 %"),
                             ("Прочитано книг", "2", "5"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_heading("Отзывы родителей", level=2)
    document.add_paragraph("Родители отмечают интерес детей. Подробнее: ")
    document.save(path)
    return path


def test_practice_docx(project: Path, tmp_path: Path):
    src = practice_docx(tmp_path / "Марафон.docx")
    path = do_import(project, src, "practice")
    folder = project / "docs/praktiki/chitatelskiy-marafon-v-5-klasse"
    assert path == folder / "index.md"
    assert (folder / "image-1.png").read_bytes() == png()
    assert (folder / "image-2.png").read_bytes() == png(4, 4)
    text = path.read_text(encoding="utf-8")
    head, body = split(text)
    assert head.startswith('title: "Читательский марафон в 5 классе"\n')
    assert re.findall(r"(?m)^## (.+)$", body) == list(PRACTICE.sections)
    assert "## Проблема\n\nПрактика родилась на уроках литературы.\n\n### Актуальность\n\n" \
           "Пятиклассники **читают мало** и *неохотно*.\n" in body
    assert "### Технология реализации\n\nКоманды отмечают прочитанное на карте:\n\n- выбор книги;\n" \
           "- чтение по 20 минут;\n- обсуждение в пятницу.\n\n<!-- -->\n\n1. Неделя первая\n1. Неделя вторая\n\n" \
           "![Карта марафона](image-1.png)\n\n![Рисунок 2](image-2.png)\n\n" \
           "#### Оборудование кабинета\n\nСтенд и маркеры.\n" in body
    assert "## Результаты\n\n### Результативность\n\n| Показатель | Сентябрь | Декабрь |\n| --- | --- | --- |\n" \
           "| Читают каждый день | 30 % | 70 % |\n" in body
    # an unmatched heading stays, under the section before it
    assert "| Прочитано книг | 2 | 5 |\n\n### Отзывы родителей\n\nРодители отмечают" in body
    for missing in ("Идея", "Ресурсы", "Как повторить"):
        assert re.search(rf"## {missing}\n\nTODO: ", body)
    out = check_ok(project)
    assert "не заполнено (стоит TODO)" in out  # the model's required fields are left to fill
    assert_no_word_lost("\n".join(p.text for p in __import__("docx").Document(src).paragraphs)
                        + " Показатель Сентябрь Декабрь Читают каждый день 30 70 Прочитано книг 2 5", text)


def test_practice_headings_map_to_passport():
    s = PRACTICE.sections
    assert passport_section("1. Актуальность:", s) == "Проблема"
    assert passport_section("Результаты работы", s) == "Результаты"
    assert passport_section("Результативность", s) == "Результаты"
    assert passport_section("Ведущая педагогическая идея", s) == "Идея"
    assert passport_section("Условия реализации", s) == "Ресурсы"
    assert passport_section("Рекомендации коллегам", s) == "Как повторить"
    assert passport_section("ОПИСАНИЕ ТЕХНОЛОГИИ", s) == "Как это делается"
    assert passport_section("Ожидаемые результаты", s) == "Результаты"
    assert passport_section("Отзывы родителей", s) is None


def test_practice_title_skips_school_and_author(project: Path, tmp_path: Path):
    src = tmp_path / "p.txt"
    text = ("Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»\n"
            "Описание практики\n«Шахматы в начальной школе»\nАвтор: учитель начальных классов\n"
            "Актуальность\nДети мало двигаются мыслью.\n")
    src.write_text(text, encoding="utf-8")
    path = do_import(project, src, "practice")
    assert path.parent.name == "shakhmaty-v-nachalnoy-shkole"
    head, body = split(path.read_text(encoding="utf-8"))
    assert head.startswith('title: "Шахматы в начальной школе"\n')
    assert body.startswith("\n## Проблема\n\nМуниципальное бюджетное общеобразовательное учреждение "
                           "«Средняя школа № 1»\n\n### Актуальность\n\nДети мало двигаются мыслью.\n")
    # «Описание практики» reads as the heading of the description: its text goes there
    assert "## Как это делается\n\n### Описание практики\n\nАвтор: учитель начальных классов\n" in body
    assert_no_word_lost(text, head + body)


PRACTICE_TXT = """\
Театр на уроках английского языка

Проблема: ученики боятся говорить
на иностранном языке.
Идея
Роль снимает страх ошибки.
• сценки по 5 минут;
• смена ролей.
Результаты
Говорят все ученики класса.
"""


def test_practice_txt_in_cp1251(project: Path, tmp_path: Path):
    src = tmp_path / "teatr.txt"
    src.write_bytes(PRACTICE_TXT.encode("cp1251"))
    res = imc(project, "import", src, "--type", "practice", "--id", "teatr")
    assert res.returncode == 0, res.stderr
    assert "Windows-1251" in res.stderr and "перекодирован в UTF-8" in res.stderr
    text = (project / "docs/praktiki/teatr/index.md").read_text(encoding="utf-8")
    head, body = split(text)
    assert 'title: "Театр на уроках английского языка"' in head
    assert body.startswith("\n## Проблема\n\nученики боятся говорить на иностранном языке.\n\n## Идея\n\n"
                           "Роль снимает страх ошибки.\n\n- сценки по 5 минут;\n- смена ролей.\n\n"
                           "## Как это делается\n\nTODO: ")
    assert "## Результаты\n\nГоворят все ученики класса.\n" in body
    check_ok(project)
    assert_no_word_lost(PRACTICE_TXT, text)


def test_product_markdown(project: Path, tmp_path: Path):
    src = tmp_path / "zadachi.md"
    src.write_text("---\ntitle: Задачи на проценты\n---\n# Задачи на проценты\n\n## Назначение\n\n"
                   "Для 6 класса.\n\n### Задача 1\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", encoding="utf-8")
    path = do_import(project, src, "product")
    assert path == project / "docs/kopilka/zadachi-na-protsenty/index.md"
    head, body = split(path.read_text(encoding="utf-8"))
    assert 'title: "Задачи на проценты"' in head and "material_type:" in head
    assert body == "\n## Назначение\n\nДля 6 класса.\n\n### Задача 1\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    check_ok(project)


def test_word_markup_is_shown_not_run(project: Path, tmp_path: Path):
    """Text that would be HTML, a template or emphasis in Markdown stays text."""
    import docx
    document = docx.Document()
    document.add_paragraph("Безопасность")
    document.add_paragraph("Пример: <script>alert(1)</script> и {{ config }} и {% if x %} и 2*3*4 и snake_case_name.")
    document.add_paragraph("# не заголовок")
    src = tmp_path / "bez.docx"
    document.save(src)
    path = do_import(project, src, "product")
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text and "{{" not in text and "{%" not in text
    assert "&lt;script&gt;" in text or "&lt;script>" in text
    assert "2\\*3\\*4" in text and "snake\\_case\\_name" in text and "\\# не заголовок" in text
    check_ok(project)
    assert_no_word_lost("Безопасность Пример script alert 1 script и config и if x и 2 3 4 и snake case name "
                        "не заголовок", text)


# ------------------------------------------------------------------ where it writes


def test_output_option_and_no_overwrite(project: Path, tmp_path: Path):
    src = tmp_path / "p.txt"
    src.write_text("Положение о совете\n1. Общие положения\n1.1. Текст.\n", encoding="utf-8")
    out = tmp_path / "elsewhere" / "sovet.md"
    res = imc(project, "import", src, "--type", "regulation", "--output", out)
    assert res.returncode == 0, res.stderr
    assert out.read_text(encoding="utf-8").startswith('---\ntitle: "Положение о совете"')
    before = out.read_bytes()
    err = fails(project, "import", src, "--type", "regulation", "--output", out)
    assert "уже есть" in err and "не перезаписывает" in err
    assert out.read_bytes() == before
    do_import(project, src, "regulation")
    err = fails(project, "import", src, "--type", "regulation")
    assert "docs/dokumenty/polozhenie-o-sovete.md уже есть" in err
    err = fails(project, "import", src, "--type", "regulation", "--id", "Плохой код", rc=2)
    assert "латиницей" in err
    err = fails(project, "import", src, "--type", "regulation", "--output", tmp_path / "sovet.txt", rc=2)
    assert "--output: укажите путь к файлу .md" in err


def test_images_are_not_overwritten(project: Path, tmp_path: Path):
    src = practice_docx(tmp_path / "m.docx")
    folder = project / "docs/praktiki/marafon"
    folder.mkdir(parents=True)
    (folder / "image-1.png").write_bytes(b"mine")
    err = fails(project, "import", src, "--type", "practice", "--id", "marafon")
    assert "image-1.png уже есть" in err
    assert (folder / "image-1.png").read_bytes() == b"mine" and not (folder / "index.md").exists()


# ------------------------------------------------------------------ bad input


def _encrypted(path: Path) -> Path:
    """What Word writes for a password-protected .docx: an OLE container with an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000)
    return path


def _truncated(path: Path, tmp_path: Path) -> Path:
    good = practice_docx(tmp_path / "good.docx").read_bytes()
    path.write_bytes(good[: len(good) // 2])
    return path


def _zip_without_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "привет")
    return path


@pytest.mark.parametrize("name, message", [("net-takogo.docx", "не найден: проверьте путь"), (".", "не файл")])
def test_missing_source_is_wrong_usage(project: Path, tmp_path: Path, name: str, message: str):
    """A mistyped file name (or a folder) is a mistake in the command: exit 2, as for any usage error."""
    err = fails(project, "import", tmp_path / name, "--type", "regulation", rc=2)
    assert message in err, err
    assert not list((project / "docs").rglob("*.md"))


@pytest.mark.parametrize("make, message", [
    (lambda p, t: (p.write_text("Положение о совете", encoding="utf-8"), p)[1], "не документ Word: внутри текст"),
    (lambda p, t: (p.write_bytes(b"%PDF-1.7\n%\xe2\xe3"), p)[1], "не документ Word: внутри PDF"),
    (lambda p, t: _encrypted(p), "защищён паролем"),
    (lambda p, t: (p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), p)[1],
     "Word 97–2003 (.doc)"),
    (lambda p, t: _truncated(p, t), "повреждён"),
    (lambda p, t: _zip_without_document(p), "не документ Word (нет word/document.xml)"),
    (lambda p, t: (p.write_bytes(b""), p)[1], "пуст"),
])
def test_bad_docx(project: Path, tmp_path: Path, make, message):
    src = make(tmp_path / "doc.docx", tmp_path)
    err = fails(project, "import", src, "--type", "regulation")
    assert message in err, err
    assert not list((project / "docs").rglob("*.md"))


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "пуст"),
    ("blank.txt", b"  \n\n\t\n", "пуст"),
    ("noise.txt", "[bookmark: a]\n12\n".encode(), "нет текста"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "не текстовый файл"),
    ("latin.txt", b"\x81\x98\x98 \x98\x81", "кодировка не распознана"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "сохраните как"),
    ("scan.pdf", b"%PDF-1.4", "не читается как PDF"),
    ("photo.webp", b"RIFF\x00\x00\x00\x00WEBP", "импортировать можно .docx, .doc, .odt, .rtf, .pdf"),
    ("broken.md", "---\ntitle: «x\n  y: [\n---\nтекст".encode(), "ошибка YAML"),
])
def test_bad_text(project: Path, tmp_path: Path, name, content, message):
    src = tmp_path / name
    src.write_bytes(content)
    err = fails(project, "import", src, "--type", "practice")
    assert message in err, err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_text_is_decoded(project: Path, tmp_path: Path, encoding: str):
    src = tmp_path / "u16.txt"
    src.write_bytes("Положение о совете\n1. Общие положения\n1.1. Текст.\n".encode(encoding))
    res = imc(project, "import", src, "--type", "regulation")
    assert res.returncode == 0 and "UTF-16" in res.stderr
    check_ok(project)


def test_damaged_docx_never_crashes(project: Path, tmp_path: Path):
    """Bytes damaged anywhere in a real document: a message naming the file and nothing written,
    or a material that passes `imc check` like any import; never a traceback."""
    import random
    good = practice_docx(tmp_path / "good.docx").read_bytes()
    rnd = random.Random(7)
    damaged = []
    for _ in range(12):
        data = bytearray(good)
        for _ in range(8):
            i = rnd.randrange(30, len(data))
            data[i] = rnd.randrange(256)
        damaged.append(data)
    # damage a reader may ignore: the time stamp of the archive's first entry
    data = bytearray(good)
    data[10:14] = b"\xff\xff\xff\xff"
    damaged.append(data)
    outcomes = set()
    for n, data in enumerate(damaged):
        src = tmp_path / f"damaged{n}.docx"
        src.write_bytes(bytes(data))
        res = imc(project, "import", src, "--type", "practice", "--id", f"d{n}")
        assert "Traceback" not in res.stderr, res.stderr
        outcomes.add(res.returncode)
        written = project / "docs" / "praktiki" / f"d{n}" / "index.md"
        if res.returncode == 0:
            assert res.stdout.startswith(f"Создан файл docs/praktiki/d{n}/index.md."), res.stdout
            head, body = split(written.read_text(encoding="utf-8"))
            assert head.startswith("title: ") and "## Проблема" in body, head
            check_ok(project)
        else:
            assert res.returncode == 1, (res.returncode, res.stderr)
            assert res.stderr.startswith(f"imc: «damaged{n}.docx»"), res.stderr
            assert not written.exists() and not written.parent.exists()
    assert outcomes == {0, 1}, outcomes  # both kinds of outcome were met and checked
