"""Checks of plans and reports beyond single fields: terms of plan items, links between a
recommendation and the plan item made from it, and the numbers of report tables.

`check(project)` returns the problems and the data files it read (so they count as referenced).
"""
from __future__ import annotations

import re

from imc.check.markdown_checks import find_hidden_names, hidden_name_patterns
from imc.content import tables, yearplan
from imc.content.project import DOCS, Item, Project
from imc.core.problems import ERROR, WARNING, Problem

CHARTS = ("bar", "hbar", "line", "none")
YEAR_MIN, YEAR_MAX = 1990, 2100
# «Иванова Мария Петровна», «Иванов И. И.», «И. И. Иванов»: a person in a table row
_FIO = re.compile(r"(?<![\w-])[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+(?:[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|ична|инична)"
                  r"|[А-ЯЁ]\.\s?[А-ЯЁ]\.)(?![\w-])|(?<![\w-])[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]{2,}")


def _p(item: Item, path: tuple, message: str, hint: str = "", dotted: str = "", severity=ERROR,
       code: str = "plan") -> Problem:
    line, col = item.where(path)
    return Problem(item.rel, line, col, message, hint, dotted, severity, code)


def check(project: Project) -> tuple[list[Problem], set[str]]:
    problems: list[Problem] = []
    used: set[str] = set()
    people = {pid: hidden_name_patterns(str(p.get("name") or ""))
              for pid, p in project.registries.get("people", {}).items() if isinstance(p, dict)}
    hidden = {pid: pats for pid, pats in people.items()
              if project.registries["people"][pid].get("consent") is not True}
    for plan in project.of_type("plan"):
        problems += plan_problems(project, plan) + _names_in_text(plan, hidden)
    for report in project.of_type("report"):
        problems += _names_in_text(report, hidden)
    for report in project.of_type("report"):
        found, files = report_problems(project, report, people)
        problems += found
        used |= files
    return problems, used


def _names_in_text(item: Item, hidden: dict) -> list[Problem]:
    """Names without consent in the texts of plan items and recommendations (the page shows them)."""
    out = []
    texts = [(("sections", si, "items", ii, key), f"sections[{si}].items[{ii}].{key}", it.get(key))
             for si, ii, _, it in yearplan.plan_items(item) for key in ("what", "participants", "result", "note")]
    texts += [(("recommendations", i, "text"), f"recommendations[{i}].text", r.get("text"))
              for i, r in enumerate(item.meta.get("recommendations") or [])]
    for path, dotted, text in texts:
        for _, name, pid in find_hidden_names(str(text or ""), hidden):
            out.append(_p(item, path, f"имя «{name}» без согласия на публикацию",
                          f"в data/people.yml у «{pid}» consent: false; укажите ответственного кодом в responsible "
                          "(сайт покажет должность) или уберите имя", dotted, code="consent"))
    return out


def plan_problems(project: Project, plan: Item) -> list[Problem]:
    out: list[Problem] = []
    m = plan.meta
    year = m.get("school_year")
    bounds = yearplan.school_year_bounds(year) if year else None
    approved = m.get("status") == "utverzhden"
    if approved and not m.get("order"):
        out.append(_p(plan, ("status",), "план утверждён, но не указан приказ", "добавьте order: номер, дата, кто "
                      "утвердил", "status", WARNING))
    reports = {r.id: r for r in project.of_type("report")}
    for si, ii, _, it in yearplan.plan_items(plan):
        path = ("sections", si, "items", ii)
        dotted = f"sections[{si}].items[{ii}]"
        if it.get("when"):
            try:
                when = yearplan.parse_when(it["when"])
            except ValueError as err:
                out.append(_p(plan, path + ("when",), str(err), yearplan.WHEN_HINT, dotted + ".when",
                              code="plan-when"))
            else:
                # the August conference that opens a year belongs to its plan: August counts too
                if bounds and (when.end < bounds[0].replace(month=8) or when.start > bounds[1]):
                    out.append(_p(plan, path + ("when",), f"срок «{when.text}» вне учебного года {year}",
                                  "проверьте год: в план учебного года входит всё с августа по август", dotted + ".when",
                                  WARNING, "plan-when"))
        elif approved:
            out.append(_p(plan, path, "у мероприятия утверждённого плана нет срока («when»)",
                          yearplan.WHEN_HINT, dotted + ".when", code="plan-when"))
        if it.get("status") == "pereneseno" and not it.get("note"):
            out.append(_p(plan, path + ("status",), "мероприятие перенесено, но не сказано куда",
                          "добавьте note: «перенесено на …»", dotted + ".note", WARNING, "plan-note"))
        mat = it.get("material")
        if mat and not (project.get("practice", mat) or project.get("product", mat)):
            out.append(_p(plan, path + ("material",), f"материала «{mat}» нет ни в банке практик, ни в копилке",
                          "укажите код (имя папки) практики или продукта", dotted + ".material", code="reference"))
        if it.get("from"):
            rid, rec = yearplan.split_from(it["from"])
            report = reports.get(rid)
            recs = {r.get("id") for r in (report.meta.get("recommendations") or [])} if report else set()
            if report is None:
                out.append(_p(plan, path + ("from",), f"справки «{rid}» нет в docs/analitika/",
                              "напишите код справки и рекомендации: analiz-2025-2026#r1", dotted + ".from",
                              code="reference"))
            elif rec not in recs:
                out.append(_p(plan, path + ("from",), f"в справке «{rid}» нет рекомендации «{rec}»",
                              f"есть: {', '.join(sorted(r for r in recs if r)) or 'рекомендаций нет'}",
                              dotted + ".from", code="reference"))
    return out


