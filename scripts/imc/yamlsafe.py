"""YAML reading that cannot silently change what the author wrote.

PyYAML follows YAML 1.1: `no` becomes False, `012` becomes 10, `12:30` becomes 750,
`2024-09-01` becomes a date and duplicate keys are dropped. We compose the node tree
ourselves and keep every plain scalar as text, except the few forms that are unambiguous
(`true`/`false`, `null`/`~`/empty, decimal integers without a leading zero). The content
model then converts text into dates, numbers and booleans with a message when it cannot.

Every value remembers where it stood (1-based line and column in the file).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple  # a path into the data: ("meetings", 0, "date")

_INT_RE = re.compile(r"-?(0|[1-9][0-9]*)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "false": False, "True": True, "False": False, "TRUE": True, "FALSE": False}
# With no implicit resolvers every untagged node gets one of these; anything else was
# written by the author as an explicit tag (`!!python/object/apply:…`, `!!int`).
_PLAIN_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class YamlProblem(Exception):
    """A reading error with a position (1-based) and a Russian message."""

    def __init__(self, message: str, line: int = 1, col: int = 1, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint


@dataclass
class Loaded:
    data: Any
    marks: dict = field(default_factory=dict)  # Path -> (line, col) of the value
    key_marks: dict = field(default_factory=dict)  # Path -> (line, col) of the key
    offset: int = 0  # lines before the YAML text in its file
    seen: set = field(default_factory=set)  # node ids: an alias revisits a node

    def where(self, path: Path) -> tuple[int, int]:
        """Position of a value, or of the nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def key_where(self, path: Path) -> tuple[int, int]:
        return self.key_marks.get(tuple(path)) or self.where(path)


# libyaml's parser is ~20 times faster; the pure-Python one gives the same nodes.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without implicit typing: the composer is all we use."""


_Loader.yaml_implicit_resolvers = {}


def _problem(node: yaml.Node, out: Loaded, message: str, hint: str) -> YamlProblem:
    return YamlProblem(message, node.start_mark.line + 1 + out.offset, node.start_mark.column + 1, hint)


def _check_tag(node: yaml.Node, out: Loaded) -> None:
    if node.tag in _PLAIN_TAGS:
        return
    raise _problem(
        node, out, f"тег «{node.tag.replace('tag:yaml.org,2002:', '!!')}» не разрешён",
        "уберите тег: в метаданных нужны только текст, числа и списки",
    )


def _scalar(node: yaml.ScalarNode, out: Loaded) -> Any:
    _check_tag(node, out)
    value = node.value
    if node.style:  # quoted or block scalar: always text (libyaml says '' for plain, PyYAML None)
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT_RE.fullmatch(value):
        return int(value)
    return value


def _build(node: yaml.Node, path: Path, out: Loaded) -> Any:
    if id(node) in out.seen:  # `*alias`: refused, it also stops "billion laughs" expansion
        raise _problem(node, out, "ссылки YAML («&метка» и «*метка») не поддерживаются",
                       "повторите значение явно")
    out.seen.add(id(node))
    out.marks[path] = (node.start_mark.line + 1 + out.offset, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, out)
    _check_tag(node, out)
    if isinstance(node, yaml.SequenceNode):
        return [_build(child, path + (i,), out) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _problem(key_node, out, "слияние ключей «<<» не поддерживается",
                               "запишите поля явно")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem(key_node, out, "ключом может быть только слово",
                               "запишите «поле: значение»")
            key = key_node.value  # keys are always text: `on:` stays "on"
            kline, kcol = key_node.start_mark.line + 1 + out.offset, key_node.start_mark.column + 1
            if key in result:
                first = out.key_marks.get(path + (key,), (0, 0))[0]
                raise YamlProblem(
                    f"поле «{key}» повторяется (первый раз — в строке {first})",
                    kline, kcol, "оставьте одно значение: YAML молча взял бы последнее",
                )
            out.key_marks[path + (key,)] = (kline, kcol)
            result[key] = _build(value_node, path + (key,), out)
        return result
    raise _problem(node, out, "непонятная структура YAML", "проверьте отступы")


_INDENT = ("нарушены отступы",
           "поля одного уровня начинайте с одного столбца, пункты списка — с «- »")
_RU_ERRORS = [  # substring of PyYAML/libyaml message -> (problem, what to do)
    ("mapping values are not allowed", ("двоеточие внутри значения",
                                        'возьмите значение в кавычки: title: "Урок: введение"')),
    ("did not find expected ',' or ']'", ("не закрыта скобка списка «[»", "добавьте «]» в конце списка")),
    ("did not find expected ',' or '}'", ("не закрыта скобка «{»", "добавьте «}» или уберите «{»")),
    ("found undefined alias", ("«*» в начале значения", "возьмите значение в кавычки")),
    ("could not find expected ':'", ("строка не похожа на «поле: значение»",
                                     "поставьте двоеточие и пробел после имени поля")),
    ("did not find expected key", _INDENT),
    ("did not find expected '-' indicator", _INDENT),
    ("expected <block end>", _INDENT),
    ("did not find expected <document start>", _INDENT),
    ("expected a single document", ("в блоке несколько документов",
                                    "оставьте один блок метаданных между двумя строками «---»")),
]


def _translate(err: yaml.YAMLError, text: str) -> YamlProblem:
    message = str(err)
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    char = ""
    if mark is not None:
        lines = text.split("\n")
        if mark.line < len(lines) and mark.column < len(lines[mark.line]):
            char = lines[mark.line][mark.column]
    if "\t" in message or char == "\t" or "tab character" in message:
        return YamlProblem("ошибка YAML: табуляция в отступе", line, col,
                           "замените табуляцию пробелами (2 пробела на уровень)")
    # A quote left open swallows the following lines, so the parser complains far below it:
    # point at the first line before the error whose quotes do not pair up.
    for n, src_line in enumerate(text.split("\n")[: (mark.line + 1) if mark else 0]):
        value = src_line.split(": ", 1)[1] if ": " in src_line else ""
        for q in ('"', "'"):
            if value.lstrip().startswith(q) and (value.count(q) - value.count("\\" + q)) % 2 == 1:
                return YamlProblem("ошибка YAML: не закрыта кавычка", n + 1, src_line.index(q) + 1,
                                   "закройте кавычку в конце значения")
    if "while scanning a quoted scalar" in message:
        ctx = getattr(err, "context_mark", None) or mark
        return YamlProblem("ошибка YAML: не закрыта кавычка", ctx.line + 1, ctx.column + 1,
                           "закройте кавычку в конце значения")
    if "cannot start any token" in message and char:
        return YamlProblem(f"ошибка YAML: значение не может начинаться с «{char}»", line, col,
                           "возьмите значение в кавычки")
    for needle, (problem, hint) in _RU_ERRORS:
        if needle in message:
            return YamlProblem(f"ошибка YAML: {problem}", line, col, hint)
    problem = getattr(err, "problem", None) or message.splitlines()[0]
    return YamlProblem(f"ошибка YAML: {problem}", line, col,
                       "проверьте кавычки, двоеточия и отступы в этой строке")


def load(text: str, line_offset: int = 0) -> Loaded:
    """Parse one YAML document. Raises YamlProblem (positions shifted by line_offset)."""
    out = Loaded(data=None, offset=line_offset)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as err:
        problem = _translate(err, text)
        problem.line += line_offset
        raise problem from None
    if node is None:
        out.data = None
        return out
    out.data = _build(node, (), out)
    return out
