"""Every stage is bounded: zip bombs, huge documents, pathological Markdown and YAML.

A hostile file must cost seconds, not minutes or gigabytes, and end in a Russian message:
in `imc check` (attachments, bodies, front matter), in the search build's text extraction
(the indexer child of search.py) and in `imc import`. Linear time of the checker's patterns
is shown by timing growing inputs (n and 8n) in the same run: the bound is on the ratio,
not on seconds, so a busy machine does not fail it.
"""
from __future__ import annotations

import functools
import gc
import io
import shutil
import sys
import time
import zipfile
from pathlib import Path

import markdown
import pytest

from conftest import run_imc
from imc import limits, markdown_checks as mc, yamlsafe
from imc.extract import extract_all
from imc.limits import LimitExceeded, check_archive

REPO = Path(__file__).resolve().parents[1]
_MB = 1 << 20


# ------------------------------------------------------------------ hostile archives

def _docx(members: dict[str, bytes | int], nested: bytes | None = None) -> bytes:
    """A DOCX-shaped zip; an int member is that many MB of zeros, streamed (never in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<?xml version='1.0'?><Types/>")
        for name, data in members.items():
            if isinstance(data, int):
                with z.open(name, "w", force_zip64=True) as fh:
                    chunk = bytes(_MB)
                    for _ in range(data):
                        fh.write(chunk)
            else:
                z.writestr(name, data)
        if nested is not None:
            z.writestr("word/embeddings/inner.xlsx", nested)
    return buf.getvalue()


@functools.lru_cache(maxsize=None)
def zip_bomb() -> bytes:
    """300 MB of zeros in word/document.xml: ~300 KB on disk, 1000:1."""
    return _docx({"word/document.xml": 300})


@functools.lru_cache(maxsize=None)
def ratio_bomb() -> bytes:
    """Under the total (50 MB), over the ratio: one part compressed 1000 times."""
    return _docx({"word/document.xml": b"<w:document/>", "word/media/image1.png": 50})


def test_zip_bomb_is_refused_from_its_directory(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(zip_bomb())
    assert path.stat().st_size < 2 * _MB
    start = time.perf_counter()
    with pytest.raises(LimitExceeded) as err:
        check_archive(path)
    assert time.perf_counter() - start < 1  # nothing was unpacked
    assert f"больше {limits.MAX_UNPACKED_MB} МБ" in err.value.message
    assert "сохраните заново" in err.value.hint


def test_ratio_bomb_is_refused():
    with pytest.raises(LimitExceeded) as err:
        check_archive(ratio_bomb())
    assert "сжата в" in err.value.message and "image1.png" in err.value.message


@pytest.mark.parametrize("name", ["../../../etc/cron.d/x", "/etc/passwd", "word\\..\\..\\x.xml", "C:/x.xml"])
def test_path_traversal_names_are_refused(name):
    with pytest.raises(LimitExceeded) as err:
        check_archive(_docx({"word/document.xml": b"<w:document/>", name: b"x"}))
    assert "за его пределы" in err.value.message


def test_too_many_members_are_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(limits.MAX_MEMBERS + 1):
            z.writestr(f"p/{i}", b"")
    with pytest.raises(LimitExceeded) as err:
        check_archive(buf.getvalue())
    assert f"больше {limits.MAX_MEMBERS}" in err.value.message


def test_nested_archives():
    chart = _docx({"xl/workbook.xml": b"<workbook/>"})
    # an Excel chart inside a Word document is ordinary and passes; its size is counted
    assert check_archive(_docx({"word/document.xml": b"<w:document/>"}, nested=chart)) > 0
    # a bomb inside it is found
    with pytest.raises(LimitExceeded):
        check_archive(_docx({"word/document.xml": b"<w:document/>"}, nested=ratio_bomb()))
    # an archive in an archive in the document is refused
    with pytest.raises(LimitExceeded) as err:
        check_archive(_docx({"word/document.xml": b"<w:document/>"},
                            nested=_docx({"a.xml": b"<a/>"}, nested=chart)))
    assert "архив в архиве" in err.value.message


def test_broken_archive_is_a_message():
    with pytest.raises(LimitExceeded) as err:
        check_archive(b"PK\x03\x04" + bytes(100))
    assert "повреждён" in err.value.message


def test_real_office_files_pass():
    files = sorted(REPO.glob("docs/**/*.docx")) + sorted(REPO.glob("docs/**/*.pptx"))
    assert files
    for path in files:
        assert 0 < check_archive(path) < limits.MAX_UNPACKED_MB * _MB


# ------------------------------------------------------------------ extraction (search build)

def test_extraction_skips_a_zip_bomb_with_a_message(tmp_path, capfd):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bomb())
    good = tmp_path / "plan.txt"
    good.write_text("План урока по математике", encoding="utf-8")
    start = time.perf_counter()
    texts = extract_all([bomb, good], tmp_path / "cache", workers=1)
    assert time.perf_counter() - start < 30  # measured ~1 s; 107 s before the limits
    assert texts[bomb] == "" and "План урока" in texts[good]
    err = capfd.readouterr().err
    assert "bomb.docx" in err and "попадёт в поиск только по названию" in err
    assert f"больше {limits.MAX_UNPACKED_MB} МБ" in err and "Traceback" not in err


def _pdf(pages: int) -> bytes:
    """A valid PDF with text on every page (offsets of the xref table computed)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages)) +
            b"] /Count %d >>" % pages,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i in range(pages):
        stream = b"BT /F1 12 Tf 72 720 Td (Page %d of a long document) Tj ET" % i
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (5 + 2 * i))
        objs.append(b"<< /Length %d >> stream\n" % len(stream) + stream + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj " % n + body + b" endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf_pages_are_bounded(tmp_path):
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(_pdf(400))
    from imc.extract import MAX_PDF_PAGES
    text = extract_all([pdf], tmp_path / "cache", workers=1)[pdf]
    assert f"Page {MAX_PDF_PAGES - 1} of" in text and f"Page {MAX_PDF_PAGES} of" not in text


def test_extraction_time_limit(tmp_path, capfd):
    pdf = tmp_path / "slow.pdf"
    pdf.write_bytes(_pdf(300))
    start = time.perf_counter()
    texts = extract_all([pdf], tmp_path / "cache", workers=1, seconds=0.05)
    assert time.perf_counter() - start < 30
    assert texts[pdf] == ""
    assert "текст не извлечён за 0.05 с" in capfd.readouterr().err


def test_extraction_memory_limit(tmp_path, capfd):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # 80 MB of text: its str alone is over the 100 MB limit with the bytes
        for _ in range(80):
            fh.write(b"slovo " * (_MB // 6))
    small = tmp_path / "small.txt"
    small.write_text("Короткий текст", encoding="utf-8")
    texts = extract_all([big, small], tmp_path / "cache", workers=1, memory_mb=100)
    assert texts[big] == "" and texts[small] == "Короткий текст"  # the worker lived on
    assert "не хватило 100 МБ памяти" in capfd.readouterr().err


def test_indexer_child_survives_a_zip_bomb(tmp_path, capfd):
    """The build's own path: the indexing process extracts attachments and writes pagefind's index."""
    from imc.search import IndexerProcess
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bomb())
    good = tmp_path / "plan.txt"
    good.write_text("Сценарий урока литературы", encoding="utf-8")
    indexer = IndexerProcess()
    indexer.add_page("/a/", "<!doctype html><html lang='ru'><body><main><h1>Страница</h1>"
                           "<p>Текст страницы</p></main></body></html>")
    job = {"url": "/a/", "title": "Вложение", "filters": {}, "meta": {}}
    indexer.add_attachments([{**job, "path": str(bomb)}, {**job, "path": str(good)}], str(tmp_path / "cache"))
    start = time.perf_counter()
    indexer.write(str(tmp_path / "pagefind"))
    assert time.perf_counter() - start < 60
    assert indexer.records == 1  # the good attachment; the bomb went without its text
    assert (tmp_path / "pagefind" / "pagefind-entry.json").exists()
    err = capfd.readouterr().err
    assert "bomb.docx" in err and "только по названию" in err and "Traceback" not in err


# ------------------------------------------------------------------ imc import

def _import_project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", root, symlinks=True)
    return root


@pytest.mark.parametrize("make, message", [
    (zip_bomb, f"больше {limits.MAX_UNPACKED_MB} МБ"),
    (ratio_bomb, "сжата в"),
])
def test_import_of_a_bomb_is_refused(tmp_path, make, message):
    root = _import_project(tmp_path)
    src = tmp_path / "urok.docx"
    src.write_bytes(make())
    before = sorted(p for p in root.rglob("*"))
    start = time.perf_counter()
    proc = run_imc("import", str(src), "--type", "practice", root=root, timeout=120)
    assert time.perf_counter() - start < 20
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert message in proc.stderr and "urok.docx" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout and "MemoryError" not in proc.stderr
    assert sorted(p for p in root.rglob("*")) == before  # nothing written


def test_import_of_a_huge_document_is_refused(tmp_path):
    from imc.importer import MAX_DOCUMENT_XML_MB
    root = _import_project(tmp_path)
    para = "<w:p><w:r><w:t>{} Абзац текста положения о конкурсе, пункт {}.</w:t></w:r></w:p>"
    body = "".join(para.format(i, i * 7) for i in range((MAX_DOCUMENT_XML_MB + 1) * _MB // 90)).encode()
    src = tmp_path / "polozhenie.docx"
    src.write_bytes(_docx({"word/document.xml": b"<w:document><w:body>" + body + b"</w:body></w:document>"}))
    before = sorted(p for p in root.rglob("*"))
    proc = run_imc("import", str(src), "--type", "regulation", root=root, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"больше {MAX_DOCUMENT_XML_MB} МБ" in proc.stderr and "разделите документ" in proc.stderr
    assert sorted(p for p in root.rglob("*")) == before


def test_import_of_a_huge_text_is_refused(tmp_path):
    from imc.importer import MAX_TEXT_CHARS
    root = _import_project(tmp_path)
    src = tmp_path / "sbornik.txt"
    src.write_text("Абзац сборника методических материалов.\n\n" * (MAX_TEXT_CHARS // 40), encoding="utf-8")
    before = sorted(p for p in root.rglob("*"))
    start = time.perf_counter()
    proc = run_imc("import", str(src), "--type", "practice", root=root, timeout=120)
    assert time.perf_counter() - start < 20
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "разделите его на части" in proc.stderr
    assert sorted(p for p in root.rglob("*")) == before


def test_import_of_a_long_text_within_the_bound_is_quick(tmp_path):
    """Half the bound converts in seconds (a paragraph is no longer matched against every
    passport synonym, word by word: 2 MB took 30 s)."""
    from imc.importer import MAX_TEXT_CHARS
    root = _import_project(tmp_path)
    src = tmp_path / "sbornik.txt"
    para = "Ученики 5 класса читают тексты и обсуждают их в группах, методист ведёт дневник наблюдений"
    src.write_text("\n\n".join(f"{para} {i}." for i in range(MAX_TEXT_CHARS // 2 // (len(para) + 10))),
                   encoding="utf-8")
    start = time.perf_counter()
    proc = run_imc("import", str(src), "--type", "practice", "--id", "sbornik", root=root, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert time.perf_counter() - start < 30  # measured 1.5 s


# ------------------------------------------------------------------ YAML

@pytest.mark.parametrize("text", [
    "a: " + "[" * 499 + "]" * 499 + "\n",
    "a:\n" + "".join(" " * i + "-\n" for i in range(499)),
    "".join(" " * i + "k:\n" for i in range(499)),
])
def test_deep_yaml_is_a_message(text):
    with pytest.raises(yamlsafe.YamlProblem) as err:
        yamlsafe.load(text)
    assert f"глубже {yamlsafe.MAX_DEPTH} уровней" in err.value.message


def test_yaml_within_depth_loads():
    depth = yamlsafe.MAX_DEPTH - 2
    assert yamlsafe.load("a: " + "[" * depth + "1" + "]" * depth + "\n").data is not None


def test_yaml_deeper_than_libyaml_is_a_message():
    with pytest.raises(yamlsafe.YamlProblem) as err:
        yamlsafe.load("a: " + "[" * 5000 + "\n")
    assert "вложенность" in err.value.message


def test_huge_yaml_is_a_message():
    text = "items:\n" + "  - Строка списка\n" * (yamlsafe.MAX_CHARS // 10)
    start = time.perf_counter()
    with pytest.raises(yamlsafe.YamlProblem) as err:
        yamlsafe.load(text, line_offset=1)
    assert time.perf_counter() - start < 1
    assert err.value.line == 2 and "больше" in err.value.message


# ------------------------------------------------------------------ Markdown bounds

def _codes(body: str) -> list[str]:
    return [p.code for p in mc.check_body(body, "x.md", 1, contributed=True).problems]


@pytest.mark.parametrize("body, fragment", [
    ("[" * 50000, "незакрытых скобок «["),
    ("\n".join("[" * 5000 for _ in range(10)), "незакрытых скобок «["),
    ("[a](" * 4000, "незакрытых скобок «["),
    ("x" * (mc.MAX_LINE + 1), "строка длиннее"),
    ("".join("    " * i + "- пункт\n" for i in range(300)), "вложенность списков и цитат"),
    (">" * 300 + " цитата", "вложенность списков и цитат"),
    ("\n".join("<a " * 3000 for _ in range(5)), "незакрытых «<»"),
])
def test_pathological_body_is_refused_quickly(body, fragment):
    start = time.perf_counter()
    problems = mc.check_body(body, "x.md", 1, contributed=True).problems
    assert time.perf_counter() - start < 2
    assert any(fragment in p.message and p.code == "limits" for p in problems), problems


def test_ordinary_body_is_within_bounds():
    body = (REPO / "docs" / "spravka" / "proverki.md").read_text(encoding="utf-8")
    assert "limits" not in _codes(body)
    nested = "".join("    " * i + "- пункт\n" for i in range(mc.MAX_NESTING))
    assert "limits" not in _codes(nested)


_EXTENSIONS = ["toc", "attr_list", "abbr", "admonition", "def_list", "footnotes", "tables",
               "pymdownx.details", "pymdownx.superfences"]


def _wrapped(unit: str, k: int) -> str:
    """k units in lines of 100 characters (one paragraph): the line limit is not what refuses it."""
    s = unit * k
    return "\n".join(s[i:i + 100] for i in range(0, len(s), 100))


@pytest.mark.parametrize("unit", ["[", "![", "[^", "[a](", "<a ", "a<b "])
def test_worst_accepted_body_renders_quickly(unit):
    """What the check accepts, Python-Markdown renders in seconds (measured ≤ 2 s on the
    project's machine; 20 s is the bound here, for a busy CI). Before the bounds, 50 000 «[»
    took 385 s and 4 000 unclosed «<a» 5–10 s."""
    def accepted(k: int) -> bool:
        return "limits" not in _codes(_wrapped(unit, k))
    lo, hi = 1, 2  # the most units accepted: doubling, then bisecting
    while accepted(hi):
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if accepted(mid) else (lo, mid)
    body = _wrapped(unit, lo)
    assert lo > 100
    start = time.perf_counter()
    markdown.Markdown(extensions=_EXTENSIONS).convert(body)
    seconds = time.perf_counter() - start
    print(f"{unit!r} × {lo} accepted, rendered in {seconds:.2f} s", file=sys.stderr)
    assert seconds < 20


def test_deep_lists_render_no_deeper_than_the_check_allows():
    """300 nested levels crashed the build (RecursionError); the check stops at MAX_NESTING,
    which Python-Markdown renders."""
    assert "limits" in _codes("".join("    " * i + "- a\n" for i in range(300)))
    ok = "".join("    " * i + "- a\n" for i in range(mc.MAX_NESTING))
    html = markdown.Markdown(extensions=_EXTENSIONS).convert(ok)
    assert html.count("<ul>") == mc.MAX_NESTING


# ------------------------------------------------------------------ linear time

def _best(fn, arg, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(fn, make, n: int) -> None:
    """Doubling the input doubles the time (quadratic work quadruples it). The best of five runs, with the garbage
    collector off, and n grown until t(n) is 20 ms at least: a busy core or a CPU cache
    does not decide. n, 2n and 4n are timed too, so that a failure shows where it bends."""
    gc_was = gc.isenabled()
    gc.disable()
    try:
        while _best(fn, make(n)) < 0.02 and n < 2_000_000:
            n *= 2
        times = [_best(fn, make(n * k)) for k in (1, 2, 4, 8)]
    finally:
        if gc_was:
            gc.enable()
    # each doubling of the input: about 2× for linear work, 4× for quadratic. The median of the
    # three ratios decides, so one run slowed by a busy machine does not
    ratios = sorted(b / a for a, b in zip(times, times[1:]))
    shown = f"not linear (n={n}): {[f'{t * 1000:.1f} ms' for t in times]}"
    assert ratios[1] < 3, shown
    assert times[3] < 40 * times[0], shown


def _lines(unit: str, n: int, per_line: int = 20) -> str:
    """n units, per_line to a line: a page within the line limit."""
    return "\n".join(unit * per_line for _ in range(n // per_line))


PATTERNS = {
    # the example: 24 s for 40 000 before
    "template-unclosed-tag": (lambda t: list(mc._TEMPLATE.finditer(t)), lambda n: "{% a" * n, 20000),
    "template-dunder": (lambda t: list(mc._TEMPLATE.finditer(t)), lambda n: "{{ __a__ " * n, 20000),
    "template-open": (lambda t: list(mc._TEMPLATE.finditer(t)), lambda n: "{{ a" * n, 20000),
    "code-span-run": (mc.strip_code, lambda n: "`" * n + "a" * n, 20000),
    "code-span-lengths": (mc.strip_code, lambda n: " ".join("`" * k for k in range(1, int(n ** 0.5))) + "a" * n,
                          20000),
    "fence-indents": (mc.strip_code, lambda n: "\n".join(" " * (i % 500) + "`" * (3 + i // 500) + "x"
                                                       for i in range(n // 10)), 20000),
    "tags-unclosed": (lambda t: list(mc._tags(t)), lambda n: "<a " * n + ">" + "<b>" * n + "<i " * n, 20000),
    "link-brackets": (lambda t: list(mc._LINK.finditer(t)), lambda n: "[" * n + "](x)", 20000),
    "link-nested": (lambda t: list(mc._LINK.finditer(t)), lambda n: "[[[" * n + "](x)", 20000),
    "bracket-work": (mc._bracket_work, lambda n: "[" * n, 20000),
    "html-work": (mc._html_work, lambda n: "<a " * n, 20000),
}


@pytest.mark.parametrize("name", list(PATTERNS))
def test_pattern_is_linear(name):
    fn, make, n = PATTERNS[name]
    assert_linear(fn, make, n)


def _check(body: str) -> None:
    mc.check_body(body, "x.md", 1, contributed=True, official_phones=set())


@pytest.mark.parametrize("name, make", [
    ("template", lambda n: _lines("{% a", n)),
    ("template-dunder", lambda n: _lines("{{ __a__ ", n)),
    ("attribute-urls", lambda n: "<img " + _lines("src=x ", n)),
    ("html-urls", lambda n: _lines("<a href=x ", n)),
    ("links", lambda n: _lines("[a](b) ", n)),
    ("code-spans", lambda n: _lines("`a` ``", n)),
    ("phones", lambda n: _lines("+7 ", n)),
    ("ordinary", lambda n: _lines("Обычный текст методической разработки, ", n, 3)),
    ("refused-brackets", lambda n: "[" * n),  # refused: the refusal is linear too
])
def test_check_of_a_body_is_linear(name, make):
    assert_linear(_check, make, 4000)
