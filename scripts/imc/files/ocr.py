"""Text recognition (OCR) of scans with Tesseract: for `imc import` of a scanned PDF or a photo
of a page, and for the search text of scanned PDF attachments.

Tesseract and its Russian data are Debian packages (`tesseract-ocr`, `tesseract-ocr-rus`);
scanned PDF pages are rendered to pictures with `pdftoppm` (`poppler-utils`). They run as
programs (no Python binding to trust), each with a time limit. Words recognised with low
confidence are returned so that a person can check them against the scan.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from imc.core.problems import ImcError

LANGS = "rus+eng"
DPI = 300
MAX_PAGES = 60  # a longer scan is imported in parts
UNSURE_BELOW = 60  # Tesseract's confidence (0–100) under which a word is listed for checking
PAGE_SECONDS = 120
MEMORY_MB = 1536  # each OCR program's address space: a hostile scan must not eat the machine
BUILD_PAGES = 10  # pages of a scanned attachment recognised for search
BUILD_SECONDS = 600  # OCR time of one build; scans left over are recognised by the next build
_INSTALL = ("установите программу распознавания: sudo apt-get install tesseract-ocr tesseract-ocr-rus "
            "poppler-utils (или попросите администратора сайта)")


@dataclass
class OcrText:
    pages: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)


def _bounded() -> None:
    """In the OCR program's process, before it starts: limited memory (Linux)."""
    try:
        import resource
        limit = MEMORY_MB * 1048576
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                          preexec_fn=_bounded if os.name == "posix" else None)


def available() -> bool:
    return bool(shutil.which("tesseract"))


def _tesseract(image: Path) -> tuple[str, list[str]]:
    """Text of one picture (lines and paragraphs as Tesseract found them) and its unsure words."""
    try:
        proc = _run(["tesseract", str(image), "stdout", "-l", LANGS, "tsv"], PAGE_SECONDS)
    except FileNotFoundError:
        raise ImcError("программа распознавания текста (tesseract) не установлена: " + _INSTALL) from None
    except subprocess.TimeoutExpired:
        raise ImcError(f"распознавание страницы «{image.name}» не уложилось в {PAGE_SECONDS} с: "
                       "уменьшите разрешение скана или разделите файл") from None
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        if "rus" in err and ("Failed loading language" in err or "traineddata" in err):
            raise ImcError("для распознавания нет русского языка Tesseract: " + _INSTALL)
        raise ImcError(f"распознавание «{image.name}» не удалось: {err.strip()[:200]}")
    lines: dict[tuple, list[str]] = {}
    unsure: list[str] = []
    for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
        word = cols[11].strip()
        lines.setdefault((block, par, line), []).append(word)
        try:
            conf = float(cols[10])
        except ValueError:
            conf = 100.0
        if 0 <= conf < UNSURE_BELOW and any(c.isalpha() for c in word):
            unsure.append(word.strip(".,;:!?«»()\"'"))
    out: list[str] = []
    last_par = None
    for (block, par, _), words in sorted(lines.items()):
        if last_par is not None and (block, par) != last_par:
            out.append("")  # a new paragraph as Tesseract sees it
        out.append(" ".join(words))
        last_par = (block, par)
    return "\n".join(out), [w for w in unsure if w]


def ocr_images(paths: list[Path]) -> OcrText:
    result = OcrText()
    for path in paths:
        text, unsure = _tesseract(path)
        result.pages.append(text)
        result.unsure += [w for w in unsure if w not in result.unsure]
    return result


def ocr_image_bytes(raw: bytes, name: str) -> OcrText:
    if not available():
        raise ImcError(f"«{name}» — изображение; чтобы распознать текст, " + _INSTALL)
    with tempfile.TemporaryDirectory(prefix="imc-ocr-") as tmp:
        image = Path(tmp) / ("page" + Path(name).suffix.lower())
        image.write_bytes(raw)
        return ocr_images([image])


def ocr_pdf(raw: bytes, name: str, max_pages: int = MAX_PAGES) -> OcrText:
    """Render the pages of a scanned PDF and recognise them."""
    if not available() or not shutil.which("pdftoppm"):
        raise ImcError(f"«{name}» — скан без текстового слоя; чтобы распознать текст, " + _INSTALL)
    with tempfile.TemporaryDirectory(prefix="imc-ocr-") as tmp:
        pdf = Path(tmp) / "scan.pdf"
        pdf.write_bytes(raw)
        try:
            proc = _run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-l", str(max_pages),
                         str(pdf), str(Path(tmp) / "page")], PAGE_SECONDS * 2)
        except subprocess.TimeoutExpired:
            raise ImcError(f"«{name}»: страницы скана не удалось подготовить к распознаванию за "
                           f"{PAGE_SECONDS * 2} с — разделите файл") from None
        if proc.returncode != 0:
            raise ImcError(f"«{name}»: страницы скана не читаются ({proc.stderr.decode('utf-8', 'replace')[:120]})"
                           " — сохраните PDF заново")
        pages = sorted(Path(tmp).glob("page*.png"))
        return ocr_images(pages)


def pdf_text(path: Path, max_pages: int = BUILD_PAGES) -> str:
    """Search text of a scanned PDF attachment ("" when OCR is not installed: the build goes on)."""
    if not available() or not shutil.which("pdftoppm"):
        return ""
    return "\n\n".join(ocr_pdf(path.read_bytes(), path.name, max_pages).pages)


def add_scan_text(texts: dict, cache_dir: Path) -> dict:
    """Search text for scanned PDF attachments: those whose extracted text is empty are
    recognised and the result cached by content hash in `cache_dir/ocr/` (apart from the text
    cache, which keeps saying that the file itself has no text layer). Without Tesseract the
    texts are returned as they are."""
    import hashlib
    import logging
    log = logging.getLogger("imc.extract")
    scans = [p for p, text in texts.items() if Path(p).suffix.lower() == ".pdf" and not text.strip()]
    if not scans:
        return texts
    import time
    out = dict(texts)
    folder = Path(cache_dir) / "ocr"
    start = time.monotonic()
    for path in scans:
        if time.monotonic() - start > BUILD_SECONDS:
            log.info("imc: распознавание сканов отложено до следующей сборки (лимит %d с): %s",
                     BUILD_SECONDS, path)
            continue
        data = Path(path).read_bytes()
        if b"/Image" not in data or b"/Font" in data:
            continue  # not a picture of pages: a text PDF over an extraction limit, a broken file
        digest = hashlib.sha256(data).hexdigest()
        cached = folder / f"{digest}.txt"
        if cached.exists():
            out[path] = cached.read_text(encoding="utf-8")
            continue
        if not available() or not shutil.which("pdftoppm"):
            log.info("imc: скан %s не распознан: нет tesseract (%s)", path, _INSTALL)
            continue
        try:
            text = pdf_text(Path(path))
        except (ImcError, OSError, subprocess.SubprocessError) as err:  # a broken scan must not stop the build
            log.info("imc: скан %s не распознан: %s", path, err)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_name(cached.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(cached)
        out[path] = text
    return out
