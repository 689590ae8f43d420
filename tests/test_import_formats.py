"""`imc import` of the formats an ИМЦ's archive holds besides .docx (issue 14): a text PDF,
a scanned PDF and a photo of a page (OCR with Tesseract), ODT, RTF and old .doc.

Each document is made in the test (tests/docgen.py) from a положение written for the tests;
the result must pass `imc check`, anchor every clause and keep the words: ≥ 98 % (≥ 95 % after
OCR) of the words of the text that was printed, compared as multisets.
"""
from __future__ import annotations

import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import docgen
from imc.content.clauses import clause_report, regulation_anchors
from test_importer import check_ok, do_import, fails, imc, project, split  # noqa: F401

needs_ocr = pytest.mark.skipif(not (shutil.which("tesseract") and shutil.which("pdftoppm")),
                               reason="нет tesseract/pdftoppm (Debian: tesseract-ocr tesseract-ocr-rus poppler-utils)")


def kept_share(printed: list[str], output: str) -> float:
    want = Counter(docgen.words_of(printed))
    got = Counter(docgen.words_of([output]))
    return sum((want & got).values()) / sum(want.values())


def clause_numbers(lines: list[str]) -> list[str]:
    return [m.group(1) for line in lines if (m := re.match(r"(\d+\.\d+)\.", line))]


def assert_every_clause_anchored(body: str, printed: list[str]) -> None:
    ids = regulation_anchors(body)
    missing = [n for n in clause_numbers(printed) if "p-" + n.replace(".", "-") not in ids]
    assert not missing, (missing, body)
    assert clause_report(body).unanchored == []


def test_text_pdf(project: Path, tmp_path: Path):  # noqa: F811
    src = docgen.text_pdf(tmp_path / "kabinet.pdf")
    res = imc(project, "import", src, "--type", "regulation")
    assert res.returncode == 0, res.stderr
    assert re.search(r"слов в документе: \d+, в результате: \d+ \(100\.0%\)", res.stderr), res.stderr
    assert "убраны колонтитулы" in res.stderr
    path = project / "docs/dokumenty/polozhenie-o-shkolnom-metodicheskom-kabinete.md"
    head, body = split(path.read_text(encoding="utf-8"))
    assert 'number: "31-од"' in head and "date: 2024-03-12" in head
    assert "УТВЕРЖДЕНО" not in body
    assert_every_clause_anchored(body, docgen.BODY)
    assert kept_share([docgen.TITLE, *docgen.BODY], head + body) >= 0.98
    # page furniture removed, hyphenated words joined, a real compound keeps its hyphen
    assert docgen.HEADER not in body and not re.search(r"—\s*\d\s*—", body)
    assert "общеобразовательной" in body and "учебно-воспитательной" in body
    assert not re.search(r"\w- \w", body), body
    check_ok(project)


def smudged_page(lines: list[str], path: Path, fmt: str) -> Path:
    """A small scanned page; the last line has a word scribbled over (OCR is unsure of it)."""
    from PIL import ImageDraw
    img = docgen.page_image(lines + ["Выставка находок"], size=30, width=1250)
    draw = ImageDraw.Draw(img)
    y = img.height - 80 - 45  # the last line
    for x in range(80, 230, 6):
        draw.line([(x, y - 10), (x + 8, y + 35)], fill=0, width=2)
    img.save(path, fmt, **({"resolution": 200.0} if fmt == "PDF" else {}))
    return path


@needs_ocr
def test_scanned_pdf(project: Path, tmp_path: Path):  # noqa: F811
    printed = [docgen.TITLE, *docgen.BODY[:4]]
    src = smudged_page(printed, tmp_path / "skan.pdf", "PDF")
    res = imc(project, "import", src, "--type", "regulation")
    assert res.returncode == 0, res.stderr
    assert "нет текстового слоя" in res.stderr
    path = project / "docs/dokumenty/polozhenie-o-shkolnom-metodicheskom-kabinete.md"
    head, body = split(path.read_text(encoding="utf-8"))
    assert "ocr:\n  source: \"skan.pdf\"\n  date: " in head  # the page says it came from OCR
    assert_every_clause_anchored(body, printed)
    assert kept_share(printed, head + body) >= 0.95, body
    unsure = re.findall(r'"([^"]+)"', re.search(r"unsure: \[(.*)\]", head).group(1))
    assert unsure, head
    out = check_ok(project)  # warnings only
    assert f"слово «{unsure[0]}» распознано со скана неуверенно" in out, out


