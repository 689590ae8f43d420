"""Unit tests of `imc.yamlsafe`: YAML that cannot silently change what the author wrote.

Typing rules: only `true`/`false`, `null`/`~`/empty and decimal integers without a leading zero
are typed; every other plain scalar (`no`, `012`, `12:30`, `1.10`, `2024-09-01`) stays text,
quoted scalars are always text, keys are always text. Every value remembers its 1-based line
and column (shifted by `line_offset`), and every error comes out in Russian with a position.
The rules must be the same with libyaml (CSafeLoader) and with the pure-Python loader.
"""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap

import pytest
import yaml

from imc import yamlsafe
from imc.yamlsafe import YamlProblem, load


class _PureLoader(yaml.SafeLoader):
    """The pure-Python composer, for machines without libyaml."""


_PureLoader.yaml_implicit_resolvers = {}

LOADERS = {"libyaml": yamlsafe._Loader, "pure": _PureLoader}


@pytest.fixture(params=list(LOADERS))
def loader(request, monkeypatch):
    """Run a test with each composer: the typing rules must not depend on libyaml."""
    monkeypatch.setattr(yamlsafe, "_Loader", LOADERS[request.param])
    return request.param


# ------------------------------------------------------------------ typing

TYPED = [
    # unambiguous forms are typed
    ("true", True), ("false", False), ("True", True), ("FALSE", False),
    ("null", None), ("~", None), ("", None), ("Null", None), ("NULL", None),
    ("0", 0), ("12", 12), ("-5", -5), ("2024", 2024),
    # YAML 1.1 would change these; we keep the text exactly
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("NO", "NO"), ("Yes", "Yes"),
    ("y", "y"), ("n", "n"),
    ("012", "012"), ("0o12", "0o12"), ("0x1F", "0x1F"), ("1_000", "1_000"), ("+5", "+5"),
    ("0b101", "0b101"),
    ("1.10", "1.10"), ("1.0", "1.0"), ("1e3", "1e3"), (".5", ".5"), (".inf", ".inf"),
    ("-.inf", "-.inf"), (".nan", ".nan"),
    ("12:30", "12:30"), ("1:30:00", "1:30:00"), ("190:20:30", "190:20:30"),
    ("2024-09-01", "2024-09-01"), ("2024-09-01 10:00:00", "2024-09-01 10:00:00"),
    ("2024-09-01T10:00:00Z", "2024-09-01T10:00:00Z"),
    ("01.09.2024", "01.09.2024"), ("2024-13-45", "2024-13-45"),
    ("Урок 5", "Урок 5"), ("5 класс", "5 класс"), ("=", "="), ("<<", "<<"),
    # quoted: always text
    ('"true"', "true"), ("'12'", "12"), ('"null"', "null"), ("'~'", "~"), ('""', ""), ("''", ""),
    ('"012"', "012"), ('"12:30"', "12:30"), ("'no'", "no"),
]


@pytest.mark.parametrize("text,expected", TYPED, ids=[repr(t) for t, _ in TYPED])
def test_scalar_typing(loader, text, expected):
    data = load(f"value: {text}\n").data
    assert data == {"value": expected}
    assert type(data["value"]) is type(expected)


@pytest.mark.parametrize("text,expected", [("- no\n- 012\n- 5\n- true\n", ["no", "012", 5, True]),
                                           ("[no, 012, 5, true, 1.10]", ["no", "012", 5, True, "1.10"])])
def test_typing_in_lists(loader, text, expected):
    assert load(text).data == expected


def test_block_scalars_are_text(loader):
    data = load("a: |\n  true\n  012\nb: >-\n  12:30\n  no\n").data
    assert data == {"a": "true\n012\n", "b": "12:30 no"}


def test_keys_are_always_text(loader):
    data = load("on: yes\nyes: 1\n1: x\nnull: y\ntrue: z\n012: w\n").data
    assert data == {"on": "yes", "yes": 1, "1": "x", "null": "y", "true": "z", "012": "w"}
    assert all(isinstance(k, str) for k in data)


