"""`imc import`: a Word document (.docx), a text file or Markdown → a material with metadata.

The way in for most authors: they have a Word file. The importer

1. reads the source (DOCX through mammoth, text with its encoding found) into blocks —
   headings, paragraphs («lines»), list items, tables — cleaning conversion noise
   (`[bookmark: …]`, page numbers, tab runs, odd spaces);
2. rebuilds the structure the site expects for the type: for a положение numbered sections
   (`## 1. …`) and clauses (`1.1. …` paragraphs) even from broken text, for a practice the
   passport sections of the model; lines broken mid-sentence are joined;
3. fills the front matter from what the document says (title; for a положение the approving
   order) and the rest from the model, with TODO marks that `imc check` reports;
4. writes the .md and the extracted images, never over an existing file.

No word of the source is dropped: what is moved (the title, the order) goes to the front
matter, and the only things removed are the noise markers listed in `NOISE`, page-number
lines (`PAGE_NUMBER`) and the word «Раздел»/«Глава» before a section number.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from imc.content import model
from imc.core.problems import ImcError
from imc.core.text import MONTHS_GEN, SLUG_RE, fold, slugify

SOURCES = (".docx", ".txt", ".md", ".pdf", ".odt", ".rtf", ".doc", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
IMAGES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
MAX_SOURCE_MB = 50
MAX_TEXT_CHARS = 1_000_000  # a .txt or .md source (~5 s to convert)
MAX_DOCUMENT_XML_MB = 8  # word/document.xml; mammoth converts it at ~2.5 s a megabyte (5 MB: 13 s)
IMAGE_TOKEN = "\x00img\x00"  # replaced by the image folder once the id is known

# ------------------------------------------------------------------ cleaning

# Markers that converters leave in the text; removed wherever they stand.
NOISE = re.compile(
    r"\[bookmark:[^\]\n]*\]"  # [bookmark: bookmark1] (docx → text converters)
    r"|\[_(?:GoBack|Toc\d+|Hlk\d+|Ref\d+)\]"  # Word's hidden bookmarks
    r"|[\u200b\u200c\u200d\u2060\ufeff\u00ad]"  # zero-width characters, soft hyphen
)
# A line that is only a page number: «12», «- 12 -», «— 3 —», «Страница 2 из 9», «стр. 4».
PAGE_NUMBER = re.compile(r"[-–—\s]*\d{1,3}[-–—\s]*|(?:страница|стр\.)\s*\d{1,3}(?:\s*из\s*\d{1,3})?",
                         re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """One line of text without noise markers and with single spaces."""
    return _SPACES.sub(" ", NOISE.sub("", text)).strip()


def _plain(md: str) -> str:
    """Inline Markdown → text (for matching and for front-matter values)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", md)
    text = re.sub(r"(?<!\\)\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?<!\\)(\*+|_{2,})", "", text)
    text = re.sub(r"<br>", " ", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(" ".join(text.split()))


def _escape(text: str) -> str:
    """Text from a Word document as Markdown that shows it literally."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*_`\[\]])", r"\\\1", text)
    return _escape_html(text)


def _escape_html(text: str) -> str:
    """What would be HTML, a template or a snippet in Markdown, written as entities."""
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = text.replace("<", "&lt;")
    return re.sub(r"\{(?=[{%#])", "&#123;", text)  # {{ … }}, {% … %}, {# … #}: mkdocs-macros


# ------------------------------------------------------------------ blocks


@dataclass
class Block:
    """One unit of the source: a heading, a line/paragraph, a list item or a raw Markdown block."""
    kind: str  # heading | line | item | raw
    text: str  # inline Markdown
    level: int = 0  # heading level; list depth (1 = top)
    ordered: bool = False


@dataclass
class Source:
    blocks: list[Block]
    images: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, data)
    title: str = ""  # from a Markdown file's own front matter
    ocr: bool = False  # the text was recognised from images (fewer words kept is tolerated)
    note: str = ""  # what the reader removed (running headers, page numbers), for the report
    meta: dict = field(default_factory=dict)  # front matter the reader knows (how it was read)
    moved: list[str] = field(default_factory=list)  # text moved into the front matter (approval)


Notify = Callable[[str], None]


def _notify_stderr(message: str) -> None:
    print(f"imc: {message}", file=sys.stderr)


# ------------------------------------------------------------------ reading


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


def _text_blocks(text: str, markdown: bool) -> list[Block]:
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
            blocks.append(Block("line", _escape_html(line)))
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
        if follows and not (_CLAUSE.match(line) or _SECTION.match(line) or re.match(r"\d+[.)]\s", line)):
            blocks[-1].text += " " + line  # the next line of the same Markdown paragraph
            continue
        blocks.append(Block("line", line))
    return blocks


def _markdown_source(text: str, name: str) -> Source:
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
    return Source(_text_blocks(text, markdown=True), title=title)


# ------------------------------------------------------------------ DOCX


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STYLE_MAP = "\n".join(
    [f"p[style-name='Заголовок {n}'] => h{n}:fresh" for n in range(1, 7)]
    + ["p[style-name='Title'] => h1:fresh", "p[style-name='Название'] => h1:fresh",
       "p[style-name='Заголовок'] => h1:fresh", "r[style-name='Strong'] => strong",
       "r[style-name='Строгий'] => strong", "r[style-name='Выделение'] => em"]
)
_IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif",
                "image/bmp": "bmp", "image/tiff": "tif", "image/svg+xml": "svg", "image/webp": "webp",
                "image/x-emf": "emf", "image/x-wmf": "wmf", "image/emf": "emf", "image/wmf": "wmf"}


def _check_docx(raw: bytes, name: str) -> zipfile.ZipFile:
    if raw.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            raise ImcError(f"«{name}» защищён паролем: снимите защиту в Word "
                           "(Файл → Сведения → Защита документа) и сохраните снова")
        raise ImcError(f"«{name}» — документ Word 97–2003 (.doc), а не .docx: "
                       "откройте его в Word и сохраните как «Документ Word (.docx)»")
    if not raw.startswith(b"PK\x03\x04"):
        what = "PDF" if raw.startswith(b"%PDF") else "программа Windows" if raw.startswith(b"MZ") \
            else "текст" if b"\x00" not in raw[:4096] else "файл другого типа"
        raise ImcError(f"«{name}» — не документ Word: внутри {what}. Переименование расширения "
                       "не меняет формат; сохраните документ в Word как .docx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
    except Exception:  # BadZipFile, NotImplementedError («zip file version»), EOFError…
        raise ImcError(f"«{name}» повреждён (архив DOCX не читается): откройте его в Word "
                       "и сохраните заново") from None
    if "word/document.xml" not in names:
        raise ImcError(f"«{name}» — архив ZIP, но не документ Word (нет word/document.xml)")
    from imc.files.limits import LimitExceeded, check_archive
    try:
        check_archive(raw)
    except LimitExceeded as err:
        raise ImcError(err.text(name)) from None
    text_mb = archive.getinfo("word/document.xml").file_size / 1048576
    if text_mb > MAX_DOCUMENT_XML_MB:
        raise ImcError(f"«{name}»: текст документа с разметкой — {text_mb:.0f} МБ, больше {MAX_DOCUMENT_XML_MB} МБ "
                       "(это сотни страниц): разделите документ на части и импортируйте их по одной")
    try:
        archive.read("word/document.xml")
    except Exception:  # BadZipFile, zlib.error, EOFError…: the archive is damaged
        raise ImcError(f"«{name}» повреждён: текст документа не читается; "
                       "откройте его в Word и сохраните заново") from None
    return archive


def _docx_source(raw: bytes, name: str, notify: Notify, regulation: bool) -> Source:
    import mammoth  # imported here: the rest of imc does not need it

    archive = _check_docx(raw, name)
    if regulation:
        raw = _materialise_numbering(archive, raw, name, notify)
    images: list[tuple[str, bytes]] = []

    def convert_image(image):
        n = len(images) + 1
        ext = _IMAGE_TYPES.get((image.content_type or "").lower())
        try:
            with image.open() as fh:
                data = fh.read()
        except Exception:  # a linked (not embedded) picture or a broken part
            notify(f"рисунок {n} не встроен в документ (ссылка на внешний файл) — пропущен")
            return []
        if ext is None:
            notify(f"рисунок {n} в неизвестном формате «{image.content_type}» — пропущен")
            return []
        if ext in ("emf", "wmf", "tif", "bmp"):
            notify(f"рисунок {n} в формате {ext.upper()}: браузеры его не покажут — "
                   f"замените image-{n}.{ext} на PNG или JPEG")
        file_name = f"image-{n}.{ext}"
        images.append((file_name, data))
        alt = " ".join((image.alt_text or "").split()).replace("[", "(").replace("]", ")")
        return [mammoth.html.element("img", {"src": IMAGE_TOKEN + file_name, "alt": alt or f"Рисунок {n}"})]

    try:
        result = mammoth.convert_to_html(io.BytesIO(raw), style_map=_STYLE_MAP,
                                         convert_image=convert_image,
                                         include_embedded_style_map=False)
        blocks = _HtmlBlocks.convert(result.value, regulation)
    except Exception as err:  # mammoth reports broken parts with many exception types
        raise ImcError(f"«{name}» не удалось прочитать ({type(err).__name__}): документ повреждён "
                       "или создан нестандартной программой — откройте его в Word и сохраните заново") from None
    return Source(blocks, images)


def _bounded_text(text: str, name: str) -> str:
    if len(text) > MAX_TEXT_CHARS:  # as for a .txt source
        raise ImcError(f"«{name}»: в тексте {len(text) // 1000} тыс. символов — больше "
                       f"{MAX_TEXT_CHARS // 1000} тыс. (это сотни страниц): разделите документ на части "
                       "и импортируйте их по одной")
    return text


def _other_source(raw: bytes, name: str, ext: str, notify: Notify) -> Source:
    """PDF (text or scanned), images of pages, ODT, RTF and .doc, read by their own modules."""
    if ext == ".odt":
        from imc.authoring.readers_odf import read_odt
        return Source(read_odt(raw, name))
    if ext == ".rtf":
        from imc.authoring.readers_odf import read_rtf
        return Source(_text_blocks(_bounded_text(read_rtf(raw, name), name), markdown=False))
    if ext == ".doc":
        from imc.authoring.readers_odf import read_doc
        return Source(_text_blocks(_bounded_text(read_doc(raw, name), name), markdown=False))
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
    source = Source(_text_blocks(_bounded_text(text, name), markdown=False), ocr=ocr, note=note)
    if ocr:
        # the page says it was recognised; `imc check` lists the unsure words until checked
        source.meta["ocr"] = {"source": safe_value(name),
                              "date": dt.date.today()}
        if unsure:
            source.meta["ocr"]["unsure"] = [json.dumps(safe_value(w), ensure_ascii=False) for w in unsure[:200]]
        notify(f"текст распознан со скана: сверьте его с подлинником; слов, в которых программа "
               f"не уверена: {len(unsure)} — imc check покажет их")
    return source


# -- Word numbering → text («1.1.» typed into the paragraph), so that clause numbers survive.

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("russianLower", "russianUpper"):
        s = _RU_LETTERS[(n - 1) % len(_RU_LETTERS)] * ((n - 1) // len(_RU_LETTERS) + 1)
        return s.upper() if fmt == "russianUpper" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def parse_xml(data: bytes):
    """XML from a document as it is: DTD entities are neither expanded (an «entity bomb» of a
    few bytes grows to gigabytes) nor fetched (a file of this machine read into the text)."""
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _materialise_numbering(archive: zipfile.ZipFile, raw: bytes, name: str, notify: Notify) -> bytes:
    """Write Word's automatic numbers («1.», «2.3.», «а)») into the paragraphs' text.

    mammoth turns numbered paragraphs into HTML lists and drops the numbers themselves, but a
    положение is cited by them. Bullets are left to mammoth (they become Markdown lists).
    """
    if "word/numbering.xml" not in archive.namelist():
        return raw
    try:
        from lxml import etree
        numbering = parse_xml(archive.read("word/numbering.xml"))
        styles = parse_xml(archive.read("word/styles.xml")) \
            if "word/styles.xml" in archive.namelist() else None
        document = parse_xml(archive.read("word/document.xml"))
        labelled = _label_paragraphs(document, numbering, styles)
        if not labelled:
            return raw
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for info in archive.infolist():
                data = archive.read(info.filename)
                if info.filename == "word/document.xml":
                    data = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
                new.writestr(info, data)
        return out.getvalue()
    except Exception as err:  # never fail an import because of numbering
        notify(f"автоматическую нумерацию пунктов в «{name}» восстановить не удалось "
               f"({type(err).__name__}): проверьте номера пунктов")
        return raw


def _label_paragraphs(document, numbering, styles) -> int:
    from lxml import etree
    w = _W

    def val(el, tag):
        child = el.find(w + tag) if el is not None else None
        return child.get(w + "val") if child is not None else None

    abstract = {a.get(w + "abstractNumId"): a for a in numbering.findall(w + "abstractNum")}
    nums = {n.get(w + "numId"): n for n in numbering.findall(w + "num")}
    style_el = {s.get(w + "styleId"): s for s in styles.findall(w + "style")} if styles is not None else {}

    def style_numbering(style_id, seen=()):
        s = style_el.get(style_id)
        if s is None or style_id in seen:
            return None, None
        ppr = s.find(w + "pPr")
        numpr = ppr.find(w + "numPr") if ppr is not None else None
        if numpr is not None:
            return val(numpr, "numId"), val(numpr, "ilvl")
        return style_numbering(val(s, "basedOn"), seen + (style_id,))

    def abstract_of(num_id, depth=0):
        num = nums.get(num_id)
        if num is None or depth > 3:
            return None, None
        a = abstract.get(val(num, "abstractNumId"))
        link = val(a, "numStyleLink") if a is not None else None
        if link:
            linked, _ = style_numbering(link)
            if linked and linked != num_id:
                return abstract_of(linked, depth + 1)[0], num
        return a, num

    counters: dict[str, list] = {}
    started: set[str] = set()
    count = 0
    for p in document.iter(w + "p"):
        ppr = p.find(w + "pPr")
        numpr = ppr.find(w + "numPr") if ppr is not None else None
        num_id, ilvl = (val(numpr, "numId"), val(numpr, "ilvl")) if numpr is not None else (None, None)
        style_id = val(ppr, "pStyle") if ppr is not None else None
        if num_id is None and style_id:
            num_id, style_ilvl = style_numbering(style_id)
            ilvl = ilvl or style_ilvl
        if not num_id or num_id == "0":
            continue
        a, num = abstract_of(num_id)
        if a is None:
            continue
        levels = {lv.get(w + "ilvl", "0"): lv for lv in a.findall(w + "lvl")}
        if ilvl is None and style_id:  # a level bound to the paragraph style
            ilvl = next((k for k, lv in levels.items() if val(lv, "pStyle") == style_id), None)
        level = int(ilvl or 0)
        lvl = levels.get(str(level))
        if lvl is None:
            continue
        fmt = val(lvl, "numFmt") or "decimal"
        if fmt == "bullet":
            continue
        key = a.get(w + "abstractNumId")
        state = counters.setdefault(key, [None] * 9)
        if num_id not in started:  # «начать заново»: a new list instance with a start override
            started.add(num_id)
            for override in num.findall(w + "lvlOverride"):
                start = val(override, "startOverride")
                if start is not None:
                    state[int(override.get(w + "ilvl", "0"))] = int(start) - 1
        start = int(val(lvl, "start") or 1)
        state[level] = start if state[level] is None else state[level] + 1
        for deeper in range(level + 1, 9):
            state[deeper] = None
        legal = lvl.find(w + "isLgl") is not None

        def part(m):
            k = int(m.group(1)) - 1
            lv = levels.get(str(k))
            n = state[k] if state[k] is not None else int(val(lv, "start") or 1) if lv is not None else 1
            return _format_number(n, "decimal" if legal else (val(lv, "numFmt") if lv is not None else "decimal"))

        label = re.sub(r"%([1-9])", part, val(lvl, "lvlText") or "").strip()
        if ppr is None:
            ppr = etree.SubElement(p, w + "pPr")
            p.remove(ppr)
            p.insert(0, ppr)
        if numpr is None:
            numpr = etree.SubElement(ppr, w + "numPr")
        for child in list(numpr):
            numpr.remove(child)
        etree.SubElement(numpr, w + "ilvl").set(w + "val", "0")
        etree.SubElement(numpr, w + "numId").set(w + "val", "0")  # «no list» for mammoth
        if label:
            run = etree.Element(w + "r")
            t = etree.SubElement(run, w + "t")
            t.text = label + " "
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            p.insert(list(p).index(ppr) + 1, run)
        count += 1
    return count


# -- mammoth's HTML → blocks of inline Markdown

class _Node:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children = tag, attrs, []


class _HtmlBlocks(HTMLParser):
    _VOID = {"img", "br", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self._VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    @classmethod
    def convert(cls, markup: str, regulation: bool) -> list[Block]:
        parser = cls()
        parser.feed(markup)
        parser.close()
        out: list[Block] = []
        _blocks(parser.root.children, out, regulation)
        return out


def _inline(children, br: str) -> str:
    parts: list[str] = []
    for child in children:
        if isinstance(child, str):
            parts.append(_escape(_SPACES.sub(" ", NOISE.sub("", child.replace("\n", " ")))))
            continue
        tag = child.tag
        if tag in ("strong", "b", "em", "i"):
            inner = _inline(child.children, br)
            mark = "**" if tag in ("strong", "b") else "*"
            core = inner.strip()
            if core:
                lead = inner[: len(inner) - len(inner.lstrip())]
                trail = inner[len(inner.rstrip()):]
                parts.append(f"{lead}{mark}{core}{mark}{trail}")
            else:
                parts.append(inner)
        elif tag == "a":
            inner = _inline(child.children, br)
            href = child.attrs.get("href") or ""
            if href.startswith("#footnote-ref") or href.startswith("#endnote-ref"):
                continue  # the «↑» back link of a footnote
            if re.match(r"(https?://|mailto:)", href, re.I) and inner.strip():
                href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
                parts.append(f"[{inner}]({href})")
            else:
                parts.append(inner)
        elif tag == "img":
            alt = child.attrs.get("alt") or ""
            parts.append(f"![{alt}]({child.attrs.get('src', '')})")
        elif tag == "br":
            parts.append(br)
        elif tag in ("p", "div", "li", "ul", "ol", "table", "tr", "td", "th"):
            parts.append(" " + _inline(child.children, br) + " ")
        else:  # sup, sub, span, u, s …: their text
            parts.append(_inline(child.children, br))
    text = "".join(parts)
    text = re.sub(r"(?<![\\*])\*\*(\s*)\*\*(?!\*)", r"\1", text)  # **a****b** → **ab**
    return text


def _add_lines(out: list[Block], text: str) -> None:
    """A paragraph (split at its line breaks for a положение); page-number lines are noise."""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line and not PAGE_NUMBER.fullmatch(line):
            out.append(Block("line", line))


def _blocks(children, out: list[Block], regulation: bool, depth: int = 0) -> None:
    br = "\n" if regulation else "<br>"
    loose: list = []  # inline content directly under a container (e.g. text in <li>)

    def flush():
        if loose:
            _add_lines(out, _inline(loose, br))
            loose.clear()

    for child in children:
        if isinstance(child, str) or child.tag not in (
                "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "table"):
            loose.append(child)
            continue
        flush()
        tag = child.tag
        if tag[0] == "h" and tag[1:].isdigit():
            text = " ".join(_inline(child.children, " ").split())
            if text:
                out.append(Block("heading", text, int(tag[1])))
        elif tag == "p":
            _add_lines(out, _inline(child.children, br))
        elif tag in ("ul", "ol"):
            items = [li for li in child.children if not isinstance(li, str) and li.tag == "li"]
            if items and all((li.attrs.get("id") or "").startswith(("footnote-", "endnote-")) for li in items):
                for n, li in enumerate(items, 1):  # footnotes: «[1] text» paragraphs
                    text = " ".join(_inline(li.children, " ").split())
                    out.append(Block("line", f"\\[{n}\\] {text}"))
                continue
            for li in items:
                inline = [c for c in li.children if isinstance(c, str) or c.tag not in ("ul", "ol")]
                nested = [c for c in li.children if not isinstance(c, str) and c.tag in ("ul", "ol")]
                text = " ".join(_inline(inline, " ").split())
                out.append(Block("item", text, depth + 1, ordered=tag == "ol"))
                for sub in nested:
                    _blocks([sub], out, regulation, depth + 1)
        elif tag == "table":
            _table(child, out, regulation)
    flush()


def _table(node: _Node, out: list[Block], regulation: bool) -> None:
    rows: list[list[str]] = []
    cells_nodes: list[_Node] = []

    def walk(n):
        for c in n.children:
            if isinstance(c, str):
                continue
            if c.tag == "tr":
                row = []
                for cell in c.children:
                    if isinstance(cell, str) or cell.tag not in ("td", "th"):
                        continue
                    cells_nodes.append(cell)
                    parts = []
                    for block in cell.children:
                        text = " ".join(_inline([block], "<br>").split())
                        if text:
                            parts.append(text)
                    text = "<br>".join(parts).replace("|", "\\|")
                    span = int(cell.attrs.get("colspan") or 1)
                    row += [text] + [""] * (min(span, 50) - 1)
                rows.append(row)
            elif c.tag in ("thead", "tbody", "tfoot"):
                walk(c)

    walk(node)
    width = max((len(r) for r in rows), default=0)
    if width == 0:
        return
    if width == 1:  # a one-column table is a frame around text: keep the text
        for cell in cells_nodes:
            _blocks(cell.children, out, regulation)
        return
    out.append(Block("raw", markdown_table(rows, width)))


def markdown_table(rows: list[list[str]], width: int) -> str:
    """Rows of cell texts as a Markdown table, the first row its header (DOCX and ODT alike)."""
    lines = []
    for i, row in enumerate(rows):
        row = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(row) + " |")
        if i == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


# ------------------------------------------------------------------ line structure

_BULLET = re.compile(r"(?:[-–—•·▪●◦]|\*(?=\s))\s*(?=\S)")
_BULLET_PRACTICE = re.compile(r"(?:[-–•·▪●◦]|\*(?=\s))\s*(?=\S)")  # «— » starts a dialogue there
_EM = r"(?P<em>\*\*|\*)?"
_CLAUSE = re.compile(_EM + r"(?P<num>\d{1,2}(?:\.\d{1,3}){1,4})(?:\.(?!\d))?(?P<em2>\*\*|\*)?"
                     r"(?:\s+|$|(?=[^\d\s.)]))(?P<rest>.*)$")
_SECTION = re.compile(_EM + r"(?:(?P<word>[Рр]аздел|РАЗДЕЛ|[Гг]лава|ГЛАВА)\s+)?(?P<num>\d{1,2}|[IVXІХ]{1,7})"
                      r"(?P<dot>\.)?(?P<em2>\*\*|\*)?(?:\s+|(?<=\.)(?=[«\"A-ZА-ЯЁ]))(?P<rest>\S.*)$")
_LONE_NUMBER = re.compile(r"(?:(?:[Рр]аздел|РАЗДЕЛ|[Гг]лава|ГЛАВА)\s+)?(?:\d{1,2}(?:\.\d{1,3}){0,4}|[IVXІХ]{1,7})\.?")
# «…текст. 1.2. Следующий пункт» on one line (but not «согласно п. 1.2. Положения»)
_INLINE_CLAUSE = re.compile(r"(?<=[.;:])\s+(?=\d{1,2}(?:\.\d{1,3}){1,4}\.?\s+[«\"А-ЯЁ])")
_SUBITEM = re.compile(r"(?:\d{1,2}|[а-яa-z])\)\s+\S")
_TERMINAL = ".;:!?…"
_GRIF = re.compile(r"(утвержд\w*|утверждаю|согласован\w*|принят\w*|введен\w* в действие)\s*:?",
                   re.I)


def _starts_lower(text: str) -> bool:
    s = _plain(text).lstrip("(«\"'“„ ")
    return bool(s) and s[0].islower()


def _ends_open(text: str) -> bool:
    """The text does not end a sentence (so the next line may continue it)."""
    s = re.sub(r"[\s»\"”'*_)\]]+$", "", _plain(text) if "\\" in text or "*" in text else text)
    return bool(s) and s[-1] not in _TERMINAL


def _odd_emphasis(text: str) -> bool:
    return len(re.findall(r"(?<!\\)\*\*", text)) % 2 == 1


@dataclass
class Node:
    kind: str  # section | clause | item | subitem | para | heading | raw
    text: str
    number: str = ""
    level: int = 0  # heading level or list depth
    ordered: bool = False


def _join(node: Node, text: str) -> None:
    if node.text.endswith("**") and text.startswith("**") and not node.text.endswith("\\**") \
            and not _odd_emphasis(node.text):  # **bold line** + **bold line** → one bold run
        node.text, text = node.text[:-2], text[2:]
    if node.text.endswith("-") and not node.text.endswith(" -") and _starts_lower(text):
        node.text += text  # «общественно-» + «профессиональными»
    else:
        node.text = f"{node.text} {text}" if node.text else text


def _continues(node: Node, text: str) -> bool:
    """Does this line continue the previous node rather than start a new paragraph?"""
    if node.kind == "raw" or text.startswith("!["):
        return False
    if _odd_emphasis(node.text):
        return True
    if node.kind in ("section", "heading"):
        return _starts_lower(text) and _ends_open(node.text)
    if _starts_lower(text):
        return True
    if node.kind == "para":  # an unnumbered paragraph: only a lowercase continuation
        return not node.text
    return _ends_open(node.text)


def _section_number(num: str) -> str | None:
    num = num.replace("І", "I").replace("Х", "X")  # Cyrillic look-alikes from conversions
    if num.isdigit():
        return num if 0 < int(num) <= 60 else None
    if not re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", num):
        return None
    return num


def _strip_em(match: re.Match) -> str:
    """The rest of a numbered line, with an emphasis opened before the number kept balanced."""
    rest = match.group("rest")
    em = match.group("em") or ""
    if em and not match.group("em2"):
        rest = em + rest
    return rest


# how authors number clauses, brought to «2.1.»: «- 2.1.», «• 2.1», «2.1)», «2. 1.», «2 .1.»
_CLAUSE_BULLET = re.compile(r"(?:[-–—•·▪●◦]|\*(?=\s))\s*(?=(?:\*\*|\*)?\d{1,2}(?:\s?\.\s?\d{1,3}){1,4}\s?[.)]?"
                            r"(?:\*\*|\*)?\s+[«\"(A-ZА-ЯЁ])")
_ODD_NUMBER = re.compile(r"(?P<em>\*\*|\*)?(?P<num>\d{1,2}(?:\s?\.\s?\d{1,3}){1,4})\s?(?P<end>[.)])(?P<em2>\*\*|\*)?"
                         r"(?=\s+[«\"(A-ZА-ЯЁ])")
# a section heading glued to its first clause: «2. Цели и задачи 2.1. Цель …»
_GLUED = re.compile(r"(?P<head>(?P<sec>\d{1,2}|[IVXІХ]{1,7})\.\s{0,3}[«\"A-ZА-ЯЁ][^.;:]{1,150}?)\s{0,3}"
                    r"(?P<clause>(?P<first>\d{1,2})\.1\.?\s+[«\"А-ЯЁ].*)$")
# «Приложение», «Приложение 1», «ПРИЛОЖЕНИЕ № 2 к Положению …»: an appendix starts (own numbering)
APPENDIX = re.compile(r"(?:\*\*)?(?:Приложение|ПРИЛОЖЕНИЕ)(?:\s*(?:№|N)?\s*\d{1,2})?(?:\*\*)?"
                      r"(?:\s+[кК]\s.{0,100})?")


def _normalise_clause(text: str) -> str:
    """«- 2.1. Текст», «2. 1. Текст», «2.1) Текст» → «2.1. Текст» (the number the site anchors)."""
    if (bullet := _CLAUSE_BULLET.match(text)) and not text.startswith("**"):
        text = text[bullet.end():]
    m = _ODD_NUMBER.match(text)
    if m and (m.group("end") == ")" or re.search(r"\s", m.group("num"))):
        em, em2 = m.group("em") or "", m.group("em2") or ""
        num = re.sub(r"\s", "", m.group("num"))
        text = f"{em}{num}.{em2}{text[m.end():]}"
    return text


def _split_glued(text: str) -> list[str]:
    m = _GLUED.match(text)
    if not m or not (not m.group("sec").isdigit() or m.group("sec") == m.group("first")):
        return [text]
    return [m.group("head"), m.group("clause")]


def _regulation_lines(blocks: list[Block]) -> list[Block]:
    """Lines of a положение as one number each: a lone «1.1.» line is joined to the text after
    it, several clauses run together on one line are split, clause numbers written in odd ways
    («- 2.1.», «2. 1.», «2.1)») are brought to «2.1.», a section heading glued to its first
    clause is split, and an appendix title becomes a heading."""
    blocks = _normalised(blocks)
    out: list[Block] = []
    pending = ""
    for block in blocks:
        if block.kind in ("line", "heading") and _LONE_NUMBER.fullmatch(_plain(block.text)):
            pending = f"{pending} {_plain(block.text)}".strip()
            continue
        if pending and block.kind in ("line", "heading"):
            block = Block(block.kind, f"{pending} {block.text}", block.level)
        elif pending:
            out.append(Block("line", pending))
        pending = ""
        if block.kind != "line":
            out.append(block)
            continue
        start = 0
        for m in _INLINE_CLAUSE.finditer(block.text):
            if re.search(r"(?:\bп{1,2}|\bпункт\w*|\bраздел\w*|\bгл)\.?$", block.text[:m.start()].rstrip(" .;:"),
                         re.I) or re.search(r"\bп{1,2}\.$", block.text[:m.start()]):
                continue
            out.append(Block("line", block.text[start:m.start()]))
            start = m.end()
        out.append(Block("line", block.text[start:]))
    if pending:
        out.append(Block("line", pending))
    return out


def _normalised(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if block.kind not in ("line", "item"):
            out.append(block)
            continue
        text = _normalise_clause(block.text)
        if block.kind == "item" and text != block.text or block.kind == "item" and _CLAUSE.match(text) \
                and re.match(r"\S+\s+[«\"(A-ZА-ЯЁ]", text):
            block = Block("line", text)  # a clause written as a list item
        elif block.kind == "line" and APPENDIX.fullmatch(_plain(text)):
            block = Block("heading", text, 2)
        elif block.kind == "line":
            for part in _split_glued(text)[:-1]:
                out.append(Block("line", part))
            block = Block("line", _split_glued(text)[-1])
        else:
            block = Block(block.kind, text, block.level, block.ordered)
        out.append(block)
    return out


def _all_caps_heading(text: str) -> bool:
    plain = _plain(text)
    letters = [c for c in plain if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters) and len(plain) <= 100 \
        and plain[-1] not in ".;," and not _GRIF.match(plain) and not _ORDER_WORD.search(plain)


def _regulation_nodes(lines: list[Block]) -> list[Node]:
    nodes: list[Node] = []
    for block in lines:
        if block.kind == "raw":
            nodes.append(Node("raw", block.text))
            continue
        text = block.text
        if block.kind == "item":
            nodes.append(Node("item", text, level=block.level))
            continue
        if block.kind == "line" and text.startswith("![") and text.endswith(")"):
            nodes.append(Node("raw", text))
            continue
        m = _CLAUSE.match(text)
        if m:
            nodes.append(Node("clause", _strip_em(m).strip(), m.group("num")))
            continue
        m = _SECTION.match(text)
        if m:
            num = _section_number(m.group("num"))
            rest = _plain(m.group("rest"))
            if num and (m.group("dot") or m.group("word") or num.isdigit()) \
                    and re.match(r"[«\"A-ZА-ЯЁ]", rest) and len(rest) <= 200 and rest[-1] not in ";,":
                nodes.append(Node("section", rest, num))
                continue
        if block.kind == "heading":
            nodes.append(Node("heading", _plain(text), level=block.level))
            continue
        bullet = _BULLET.match(text)
        if bullet and not text.startswith("**"):
            nodes.append(Node("item", text[bullet.end():], level=1))
            continue
        if _SUBITEM.match(text):
            nodes.append(Node("subitem", text))
            continue
        if _all_caps_heading(text):
            nodes.append(Node("heading", _plain(text), level=2))
            continue
        if nodes and _continues(nodes[-1], text):
            _join(nodes[-1], text)
            continue
        nodes.append(Node("para", text))
    return nodes


def _render(nodes: list[Node]) -> str:
    chunks: list[str] = []
    prev = None
    for node in nodes:
        if node.kind == "section":
            text = f"## {node.number}. {node.text}"
        elif node.kind == "heading":
            text = f"{'#' * max(2, min(node.level, 6))} {node.text}"
        elif node.kind == "clause":
            text = f"{node.number}. {node.text}".rstrip()
        elif node.kind == "item":
            marker = "1." if node.ordered else "-"
            text = "    " * (max(node.level, 1) - 1) + f"{marker} {node.text}"
        else:
            text = node.text
        if text.startswith(("#", ">")) and node.kind in ("para", "subitem", "clause"):
            text = "\\" + text
        if node.kind == "item" and prev is not None and prev.kind == "item":
            if node.level == prev.level and node.ordered != prev.ordered:
                chunks.append("<!-- -->")  # Python-Markdown would merge two adjacent lists
                chunks.append(text)
            else:
                chunks[-1] += "\n" + text
        else:
            chunks.append(text)
        prev = node
    return "\n\n".join(chunks) + "\n"


# ------------------------------------------------------------------ положение


_ORDER_WORD = re.compile(r"\b(приказ\w*|распоряжени\w*|постановлени\w*)", re.I)
_NUMBER = re.compile(r"(?:№|N[oо]?\.?(?=\s*\d))\s*(?P<n>[0-9A-Za-zА-Яа-яЁё]+(?:\s*[-–—/\\.]\s*[0-9A-Za-zА-Яа-яЁё]+)*)")
_DATE_NUM = re.compile(r"(?<!\d)(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4}|\d{2})(?!\d)")
_DATE_WORDS = re.compile(r"(?<!\d)[«\"]?\s*(\d{1,2})\s*[»\"]?\s*(" + "|".join(MONTHS_GEN) + r")\s*(\d{4})",
                         re.I)
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NOMINATIVE = {"управления": "управление", "комитета": "комитет", "департамента": "департамент",
               "министерства": "министерство", "отдела": "отдел", "администрации": "администрация",
               "директора": "директор", "начальника": "начальник", "заведующего": "заведующий",
               "руководителя": "руководитель", "главы": "глава", "центра": "центр",
               "учреждения": "учреждение"}


@dataclass
class Order:
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""


def _find_date(text: str) -> tuple[int, dt.date] | None:
    found = []
    for m in _DATE_NUM.finditer(text):
        d, mo, y = (int(x) for x in m.groups())
        found.append((m.start(), m.end(), y + 2000 if y < 100 else y, mo, d))
    for m in _DATE_WORDS.finditer(text):
        found.append((m.start(), m.end(), int(m.group(3)), MONTHS_GEN.index(m.group(2).lower()) + 1,
                      int(m.group(1))))
    for m in _DATE_ISO.finditer(text):
        found.append((m.start(), m.end(), *(int(x) for x in m.groups())))
    for start, end, y, mo, d in sorted(found):
        try:
            return start, dt.date(y, mo, d)
        except ValueError:
            continue
    return None


def find_order(text: str) -> Order | None:
    """The approving order in the heading part of a положение: «Утверждено приказом … от … № …»."""
    text = " ".join(_plain(text).split())
    m = _ORDER_WORD.search(text)
    if not m:
        return None
    window = text[m.end(): m.end() + 250]
    order = Order()
    number = _NUMBER.search(window)
    if number:
        n = re.sub(r"\s*([-–—/\\.])\s*", r"\1", number.group("n"))
        order.number = re.sub(r"[–—]", "-", n).rstrip(".")
    date = _find_date(window)
    if date:
        order.date = date[1]
    if not order.number and not order.date:
        return None
    issuer = re.split(r"\bот(?=[\s\d«\"])|№|\bN\s*\d|[«\"]?\d{1,2}[./»\"]", window, maxsplit=1)[0]
    issuer = re.sub(r"^по\s+", "", issuer.strip(" ,.:;-–—"))
    if re.search(r"[А-Яа-яЁёA-Za-z]", issuer) and len(issuer) <= 150:
        first, _, rest = issuer.partition(" ")
        first = _NOMINATIVE.get(first.lower(), first)
        order.issuer = (first[:1].upper() + first[1:] + (" " + rest if rest else "")).strip()
    return order


_TITLE_START = re.compile(r"(положение|порядок|регламент|правила|инструкция|кодекс|программа|план)\b", re.I)
_SMALL_WORDS = {"о", "об", "обо", "в", "во", "и", "на", "по", "с", "со", "к", "ко", "от", "для", "при",
                "из", "за", "до", "без", "над", "под", "или"}


def title_case(title: str) -> str:
    """«ПОЛОЖЕНИЕ О МЕТОДИЧЕСКОМ СОВЕТЕ» → «Положение о методическом совете» (short capitals,
    which may be abbreviations — РМО, ИМЦ, МБОУ — stay as written)."""
    letters = [c for c in title if c.isalpha()]
    all_caps = bool(letters) and all(c.isupper() for c in letters)
    words = title.split(" ")
    out = []
    for i, word in enumerate(words):
        core = re.sub(r"\W", "", word)
        if core.isupper() and (len(core) >= 6 and (all_caps or i == 0)
                               or all_caps and core.lower() in _SMALL_WORDS):
            word = word.lower()
        out.append(word)
    result = " ".join(out)
    return result[:1].upper() + result[1:]


def safe_value(text: str) -> str:
    """A front-matter string that `imc check` accepts: no tags, no «javascript:»."""
    text = text.replace("<", "‹").replace(">", "›")
    return re.sub(r"(javascript)\s*:", r"\1 —", text, flags=re.I)


def _clean_title(text: str) -> str:
    title = _plain(text).strip().rstrip(".").strip()
    if re.fullmatch(r"«[^«»]*»|\"[^\"]*\"", title):  # the whole title in quotes
        title = title[1:-1].strip()
    return safe_value(title_case(title))


def _split_preamble(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Blocks before the first section or clause (title, approval) and the rest."""
    for i, b in enumerate(blocks):
        if b.kind in ("line", "heading"):
            if _CLAUSE.match(b.text):
                return blocks[:i], blocks[i:]
            m = _SECTION.match(b.text)
            if m and _section_number(m.group("num")) and (m.group("dot") or m.group("word")) \
                    and re.match(r"[«\"A-ZА-ЯЁ]", _plain(m.group("rest"))):
                return blocks[:i], blocks[i:]
    return blocks, []


