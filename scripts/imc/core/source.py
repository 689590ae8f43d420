"""Reading content files: bytes → text → front matter + body, with Russian messages.

Nothing here guesses silently: a file we cannot read exactly as written is a problem,
reported with what to do, and never "fixed" behind the author's back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from imc.core import yamlsafe
from imc.core.problems import WARNING, Problem

BIG_FILE = 2 * 1024 * 1024  # a Markdown page larger than this is unreadable on a phone
_CYRILLIC = re.compile("[а-яё]", re.I)


@dataclass
class Text:
    text: str | None  # None when the file cannot be read as UTF-8 text
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, rel: str) -> Text:
    """Decode a file as UTF-8; say exactly why not (binary, UTF-16, cp1251)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        return Text(None, [Problem(rel, 1, 1, f"файл не читается: {err.strerror}",
                                   "проверьте права доступа к файлу", code="unreadable")])
    return decode(raw, rel)


def decode(raw: bytes, rel: str) -> Text:
    problems: list[Problem] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Text(None, [Problem(rel, 1, 1, "файл в кодировке UTF-16",
                                   "сохраните его в UTF-8 (в Блокноте: «Сохранить как» → «UTF-8»)",
                                   code="encoding")])
    if b"\x00" in raw[:8192]:
        return Text(None, [Problem(rel, 1, 1, "это не текстовый файл (внутри двоичные данные)",
                                   "сохраните текст в формате Markdown (.md) или импортируйте "
                                   "документ командой imc import", code="binary")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # mkdocs reads utf-8-sig too: harmless, but editors should not add it
        problems.append(Problem(rel, 1, 1, "в начале файла стоит невидимая метка BOM",
                                "сохраните файл в UTF-8 без BOM; на сайт она не влияет",
                                severity=WARNING, code="bom"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        try:
            guess = raw.decode("cp1251")
        except UnicodeDecodeError:
            guess = ""
        if _CYRILLIC.search(guess):
            msg, hint = ("файл в кодировке Windows-1251, а нужна UTF-8",
                         "пересохраните его в UTF-8 (в Блокноте: «Сохранить как» → «UTF-8»), "
                         "или выполните: iconv -f cp1251 -t utf-8")
        else:
            msg, hint = ("файл не в кодировке UTF-8", "пересохраните его в UTF-8")
        return Text(None, problems + [Problem(rel, line, 1, msg, hint, code="encoding")])
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return Text(None, [Problem(rel, line, 1, "в тексте нулевой символ (NUL)",
                                   "удалите его: обычно он остаётся после неудачного копирования",
                                   code="binary")])
    # Same newline handling as mkdocs (universal newlines): CRLF and lone CR are line ends.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(raw) > BIG_FILE:
        problems.append(Problem(rel, 1, 1, f"файл очень большой ({len(raw) / 1048576:.1f} МБ)",
                                "разделите его на несколько страниц или вынесите таблицы во вложения",
                                severity=WARNING, code="big-file"))
    return Text(text, problems)


@dataclass
class Parsed:
    meta: dict | None  # None when there is no (readable) front matter
    loaded: yamlsafe.Loaded | None
    body: str
    body_line: int  # 1-based line where the body starts
    problems: list[Problem] = field(default_factory=list)
    has_front_matter: bool = False


_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(---|\.\.\.)[ \t]*")


def split_front_matter(text: str, rel: str) -> Parsed:
    """Split `---\\nYAML\\n---\\nbody` the way mkdocs does, reporting every way it can go wrong."""
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if not text.strip():
        return Parsed(None, None, "", 1, [Problem(rel, 1, 1, "файл пуст",
                                                  "заполните его по шаблону: imc new ТИП --title \"…\"",
                                                  code="empty")])
    if first.strip() == "+++":
        return Parsed(None, None, text, 1, [Problem(
            rel, 1, 1, "метаданные в формате TOML («+++») не поддерживаются",
            "запишите их в YAML между двумя строками «---»", code="front-matter")])
    if not _OPEN.fullmatch(first):
        stripped = first.strip()
        if stripped == "---" or (not stripped and text.lstrip().startswith("---")):
            line = 1 + text[: text.index("---")].count("\n")
            return Parsed(None, None, text, 1, [Problem(
                rel, line, 1, "перед «---» стоят пробелы или пустые строки, поэтому метаданные не распознаются",
                "начните файл ровно со строки «---»", code="front-matter")])
        return Parsed(None, None, text, 1, [], has_front_matter=False)
    for i in range(1, len(lines)):
        if _CLOSE.fullmatch(lines[i]):
            yaml_text = "\n".join(lines[1:i]) + "\n"
            body = "\n".join(lines[i + 1:])
            problems = []
            if lines[i].startswith("..."):
                problems.append(Problem(rel, i + 1, 1, "блок метаданных закрыт строкой «...»",
                                        "закройте его строкой «---», как в шаблонах",
                                        severity=WARNING, code="front-matter"))
            try:
                loaded = yamlsafe.load(yaml_text, line_offset=1)
            except yamlsafe.YamlProblem as err:
                return Parsed(None, None, body, i + 2, problems + [Problem(
                    rel, err.line, err.col, err.message, err.hint, code="yaml")], True)
            meta = loaded.data
            if meta is None:
                meta = {}
            if not isinstance(meta, dict):
                what = "список" if isinstance(meta, list) else "одно значение"
                return Parsed(None, None, body, i + 2, problems + [Problem(
                    rel, 2, 1, f"метаданные должны быть набором «поле: значение», а здесь {what}",
                    "запишите каждое поле с новой строки: «title: Название»", code="front-matter")], True)
            return Parsed(meta, loaded, body, i + 2, problems, True)
    return Parsed(None, None, text, 1, [Problem(
        rel, 1, 1, "блок метаданных не закрыт: нет второй строки «---»",
        "добавьте строку «---» после последнего поля", code="front-matter")], True)


def load_yaml_file(path: Path, rel: str) -> tuple[yamlsafe.Loaded | None, list[Problem]]:
    """A data/*.yml registry: text checks, then YAML."""
    read = read_text(path, rel)
    if read.text is None:
        return None, read.problems
    if not read.text.strip():
        return yamlsafe.Loaded(data=None), read.problems
    try:
        return yamlsafe.load(read.text), read.problems
    except yamlsafe.YamlProblem as err:
        return None, read.problems + [Problem(rel, err.line, err.col, err.message, err.hint, code="yaml")]
