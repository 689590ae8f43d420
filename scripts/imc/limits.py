"""Bounds on what one contributed file may cost to read.

A 1 MB DOCX can unpack to gigabytes («zip bomb»): a check that only looks at the file's own
size lets it through, and whatever opens it (text extraction for search, `imc import`) spends
minutes and gigabytes. Zip-based files (DOCX, PPTX, XLSX, ODF, ZIP) are judged by their
directory alone, before any part is unpacked: Python's zipfile never inflates a part past the
size the directory declares, so bounding the declared sizes bounds the work.

One function, `check_archive`, is used by `imc check` (attachments), by the search build's
text extraction and by `imc import`.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

ZIP_SUFFIXES = (".docx", ".docm", ".pptx", ".xlsx", ".odt", ".odp", ".ods", ".zip")
MAX_UNPACKED_MB = 200  # all parts together, nested archives included
MAX_RATIO = 100  # compression of one part; Office XML and pictures stay far below it
RATIO_FROM_MB = 16  # a smaller part (a blank form of repeated rows may compress 250:1) is bounded by the total
MAX_MEMBERS = 10_000
MAX_NESTED_MB = 50  # an archive inside the file (an Excel chart in a DOCX) is read to be checked
_MB = 1 << 20


class LimitExceeded(Exception):
    """A file over a bound: a Russian message (what) and hint (what to do)."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def text(self, name: str) -> str:
        return f"«{name}»: {self.message} — {self.hint}"


_RESAVE = "откройте файл в офисной программе и сохраните заново"
_BOMB_HINT = ("такой файл не открыть без огромных затрат памяти; " + _RESAVE +
              " (Word: «Файл → Сохранить как») или приложите PDF")


def _unsafe_name(name: str) -> bool:
    """A part name that would be written outside a folder it is unpacked into."""
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or "\x00" in name:
        return True
    return ".." in re.split(r"[/\\]", name)


def check_archive(source: str | Path | bytes, depth: int = 0, budget: int | None = None) -> int:
    """Raise LimitExceeded when a zip-based file is over a bound; returns its unpacked size.
    Only the directory is read, except nested archives (bounded by MAX_NESTED_MB)."""
    budget = MAX_UNPACKED_MB * _MB if budget is None else budget
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise LimitExceeded("файл повреждён: его архив (ZIP) не читается", _RESAVE) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise LimitExceeded(f"внутри {len(infos)} частей — больше {MAX_MEMBERS}", _BOMB_HINT)
        total = 0
        for info in infos:
            if _unsafe_name(info.filename):
                raise LimitExceeded(f"в архиве есть путь «{info.filename[:80]}», ведущий за его пределы",
                                    "так делают файлы для атак; " + _RESAVE)
            total += info.file_size
            if total > budget:
                raise LimitExceeded(f"в распакованном виде больше {MAX_UNPACKED_MB} МБ", _BOMB_HINT)
            if info.file_size > RATIO_FROM_MB * _MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise LimitExceeded(
                    f"часть «{info.filename[:80]}» сжата в {ratio} раз ({info.file_size // _MB} МБ "
                    f"в распакованном виде, допустимо сжатие до {MAX_RATIO} раз) — так устроены «zip-бомбы»",
                    _BOMB_HINT)
        for info in infos:
            if not info.filename.lower().endswith(ZIP_SUFFIXES):
                continue
            if depth >= 1:
                raise LimitExceeded(f"архив в архиве внутри («{info.filename[:80]}»)",
                                    "вложенные архивы не открываются; " + _RESAVE)
            if info.file_size > MAX_NESTED_MB * _MB:
                raise LimitExceeded(f"вложенный файл «{info.filename[:80]}» больше {MAX_NESTED_MB} МБ",
                                    _BOMB_HINT)
            try:
                data = archive.read(info)
            except Exception:  # BadZipFile (CRC), zlib.error, EOFError…
                raise LimitExceeded(f"часть «{info.filename[:80]}» повреждена", _RESAVE) from None
            if data.startswith(b"PK"):
                total += check_archive(data, depth + 1, budget - total)
        return total


def is_archive(path: str | Path) -> bool:
    return str(path).lower().endswith(ZIP_SUFFIXES)
