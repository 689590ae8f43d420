"""`imc import`, reading: the source file checked (size, kind) and turned into blocks — text and
Markdown with their encoding found, DOCX, PDF, scans, ODT, RTF and .doc by their own readers."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from imc.authoring.import_lines import CLAUSE, SECTION
from imc.authoring.import_text import (PAGE_NUMBER, Block, Notify, Source, clean, escape_html, plain_text,
                                       safe_value)
from imc.authoring.readers_docx import docx_source
from imc.core.problems import ImcError

SOURCES = (".docx", ".txt", ".md", ".pdf", ".odt", ".rtf", ".doc", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
MAX_SOURCE_MB = 50
MAX_TEXT_CHARS = 1_000_000  # a .txt or .md source (~5 s to convert)


def read_source(src: Path, regulation: bool, notify: Notify) -> Source:
    """The blocks of `src`, read by the reader of its kind; an error if it has no text."""
    raw = _read(src)
    ext = src.suffix.lower()
    if ext == ".docx":
        source = docx_source(raw, src.name, notify, regulation)
    elif ext in (".pdf", ".odt", ".rtf", ".doc") + IMAGES:
        source = other_source(raw, src.name, ext, notify)
    else:
        # a page of a million characters is unreadable, and slow to convert
        text = bounded_text(decode_text(raw, src.name, notify), src.name)
        source = markdown_source(text, src.name) if ext == ".md" \
            else Source(text_blocks(text, markdown=False))
    if not any(plain_text(b.text) for b in source.blocks):
        raise ImcError(f"в «{src.name}» нет текста: импортировать нечего")
    return source


def _read(path: Path) -> bytes:
    if not path.exists():
        raise ImcError(f"файла «{path}» нет: проверьте путь и имя")
    if not path.is_file():
        raise ImcError(f"«{path}» — не файл: укажите документ .docx, .txt или .md")
    ext = path.suffix.lower()
    if ext not in SOURCES:
        hint = "сохраните его в Word как «Документ Word (.docx)»" if ext in (".docm", ".dot", ".wps") \
            else "импортировать можно .docx, .doc, .odt, .rtf, .pdf, сканы (.jpg, .png, .tif), .txt и .md"
        raise ImcError(f"«{path.name}»: файлы «{ext or 'без расширения'}» не импортируются — {hint}")
    size = path.stat().st_size
    if size > MAX_SOURCE_MB * 1048576:
        raise ImcError(f"«{path.name}» весит {size / 1048576:.0f} МБ — больше {MAX_SOURCE_MB} МБ: "
                       "сожмите рисунки в документе или разделите его")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ImcError(f"«{path.name}» не читается: {err.strerror}") from None
    if not raw.strip():
        raise ImcError(f"«{path.name}» пуст: в нём нечего импортировать")
    return raw


def _looks_utf16le(raw: bytes) -> bool:
    try:
        sample = raw[:8192 - 8192 % 2].decode("utf-16-le")
    except UnicodeDecodeError:
        return False
    good = sum(c.isprintable() or c in "\n\r\t" for c in sample)
    return bool(re.search("[а-яё]", sample, re.I)) and good >= 0.98 * len(sample)


def decode_text(raw: bytes, name: str, notify: Notify) -> str:
    """Text of a .txt/.md file. Windows-1251 and UTF-16 are decoded with a notice."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    utf16 = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    if utf16 is None and b"\x00" in raw[:8192] and _looks_utf16le(raw):
        utf16 = "utf-16-le"  # without the byte-order mark (Notepad's «Юникод» does write one)
    if utf16:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError:
            raise ImcError(f"«{name}»: текст в UTF-16 повреждён — пересохраните файл в UTF-8") from None
        notify(f"«{name}» в кодировке UTF-16: перекодирован в UTF-8")
    elif b"\x00" in raw[:8192]:
        raise ImcError(f"«{name}» — не текстовый файл (внутри двоичные данные): "
                       "импортируйте документ Word как .docx или сохраните текст в UTF-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1251", errors="replace")
            if not re.search("[а-яё]", text, re.I) or "\ufffd" in text:
                raise ImcError(f"«{name}»: кодировка не распознана (не UTF-8 и не Windows-1251) — "
                               "пересохраните файл в UTF-8") from None
            notify(f"«{name}» в кодировке Windows-1251: перекодирован в UTF-8 "
                   "(проверьте буквы в результате)")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    if "\x00" in text:
        raise ImcError(f"«{name}»: в тексте нулевые символы (NUL) — это не текстовый файл")
    return text