def report_problems(project: Project, report: Item, people: dict) -> tuple[list[Problem], set[str]]:
    out: list[Problem] = []
    used: set[str] = set()
    seen_recs: set[str] = set()
    for i, rec in enumerate(report.meta.get("recommendations") or []):
        if rec.get("id") in seen_recs:
            out.append(_p(report, ("recommendations", i, "id"), f"код рекомендации «{rec['id']}» повторяется",
                          "у каждой рекомендации свой код: r1, r2…", f"recommendations[{i}].id", code="duplicate-id"))
        seen_recs.add(rec.get("id"))
    for i, decl in enumerate(report.meta.get("data") or []):
        dotted = f"data[{i}]"
        if decl.get("chart") and decl["chart"] not in CHARTS:
            out.append(_p(report, ("data", i, "chart"), f"вид диаграммы «{decl['chart']}» неизвестен",
                          "bar — столбцы, hbar — полосы, line — линии, none — без диаграммы", dotted + ".chart",
                          code="data"))
        table, issues = tables.read_table(project.docs_dir, report.src, decl)
        src = tables.table_src(report.src, str(decl.get("file") or ""))
        if src in project.files:
            used.add(src)
        rel = f"{DOCS}/{src}"
        for issue in issues:
            if issue.line:
                out.append(Problem(rel, issue.line, issue.col, issue.message, issue.hint, "", ERROR, issue.code))
            else:
                out.append(_p(report, ("data", i, "file"), issue.message, issue.hint, dotted + ".file",
                              code=issue.code))
        if table is not None:
            out += _numbers(report, table, rel, i, people)
    return out, used


def _numbers(report: Item, table: tables.Table, rel: str, index: int, people: dict) -> list[Problem]:
    out: list[Problem] = []
    cols = table.columns
    by_name = {c.name: k for k, c in enumerate(cols)}
    for s_i, s in enumerate(table.sums):
        for name in [*s.get("of", []), s.get("equals")]:
            if name not in by_name and not _is_number(name):
                out.append(_p(report, ("data", index, "sums", s_i), f"в сумме назван столбец «{name}», его нет",
                              f"есть: {', '.join(by_name)}", f"data[{index}].sums[{s_i}]", code="data-sum"))
    for name in table.series:
        if name not in by_name:
            out.append(_p(report, ("data", index, "series"), f"на диаграмме назван столбец «{name}», его нет",
                          f"есть: {', '.join(by_name)}", f"data[{index}].series", code="data-column"))
    for row, line in zip(table.rows, table.lines):
        label = str(row[0])
        for _, name, _pid in find_hidden_names(label, people):
            out.append(Problem(rel, line, 1, f"в таблице имя человека «{name}»",
                               "в открытых данных — только обобщённые цифры: замените имя на школу или район",
                               "", ERROR, "data-personal"))
        if not find_hidden_names(label, people) and (m := _FIO.search(label)):
            out.append(Problem(rel, line, 1, f"в таблице похоже на имя человека: «{m.group(0)}»",
                               "в открытых данных — только обобщённые цифры: замените имя на школу или район",
                               "", ERROR, "data-personal"))
        for k, c in enumerate(cols[1:], start=1):
            v = row[k]
            if v is None:
                continue
            if c.percent and not 0 <= v <= 100:
                out.append(Problem(rel, line, 1, f"«{c.title}»: {_fmt(v)} % — доля не может быть "
                                   f"{'больше 100' if v > 100 else 'меньше 0'} %",
                                   "проверьте число: проценты — от 0 до 100", "", ERROR, "data-percent"))
            if c.year and not (v.is_integer() and YEAR_MIN <= v <= YEAR_MAX):
                out.append(Problem(rel, line, 1, f"«{c.title}»: {_fmt(v)} — не год",
                                   f"год — целое число от {YEAR_MIN} до {YEAR_MAX}", "", ERROR, "data-year"))
        for s in table.sums:
            names = [*s.get("of", []), s.get("equals")]
            if any(n not in by_name and not _is_number(n) for n in names):
                continue
            parts = [row[by_name[n]] for n in s["of"]]
            target = float(s["equals"]) if _is_number(s["equals"]) else row[by_name[s["equals"]]]
            if target is None or any(p is None for p in parts):
                continue
            percent = any(cols[by_name[n]].percent for n in s["of"])
            tolerance = 0.5 * len(parts) if percent else 0.001  # rounded shares may miss 100 by a little
            total = sum(parts)
            if abs(total - target) > tolerance:
                out.append(Problem(rel, line, 1, f"сумма {' + '.join(_fmt(p) for p in parts)} = {_fmt(round(total, 3))}, "
                                   f"а должна быть {_fmt(target)} ({s['equals']})",
                                   "проверьте числа строки или описание sums в справке", "", ERROR, "data-sum"))
    return out


def _is_number(text) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", str(text)))


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")