def test_nested_structures(loader):
    data = load(textwrap.dedent("""\
        title: Урок
        review:
          status: rekomendovana
          scores: {aktualnost: 3, novizna: 2}
        meetings:
          - date: 2024-10-15
            time: 14:30
          - {date: 2024-11-15, time: "15:00"}
        empty_list: []
        empty_map: {}
        """)).data
    assert data == {
        "title": "Урок",
        "review": {"status": "rekomendovana", "scores": {"aktualnost": 3, "novizna": 2}},
        "meetings": [{"date": "2024-10-15", "time": "14:30"}, {"date": "2024-11-15", "time": "15:00"}],
        "empty_list": [], "empty_map": {},
    }


def test_empty_document(loader):
    assert load("").data is None
    assert load("# только комментарий\n").data is None


def test_unicode_is_kept(loader):
    text = "title: «Ёлка» — урок №\u00a05 😀\n"
    assert load(text).data == {"title": "«Ёлка» — урок №\u00a05 😀"}


@pytest.mark.parametrize("ch", ["\u2028", "\u2029", "\x85"])
def test_text_with_line_separators_is_kept(loader, ch):
    """Word pastes U+2028 and U+0085; YAML 1.1 counts them as line breaks, editors do not:
    the value keeps the character as text, and the line after it keeps its number."""
    out = load(f"title: Первая{ch}вторая\nyear: x\n", line_offset=1)
    assert out.data == {"title": f"Первая{ch}вторая", "year": "x"}, (repr(ch), out.data)
    assert out.where(("year",))[0] == 3


def test_line_separators_everywhere_keep_lines(loader):
    """U+2028/2029/0085 in keys, quotes, block scalars and comments: kept, later lines not shifted."""
    text = ('a: x\u2028y\nb: "x\u2029y"\n# комментарий\x85 c: 1\nd: |\n  p\u2028q\n'
            'e\u2028f: 1\ng: x\x85\nh: "\\uE000\\uE001\u2028"\n')
    out = load(text, line_offset=1)
    assert out.data == {"a": "x\u2028y", "b": "x\u2029y", "d": "p\u2028q\n", "e\u2028f": 1,
                        "g": "x\x85", "h": "\ue000\ue001\u2028"}
    assert out.where(("g",)) == (8, 4) and out.where(("h",)) == (9, 4)
    assert _error("a: x\u2028y\nb: 1\nb: 2\n", offset=1).line == 4


def test_control_character_is_reported_where_it_is(loader):
    err = _error("a: 1\nb: x\x07y\n", offset=1)
    assert (err.line, err.col) == (3, 5)
    assert "U+0007" in err.message


# ------------------------------------------------------------------ positions

def test_marks_of_values_and_keys(loader):
    text = "title: Урок\nreview:\n  status: x\n  scores:\n    a: 3\nlist:\n  - one\n  - date: d\n"
    out = load(text, line_offset=1)
    assert out.offset == 1
    assert out.where(("title",)) == (2, 8)
    assert out.key_where(("title",)) == (2, 1)
    assert out.where(("review", "status")) == (4, 11)
    assert out.key_where(("review", "status")) == (4, 3)
    assert out.where(("review", "scores", "a")) == (6, 8)
    assert out.key_where(("review", "scores", "a")) == (6, 5)
    assert out.where(("list", 0)) == (8, 5)
    assert out.where(("list", 1, "date")) == (9, 11)
    assert out.where(()) == (2, 1)


def test_where_falls_back_to_parent(loader):
    out = load("review:\n  status: x\n", line_offset=3)
    assert out.where(("review", "missing", "deeper")) == out.where(("review",)) == (5, 3)
    assert out.where(("nothing",)) == (4, 1)
    assert out.key_where(("nothing",)) == (4, 1)


def test_marks_in_flow_collections(loader):
    out = load("levels: [ООО, СОО]\nscores: {a: 1, b: 2}\n")
    assert out.where(("levels", 1)) == (1, 15)
    assert out.where(("scores", "b")) == (2, 19)
    assert out.key_where(("scores", "b")) == (2, 16)


def test_marks_with_unicode_columns(loader):
    out = load("название: «Ёлка»\n")
    assert out.where(("название",)) == (1, 11)  # columns count characters, not bytes


# ------------------------------------------------------------------ errors