@needs_ocr
def test_photo_of_a_page(project: Path, tmp_path: Path):  # noqa: F811
    printed = [docgen.TITLE, "1. Общие положения", docgen.BODY[2]]
    img = docgen.page_image(printed, size=30, width=1250)
    src = tmp_path / "foto.png"
    img.save(src)
    head, body = split(do_import(project, src, "regulation").read_text(encoding="utf-8"))
    assert "ocr:" in head and "unsure" not in head  # a clean page: nothing to confirm
    assert_every_clause_anchored(body, printed)
    assert kept_share(printed, head + body) >= 0.95


def test_odt_with_a_table(project: Path, tmp_path: Path):  # noqa: F811
    paragraphs = [*docgen.STAMP, *docgen.BODY]
    table = [["Срок", "Мероприятие"], ["Сентябрь", "Выставка | находок"], ["Май", "Отчёт совету"]]
    src = docgen.odt(tmp_path / "kabinet.odt", paragraphs, table)
    head, body = split(do_import(project, src, "regulation").read_text(encoding="utf-8"))
    assert 'number: "31-од"' in head and "УТВЕРЖДЕНО" not in body
    assert_every_clause_anchored(body, docgen.BODY)
    assert "| Срок | Мероприятие |\n| --- | --- |\n| Сентябрь | Выставка \\| находок |\n| Май | Отчёт совету |" \
        in body, body
    assert kept_share([docgen.TITLE, *docgen.BODY, *sum(table, [])], head + body) >= 0.98
    check_ok(project)


def test_rtf(project: Path, tmp_path: Path):  # noqa: F811
    src = docgen.rtf(tmp_path / "kabinet.rtf", [*docgen.STAMP, *docgen.BODY])
    head, body = split(do_import(project, src, "regulation").read_text(encoding="utf-8"))
    assert 'title: "Положение о школьном методическом кабинете"' in head and 'number: "31-од"' in head
    assert_every_clause_anchored(body, docgen.BODY)
    assert kept_share([docgen.TITLE, *docgen.BODY], head + body) >= 0.98
    check_ok(project)


def test_doc_without_a_converter_says_how_to_convert(project: Path, tmp_path: Path):  # noqa: F811
    src = tmp_path / "staroe.doc"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    bare = tmp_path / "bin"
    bare.mkdir()
    os.symlink(shutil.which("python3") or "/usr/bin/python3", bare / "python3")
    env_path = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(bare)  # neither antiword nor catdoc
        err = fails(project, "import", str(src), "--type", "regulation")
    finally:
        os.environ["PATH"] = env_path
    assert "Word 97–2003" in err and "сохраните как «Документ Word (.docx)»" in err
    if shutil.which("antiword"):  # with the converter, a broken file is told in Russian too
        err = fails(project, "import", str(src), "--type", "regulation")
        assert "не читается как документ Word 97–2003" in err


def test_words_lost_fail_loudly(project: Path, tmp_path: Path, monkeypatch):  # noqa: F811
    """Should the structure rebuilding ever drop words, the import refuses and writes nothing."""
    from imc.authoring import importer
    source = importer.Source([importer.Block("line", "1.1. Первый пункт положения.")])
    source.blocks.append(importer.Block("line", "Слова которых нет в результате"))
    total, kept, lost = importer.words_kept(source, "1.1. Первый пункт положения.")
    assert (total, kept) == (8, 3) and set(lost) == {"слова", "которых", "нет", "в", "результате"}
    src = tmp_path / "p.txt"
    src.write_text("Положение о совете\n1. Общие положения\n1.1. Первый пункт.\n"
                   "1.2. Второй пункт, которого не будет.\n", encoding="utf-8")
    from imc.authoring import import_regulation
    real = import_regulation.render
    monkeypatch.setattr(import_regulation, "render", lambda nodes: real([n for n in nodes if "Второй" not in n.text]))
    with pytest.raises(importer.ImcError, match=r"только \d+\.\d% слов документа .* файл не записан"):
        importer.import_file(project, src, "regulation")
    assert not list((project / "docs").rglob("*.md"))


@needs_ocr
def test_scanned_attachment_text_for_search_is_cached(tmp_path: Path, monkeypatch):
    """The build's attachment text: a scan is recognised once, then read from the cache by
    content hash (the next build needs no Tesseract); the text cache itself stays empty, so
    `imc check` still says the file has no text layer."""
    from imc.files.extract import extract_all
    scan = docgen.scanned_pdf(tmp_path / "protokol.pdf", ["Протокол заседания жюри", "Победитель конкурса"])
    cache = tmp_path / "cache"
    texts = extract_all([scan], cache, workers=1)
    assert "Победитель" in texts[scan], texts
    assert [p.read_text(encoding="utf-8") for p in cache.glob("*.txt")] == [""]
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))  # no tesseract, no pdftoppm now
    assert "Победитель" in extract_all([scan], cache, workers=1)[scan]