def _order_continues(prev: str, text: str) -> bool:
    """«Утверждено приказом …» / «№ 45 от …»: the lines of one approval stamp."""
    prev, text = _plain(prev), _plain(text)
    return bool((_GRIF.match(prev) or _ORDER_WORD.search(prev))
                and re.match(r"(№|N\s*\d|от\b|от\d|[«\"]?\d|приказ|распоряж|постановл)", text, re.I))


def _approval(text: str) -> bool:
    """«УТВЕРЖДЕНО приказом МКУ ЦОДОУ от 30.08.2019 № 72» by itself (nothing else to keep)."""
    plain = _plain(text)
    return len(plain) <= 200 and bool(_GRIF.match(plain) or _ORDER_WORD.match(plain)) \
        and find_order(plain) is not None


def _regulation(source: Source, fallback_title: str, notify: Notify) -> tuple[str, dict, str]:
    preamble, rest = _split_preamble(_regulation_lines(source.blocks))
    # the title: the first «Положение …» line and its continuation lines
    start = next((i for i, b in enumerate(preamble)
                  if b.kind != "raw" and _TITLE_START.match(_plain(b.text))), None)
    if start is None:
        start = next((i for i, b in enumerate(preamble) if b.kind == "heading"), None)
    title_parts: list[str] = []
    keep: list[Block] = []
    if start is not None and not source.title:
        title_parts.append(preamble[start].text)
        end = start + 1
        while end < len(preamble):
            b = preamble[end]
            if b.kind == "raw" or _GRIF.match(_plain(b.text)) or _ORDER_WORD.match(_plain(b.text)):
                break
            joined = " ".join(title_parts)
            if not (_starts_lower(b.text) or _odd_emphasis(joined)
                    or (_ends_open(joined) and len(_plain(b.text)) <= 120 and len(joined) < 200
                        and not re.match(r"настоящ", _plain(b.text), re.I))):
                break
            title_parts.append(b.text)
            end += 1
        keep = preamble[:start] + preamble[end:]
        after_title = set(map(id, preamble[end:]))
    else:
        keep = preamble
        after_title = set(map(id, preamble)) if source.title else set()
    title = source.title or (_clean_title(" ".join(title_parts)) if title_parts else "") or fallback_title
    # the rest of the heading part: «Утверждено / приказом … / от … № …» joined into paragraphs
    head: list[Node] = []
    for b in keep:
        if b.kind == "raw":
            head.append(Node("raw", b.text))
            continue
        if id(b) in after_title and (b.kind == "heading" or _all_caps_heading(b.text)):
            head.append(Node("heading", _plain(b.text), level=b.level or 2))  # «ОБЩИЕ ПОЛОЖЕНИЯ»
            continue
        if head and head[-1].kind == "para" and (
                _GRIF.fullmatch(_plain(head[-1].text)) or _continues(head[-1], b.text)
                or _order_continues(head[-1].text, b.text)):
            _join(head[-1], b.text)
        else:
            head.append(Node("para", b.text))
    given: dict = {"title": title}
    order = find_order(" ".join(_plain(b.text) for b in keep + [Block("line", t) for t in title_parts]))
    if order and order.date:
        given["status"] = "deystvuet"
        given["order"] = {"number": safe_value(order.number) or "TODO: номер приказа", "date": order.date}
        if order.issuer:
            given["order"]["issuer"] = safe_value(order.issuer)
    else:
        given["status"] = "proekt"
        if order:
            notify(f"в документе есть приказ № {order.number}, но без даты: положение записано как "
                   "проект; укажите status и order (number, date, issuer) вручную")
    if order and order.date:  # the approval stamp is in the front matter now, not body text
        source.moved += [n.text for n in head if n.kind == "para" and _approval(n.text)]
        head = [n for n in head if not (n.kind == "para" and _approval(n.text))]
    body = _render(head + _regulation_nodes(rest)) if head or rest else ""
    return title, given, body.strip() + "\n" if body.strip() else "TODO: текст положения.\n"


