"""YAML reading that cannot silently change what the author wrote.

PyYAML follows YAML 1.1: `no` becomes False, `012` becomes 10, `12:30` becomes 750,
`2024-09-01` becomes a date and duplicate keys are dropped. We compose the node tree
ourselves and keep every plain scalar as text, except the few forms that are unambiguous
(`true`/`false`, `null`/`~`/empty, decimal integers without a leading zero). The content
model then converts text into dates, numbers and booleans with a message when it cannot.

Every value remembers where it stood (1-based line and column in the file).

YAML 1.1 also counts U+0085, U+2028 and U+2029 (Word pastes them) as line breaks, while
editors, GitHub and our messages do not: before parsing they are swapped for unused
private-use characters and swapped back in every key and value, so they stay text and
line numbers stay those of the editor.
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
    restore: dict = field(default_factory=dict, repr=False)  # str.translate table: stand-in -> original

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


# Line breaks for YAML 1.1, ordinary characters for editors (see the module docstring).
_YAML_ONLY_BREAKS = "\x85\u2028\u2029"
# What PyYAML's reader and libyaml refuse before parsing.
_NON_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _stand_ins(text: str) -> dict:
    """{U+2028 etc.: a private-use character}, for the ones present in text.

    A stand-in is neither in the text nor spelled as hex in it, so no `"\\uE000"` escape
    in a double-quoted value can produce it either.
    """
    table: dict = {}
    lower = text.lower()
    code = 0xE000
    for ch in _YAML_ONLY_BREAKS:
        if ch not in text:
            continue
        while chr(code) in text or f"{code:04x}" in lower:
            code += 1
        table[ch] = chr(code)
        code += 1
    return table


def _text(value: str, out: Loaded) -> str:
    return value.translate(out.restore) if out.restore else value


def _problem(node: yaml.Node, out: Loaded, message: str, hint: str) -> YamlProblem:
    return YamlProblem(message, node.start_mark.line + 1 + out.offset, node.start_mark.column + 1, hint)


def _check_tag(node: yaml.Node, out: Loaded) -> None:
    if node.tag in _PLAIN_TAGS:
        return
    raise _problem(
        node, out, f"тег «{_text(node.tag, out).replace('tag:yaml.org,2002:', '!!')}» не разрешён",
        "уберите тег: в метаданных нужны только текст, числа и списки",
    )


def _scalar(node: yaml.ScalarNode, out: Loaded) -> Any:
    _check_tag(node, out)
    value = _text(node.value, out)
    if node.style:  # quoted or block scalar: always text (libyaml says '' for plain, PyYAML None)
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    if _INT_RE.fullmatch(value):
        return int(value)
    return value


MAX_DEPTH = 50  # levels of nesting: metadata needs a handful; past ~450 Python's stack ends
MAX_CHARS = 2_000_000  # one YAML text (parsing costs ~4 s a megabyte); data files are kilobytes


def _build(node: yaml.Node, path: Path, out: Loaded) -> Any:
    if len(path) >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
        raise _problem(node, out, f"вложенность глубже {MAX_DEPTH} уровней",
                       "метаданным хватает нескольких уровней: уберите лишние скобки или отступы «- »")
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
            _check_tag(key_node, out)
            key = _text(key_node.value, out)  # keys are always text: `on:` stays "on"
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
_QUOTE_IT = "возьмите значение в кавычки"
_NO_YAML_LINE = "оставьте одну строку «%YAML» в начале файла, а лучше уберите её: метаданным она не нужна"
_NO_TAG_LINE = ("оставьте одну строку «%TAG» на каждое сокращение, а лучше уберите их: "
                "теги в метаданных не разрешены")
_GENERIC = ("запись не распознана", "проверьте кавычки, двоеточия и отступы в этой строке")
# Substring of a PyYAML or libyaml message -> (problem, what to do). The two word the same
# error differently ("did not find expected ',' or ']'" / "expected ',' or ']', but got …"):
# a needle must match both, or there are two needles.
_RU_ERRORS = [
    ("mapping values are not allowed", ("двоеточие внутри значения",
                                        'возьмите значение в кавычки: title: "Урок: введение"')),
    ("expected ',' or ']'", ("не закрыта скобка списка «[»", "добавьте «]» в конце списка")),
    ("expected ',' or '}'", ("не закрыта скобка «{»", "добавьте «}» или уберите «{»")),
    ("found undefined alias", ("«*» в начале значения", _QUOTE_IT)),
    ("could not find expected ':'", ("строка не похожа на «поле: значение»",
                                     "поставьте двоеточие и пробел после имени поля")),
    ("did not find expected key", _INDENT),
    ("did not find expected '-' indicator", _INDENT),
    ("expected <block end>", _INDENT),
    ("expected <document start>", _INDENT),  # libyaml
    ("expected '<document start>'", _INDENT),  # PyYAML
    ("expected a single document", ("в блоке несколько документов",
                                    "оставьте один блок метаданных между двумя строками «---»")),
    ("duplicate %YAML", ("повтор директивы «%YAML»", _NO_YAML_LINE)),  # libyaml
    ("duplicate YAML directive", ("повтор директивы «%YAML»", _NO_YAML_LINE)),  # PyYAML
    ("incompatible", ("неподдерживаемая версия в строке «%YAML»",
                      "уберите строку «%YAML …»: метаданным она не нужна")),
    ("duplicate %TAG", ("повтор директивы «%TAG»", _NO_TAG_LINE)),  # libyaml
    ("duplicate tag handle", ("повтор директивы «%TAG»", _NO_TAG_LINE)),  # PyYAML
    ("sequence entries are not allowed", (
        "здесь не может начинаться список «- »",
        "пункты списка пишите с новой строки под полем, с отступом: «  - значение»; "
        "если «-» — часть текста, возьмите значение в кавычки")),
    ("mapping keys are not allowed", ("значение не может начинаться с «?»", _QUOTE_IT)),
    ("exceeded maximum nesting depth", ("слишком глубокая вложенность скобок",  # libyaml: 1000 levels
                                        "метаданным хватает нескольких уровней: уберите лишние скобки")),
]


def _char_at(lines: list[str], mark) -> str:
    if mark is not None and mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _position(lines: list[str], mark) -> tuple[int, int]:
    """1-based (line, column) of a mark; past the last written line -> the end of that line.

    "Something is missing" errors point at the end of the text, which in front matter is the
    closing «---» or a line that does not exist in a registry file.
    """
    if mark is None:
        return 1, 1
    written = [n for n, src_line in enumerate(lines) if src_line.strip()]
    if written and mark.line > written[-1]:
        last = written[-1]
        return last + 1, max(len(lines[last].rstrip()), 1)
    return mark.line + 1, mark.column + 1


def _translate(err: yaml.YAMLError, text: str) -> YamlProblem:
    message = str(err)
    problem_text = getattr(err, "problem", None) or ""
    context = getattr(err, "context", None) or ""
    lines = text.split("\n")
    context_mark = getattr(err, "context_mark", None)
    mark = getattr(err, "problem_mark", None) or context_mark
    line, col = _position(lines, mark)
    char = _char_at(lines, mark)
    if "\t" in message or char == "\t" or "tab character" in message:
        return YamlProblem("ошибка YAML: табуляция в отступе", line, col,
                           "замените табуляцию пробелами (2 пробела на уровень)")
    if isinstance(err, yaml.reader.ReaderError) or "unacceptable character" in message:
        bad = _NON_PRINTABLE.search(text)
        if bad:
            n = text.count("\n", 0, bad.start())
            return YamlProblem(
                f"ошибка YAML: в тексте невидимый управляющий символ (код U+{ord(bad.group()):04X})",
                n + 1, bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1,
                "удалите его: такие символы остаются после копирования из других программ")
        return YamlProblem(f"ошибка YAML: {_GENERIC[0]}", line, col, _GENERIC[1])
    # A quote left open swallows the following lines, so the parser complains far below it:
    # point at the first line before the error whose quotes do not pair up.
    for n, src_line in enumerate(lines[: (mark.line + 1) if mark else 0]):
        value = src_line.split(": ", 1)[1] if ": " in src_line else ""
        for q in ('"', "'"):
            if value.lstrip().startswith(q) and (value.count(q) - value.count("\\" + q)) % 2 == 1:
                return YamlProblem("ошибка YAML: не закрыта кавычка", n + 1, src_line.index(q) + 1,
                                   "закройте кавычку в конце значения")
    if "quoted scalar" in context and ("escape" in problem_text or "hex" in problem_text) and mark:
        # `"C:\Папка"`: in double quotes a backslash starts an escape such as \n or \t.
        src_line = lines[mark.line] if mark.line < len(lines) else ""
        start = src_line.rfind("\\", 0, mark.column + 1)
        if start >= 0:
            seq = src_line[start: max(mark.column + 1, start + 2)]
            return YamlProblem(
                f"ошибка YAML: обратная косая черта в двойных кавычках: «{seq}»", mark.line + 1, start + 1,
                "в двойных кавычках пишите «\\\\» вместо «\\» или возьмите значение в одинарные кавычки")
    if "while scanning a quoted scalar" in message:
        ctx = context_mark or mark
        return YamlProblem("ошибка YAML: не закрыта кавычка", ctx.line + 1, ctx.column + 1,
                           "закройте кавычку в конце значения")
    if "cannot start any token" in message and char:
        return YamlProblem(f"ошибка YAML: значение не может начинаться с «{char}»", line, col, _QUOTE_IT)
    if context_mark is not None and re.search(r"an? (anchor|alias)$|a tag$", context):
        # `a: &`, `a: *`, `a: !!`: an indicator at the start of a plain value
        first = _char_at(lines, context_mark) or char
        return YamlProblem(f"ошибка YAML: значение не может начинаться с «{first}»",
                           context_mark.line + 1, context_mark.column + 1, _QUOTE_IT)
    if "undefined tag handle" in problem_text and mark:
        src_line = lines[mark.line] if mark.line < len(lines) else ""
        tag = (src_line[mark.column:].split() or ["!"])[0]
        return YamlProblem(f"тег «{tag}» не разрешён", line, col,
                           "уберите тег: в метаданных нужны только текст, числа и списки")
    if "directive" in context and context_mark is not None:
        src_line = lines[context_mark.line] if context_mark.line < len(lines) else ""
        return YamlProblem(f"ошибка YAML: непонятная строка «{src_line.strip()[:40]}»",
                           context_mark.line + 1, context_mark.column + 1,
                           "уберите строку, которая начинается с «%»; если это значение поля, "
                           "возьмите его в кавычки")
    if "block scalar" in context:
        return YamlProblem("ошибка YAML: после «|» или «>» в той же строке ничего не пишите", line, col,
                           "перенесите текст на следующие строки с отступом или возьмите значение в кавычки")
    if "node content" in problem_text:  # `[1,,2]`, `[` at the end
        if char == ",":
            return YamlProblem("ошибка YAML: лишняя запятая", line, col,
                               "уберите запятую или впишите значение перед ней")
        return YamlProblem("ошибка YAML: после скобки или запятой нет значения", line, col,
                           "допишите значение и закройте скобку «]» или «}»")
    for needle, (problem, hint) in _RU_ERRORS:
        if needle in message:
            opened = context_mark if needle.startswith("expected ',' or") else None
            if opened is not None and mark is not None and opened.line < mark.line:
                line, col = opened.line + 1, opened.column + 1  # the bracket left open
            return YamlProblem(f"ошибка YAML: {problem}", line, col, hint)
    return YamlProblem(f"ошибка YAML: {_GENERIC[0]}", line, col, _GENERIC[1])


def load(text: str, line_offset: int = 0) -> Loaded:
    """Parse one YAML document. Raises YamlProblem (positions shifted by line_offset)."""
    out = Loaded(data=None, offset=line_offset)
    if len(text) > MAX_CHARS:
        raise YamlProblem(f"YAML длиной {len(text) // 1000} тыс. символов — больше {MAX_CHARS // 1000} тыс.",
                          1 + line_offset, 1, "разделите данные на несколько файлов или вынесите таблицы во вложения")
    stand_ins = _stand_ins(text)
    out.restore = {ord(v): k for k, v in stand_ins.items()}
    try:
        node = yaml.compose(text.translate({ord(k): v for k, v in stand_ins.items()}) if stand_ins else text,
                            Loader=_Loader)
    except yaml.YAMLError as err:
        problem = _translate(err, text)
        problem.line += line_offset
        raise problem from None
    except RecursionError:  # the pure-Python composer recurses per level (libyaml stops at 1000)
        raise YamlProblem(f"вложенность глубже {MAX_DEPTH} уровней", 1 + line_offset, 1,
                          "метаданным хватает нескольких уровней: уберите лишние скобки или отступы «- »") from None
    if node is None:
        out.data = None
        return out
    out.data = _build(node, (), out)
    return out
