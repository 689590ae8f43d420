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

One module a job: `import_read` reads the file (its encoding; DOCX in `readers_docx`, PDF and scans
in `readers_pdf`, ODT, RTF and .doc in `readers_odf`) into the blocks of `import_text`;
`import_lines` joins broken lines and writes Markdown; `import_regulation` rebuilds a положение,
`import_practice` the passport of a practice; this module writes the result.
"""
from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path

from imc.authoring.import_lines import render
from imc.authoring.import_practice import passport_section, practice_body, shift_headings, take_title, text_nodes
from imc.authoring.import_read import MAX_TEXT_CHARS, read_source
from imc.authoring.import_regulation import find_order, regulation_parts
from imc.authoring.import_text import IMAGE_TOKEN, Block, Notify, Source, plain_text, title_case
from imc.authoring.readers_docx import MAX_DOCUMENT_XML_MB, parse_xml
from imc.content import model
from imc.core.problems import ImcError
from imc.core.text import SLUG_RE, fold, slugify

# what callers and tests take from the entry point
__all__ = ["MAX_DOCUMENT_XML_MB", "MAX_TEXT_CHARS", "Block", "ImcError", "Source", "find_order", "import_file",
           "parse_xml", "passport_section", "title_case", "words", "words_kept"]


def _notify_stderr(message: str) -> None:
    print(f"imc: {message}", file=sys.stderr)


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
    text = "\n".join(plain_text(b.text) for b in source.blocks)
    # documented removals: the word «Раздел»/«Глава» before a section number, the approval stamp
    text = re.sub(r"(?mi)^(\W*)(раздел|глава)(?=\s+(\d|[IVXІ]))", r"\1", text)
    before = (words(text) | words(source.title)) - words("\n".join(plain_text(t) for t in source.moved))
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
    regulation = ctype is model.REGULATION
    source = read_source(src, regulation, notify)
    fallback = " ".join(re.sub(r"[_]+", " ", src.stem).split())

    if regulation:
        title, given, body = regulation_parts(source, fallback, notify)
        given.update(source.meta)
    else:
        sections = ctype.sections
        nodes = text_nodes(source.blocks, sections)
        if source.title and nodes and nodes[0].kind == "heading" \
                and fold(plain_text(nodes[0].text)) == fold(source.title):
            nodes.pop(0)  # the Markdown file's own «# Title» repeats its front matter
        title = source.title or take_title(nodes, sections) or fallback
        given = {"title": title, **source.meta}
        if sections:
            body = practice_body(ctype, nodes)
        else:
            shift_headings(nodes, 2)
            body = render(nodes) if nodes else ctype.body

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