# ------------------------------------------------------------------ practice and product

# Headings of an author's document that mean a section of the practice passport.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Проблема": ("проблем", "актуальн", "обоснован", "противореч", "трудност", "предпосылк", "вызов"),
    "Идея": ("иде", "суть", "сущност", "концепц", "новизн", "замысел", "цел", "ведущая иде"),
    "Как это делается": ("как это делается", "технолог", "описание", "содержание", "этап", "механизм",
                         "ход ", "алгоритм", "реализац", "метод", "форм", "прием", "организац"),
    "Результаты": ("результат", "эффективн", "итог", "достижен", "выводы"),
    "Ресурсы": ("ресурс", "услови", "обеспечен", "оборудован", "материально", "кадров"),
    "Как повторить": ("как повторить", "рекомендац", "тиражир", "совет", "распространен", "внедрен",
                      "перспектив", "возможност"),
}


def passport_section(heading: str, sections: tuple[str, ...]) -> str | None:
    """Which passport section a heading of the document stands for, if any."""
    h = fold(re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVXІ]+\.)\s*", "", _plain(heading))).rstrip(":. ")
    if not h:
        return None
    for s in sections:
        if h.startswith(fold(s)):
            return s
    for s in sections:
        if any(h.startswith(syn) for syn in SYNONYMS.get(s, ())):
            return s
    words = h.split()
    for s in sections:
        if any(w.startswith(syn.strip()) for syn in SYNONYMS.get(s, ()) for w in words[1:]):
            return s
    return None


