"""One decoding of text files (`core.source.decode_bytes`) under two rules: `imc check` accepts
only UTF-8 and says why not; `imc import` converts UTF-16 and Windows-1251 with a notice."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imc.authoring.import_read import decode_text
from imc.core.problems import ERROR, WARNING, ImcError
from imc.core.source import decode, decode_bytes

RU = "---\ntitle: Методическая неделя\n---\n\nУчителя района обсудили планы.\n"
FAR_NUL = ("Строка текста, достаточно длинная.\n" * 400 + "Хвост\x00\n").encode("utf-8")

# bytes → (check: None for accepted, else (code, line, words of the message)),
#         (import: None for an error, else words of the notice ("" — silent))
CASES = {
    "utf-8": (RU.encode(), None, ""),
    "utf-8 CRLF": (RU.replace("\n", "\r\n").encode(), None, ""),
    "utf-8 lone CR": (RU.replace("\n", "\r").encode(), None, ""),
    "utf-8 BOM": (b"\xef\xbb\xbf" + RU.encode(), ("bom", 1, "BOM"), ""),
    "utf-16 with BOM": (RU.encode("utf-16"), ("encoding", 1, "UTF-16"), "UTF-16"),
    "utf-16-le without BOM": (RU.encode("utf-16-le"), ("encoding", 1, "UTF-16"), "UTF-16"),
    "windows-1251": (RU.encode("cp1251"), ("encoding", 2, "Windows-1251"), "Windows-1251"),
    "neither UTF-8 nor Russian": (b"---\ntitle: (\xa9) 2025\n---\n", ("encoding", 2, "не в кодировке UTF-8"), None),
    "no letter in Windows-1251": (RU.encode("cp1251") + b"\x98", ("encoding", 2, "не в кодировке UTF-8"), None),
    "binary": (b"PK\x03\x04\x00\x00" + RU.encode(), ("binary", 1, "не текстовый"), None),
    "NUL far in the file": (FAR_NUL, ("binary", 401, "нулевой символ"), None),
    "damaged utf-16": (b"\xff\xfe" + RU.encode("utf-16-le") + b"\x00", ("encoding", 1, "UTF-16"), None),
}


@pytest.mark.parametrize("name", CASES)
def test_check_and_import_rules_over_one_decoding(name: str):
    raw, check, notice = CASES[name]
    read = decode(raw, "docs/x.md")
    if check is None:
        assert read.text is not None and not read.problems, read.problems
    else:
        code, line, words = check
        p = read.problems[0]
        assert (p.code, p.line, p.col) == (code, line, 1) and words in p.message, p
        assert p.severity == (WARNING if code == "bom" else ERROR)
        assert (read.text is not None) == (code == "bom")
    notices: list[str] = []
    if notice is None:
        with pytest.raises(ImcError, match="«x.txt»"):
            decode_text(raw, "x.txt", notices.append)
        return
    text = decode_text(raw, "x.txt", notices.append)
    assert "Учителя района обсудили планы." in text and "\r" not in text and "\ufeff" not in text
    assert notices == [] if not notice else len(notices) == 1 and notice in notices[0]
    if read.text is not None:
        assert read.text == text  # what the check reads is what the importer reads


def test_form_feed_ends_a_line_only_for_the_importer():
    """A page break in a text export is a line end to the importer; the check keeps it (mkdocs does)."""
    raw = "Первая страница\fВторая страница\n".encode()
    assert decode(raw, "docs/x.md").text == "Первая страница\fВторая страница\n"
    assert decode_text(raw, "x.txt", print) == "Первая страница\nВторая страница\n"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="cp1251", exclude_characters="\x00\r")),
       st.sampled_from(["utf-8", "utf-16", "cp1251"]))
def test_any_russian_text_round_trips(text: str, encoding: str):
    """«Текст» in Windows-1251 is never UTF-8, so each encoding is told apart."""
    text = "Текст " + text
    read = decode_bytes(text.encode(encoding))
    assert (read.text, read.encoding, read.fault) == (text, encoding, "")
