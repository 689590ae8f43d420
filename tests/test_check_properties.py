"""Property tests: whatever an author types, `imc check` answers with problems, never a crash.

Random front matter (keys and values with YAML's special characters, random Unicode, random
indentation), random Markdown bodies and random bytes go through the engine:
`imc.core.source.decode` / `split_front_matter` directly, and `imc.check.load.load_project` on a copy
of the mini project. Nothing may raise, and every problem must name a file and a line that
exists in it (1 ≤ line ≤ number of lines), with a column ≥ 1 and a Russian message.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imc.content import model
from imc.check.load import load_project
from imc.core.source import decode, split_front_matter

MINI = Path(__file__).parent / "fixtures" / "mini"
PRACTICE = "docs/praktiki/chitatelskiy-marafon/index.md"
NEWS = "docs/novosti/itogi-konkursa.md"
PEOPLE = "data/people.yml"

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ------------------------------------------------------------------ strategies

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
FIELD_NAMES = sorted({name.split(".")[-1].replace("[]", "") for t in model.TYPES.values()
                      for name, _ in model.iter_fields(t.fields)} | {"render_macros", "ignore_macros"})
SPECIAL_VALUES = [
    "", "no", "yes", "on", "NO", "off", "true", "false", "null", "~", "012", "0x1F", "1.10", "1e3",
    "12:30", "2024-09-01", "01.09.2024", "2024-13-45", "31.02.2025", "'", '"', "''", '""', "[", "]",
    "{", "}", "[]", "{}", "[a, b", "{a: 1", "&a", "*a", "&a x", "!!python/object/apply:os.system ['id']",
    "!!binary aGk=", "!x y", "|", ">", "|-", "- ", "-", "#", "# комментарий", "%", "@", "`", "---", "...",
    "<img src=x onerror=alert(1)>", "javascript:alert(1)", "{{ config }}", "\u2028", "\u2029", "\x85",
    "\ufeff", "\t", " ", "Урок: введение", "ООО5", "sosh-1", "ivanova-mp", "sidorova-ev", "rekomendovana",
    "metodsovet", "[ООО]", "[5, 6]", "[ivanova-mp]", "{aktualnost: 3}", "-1", "9999999999999999999999",
    "Сидорова Елена Викторовна", "\\", "\\u0000", '"\\q"', "'a''b'", "? x", ": x", "<<", "<<: *a",
]
INDENTS = ["", "", "", " ", "  ", "   ", "    ", "\t", "  - ", "- ", "    - "]
SEPARATORS = [": ", ": ", ":", " : ", ":\t", "", " "]

key = st.one_of(st.sampled_from(FIELD_NAMES), st.sampled_from(["titel", "on", "yes", "1", "<<", "? a"]), TEXT)
value = st.one_of(st.sampled_from(SPECIAL_VALUES), TEXT,
                  st.lists(st.sampled_from(SPECIAL_VALUES), max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]"))
yaml_line = st.builds(lambda i, k, s, v: f"{i}{k}{s}{v}", st.sampled_from(INDENTS), key,
                      st.sampled_from(SEPARATORS), value)
yaml_text = st.lists(st.one_of(yaml_line, TEXT, st.sampled_from(SPECIAL_VALUES)), max_size=25).map("\n".join)

BODY_FRAGMENTS = [
    "## Проблема", "## Идея", "## Как это делается", "## Результаты", "## Ресурсы", "## Как повторить",
    "## 1. Общие положения", "1.1. Пункт.", "## Раздел {#razdel}", "# Заголовок", "###### ",
    "[ссылка](../index.md)", "[ссылка](net.md#yakor)", "[ссылка](#как-это-делается)", "[x](/abs/)",
    "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:x)", "[x](data:text/html,x)", "[x](file:///C:/x)",
    "[x](https://a.example){ onclick=\"x\" }", "![](karta.png)", "![Схема](https://cdn.example/x.png)",
    "![", "](", "[", "]", "(", ")", "[x]: javascript:x", "[x]:", "<script>alert(1)</script>", "<img onerror=x>",
    "<svg onload=x>", '<iframe src="https://evil.example">', '<iframe src="https://rutube.ru/play/embed/1">',
    "<form>", "<style>", "<meta http-equiv=refresh>", "<a href=\"javascript:x\">", "<", ">", "<!--", "-->",
    "{{ config }}", "{{1, 2}, {3}}", "{% include 'x' %}", "{{", "}}", "{%", "%}", "`{{ config }}`", "`", "``",
    "```", "```jinja", "~~~", "    code", "--8<-- \".git/config\"", "--8<--", "| a | b |", "|---|---|",
    "Сидорова Елена Викторовна", "Сидорова Е. В.", "+7 (912) 345-67-89", "8 912 345 67 89", "TODO",
    "---", "...", "+++", "\t", "\r", "\r\n", "\x85", "\u2028", "\ufeff", "", " ",
]
body_line = st.one_of(st.sampled_from(BODY_FRAGMENTS), TEXT,
                      st.lists(st.sampled_from(BODY_FRAGMENTS), min_size=2, max_size=4).map("".join))
body_text = st.lists(body_line, max_size=30).map("\n".join)

GOOD_FRONT_MATTER = (MINI / PRACTICE).read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"

# ------------------------------------------------------------------ invariants


def line_count(path: Path) -> int:
    """Lines as an editor shows them (universal newlines); raw lines for undecodable files."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.count(b"\n") + 1
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text.count("\n") + 1