def _text_nodes(blocks: list[Block], sections: tuple[str, ...]) -> list[Node]:
    """Blocks of a practice or product as nodes: bullets, label lines, joined broken lines."""
    nodes: list[Node] = []
    for block in blocks:
        text = block.text
        if block.kind == "raw":
            nodes.append(Node("raw", text))
        elif block.kind == "heading":
            nodes.append(Node("heading", _plain(text) if sections else text, level=block.level))
        elif block.kind == "item":
            nodes.append(Node("item", text, level=block.level, ordered=block.ordered))
        elif text.startswith("![") and text.endswith(")"):
            nodes.append(Node("raw", text))
        elif (bullet := _BULLET_PRACTICE.match(text)) and not text.startswith("**"):
            nodes.append(Node("item", text[bullet.end():], level=1))
        else:
            plain = _plain(text)
            whole_bold = re.fullmatch(r"\*\*[^*]+\*\*:?", text) is not None
            # «Проблема: текст…», «**Идея.** текст…» — a passport label opening a paragraph
            label = re.match(r"(?P<h>[^*.:;!?\\\[\]]{2,60}?)\s*[:.]\s+(?P<rest>\S.*)$", text) \
                or re.match(r"\*\*(?P<h>[^*]{2,60}?)\s*[:.]?\s*\*\*\s*[:.]?\s+(?P<rest>\S.*)$", text)
            if sections and label and len(label.group("h").split()) <= 4 \
                    and passport_section(label.group("h"), sections):
                nodes.append(Node("heading", label.group("h"), level=2))
                nodes.append(Node("para", label.group("rest")))
            elif sections and (  # the cheap test first: a long paragraph is never a heading
                    whole_bold and len(plain) <= 120
                    or len(plain.split()) <= 4 and not plain.endswith((".", ";", ",", "!", "?"))) \
                    and passport_section(plain, sections):
                nodes.append(Node("heading", plain.rstrip(":"), level=2))
            elif whole_bold and len(plain) <= 120 and not plain.endswith((".", ";", ",")):
                nodes.append(Node("heading", plain.rstrip(":"), level=3))
            elif nodes and nodes[-1].kind in ("para", "item") and _continues(nodes[-1], text):
                _join(nodes[-1], text)
            else:
                nodes.append(Node("para", text))
    return nodes


