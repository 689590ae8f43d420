"""Word documents (.docx) for `imc import`: the archive checked, Word's automatic numbering written
into the text (a положение is cited by its numbers), mammoth's HTML turned into blocks."""
from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

from imc.authoring.import_text import (IMAGE_TOKEN, NOISE, PAGE_NUMBER, SPACES, Block, Notify, Source, escape,
                                       markdown_table)
from imc.core.problems import ImcError

MAX_DOCUMENT_XML_MB = 8  # word/document.xml; mammoth converts it at ~2.5 s a megabyte (5 MB: 13 s)
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


def docx_source(raw: bytes, name: str, notify: Notify, regulation: bool) -> Source:
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
            parts.append(escape(SPACES.sub(" ", NOISE.sub("", child.replace("\n", " ")))))
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
