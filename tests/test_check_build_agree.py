"""What `imc check` accepts, `imc build` builds: one truth for both.

Every case of the bad-input catalogue that the check passes (rc 0) is built with the real
`imc build` (mkdocs --strict); a build that refuses it means the two have drifted apart.
The build's own refusals are told in Russian with file:line, never in mkdocs' English.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_site_skeleton, run_imc
from test_bad_inputs import CASES, MINI, NEWS, REGULATION, news_body, replace

pytestmark = pytest.mark.site

PASSING = [c for c in CASES if c.rc == 0]


def mini_site(tmp_path: Path) -> Path:
    root = tmp_path / "site-src"
    shutil.copytree(MINI, root, symlinks=True)
    copy_site_skeleton(root)
    # the search index is not what this compares: leave pagefind out to keep the test quick
    cfg = root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert "\n  - imc\n" in text
    cfg.write_text(text.replace("\n  - imc\n", "\n  - imc:\n      search: false\n"), encoding="utf-8")
    return root


def build(root: Path):
    return run_imc("build", root=root, timeout=300)


def test_the_catalogue_has_passing_cases():
    assert len(PASSING) >= 40, len(PASSING)


@pytest.mark.parametrize("case", PASSING, ids=[c.id for c in PASSING])
def test_accepted_input_builds(case, tmp_path):
    root = mini_site(tmp_path)
    case.setup(root)
    check = run_imc("check", root=root)
    assert check.returncode == 0, check.stdout + check.stderr
    proc = build(root)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"imc check accepted «{case.id}», imc build refused it:\n{out[-3000:]}"
    assert (root / "site" / "index.html").is_file()
    assert "Traceback" not in out


def test_consecutive_clauses_each_get_an_anchor(tmp_path):
    """The reproduced defect: two clauses on consecutive lines and a link to the second."""
    root = mini_site(tmp_path)
    replace(REGULATION, "конкурса.\n\n1.2. Организатор", "конкурса.\n1.2. Организатор")(root)
    news_body("См. [п. 1.2](../dokumenty/polozhenie-o-konkurse.md#p-1-2).")(root)
    assert run_imc("check", root=root).returncode == 0
    proc = build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (root / "site/dokumenty/polozhenie-o-konkurse/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p[^>]* id="p-1-1"[^>]*>.*?Настоящее положение', html, re.S)
    assert re.search(r'<p[^>]* id="p-1-2"[^>]*>.*?Организатор конкурса', html, re.S)
    news = (root / "site/novosti/itogi-konkursa/index.html").read_text(encoding="utf-8")
    assert 'href="../../dokumenty/polozhenie-o-konkurse/#p-1-2"' in news


def test_footnotes_and_abbreviations_render(tmp_path):
    root = mini_site(tmp_path)
    news_body("Итоги подведены[^1].\n\n[^1]: Данные протокола жюри.\n\nКонкурс провёл ИМЦ.\n\n"
              "*[ИМЦ]: информационно-методический центр")(root)
    proc = build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = (root / "site/novosti/itogi-konkursa/index.html").read_text(encoding="utf-8")
    assert 'class="footnote"' in html and "Данные протокола жюри" in html
    assert '<abbr title="информационно-методический центр">ИМЦ</abbr>' in html


def test_build_refusal_is_russian_with_file_and_line(tmp_path):
    """A link only the renderer sees (written by a macro on a trusted page) is refused by mkdocs;
    the message is ours: Russian, the page, what to do — and the old site stays."""
    root = mini_site(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "old.html").write_text("прежний сайт", encoding="utf-8")
    index = root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + '\n{{ "[x](net-" ~ "takoy.md)" }}\n', encoding="utf-8")
    assert run_imc("check", root=root).returncode == 0
    proc = build(root)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "docs/index.md:1:1: ошибка: ссылка «net-takoy.md» ведёт на несуществующий файл" in out, out
    assert "макрос" in out
    assert "Aborted" not in out and "WARNING" not in out and "Traceback" not in out, out
    assert (root / "site" / "old.html").read_text(encoding="utf-8") == "прежний сайт"
    assert not list(root.glob(".site-*")), "a refused build left its work folder"


def test_mkdocs_warning_names_the_line_it_points_at(tmp_path):
    """mkdocs' words for a link it refused become ours, placed on the line that holds the link."""
    import logging

    from imc.publish.build_log import translate
    root = mini_site(tmp_path)
    news_body("Смотрите [практики](/praktiki/) и [архив](../arhiv/).")(root)
    lines = (root / NEWS).read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if "[практики]" in t)
    said = [
        ("Doc file 'novosti/itogi-konkursa.md' contains an absolute link '/praktiki/', it was left as is. "
         "Did you mean '../praktiki/index.md'?", "абсолютная ссылка «/praktiki/»"),
        ("Doc file 'novosti/itogi-konkursa.md' contains an unrecognized relative link '../arhiv/', it was "
         "left as is.", "ссылка «../arhiv/» на адрес, а не на файл"),
        ("Doc file 'novosti/itogi-konkursa.md' contains a link '#itogi', but there is no such anchor on this "
         "page.", "на этой странице нет такого якоря"),
    ]
    for message, russian in said:
        record = logging.LogRecord("mkdocs.structure.pages", logging.WARNING, __file__, 1, message, None, None)
        text = translate(record, root)
        assert russian in text, text
        assert re.search("[a-z]{4,} [a-z]{4,}", text.split(" — ")[0].split(": ", 2)[-1]) is None, text
    first = translate(logging.LogRecord("mkdocs", logging.WARNING, __file__, 1, said[0][0], None, None), root)
    assert first.startswith(f"{NEWS}:{line}:"), first