_NOT_TITLE = re.compile(
    r"(муниципальн|государственн|частн|м[абк]?д?оу\b|мбу\b|мку\b|мау\b|г[аб]?оу\b|г[аб]?у\b|"
    r"автор|составител|разработчик|выполнил|утвержд|согласован|рассмотрен|принят)"
    r"|(описание|паспорт)(\s+(лучшей|педагогической|методической|инновационной|опыта|практики|продукта|"
    r"разработки))*\s*:?$", re.I)


def _take_title(nodes: list[Node], sections: tuple[str, ...]) -> str:
    """The title of a practice or product: its first-level heading, or the first short line
    that is not the school's name, the author or a label like «Описание практики»."""
    def usable(n: Node) -> bool:
        plain = _plain(n.text)
        return n.kind in ("heading", "para") and 0 < len(plain) <= 200 \
            and not passport_section(plain, sections) and not _NOT_TITLE.match(plain)

    h1 = next((n for n in nodes if n.kind == "heading" and n.level == 1), None)
    candidate = h1 if h1 is not None and usable(h1) else \
        next((n for n in nodes[:6] if usable(n) and n.kind != "raw"), None)
    if candidate is None:
        return ""
    nodes.remove(candidate)
    return _clean_title(candidate.text)


def _shift_headings(nodes: list[Node], top: int) -> None:
    levels = [n.level for n in nodes if n.kind == "heading"]
    if levels:
        shift = top - min(levels)
        for n in nodes:
            if n.kind == "heading":
                n.level = max(top, min(n.level + shift, 6))


