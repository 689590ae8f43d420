"""Text of attachments (PDF, DOCX, PPTX) for search, cached by content hash.

Extraction is the slow part of indexing attachments, and files rarely change: the cache
key is the SHA-256 of the file, so a rebuild only reads files that are new or changed.
Files are processed in parallel processes.
"""
from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import stat
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

log = logging.getLogger("imc.extract")
MAX_CHARS = 200_000  # enough for search; a 500-page PDF should not bloat the index


def read_cached(path: Path) -> str | None:
    """A cached text, or None (then the file is extracted again). The cache folder may come
    from elsewhere (a CI cache, a forced commit): only a regular file of at most the size a
    text can have, in valid UTF-8, counts — never a link to some other file on the machine."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 4 * MAX_CHARS:
            return None
        data = os.read(fd, 4 * MAX_CHARS + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if len(text) <= MAX_CHARS else None


def _pdf(path: Path) -> str:
    from pypdf import PdfReader
    reader = PdfReader(str(path))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:
            return ""
    return "\n".join((page.extract_text() or "") for page in reader.pages)


def _docx(path: Path) -> str:
    import docx
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.append(" ".join(c.text for c in row.cells))
    return "\n".join(parts)


def _pptx(path: Path) -> str:
    from pptx import Presentation
    prs = Presentation(str(path))
    return "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                     if shape.has_text_frame)


EXTRACTORS = {".pdf": _pdf, ".docx": _docx, ".pptx": _pptx, ".txt": lambda p: p.read_text("utf-8", "replace")}


def _extract_one(args: tuple[str, str, str]) -> tuple[str, str, str | None]:
    path, digest, cache_file = args
    p = Path(path)
    try:
        text = EXTRACTORS[p.suffix.lower()](p)[:MAX_CHARS]
    except Exception as err:  # a broken file must not stop the build; it is reported
        return path, "", f"{type(err).__name__}: {err}"
    tmp = cache_file + f".{os.getpid()}.tmp"
    try:
        Path(tmp).write_text(text, encoding="utf-8", errors="replace")  # a lone surrogate from a PDF
        os.replace(tmp, cache_file)
    except OSError:  # a folder in the entry's place, a full disk: the text is used uncached
        Path(tmp).unlink(missing_ok=True)
    return path, text, None


def lower_priority(nice: int) -> None:
    try:
        os.nice(nice)
    except (AttributeError, OSError):  # not on this system: the same work, less well ordered
        pass


def _pool_init(nice: int, parent: int) -> None:
    from .orphans import die_with_parent
    die_with_parent(parent)  # a killed build leaves no extraction running
    lower_priority(nice)


def extract_all(paths: list[Path], cache_dir: Path, workers: int = 2, nice: int = 0) -> dict[Path, str]:
    """{path: text}; failures are logged and give empty text. `nice` lowers the priority of
    the extracting processes (the build renders pages meanwhile)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    out: dict[Path, str] = {}
    todo = []
    for p in paths:
        if p.suffix.lower() not in EXTRACTORS:
            continue
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        cached = cache_dir / f"{digest}.txt"
        text = read_cached(cached)
        if text is not None:
            out[p] = text
        else:
            todo.append((str(p), digest, str(cached)))
    if not todo:
        return _with_scans(out, cache_dir)
    if len(todo) == 1 and not nice:
        results = map(_extract_one, todo)
        pool = None
    else:
        # spawn: the caller may have threads running (a forked lock may never be released)
        pool = ProcessPoolExecutor(max_workers=max(1, workers), mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_pool_init, initargs=(nice, os.getpid()))
        results = pool.map(_extract_one, todo, chunksize=8)
    try:
        for path, text, err in results:
            if err:
                log.info("imc: текст файла %s не извлечён (%s)", path, err)
            out[Path(path)] = text
    finally:
        if pool is not None:
            pool.shutdown()
    return _with_scans(out, cache_dir)


def _with_scans(texts: dict[Path, str], cache_dir: Path) -> dict[Path, str]:
    from .readers_ocr import add_scan_text  # scanned PDFs: OCR, cached apart (readers_ocr)
    return add_scan_text(texts, cache_dir)
