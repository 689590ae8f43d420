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


@dataclass
class Decoded:
    """What the bytes of a text file hold: the text, or why there is none."""
    text: str | None  # line ends as "\n"; None when there is a fault
    encoding: str  # utf-8 | utf-16 | cp1251 ("" when unknown)
    bom: bool = False  # a UTF-8 byte-order mark was removed
    line: int = 1  # the first line that is not UTF-8 (cp1251, unknown) or has a NUL (nul)
    fault: str = ""  # binary (NUL bytes at the start) | nul (a NUL further on) | damaged | unknown


def _looks_utf16le(raw: bytes) -> bool:
    try:
        sample = raw[:8192 - 8192 % 2].decode("utf-16-le")
    except UnicodeDecodeError:
        return False
    good = sum(c.isprintable() or c in "\n\r\t" for c in sample)
    return bool(_CYRILLIC.search(sample)) and good >= 0.98 * len(sample)


def decode_bytes(raw: bytes) -> Decoded:
    """The one decoding of a text file, for `imc check` and `imc import` alike.

    UTF-8 with or without a BOM; UTF-16 with a byte-order mark, or little-endian without one
    (Notepad's «Юникод» does write one, other programs do not); Windows-1251 when the bytes are
    not UTF-8 and read as Russian in it; NUL bytes in the first 8 KB make a file binary. Line
    ends become «\n» as mkdocs reads them (CRLF, a lone CR). Which encodings are accepted is
    the caller's rule: the check takes only UTF-8 (mkdocs reads nothing else), the importer converts.
    """
    bom = raw.startswith(b"\xef\xbb\xbf")
    if bom:
        raw = raw[3:]
    head = raw[:8192]
    utf16 = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) \
        else "utf-16-le" if b"\x00" in head and _looks_utf16le(raw) else None
    line = 1
    if utf16:
        try:
            text, encoding = raw.decode(utf16), "utf-16"
        except UnicodeDecodeError:
            return Decoded(None, "utf-16", bom, fault="damaged")
    elif b"\x00" in head:
        return Decoded(None, "", bom, fault="binary")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            try:
                text, encoding = raw.decode("cp1251"), "cp1251"
            except UnicodeDecodeError:  # 0x98 is no letter in Windows-1251
                text = ""
            if not _CYRILLIC.search(text):
                return Decoded(None, "", bom, line, fault="unknown")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        return Decoded(None, encoding, bom, text[: text.index("\x00")].count("\n") + 1, fault="nul")
    return Decoded(text, encoding, bom, line)


def decode(raw: bytes, rel: str) -> Text:
    """The check's rule over `decode_bytes`: UTF-8 only, any other case told with what to do."""
    read = decode_bytes(raw)
    if read.encoding == "utf-16":
        return Text(None, [Problem(rel, 1, 1, "файл в кодировке UTF-16",
                                   "сохраните его в UTF-8 (в Блокноте: «Сохранить как» → «UTF-8»)",
                                   code="encoding")])
    if read.fault == "binary":
        return Text(None, [Problem(rel, 1, 1, "это не текстовый файл (внутри двоичные данные)",
                                   "сохраните текст в формате Markdown (.md) или импортируйте "
                                   "документ командой imc import", code="binary")])
    problems: list[Problem] = []
    if read.bom:  # mkdocs reads utf-8-sig too: harmless, but editors should not add it
        problems.append(Problem(rel, 1, 1, "в начале файла стоит невидимая метка BOM",
                                "сохраните файл в UTF-8 без BOM; на сайт она не влияет",
                                severity=WARNING, code="bom"))
    if read.encoding == "cp1251":
        return Text(None, problems + [Problem(
            rel, read.line, 1, "файл в кодировке Windows-1251, а нужна UTF-8",
            "пересохраните его в UTF-8 (в Блокноте: «Сохранить как» → «UTF-8»), "
            "или выполните: iconv -f cp1251 -t utf-8", code="encoding")])
    if read.fault == "unknown":
        return Text(None, problems + [Problem(rel, read.line, 1, "файл не в кодировке UTF-8",
                                              "пересохраните его в UTF-8", code="encoding")])
    if read.fault == "nul":
        return Text(None, [Problem(rel, read.line, 1, "в тексте нулевой символ (NUL)",
                                   "удалите его: обычно он остаётся после неудачного копирования",
                                   code="binary")])
    if len(raw) - 3 * read.bom > BIG_FILE:
        problems.append(Problem(rel, 1, 1, f"файл очень большой ({len(raw) / 1048576:.1f} МБ)",
                                "разделите его на несколько страниц или вынесите таблицы во вложения",
                                severity=WARNING, code="big-file"))
    return Text(read.text, problems)


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
