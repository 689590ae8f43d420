"""Text of a PDF for `imc import`: page text in reading order, without the page furniture.

pypdf reads the text layer (measured on a generated положение: the same words and order as
pdfplumber and pdftotext, four times faster than pdfplumber; pypdfium2 lost hyphenated words).
What a printed page adds to the text is removed and reported: running headers and footers
(a line repeated at the top or bottom of most pages, page numbers in it ignored) and page
numbers. Words hyphenated at a line end are joined («образо-» + «вательной»), but a compound
that the document also writes whole («учебно-воспитательной») keeps its hyphen.
A PDF without a text layer (a scan) is recognised by OCR (`imc.files.ocr`).
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from imc.core.problems import ImcError

MIN_CHARS_PER_PAGE = 20  # less than this on every page: a scan, not a text PDF
MAX_PAGES = 500  # a longer document is imported in parts
_DIGITS = re.compile(r"\d+")
_HYPHEN = re.compile(r"(\w+)-\n(\w+)")


@dataclass
class PdfText:
    text: str
    note: str = ""  # what was removed, for the import report
    ocr: bool = False
    unsure: list[str] | None = None  # words the OCR was not sure of


def page_texts(raw: bytes, name: str) -> list[str]:
    import logging

    from pypdf import PdfReader
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes on odd files are not for authors
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImcError(f"«{name}» защищён паролем: сохраните PDF без защиты и импортируйте снова")
        if len(reader.pages) > MAX_PAGES:
            raise ImcError(f"«{name}»: в PDF {len(reader.pages)} страниц — больше {MAX_PAGES}: "
                           "разделите документ на части и импортируйте их по одной")
        return [page.extract_text() or "" for page in reader.pages]
    except ImcError:
        raise
    except Exception as err:  # pypdf reports broken files with many exception types
        raise ImcError(f"«{name}» не читается как PDF ({type(err).__name__}): файл повреждён — "
                       "сохраните его из исходной программы заново") from None


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines (digits masked) standing at the top or bottom of at least half of the pages."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edge = {_DIGITS.sub("#", line.strip()) for line in lines[:2] + lines[-2:] if line.strip()}
        seen.update(edge)
    return {line for line, n in seen.items() if n >= max(2, (len(pages) + 1) // 2)}


def join_hyphens(text: str) -> str:
    """«образо-\\nвательной» → «образовательной»; a compound written whole elsewhere keeps «-»."""
    whole = Counter(w.lower() for w in re.findall(r"\w+(?:-\w+)*", text))

    def fix(m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        if not right[:1].islower():
            return m.group(0)
        if whole[f"{left}-{right}".lower()] and not whole[(left + right).lower()]:
            return f"{left}-{right}"
        return left + right
    return _HYPHEN.sub(fix, text)


def clean_pages(texts: list[str]) -> tuple[str, str]:
    """The document's text from its pages and a note of what was removed."""
    pages = [[line.rstrip() for line in t.replace("\r", "\n").split("\n")] for t in texts]
    furniture = _furniture(pages)
    removed: Counter[str] = Counter()
    out: list[str] = []
    for lines in pages:
        keep = []
        for i, line in enumerate(lines):
            edge = i < 2 or i >= len(lines) - 2
            if edge and line.strip() and _DIGITS.sub("#", line.strip()) in furniture:
                removed[line.strip()] += 1
                continue
            keep.append(line)
        out.append("\n".join(keep).strip("\n"))
    text = join_hyphens("\n".join(out))
    note = ""
    if removed:
        shown = sorted({_DIGITS.sub("N", line) for line in removed})[:3]
        note = "убраны колонтитулы: " + "; ".join(f"«{line}»" for line in shown) + \
            f" ({sum(removed.values())} строк)"
    return text, note


def read_pdf(raw: bytes, name: str, notify) -> PdfText:
    texts = page_texts(raw, name)
    if texts and all(len(t.strip()) < MIN_CHARS_PER_PAGE for t in texts):
        notify(f"в «{name}» нет текстового слоя (скан): текст распознаётся (OCR), это займёт время")
        from imc.files import ocr
        result = ocr.ocr_pdf(raw, name)
        text, note = clean_pages(result.pages)
        return PdfText(text, note, ocr=True, unsure=result.unsure)
    text, note = clean_pages(texts)
    return PdfText(text, note)