def _error(text: str, offset: int = 0) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        load(text, line_offset=offset)
    return info.value


def test_duplicate_key(loader):
    err = _error("title: a\ndescription: b\ntitle: c\n", offset=1)
    assert (err.line, err.col) == (4, 1)
    assert "«title» повторяется (первый раз — в строке 2)" in err.message
    assert "одно" in err.hint


def test_duplicate_key_nested_and_flow(loader):
    err = _error("review:\n  scores:\n    a: 1\n    b: 2\n    a: 3\n")
    assert (err.line, err.col) == (5, 5)
    assert "первый раз — в строке 3" in err.message
    err = _error("scores: {a: 1, a: 2}\n")
    assert (err.line, err.col) == (1, 16)


def test_same_key_in_different_objects_is_fine(loader):
    assert load("- id: a\n- id: b\n").data == [{"id": "a"}, {"id": "b"}]


@pytest.mark.parametrize("text,tag,col", [
    ("title: !!python/object/apply:os.system ['id']\n", "!!python/object/apply:os.system", 8),
    ("title: !!python/name:os.system\n", "!!python/name:os.system", 8),
    ("title: !!binary aGVsbG8=\n", "!!binary", 8),
    ("year: !!int '2024'\n", "!!int", 7),
    ("year: !!float 1\n", "!!float", 7),
    ("when: !!timestamp 2024-09-01\n", "!!timestamp", 7),
    ("title: !custom x\n", "!custom", 8),
    ("tags: !!set {a, b}\n", "!!set", 7),
    ("tags: !!omap [a: 1]\n", "!!omap", 7),
    ("title: !<tag:example.com,2000:x> x\n", "tag:example.com,2000:x", 8),
])
def test_tags_are_refused(loader, text, tag, col):
    err = _error(text, offset=1)
    assert (err.line, err.col) == (2, col)
    assert f"тег «{tag}» не разрешён" in err.message
    assert err.hint


