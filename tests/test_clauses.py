"""Every numbered clause of a положение gets its anchor, whatever the author's habits (issue 14).

Unit tests run the one implementation (`imc.content.clauses`) and render its Markdown with the same
Markdown extensions the site uses, so an anchor asserted here is an `id` on the page. The
import tests run the real `imc import` on text written the way real положения are written.
"""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from imc.content.clauses import anchor_regulation, clause_links, clause_report, regulation_anchors
from test_importer import SEED_FILES, check_ok, do_import, needs_seeds, project, split  # noqa: F401


def html(md: str) -> str:
    return clause_links(markdown.markdown(anchor_regulation(md), extensions=["attr_list", "toc"]))


def clause_ids(md: str) -> list[str]:
    return re.findall(r'<p class="imc-clause" id="([^"]+)"', html(md))


@pytest.mark.parametrize("line", [
    "2.1. Текст пункта.",
    "2.1 Текст пункта.",
    "2.1) Текст пункта.",
    "2. 1. Текст пункта.",
    "2 .1. Текст пункта.",
    "**2.1.** Текст пункта.",
    " 2.1 Текст пункта с пробелом в начале строки.",
    "- 2.1. Текст пункта.",
    "* 2.1. Текст пункта.",
    "• 2.1 Текст пункта.",
    "— 2.1) Текст пункта.",
    "– 2.1. Текст пункта.",
])
def test_clause_habits_get_the_same_anchor(line):
    out = html("## 2. Цели\n\n" + line + "\n")
    assert clause_ids("## 2. Цели\n\n" + line + "\n") == ["p-2-1"], out
    assert "Текст пункта" in re.search(r'id="p-2-1".*?</p>', out, re.S).group(0)
    assert "<li>" not in out and "<ol>" not in out  # a clause is a paragraph, not a list item
    assert clause_report("## 2. Цели\n\n" + line + "\n").unanchored == []


@pytest.mark.parametrize("line", ["- 2.5 часа в неделю отводится на консультации.", "1. 2 раза в год."])
def test_numbers_that_are_not_clauses(line):
    assert clause_ids(line + "\n") == []


def test_heading_glued_to_first_clause():
    out = html("## 2. Цели и задачи 2.1. Цель — развитие службы.\n\n2.2. Задачи.\n")
    assert re.search(r'<h2 id="p-2">2\. Цели и задачи</h2>', out), out
    assert clause_ids("## 2. Цели и задачи 2.1. Цель — развитие службы.\n") == ["p-2-1"]
    # the same in a paragraph line (a section written without «##»): not a numbered list
    out = html("3. Права 3.1. Служба вправе запрашивать сведения.\n")
    assert "<ol>" not in out and 'id="p-3-1"' in out, out


def test_heading_that_is_only_a_number():
    out = html("## 2.1.\n\nТекст.\n\n## 3.\n\nТекст.\n")
    assert '<h2 id="p-2-1">2.1.</h2>' in out and '<h2 id="p-3">3.</h2>' in out, out


def test_lead_in_clause_with_a_list_and_sub_items():
    md = ("2.2. Служба обязана:\n- вести учёт;\n- отчитываться.\n2.3. Служба вправе:\n"
          "а) запрашивать сведения;\n1) приглашать экспертов.\n2.4. Последний пункт.\n")
    out = html(md)
    assert clause_ids(md) == ["p-2-2", "p-2-3", "p-2-4"], out
    assert "<li>вести учёт;</li>" in out  # the list after the colon is a list, not clause text
    assert "{:" not in out
    # lettered and bracketed sub-items stay inside their clause
    clause = re.search(r'id="p-2-3".*?</p>', out, re.S).group(0)
    assert "а) запрашивать" in clause and "1) приглашать" in clause
    assert clause_report(md).unanchored == [] and clause_report(md).repeated == []


def test_clauses_run_into_one_line():
    md = "3.1. Первый пункт; 3.2. Второй пункт. Согласно п. 3.1. Положения — не пункт.\n"
    assert clause_ids(md) == ["p-3-1", "p-3-2"]


def test_repeated_numbers_distinct_stable_anchors_and_reported():
    md = "## 2. Цели\n\n2.1. Цель.\n\n2.1. Задачи.\n\n2.2. Ещё.\n"
    assert clause_ids(md) == ["p-2-1", "p-2-1_2", "p-2-2"]
    assert clause_ids(md) == clause_ids(md)  # stable
    assert clause_report(md).repeated == [("2.1", [2, 4])]


def test_appendices_have_their_own_numbering():
    md = ("## 1. Общие положения\n\n1.2. Пункт положения.\n\nПриложение 1\n\n## 1. Состав\n\n"
          "1.2. Пункт приложения 1.\n\n## Приложение № 2 к Положению\n\n1.2. Пункт приложения 2.\n")
    out = html(md)
    assert clause_ids(md) == ["p-1-2", "pr1-p-1-2", "pr2-p-1-2"], out
    assert {"pr1", "pr2", "pr1-p-1"} <= regulation_anchors(md)
    assert 'aria-label="Ссылка на пункт 1.2 приложения 2"' in out
    assert clause_report(md).repeated == []  # 1.2 in each appendix is not a repetition
    # a sentence that mentions an appendix does not start one
    assert "pr1" not in regulation_anchors("1.1. Форма дана в Приложение 1 к положению.\n")