def _practice(ctype: model.ContentType, nodes: list[Node]) -> str:
    sections = ctype.sections
    todo = dict(re.findall(r"^## (.+)\n\n(TODO:.*)$", ctype.body, re.M))
    buckets: dict[str, list[Node]] = {s: [] for s in sections}
    titles: dict[str, str] = {}
    _shift_headings(nodes, 3)
    current = sections[0]
    top = min((n.level for n in nodes if n.kind == "heading"), default=3)
    parent_mapped = False  # a sub-heading stays with its parent when the parent is a section
    for node in nodes:
        if node.kind == "heading":
            sec = None if node.level > top and parent_mapped else passport_section(node.text, sections)
            if node.level == top:
                parent_mapped = sec is not None
            if sec:
                current = sec
                if sec not in titles and fold(node.text).startswith(fold(sec)):
                    titles[sec] = node.text.rstrip(":")
                    continue
                node.level = 3
        buckets[current].append(node)
    out = []
    for s in sections:
        body = _render(buckets[s]).strip() if buckets[s] else todo.get(s, "TODO: заполните раздел.")
        out.append(f"## {titles.get(s, s)}\n\n{body}\n")
    return "\n".join(out)


# ------------------------------------------------------------------ writing


def _target(root: Path, ctype: model.ContentType, item_id: str, output: Path | None) -> Path:
    if output is not None:
        output = Path(output).expanduser()
        output = output if output.is_absolute() else Path.cwd() / output
        if output.suffix.lower() != ".md":
            raise ImcError(f"--output: укажите путь к файлу .md, а не «{output.name}»")
        return output
    from imc.authoring.skeleton import target_path
    return target_path(root, ctype, item_id)


