"""What the readers of `imc import` produce and share: blocks of inline Markdown and the
source they make up, with the text helpers every stage uses — conversion noise removed, literal
text escaped, front-matter values made safe, titles brought to sentence case."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

IMAGE_TOKEN = "\x00img\x00"  # replaced by the image folder once the id is known
# Markers that converters leave in the text; removed wherever they stand.
NOISE = re.compile(
    r"\[bookmark:[^\]\n]*\]"  # [bookmark: bookmark1] (docx → text converters)
    r"|\[_(?:GoBack|Toc\d+|Hlk\d+|Ref\d+)\]"  # Word's hidden bookmarks
    r"|[\u200b\u200c\u200d\u2060\ufeff\u00ad]"  # zero-width characters, soft hyphen
)
# A line that is only a page number: «12», «- 12 -», «— 3 —», «Страница 2 из 9», «стр. 4».
PAGE_NUMBER = re.compile(r"[-–—\s]*\d{1,3}[-–—\s]*|(?:страница|стр\.)\s*\d{1,3}(?:\s*из\s*\d{1,3})?",
                         re.I)
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """One line of text without noise markers and with single spaces."""
    return SPACES.sub(" ", NOISE.sub("", text)).strip()


def plain_text(md: str) -> str:
    """Inline Markdown → text (for matching and for front-matter values)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", md)
    text = re.sub(r"(?<!\\)\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(?<!\\)(\*+|_{2,})", "", text)
    text = re.sub(r"<br>", " ", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(" ".join(text.split()))


def escape(text: str) -> str:
    """Text from a Word document as Markdown that shows it literally."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([*_`\[\]])", r"\\\1", text)
    return escape_html(text)


def escape_html(text: str) -> str:
    """What would be HTML, a template or a snippet in Markdown, written as entities."""
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
    text = text.replace("<", "&lt;")
    return re.sub(r"\{(?=[{%#])", "&#123;", text)  # {{ … }}, {% … %}, {# … #}: mkdocs-macros


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


def markdown_table(rows: list[list[str]], width: int) -> str:
    """Rows of cell texts as a Markdown table, the first row its header (DOCX and ODT alike)."""
    lines = []
    for i, row in enumerate(rows):
        row = row + [""] * (width - len(row))
        lines.append("| " + " | ".join(row) + " |")
        if i == 0:
            lines.append("|" + " --- |" * width)
    return "\n".join(lines)


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


def clean_title(text: str) -> str:
    title = plain_text(text).strip().rstrip(".").strip()
    if re.fullmatch(r"«[^«»]*»|\"[^\"]*\"", title):  # the whole title in quotes
        title = title[1:-1].strip()
    return safe_value(title_case(title))
