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
import signal
import stat
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

log = logging.getLogger("imc.extract")
MAX_CHARS = 200_000  # enough for search; a 500-page PDF should not bloat the index
MAX_PDF_PAGES = 300  # pages read for search: the index keeps MAX_CHARS anyway
# Bounds of one extracting process: a file within every size limit may still be costly to
# parse (a hostile PDF, XML that lxml inflates tenfold); over a bound it is indexed without text.
EXTRACT_SECONDS = 120  # per file
EXTRACT_MEMORY_MB = 1536  # address space of the worker process (Python and parsers take ~400)


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
    parts, size = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        parts.append(page.extract_text() or "")
        size += len(parts[-1])
        if size >= MAX_CHARS:  # the rest would be cut off anyway
            break
    return "\n".join(parts)


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
        text = _limited_text(p)
    except _OverLimit as err:  # indexed by its title alone; the build says why
        return path, "", _OVER + str(err)
    except Exception as err:  # a broken file must not stop the build; it is reported
        return path, "", f"{type(err).__name__}: {err}"
    tmp = cache_file + f".{os.getpid()}.tmp"
    try:
        Path(tmp).write_text(text, encoding="utf-8", errors="replace")  # a lone surrogate from a PDF
        os.replace(tmp, cache_file)
    except OSError:  # a folder in the entry's place, a full disk: the text is used uncached
        Path(tmp).unlink(missing_ok=True)
    return path, text, None


class _OverLimit(BaseException):  # not Exception: parsers that swallow errors must not swallow it
    """A file over a bound of extraction (the message is Russian)."""


_OVER = "over-limit: "  # marks a Russian reason among the errors returned by workers


def _on_alarm(signum, frame):
    raise _OverLimit(f"текст не извлечён за {EXTRACT_SECONDS} с")


def _limited_text(p: Path) -> str:
    from imc.files.limits import LimitExceeded, check_archive, is_archive
    if is_archive(p):
        try:
            check_archive(p)
        except LimitExceeded as err:
            raise _OverLimit(f"{err.message} — {err.hint}") from None
    timed = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if timed:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, EXTRACT_SECONDS)
    try:
        return EXTRACTORS[p.suffix.lower()](p)[:MAX_CHARS]
    except MemoryError:
        raise _OverLimit(f"на извлечение текста не хватило {EXTRACT_MEMORY_MB} МБ памяти") from None
    except RecursionError:
        raise _OverLimit("структура файла слишком глубоко вложена") from None
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)


def limit_worker(nice: int, seconds: float = EXTRACT_SECONDS, memory_mb: int = EXTRACT_MEMORY_MB) -> None:
    """Initializer of an extracting process: its priority, memory and time per file."""
    global EXTRACT_SECONDS, EXTRACT_MEMORY_MB
    EXTRACT_SECONDS, EXTRACT_MEMORY_MB = seconds, memory_mb
    lower_priority(nice)
    try:
        import resource
        limit = memory_mb * 1048576
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ImportError, ValueError, OSError):  # no such limit here (Windows): time still bounds it
        pass


def lower_priority(nice: int) -> None:
    try:
        os.nice(nice)
    except (AttributeError, OSError):  # not on this system: the same work, less well ordered
        pass


def _pool_init(nice: int, seconds: float, memory_mb: int, parent: int) -> None:
    from imc.core.orphans import die_with_parent
    die_with_parent(parent)  # a killed build leaves no extraction running
    limit_worker(nice, seconds, memory_mb)


def extract_all(paths: list[Path], cache_dir: Path, workers: int = 2, nice: int = 0,
                seconds: float = EXTRACT_SECONDS, memory_mb: int = EXTRACT_MEMORY_MB) -> dict[Path, str]:
    """{path: text}; failures are logged and give empty text, a file over a limit (size,
    `seconds`, `memory_mb`) is named on stderr. `nice` lowers the priority of the extracting
    processes (the build renders pages meanwhile)."""
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
    # spawn: the caller may have threads running (a forked lock may never be released);
    # always a separate process, even for one file: the limits must not bind the caller
    pool = ProcessPoolExecutor(max_workers=max(1, workers), mp_context=multiprocessing.get_context("spawn"),
                               initializer=_pool_init, initargs=(nice, seconds, memory_mb, os.getpid()))
    left = {Path(path) for path, _, _ in todo}
    try:
        for path, text, err in pool.map(_extract_one, todo, chunksize=8):
            left.discard(Path(path))
            if err and err.startswith(_OVER):
                _tell(path, err[len(_OVER):])
            elif err:
                log.info("imc: текст файла %s не извлечён (%s)", path, err)
            out[Path(path)] = text
    except BrokenProcessPool:  # a worker killed (by the system, out of memory): the rest go without text
        for path in left:
            _tell(str(path), "процесс извлечения текста завершился аварийно (нехватка памяти?)")
            out[path] = ""
    finally:
        pool.shutdown()
    return _with_scans(out, cache_dir)


def _with_scans(texts: dict[Path, str], cache_dir: Path) -> dict[Path, str]:
    from imc.files.ocr import add_scan_text  # scanned PDFs: OCR, cached apart
    return add_scan_text(texts, cache_dir)


def _tell(path: str, reason: str) -> None:
    """A file indexed without its text: said in the build's output (a child's stderr is the build's)."""
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    print(f"imc: предупреждение: вложение «{shown}» попадёт в поиск только по названию: {reason}",
          file=sys.stderr, flush=True)