def _image_dir(path: Path) -> tuple[Path, str]:
    """Where images go and how the page refers to them: beside index.md, else in <name>/."""
    if path.name == "index.md":
        return path.parent, ""
    return path.parent / path.stem, path.stem + "/"


_WORD = re.compile(r"[^\W\d_]+", re.U)
MIN_KEPT = 0.98  # below this share of the source's words kept, the import fails
MIN_KEPT_OCR = 0.95


def words(text: str) -> Counter[str]:
    """Words (letters only: numbers change form, «2.1)» → «2.1.») of a text, lower case."""
    # Cyrillic «І», «Х» in Roman section numbers are written as Latin letters
    return Counter(w.lower().replace("ё", "е").replace("і", "i").replace("х", "x") if w.isupper() and len(w) <= 7
                   and re.fullmatch(r"[IVXІХ]+", w) else w.lower().replace("ё", "е")
                   for w in _WORD.findall(html.unescape(text)))


def words_kept(source: Source, written: str) -> tuple[int, int, list[str]]:
    """Words of the source, how many of them the written file has, and some that it lacks."""
    text = "\n".join(_plain(b.text) for b in source.blocks)
    # documented removals: the word «Раздел»/«Глава» before a section number, the approval stamp
    text = re.sub(r"(?mi)^(\W*)(раздел|глава)(?=\s+(\d|[IVXІ]))", r"\1", text)
    before = (words(text) | words(source.title)) - words("\n".join(_plain(t) for t in source.moved))
    after = words(written)
    kept = sum(min(n, after[w]) for w, n in before.items())
    lost = [w for w, n in before.most_common() if after[w] < n]
    return sum(before.values()), kept, lost


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def import_file(root: Path, src: Path, type_name: str, output: Path | None = None,
                item_id: str | None = None, notify: Notify | None = None) -> Path:
    """Convert `src` into a material of type `type_name`; returns the written .md file."""
    notify = notify or _notify_stderr
    root = Path(root)
    ctype = model.TYPES.get(type_name)
    if ctype is None or type_name not in ("practice", "product", "regulation"):
        raise ImcError(f"импортировать можно как practice, product или regulation, а не «{type_name}»")
    if item_id is not None and not SLUG_RE.fullmatch(item_id):
        raise ImcError(f"--id «{item_id}»: код пишется латиницей, строчными, через дефис "
                       f"(например, {slugify(item_id)[:60].rstrip('-')})")
    src = Path(src)
    raw = _read(src)
    regulation = ctype is model.REGULATION
    ext = src.suffix.lower()
    if ext == ".docx":
        source = _docx_source(raw, src.name, notify, regulation)
    elif ext in (".pdf", ".odt", ".rtf", ".doc") + IMAGES:
        source = _other_source(raw, src.name, ext, notify)
    else:
        text = decode_text(raw, src.name, notify)
        if len(text) > MAX_TEXT_CHARS:  # a page of a million characters is unreadable, and slow to convert
            raise ImcError(f"«{src.name}»: в тексте {len(text) // 1000} тыс. символов — больше "
                           f"{MAX_TEXT_CHARS // 1000} тыс. (это сотни страниц): разделите его на части "
                           "и импортируйте их по одной")
        source = _markdown_source(text, src.name) if ext == ".md" \
            else Source(_text_blocks(text, markdown=False))
    if not any(_plain(b.text) for b in source.blocks):
        raise ImcError(f"в «{src.name}» нет текста: импортировать нечего")
    fallback = " ".join(re.sub(r"[_]+", " ", src.stem).split())

    if regulation:
        title, given, body = _regulation(source, fallback, notify)
        given.update(source.meta)
    else:
        sections = ctype.sections
        nodes = _text_nodes(source.blocks, sections)
        if source.title and nodes and nodes[0].kind == "heading" \
                and fold(_plain(nodes[0].text)) == fold(source.title):
            nodes.pop(0)  # the Markdown file's own «# Title» repeats its front matter
        title = source.title or _take_title(nodes, sections) or fallback
        given = {"title": title, **source.meta}
        if sections:
            body = _practice(ctype, nodes)
        else:
            _shift_headings(nodes, 2)
            body = _render(nodes) if nodes else ctype.body

    item_id = item_id or slugify(title)[:60].rstrip("-")
    path = _target(root, ctype, item_id, output)
    image_dir, prefix = _image_dir(path)
    if path.exists():
        raise ImcError(f"{_shown(path, root)} уже есть: импорт не перезаписывает файлы — "
                       "укажите другой --id или --output")
    clash = [name for name, _ in source.images if (image_dir / name).exists()]
    if clash:
        raise ImcError(f"{_shown(image_dir / clash[0], root)} уже есть: импорт не перезаписывает файлы — "
                       "укажите другой --id или --output")

    from imc.authoring.skeleton import front_matter
    from imc.check.load import load_project
    project = load_project(root)
    body = body.replace(IMAGE_TOKEN, prefix)
    text = front_matter(project, ctype, given) + "\n" + body
    total, kept, lost = words_kept(source, text)
    if total:
        share = kept / total
        floor = MIN_KEPT_OCR if source.ocr else MIN_KEPT
        notify(f"слов в документе: {total}, в результате: {kept} ({share:.1%})"
               + (f"; {source.note}" if source.note else ""))
        if share < floor:
            raise ImcError(f"«{src.name}»: в результате только {share:.1%} слов документа (нужно не меньше "
                           f"{floor:.0%}), потеряны, например: {', '.join(lost[:8])} — файл не записан; "
                           "сохраните документ в другом формате (.docx или .txt) и импортируйте снова")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.images:
            image_dir.mkdir(parents=True, exist_ok=True)
            for name, data in source.images:
                (image_dir / name).write_bytes(data)
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        raise ImcError(f"{_shown(path, root)} уже есть: импорт не перезаписывает файлы") from None
    except OSError as err:
        raise ImcError(f"не удалось записать {_shown(path, root)}: {err.strerror}") from None
    if source.images:
        notify(f"извлечено рисунков: {len(source.images)} — в {_shown(image_dir, root)}/; "
               "проверьте их подписи (alt)")
    return path