def assert_problems_placed(problems, root: Path | None = None, lines: int | None = None) -> None:
    for p in problems:
        assert p.path, p
        assert p.line >= 1 and p.col >= 1, p
        assert re.search("[а-яё]", p.message, re.I), p
        limit = lines
        if root is not None:
            target = root / p.path
            if not target.is_file() or target.is_symlink():
                continue
            limit = line_count(target)
        assert limit is None or p.line <= limit, f"line {p.line} of {limit}: {p}"


@pytest.fixture(scope="module")
def project_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("props") / "site"
    shutil.copytree(MINI, root, symlinks=True)
    return root


def _check(root: Path) -> None:
    project = load_project(root)
    assert_problems_placed(project.problems, root)


# ------------------------------------------------------------------ bytes and text


@SETTINGS
@given(st.binary(max_size=2000))
def test_decode_random_bytes(raw: bytes):
    read = decode(raw, "docs/x.md")
    assert_problems_placed(read.problems, lines=raw.count(b"\n") + 1)
    if read.text is not None:
        assert "\r" not in read.text and "\x00" not in read.text
        parsed = split_front_matter(read.text, "docs/x.md")
        assert_problems_placed(parsed.problems, lines=read.text.count("\n") + 1)


@SETTINGS
@given(st.one_of(
    st.tuples(st.sampled_from(["", "\ufeff", "\n", "  "]), st.sampled_from(["---", "+++", "--- ", "----"]),
              yaml_text, st.sampled_from(["---", "...", "", "--- x"]), body_text),
    st.tuples(st.just(""), st.just(""), TEXT, st.just(""), TEXT),
))
def test_decode_and_split_structured_text(parts):
    bom, opener, yaml_part, closer, body = parts
    raw = f"{bom}{opener}\n{yaml_part}\n{closer}\n{body}".encode("utf-8")
    read = decode(raw, "docs/x.md")
    lines = raw.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert_problems_placed(read.problems, lines=lines)
    if read.text is not None:
        parsed = split_front_matter(read.text, "docs/x.md")
        assert_problems_placed(parsed.problems, lines=lines)
        assert parsed.body_line >= 1


@SETTINGS
@given(st.lists(st.sampled_from([b"---\n", b"title: x\n", b"\r\n", b"\r", b"\xef\xbb\xbf", b"\x00",
                                 b"\xff\xfe", b"\xd0\xa3", b"\xd0", b"\xc3\xa9", b"\xe9", b"\x85",
                                 "\u2028".encode(), b"...\n", b"+++\n", b" ", b"\t"]), max_size=40)
       .map(b"".join))
def test_decode_byte_soup(raw: bytes):
    read = decode(raw, "docs/x.md")
    assert_problems_placed(read.problems, lines=raw.count(b"\n") + 1)
    if read.text is not None:
        parsed = split_front_matter(read.text, "docs/x.md")
        assert_problems_placed(parsed.problems, lines=read.text.count("\n") + 1)


# ------------------------------------------------------------------ whole project


@SETTINGS
@given(yaml_text, body_text)
def test_random_front_matter_in_practice(project_root: Path, front: str, body: str):
    (project_root / PRACTICE).write_bytes(f"---\n{front}\n---\n{body}\n".encode("utf-8"))
    _check(project_root)


@SETTINGS
@given(body_text)
def test_random_body_in_practice(project_root: Path, body: str):
    (project_root / PRACTICE).write_bytes((GOOD_FRONT_MATTER + body + "\n").encode("utf-8"))
    _check(project_root)


@SETTINGS
@given(yaml_text, st.sampled_from(["\n", "\r\n", "\r"]))
def test_random_front_matter_in_news_with_newlines(project_root: Path, front: str, newline: str):
    text = f"---\n{front}\n---\nТекст новости.\n".replace("\n", newline)
    (project_root / NEWS).write_bytes(text.encode("utf-8"))
    _check(project_root)


@SETTINGS
@given(yaml_text)
def test_random_registry(project_root: Path, text: str):
    original = (MINI / PEOPLE).read_bytes()
    try:
        (project_root / PEOPLE).write_bytes(text.encode("utf-8"))
        _check(project_root)
    finally:
        (project_root / PEOPLE).write_bytes(original)


@SETTINGS
@given(st.lists(st.sampled_from([
    "- id: ivanova-mp", "- id: x", "  name: Иванова Мария Петровна", "  name: Сидорова Елена Викторовна",
    "  position: учитель", "  organisation: sosh-1", "  organisation: nikto", "  consent: no",
    "  consent: true", "  consent: false", "  consent:", "- name: x", "- ", "-", "  id: [a]", "  id: ИД",
    "  name: <b>x</b>", "  extra: 1", "  - x", "id: y",
]), max_size=25).map("\n".join))
def test_random_people_rows(project_root: Path, text: str):
    original = (MINI / PEOPLE).read_bytes()
    try:
        (project_root / PEOPLE).write_bytes(text.encode("utf-8"))
        _check(project_root)
    finally:
        (project_root / PEOPLE).write_bytes(original)