def test_python_tag_runs_nothing(loader, tmp_path):
    marker = tmp_path / "pwned"
    with pytest.raises(YamlProblem):
        load(f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


def test_complex_key_is_refused(loader):
    err = _error("? [a, b]\n: 1\n")
    assert "ключом может быть только слово" in err.message
    assert err.line == 1


def test_merge_key_is_not_applied_silently(loader):
    """`<<` must not merge fields behind the author's back: refused, or kept as a plain key."""
    for text in ("base: &b {a: 1}\nitem:\n  <<: *b\n  c: 2\n", "item:\n  <<: {a: 1}\n  c: 2\n"):
        try:
            data = load(text).data
        except YamlProblem as err:
            assert re.search("[а-яё]", err.message, re.I) and err.line >= 1
        else:
            assert data["item"] == {"<<": {"a": 1}, "c": 2}, data


def test_aliases_do_not_duplicate_silently(loader):
    """`*anchor` copies a value unseen by the author of the copy: refused or copied exactly."""
    try:
        data = load("a: &x Урок\nb: *x\n").data
    except YamlProblem as err:
        assert err.line in (1, 2) and re.search("[а-яё]", err.message, re.I)  # the anchor or the alias
    else:
        assert data == {"a": "Урок", "b": "Урок"}


@pytest.mark.parametrize("text,line,col,fragment", [
    ('title: "Урок\n', 2, 8, "не закрыта кавычка"),
    ("title: 'Урок\n", 2, 8, "не закрыта кавычка"),
    ("title: Урок: введение\n", 2, 12, "двоеточие внутри значения"),
    ("levels: [ООО, СОО\n", None, None, "не закрыта скобка списка"),
    ("scores: {a: 1\n", None, None, "не закрыта скобка"),
    ("review:\n\tstatus: x\n", 3, None, "табуляция"),
    ("title: *x\n", 2, 8, "«*»"),
    ("title: @x\n", 2, 8, "«@»"),
    ("title: `x\n", 2, 8, "«`»"),
    ("- a\nb: 1\n", 3, 1, "отступ"),
    ("title: a\n  bad: b\n", 3, None, None),
    ("a: 1\n---\nb: 2\n", 3, 1, "несколько документов"),
])
def test_syntax_errors_in_russian_with_position(loader, text, line, col, fragment):
    err = _error(text, offset=1)
    if line is not None:
        assert err.line == line, (err.line, err.message)
    if col is not None:
        assert err.col == col, (err.col, err.message)
    if fragment is not None:
        assert fragment in err.message, err.message
    assert err.hint and re.search("[а-яё]", err.hint, re.I)


BROKEN = [
    'title: "abc\n', "title: 'abc\n", "title: Урок: введение\n", "a: [1, 2\n", "a: {x: 1\n",
    "a: *x\n", "a\nb: 1\n", "a: 1\n b: 2\n", "- a\nb: 1\n", "a: 1\n---\nb: 2\n", "a:\n\t- x\n",
    "a: @x\n", "a: %x\n", "a: `x\n", 'a: "x" y\n', "a: b\n  c: d\n", "  a: 1\nb: 2\n",
    "a: >\n x\n\tq\n", 'a: "x\\\n', "? [a]\n: 1\n", "a: 1\na: 2\n", "a: !x 1\n",
    # errors that libyaml and the pure-Python parser word differently
    "%YAML 1.1\n%YAML 1.1\n---\na: 1\n", 'a: "\\q"\n', "a: &\n", "a: !!\n", "- - - [\n",
    "a: \x07\n", "a: &x 1\nb: *y\n", "a: [1, 2]]\n", "a: {b: 1}}\n", "- a\n- b\nc\n",
    "a:\n  - b\n  c: d\n", "%TAG ! tag:x,2000:\n%TAG ! tag:y,2000:\n---\na: 1\n", "a: 'x'y\n",
    "[a, b]: c\n", "a: b: c\n", "a: |\n  x\n y\n", "a: -\n- b\n",
    "a: [,]\n", "a: [1, 2,\n", "%YAML 2.0\n---\na: 1\n", 'a: "\\xZZ"\n',
    "a: !x!y z\n", "a: !<x\n", "a: *\n", "a: ? b\n", "a: |x\n  y\n", "a: |0\n  y\n",
    "a: 1\n...\nb: 2\n", "!!binary aGk=: x\n",
]


@pytest.mark.parametrize("text", BROKEN, ids=[repr(t) for t in BROKEN])
def test_every_error_is_translated(loader, text):
    """No PyYAML English reaches the author: message and hint are Russian, position ≥ 1."""
    err = _error(text, offset=1)
    assert err.line >= 2 and err.col >= 1, (err.line, err.col)
    assert err.line <= text.count("\n") + 2, (err.line, text)
    outside_quotes = re.sub(r"«[^»]*»", "", err.message)
    assert re.search("[а-яё]", outside_quotes, re.I), err.message
    english = re.findall(r"[A-Za-z]{3,}", outside_quotes.replace("YAML", ""))
    assert not english, f"untranslated: {err.message!r}"
    assert err.hint and re.search("[а-яё]", err.hint, re.I), err.hint


def test_line_offset_shifts_syntax_errors(loader):
    assert _error('title: "abc\n', offset=0).line == 1
    assert _error('title: "abc\n', offset=5).line == 6
    assert _error("a: 1\na: 2\n", offset=5).line == 7
    assert _error("a: !!binary x\n", offset=5).line == 6


ALIAS_BOMB = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))


def test_alias_bomb_is_refused_quickly():
    """«Billion laughs»: 10 lines of aliases must not hang `imc check` (or CI) for hours."""
    code = ("import sys; from imc import yamlsafe\n"
            "try:\n    yamlsafe.load(sys.stdin.read())\nexcept yamlsafe.YamlProblem as e:\n"
            "    print('problem', e.line, e.message)\nelse:\n    print('loaded')\n")
    try:
        proc = subprocess.run([sys.executable, "-c", code], input=ALIAS_BOMB, capture_output=True,
                              text=True, timeout=10)
    except subprocess.TimeoutExpired:
        pytest.fail("yamlsafe.load did not finish in 10 s on 10 lines of nested aliases")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(("problem", "loaded")), proc.stdout


def test_yaml_problem_defaults():
    err = YamlProblem("сообщение")
    assert (err.line, err.col, err.hint, str(err)) == (1, 1, "", "сообщение")