def test_unanchorable_clauses_are_reported():
    md = "## 2. Цели\n\n> 2.1. В цитате.\n\n    - 2.2. С отступом в четыре пробела.\n"
    assert clause_report(md).unanchored == [2, 4]


def test_clause_link_left_out_of_search():
    assert "data-pagefind-ignore" in html("1.1. Текст.\n")


HABITS = """\
ПОЛОЖЕНИЕ О МЕТОДИЧЕСКОМ СОВЕТЕ
УТВЕРЖДЕНО приказом ИМЦ от 02.09.2024 № 7-од
1. Общие положения 1.1. Совет создаётся при центре.
- 1.2. Совет работает по плану.
• 1.3 Совет собирается раз в четверть.
— 1.4) Решения совета носят рекомендательный характер.
2. Права и обязанности
2. 1. Совет обязан:
- рассматривать программы;
- обобщать опыт.
2 .2. Совет вправе:
а) запрашивать сведения;
б) приглашать специалистов.
2.2. Повтор номера по ошибке.
Приложение 1 к Положению
1. Состав совета
1.1. В совет входят методисты.
1.2) Председатель избирается на год.
"""


def test_import_anchors_every_habit(project: Path, tmp_path: Path):  # noqa: F811
    src = tmp_path / "sovet.txt"
    src.write_text(HABITS, encoding="utf-8")
    path = do_import(project, src, "regulation")
    head, body = split(path.read_text(encoding="utf-8"))
    assert 'number: "7-од"' in head and "УТВЕРЖДЕНО" not in body
    assert "## 1. Общие положения\n\n1.1. Совет создаётся" in body
    assert "\n\n1.4. Решения совета" in body and "\n\n2.1. Совет обязан:\n\n- рассматривать" in body
    assert "2.2. Совет вправе:\n\nа) запрашивать сведения;\n\nб) приглашать" in body
    assert "## Приложение 1 к Положению\n\n## 1. Состав совета" in body
    ids = sorted(regulation_anchors(body))
    assert ids == sorted(["p-1", "p-1-1", "p-1-2", "p-1-3", "p-1-4", "p-2", "p-2-1", "p-2-2", "p-2-2_2",
                          "pr1", "pr1-p-1", "pr1-p-1-1", "pr1-p-1-2"]), ids
    assert clause_report(body).unanchored == []
    out = check_ok(project)
    assert "номер пункта 2.2 повторяется" in out


@needs_seeds
@pytest.mark.parametrize("seed", SEED_FILES, ids=[p.stem for p in SEED_FILES])
def test_seed_every_clause_anchored(seed: Path, project: Path):  # noqa: F811
    text = seed.read_text(encoding="utf-8")
    body = split(do_import(project, seed, "regulation").read_text(encoding="utf-8"))[1]
    numbered = re.findall(r"(?m)^\W{0,3}(\d{1,2}(?:\s?\.\s?\d{1,2})+)\.?\)?\s", text)
    anchors = [i for i in regulation_anchors(body) if re.fullmatch(r"p-\d+(-\d+)+(_\d+)?", i)]
    assert len(anchors) == len(numbered) and clause_report(body).unanchored == []


def test_editions_diff_by_clause():
    from imc.site.editions import _words_diff, diff
    old = "## 1. Общие\n\n1.1. Совет собирается раз в месяц.\n\n1.2. Пункт исключён.\n\n1.3. Без изменений.\n"
    new = "## 1. Общие\n\n1.1. Совет собирается раз в четверть.\n\n1.3. Без изменений.\n\n1.4. Новый пункт.\n"
    d = diff(old, new)
    assert [a for a, *_ in d["changed"]] == ["p-1-1"]
    assert [a for a, *_ in d["removed"]] == ["p-1-2"] and [a for a, *_ in d["added"]] == ["p-1-4"]
    assert [a for a, *_ in d["same"]] == ["p-1", "p-1-3"]
    marked = _words_diff(d["changed"][0][2], d["changed"][0][3])
    assert marked == ('Совет собирается раз в <del><span class="imc-sr-only">удалено: </span>месяц.</del> '
                      '<ins><span class="imc-sr-only">добавлено: </span>четверть.</ins>')


def test_editions_renumbered_clause_is_found_by_its_text():
    from imc.site.editions import diff
    old = "1.1. Совет собирается раз в месяц по плану работы.\n\n1.2. Решения принимаются большинством голосов членов.\n"
    new = ("1.1. Совет создаётся при центре.\n\n1.2. Совет собирается раз в четверть по плану работы.\n\n"
           "1.3. Решения принимаются большинством голосов членов.\n")
    d = diff(old, new)
    assert [(x[4], x[0]) for x in d["moved"]] == [("p-1-1", "p-1-2"), ("p-1-2", "p-1-3")]
    assert [x[0] for x in d["added"]] == ["p-1-1"] and not d["removed"] and not d["changed"]
