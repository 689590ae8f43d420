"""What of docs/ the site publishes: content types on an allow-list, checked by content.

A file copied to the site is served from the site's own origin, where the web editor
(/admin/) keeps its GitHub login in localStorage. An HTML page, a script or an SVG with a
script, opened by its address, would run there. So a file from a contribution is published
only when it is a document, a picture or a table of a type on the list below, its content is
really of that type, and an SVG holds nothing that runs or loads anything.

Trusted code: the site's own scripts and styles live in the folders of TRUSTED_DIRS, each of
them owned by the maintainers in .github/CODEOWNERS (a pull request touching them needs their
approval). The web editor's uploads go to MEDIA_DIR inside docs/assets/: that folder is content.

`imc check` reports a refused file where it is referenced (or at the file itself), and the
build leaves it out of the site even when the check is skipped (plugin.on_files).
"""
from __future__ import annotations

import functools
import io
import os
import re
from pathlib import Path

TRUSTED_DIRS = ("assets", "stylesheets", "javascripts", "admin", "snippets")
MEDIA_DIR = "assets/files/"  # cms.py: media_folder docs/assets/files — uploads, i.e. content

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # .doc, .xls, .ppt (Office 97–2003)
# extension -> (what it is, in Russian; what the file starts with; None: text, "svg": parsed)
TYPES: dict[str, tuple[str, object]] = {
    ".pdf": ("PDF", (b"%PDF-",)),
    ".docx": ("документ Word", _ZIP), ".doc": ("документ Word", _OLE),
    ".xlsx": ("таблица Excel", _ZIP), ".xls": ("таблица Excel", _OLE),
    ".pptx": ("презентация PowerPoint", _ZIP), ".ppt": ("презентация PowerPoint", _OLE),
    ".odt": ("документ ODF", _ZIP), ".ods": ("таблица ODF", _ZIP), ".odp": ("презентация ODF", _ZIP),
    ".rtf": ("документ RTF", (b"{\\rtf",)),
    ".txt": ("текст", None), ".csv": ("таблица CSV", None),
    ".zip": ("архив ZIP", _ZIP),
    ".png": ("изображение PNG", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("изображение JPEG", (b"\xff\xd8\xff",)), ".jpeg": ("изображение JPEG", (b"\xff\xd8\xff",)),
    ".gif": ("изображение GIF", (b"GIF87a", b"GIF89a")),
    ".webp": ("изображение WebP", "webp"),
    ".ico": ("значок ICO", (b"\x00\x00\x01\x00",)),
    ".svg": ("рисунок SVG", "svg"),
}
# What a text file must not start with: a program or an archive renamed to .txt
_BINARY = (b"MZ", b"\x7fELF", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\xca\xfe\xba\xbe")
SVG_HINT = "сохраните рисунок без сценариев и внешних ссылок (в Inkscape: «Обычный SVG») или приложите PNG"


def is_trusted(src: str) -> bool:
    """The site's own code (maintainers only, see CODEOWNERS), not a contribution."""
    return src.split("/", 1)[0] in TRUSTED_DIRS and not src.startswith(MEDIA_DIR)


def verdict(docs_dir: Path, src: str) -> tuple[str, str, str] | None:
    """Why the site must not publish docs/src: (message, hint, code), or None when it may."""
    if src.endswith(".md") or is_trusted(src) or src == "CNAME":  # CNAME: the Pages domain, plain text
        return None
    path = Path(docs_dir) / src
    try:
        st = path.stat()
    except OSError:
        return None  # missing files are reported by the link and attachment checks
    return _verdict(str(path), src, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=16384)
def _verdict(path: str, src: str, mtime_ns: int, size: int) -> tuple[str, str, str] | None:
    name = src.rsplit("/", 1)[-1]
    ext = os.path.splitext(name)[1].lower()
    kind = TYPES.get(ext)
    if kind is None:
        return (f"файл «{name}» сайт не публикует: «{ext or 'без расширения'}» нет среди документов и картинок",
                "выкладываются только документы (PDF, DOCX, ODT, XLSX, PPTX…), картинки (PNG, JPEG, GIF, "
                "WebP, SVG), таблицы CSV и архивы ZIP; страницы HTML, сценарии и программы — нет: "
                "перенесите текст в Markdown или приложите PDF", "published-type")
    label, magic = kind
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError as err:
        return (f"файл «{name}» не читается: {err.strerror}", "проверьте права доступа к файлу", "unreadable")
    if magic == "svg":
        what = svg_active(path)
        return (f"в рисунке «{name}» есть {what}", SVG_HINT, "svg-script") if what else None
    if magic is None:
        ok = b"\x00" not in head and not head.startswith(_BINARY)
    elif magic == "webp":
        ok = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    else:
        ok = head.startswith(magic)
    if not ok:
        real = "программа Windows" if head.startswith(b"MZ") else "файл другого типа"
        return (f"«{name}» — не {label}: внутри {real}",
                "приложите настоящий файл; переименование расширения не меняет формат", "file-type")
    return None


# ------------------------------------------------------------------ SVG

SVG_NS = "http://www.w3.org/2000/svg"
# Editors' metadata: elements of these namespaces do nothing in a browser.
_INERT_NS = {
    SVG_NS,
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/", "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/", "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/", "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/", "http://ns.adobe.com/Variables/1.0/",
    "http://ns.adobe.com/xap/1.0/", "http://www.bohemiancoding.com/sketch/ns",
}
_ACTIVE_ELEMENTS = {
    "script": "сценарий (script)", "foreignobject": "встроенный HTML (foreignObject)",
    "iframe": "встроенный фрейм (iframe)", "embed": "встроенный объект (embed)",
    "object": "встроенный объект (object)", "handler": "обработчик события (handler)",
    "listener": "обработчик события (listener)", "audio": "звук (audio)", "video": "видео (video)",
}
# after removing whitespace and control characters, as a browser does inside a URL scheme
_SCHEME = re.compile(r"(?:^|[^a-z0-9+.\-])(javascript|vbscript|livescript|data):")
_INLINE_IMAGE = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp);base64,[a-z0-9+/=]*")
_URL = re.compile(r"url\(['\"]?([^'\")]*)")
_CSS_BAD = (("@import", "загрузка стилей (@import)"), ("\\", "экранирование в стилях (\\)"),
            ("image-set(", "внешняя картинка в стилях (image-set)"),
            ("expression(", "выражение в стилях (expression)"), ("</", "разметка в стилях"))


def _compact(value: str) -> str:
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def _css(text: str) -> str | None:
    low = _compact(text)
    for needle, what in _CSS_BAD:
        if needle in low:
            return what
    if any(not u.startswith("#") for u in _URL.findall(low)):
        return "внешняя ссылка в стилях (url)"
    return None


def _attribute(elem: str, ns: str, name: str, value: str) -> str | None:
    low = _compact(value)
    if name.lower().startswith("on"):
        return f"обработчик события ({name}=)"
    if elem == "image" and name == "href" and _INLINE_IMAGE.fullmatch(low):
        return None  # a raster picture inside the drawing: shown as an image, never run
    if m := _SCHEME.search(low):
        return f"ссылка {m.group(1)}: в атрибуте {name}"
    if name in ("href", "src", "action", "formaction") and not low.startswith("#"):
        return f"внешняя ссылка ({name}=\"{value.strip()[:40]}\")"
    if name == "base":
        return "смена адреса ссылок (xml:base)"
    if name == "attributename":  # <set attributeName="href" to="…">: a link swapped in later
        target = low.rsplit(":", 1)[-1]
        if target == "href" or target.startswith("on"):
            return f"анимация, подменяющая {value.strip()}"
    if name == "style" or "url(" in low:
        return _css(value)
    return None


def svg_active(path: str | Path) -> str | None:
    """What in an SVG would run or load something when the file is opened by itself, or None.
    Parsed as XML with namespaces, as a browser does; an entity declaration, an element of an
    unknown namespace or a processing instruction (xml-stylesheet) is refused as well."""
    from xml.sax import SAXException
    from xml.sax.handler import ContentHandler, feature_external_ges, feature_external_pes, feature_namespaces

    from defusedxml import DefusedXmlException
    from defusedxml.expatreader import create_parser

    found: list[str] = []

    class Handler(ContentHandler):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []
            self.style = 0

        def startElementNS(self, name, qname, attrs):
            ns, local = name
            low = local.lower()
            if not self.stack and (ns, local) != (SVG_NS, "svg"):
                found.append("не рисунок SVG (корневой элемент не <svg> в пространстве имён SVG)")
            elif ns not in _INERT_NS:
                found.append(f"элемент <{local}> из чужого пространства имён ({ns or 'без пространства имён'})")
            elif low in _ACTIVE_ELEMENTS:
                found.append(_ACTIVE_ELEMENTS[low])
            for (a_ns, a_local), value in attrs.items():
                if what := _attribute(low, a_ns or "", a_local.lower(), value):
                    found.append(what)
            self.stack.append(low)
            if low == "style":
                self.style += 1

        def endElementNS(self, name, qname):
            if self.stack.pop() == "style":
                self.style -= 1

        def characters(self, content):
            if self.style and (what := _css(content)):
                found.append(what)

        def skippedEntity(self, name):
            found.append(f"ссылка на сущность &{name}; — так прячут сценарии и ссылки")

        def processingInstruction(self, target, data):
            found.append(f"инструкция обработки <?{target}?> (например, подключение XSLT)")

    # a DOCTYPE naming the SVG 1.1 DTD is common and harmless: external DTDs and entities are
    # never loaded (as in a browser); any entity declared or used is refused instead
    parser = create_parser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(feature_namespaces, True)
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    parser.setContentHandler(Handler())
    try:
        data = Path(path).read_bytes()
        parser.parse(io.BytesIO(data))
    except DefusedXmlException:
        return "объявление сущностей (<!ENTITY>) — так прячут сценарии и ссылки"
    except SAXException as err:
        return f"ошибка разметки XML ({err.getMessage()}): браузер его не покажет"
    except (OSError, ValueError) as err:
        return f"ошибка чтения ({err})"
    return found[0] if found else None
