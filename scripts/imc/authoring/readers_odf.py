"""OpenDocument (.odt), RTF and old binary Word (.doc) documents for `imc import`.

ODT is read with odfpy: headings, paragraphs, lists and tables (tables become Markdown
tables, as in a .docx). RTF is read with striprtf in the document's own code page. A .doc is
converted by `antiword` (or `catdoc`) when one is installed; otherwise the author is told how
to save it as .docx.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from imc.authoring.import_text import Block, clean, escape, markdown_table
from imc.core.problems import ImcError

SECONDS = 60


def _text(node) -> str:
    """Text of an ODF element: spaces (text:s), tabs and line breaks kept as spaces."""
    from odf.element import Element, Text
    parts: list[str] = []
    for child in node.childNodes:
        if isinstance(child, Text):
            parts.append(str(child.data))
        elif isinstance(child, Element):
            tag = child.qname[1]
            if tag == "s":
                parts.append(" " * int(child.getAttribute("c") or 1))
            elif tag in ("tab", "line-break"):
                parts.append(" ")
            elif tag in ("note",):  # a footnote: its text after the mark, in brackets
                body = " ".join(_text(c) for c in child.childNodes if c.qname[1] == "note-body")
                parts.append(f" [{body.strip()}]")
            else:
                parts.append(_text(child))
    return "".join(parts)


def read_odt(raw: bytes, name: str):
    """Blocks of an ODT document (headings, lines, list items, Markdown tables)."""
    from imc.files.limits import LimitExceeded, check_archive
    from odf.opendocument import load
    try:
        check_archive(raw)  # zip bombs, paths out of the archive: judged by its directory first
    except LimitExceeded as err:
        raise ImcError(err.text(name)) from None
    try:
        doc = load(io.BytesIO(raw))
    except Exception as err:  # a zip that is not ODF, damaged XML…
        raise ImcError(f"«{name}» не читается как документ OpenDocument ({type(err).__name__}): "
                       "откройте его в LibreOffice и сохраните заново") from None
    blocks: list = []

    def walk(node, depth: int = 0) -> None:
        for child in node.childNodes:
            if not hasattr(child, "qname"):
                continue
            tag = child.qname[1]
            if tag == "h":
                text = clean(_text(child))
                if text:
                    level = int(child.getAttribute("outlinelevel") or 1)
                    blocks.append(Block("heading", _md(text), min(max(level, 1), 6)))
            elif tag == "p":
                text = clean(_text(child))
                if text:
                    blocks.append(Block("line", _md(text)))
            elif tag == "list":
                for item in child.childNodes:
                    if getattr(item, "qname", ("", ""))[1] != "list-item":
                        continue
                    for part in item.childNodes:
                        ptag = getattr(part, "qname", ("", ""))[1]
                        if ptag in ("p", "h"):
                            text = clean(_text(part))
                            if text:
                                blocks.append(Block("item", _md(text), depth + 1))
                        elif ptag == "list":
                            walk(_Wrap(part), depth + 1)
            elif tag == "table":
                table = _table(child)
                if table:
                    blocks.append(table)
            elif tag in ("section", "text", "body", "index-body", "table-of-content"):
                walk(child, depth)

    walk(doc.text)
    return blocks


class _Wrap:
    """A nested list seen as a container holding that list."""
    def __init__(self, node):
        self.childNodes = [node]


def _md(text: str) -> str:
    return escape(text)


def _table(node):
    rows: list[list[str]] = []
    for row in node.getElementsByType(__import__("odf.table", fromlist=["TableRow"]).TableRow):
        cells: list[str] = []
        for cell in row.childNodes:
            if getattr(cell, "qname", ("", ""))[1] not in ("table-cell", "covered-table-cell"):
                continue
            text = "<br>".join(clean(_text(p)) for p in cell.childNodes if hasattr(p, "qname")
                               and clean(_text(p)))
            repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), 50)
            cells += [_md(text).replace("|", "\\|").replace("&lt;br>", "<br>")] * repeat
        while cells and not cells[-1]:
            cells.pop()  # LibreOffice repeats empty cells to the sheet's width
        if cells:
            rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    if width == 0:
        return None
    if width == 1:  # a frame around text
        return Block("line", " ".join(r[0] for r in rows))
    return Block("raw", markdown_table(rows, width))


def read_rtf(raw: bytes, name: str) -> str:
    from striprtf.striprtf import rtf_to_text
    if not raw.lstrip().startswith(b"{\\rtf"):
        raise ImcError(f"«{name}» — не документ RTF: внутри другой формат; сохраните документ как .docx")
    text = raw.decode("latin-1")
    m = re.search(r"\\ansicpg(\d+)", text[:2000])
    encoding = f"cp{m.group(1)}" if m else "cp1251"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1251"
    try:
        return rtf_to_text(text, encoding=encoding, errors="replace")
    except Exception as err:
        raise ImcError(f"«{name}» не читается как RTF ({type(err).__name__}): откройте его в Word и "
                       "сохраните как .docx") from None


def read_doc(raw: bytes, name: str) -> str:
    """Text of a Word 97–2003 document through antiword or catdoc."""
    tool = shutil.which("antiword") and ["antiword", "-m", "UTF-8.txt", "-w", "0"] \
        or shutil.which("catdoc") and ["catdoc", "-d", "utf-8", "-w"]
    if not tool:
        raise ImcError(f"«{name}» — документ Word 97–2003 (.doc): откройте его в Word или LibreOffice "
                       "и сохраните как «Документ Word (.docx)», затем импортируйте .docx "
                       "(или установите antiword: sudo apt-get install antiword)")
    with tempfile.TemporaryDirectory(prefix="imc-doc-") as tmp:
        path = Path(tmp) / "document.doc"
        path.write_bytes(raw)
        try:
            proc = subprocess.run([*tool, str(path)], capture_output=True, timeout=SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise ImcError(f"«{name}» не удалось прочитать за {SECONDS} с: сохраните его как .docx") from None
        why = proc.stderr.decode("utf-8", "replace").replace(str(path), name).strip()[:160]
    text = proc.stdout.decode("utf-8", "replace")
    if proc.returncode != 0 or not text.strip():
        raise ImcError(f"«{name}» не читается как документ Word 97–2003 ({why or 'пустой результат'}): "
                       "откройте его в Word и сохраните как .docx")
    return text