def text_blocks(text: str, markdown: bool) -> list[Block]:
    """Lines of a text file (or paragraphs of a Markdown file) as blocks."""
    blocks: list[Block] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        raw_line = lines[i]
        line = clean(raw_line)
        i += 1
        follows = i > 1 and bool(lines[i - 2].strip()) and blocks and blocks[-1].kind == "line"
        if not line or PAGE_NUMBER.fullmatch(line):
            continue
        if not markdown:
            blocks.append(Block("line", escape_html(line)))
            continue
        if re.match(r"\s*(`{3,}|~{3,})", raw_line):  # fenced code: verbatim
            fence = raw_line.strip()[:3]
            body = [raw_line]
            while i < len(lines):
                body.append(lines[i])
                i += 1
                if lines[i - 1].strip().startswith(fence):
                    break
            blocks.append(Block("raw", "\n".join(body).rstrip()))
            continue
        if line.startswith("|"):  # a table: verbatim
            body = [line]
            while i < len(lines) and clean(lines[i]).startswith("|"):
                body.append(clean(lines[i]))
                i += 1
            blocks.append(Block("raw", "\n".join(body)))
            continue
        heading = re.match(r"(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if heading:
            blocks.append(Block("heading", heading.group(2), len(heading.group(1))))
            continue
        item = re.match(r"(\s*)[-*+]\s+(.*)", raw_line.replace("\t", "    "))
        if item:  # numbered items stay lines: «1. Общие положения» may be a section
            blocks.append(Block("item", clean(item.group(2)), min(len(item.group(1)) // 2 + 1, 4)))
            continue
        if follows and not (CLAUSE.match(line) or SECTION.match(line) or re.match(r"\d+[.)]\s", line)):
            blocks[-1].text += " " + line  # the next line of the same Markdown paragraph
            continue
        blocks.append(Block("line", line))
    return blocks


def markdown_source(text: str, name: str) -> Source:
    title = ""
    if text.lstrip("\ufeff").startswith("---"):
        from imc.core.source import split_front_matter
        parsed = split_front_matter(text.lstrip("\ufeff"), name)
        if parsed.meta is None and parsed.problems:
            p = parsed.problems[0]
            raise ImcError(f"«{name}», строка {p.line}: {p.message} — {p.hint}")
        if parsed.meta is not None:
            title = safe_value(" ".join(str(parsed.meta.get("title") or "").split()))
            text = parsed.body
    return Source(text_blocks(text, markdown=True), title=title)


def bounded_text(text: str, name: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise ImcError(f"«{name}»: в тексте {len(text) // 1000} тыс. символов — больше "
                       f"{MAX_TEXT_CHARS // 1000} тыс. (это сотни страниц): разделите его на части "
                       "и импортируйте их по одной")
    return text


def other_source(raw: bytes, name: str, ext: str, notify: Notify) -> Source:
    """PDF (text or scanned), images of pages, ODT, RTF and .doc, read by their own modules."""
    if ext == ".odt":
        from imc.authoring.readers_odf import read_odt
        return Source(read_odt(raw, name))
    if ext == ".rtf":
        from imc.authoring.readers_odf import read_rtf
        return Source(text_blocks(bounded_text(read_rtf(raw, name), name), markdown=False))
    if ext == ".doc":
        from imc.authoring.readers_odf import read_doc
        return Source(text_blocks(bounded_text(read_doc(raw, name), name), markdown=False))
    if ext == ".pdf":
        from imc.authoring.readers_pdf import read_pdf
        pdf = read_pdf(raw, name, notify)
        text, note, ocr, unsure = pdf.text, pdf.note, pdf.ocr, pdf.unsure or []
    else:
        from imc.authoring.readers_pdf import clean_pages
        from imc.files.ocr import ocr_image_bytes
        notify(f"«{name}» — изображение: текст распознаётся (OCR), это займёт время")
        result = ocr_image_bytes(raw, name)
        (text, note), ocr, unsure = clean_pages(result.pages), True, result.unsure
    source = Source(text_blocks(bounded_text(text, name), markdown=False), ocr=ocr, note=note)
    if ocr:
        # the page says it was recognised; `imc check` lists the unsure words until checked
        source.meta["ocr"] = {"source": safe_value(name),
                              "date": dt.date.today()}
        if unsure:
            source.meta["ocr"]["unsure"] = [json.dumps(safe_value(w), ensure_ascii=False) for w in unsure[:200]]
        notify(f"текст распознан со скана: сверьте его с подлинником; слов, в которых программа "
               f"не уверена: {len(unsure)} — imc check покажет их")
    return source
