"""Pages of the service's year: a plan, a report with its tables and charts, the list of years
(archive), «Годовой цикл», plan items in the calendar and in «Ближайшие события».

Charts are drawn at build time by pygal (SVG, no script left in them) beside an HTML table of
the same numbers and a sentence saying what the chart shows.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re

from imc.content import tables, yearplan
from imc.content.project import Item, Project
from imc.core.text import ru_date
from imc.site.render import rel, search_filters, today
from markupsafe import Markup, escape

STATUS_CLASS = {"vypolneno": "done", "pereneseno": "moved", "otmeneno": "cancelled"}


def _people(project: Project, ids) -> str:
    return ", ".join(project.person_name(p) for p in ids or [])


def body_title(project: Project, bid: str | None) -> str:
    if not bid:
        return str(project.site.get("name") or "Методическая служба")
    body = project.registries.get("structure", {}).get(bid)
    return str(body["title"]) if body else bid


def _when_html(it: dict) -> str:
    w = yearplan.try_when(it.get("when"))
    if w is None:
        return escape(it.get("when") or "срок уточняется")
    if w.exact and w.start == w.end:
        return Markup(f'<time datetime="{w.start.isoformat()}">{ru_date(w.start)}</time>')
    if w.exact:
        return Markup(f'<time datetime="{w.start.isoformat()}">{ru_date(w.start)}</time> — '
                      f'<time datetime="{w.end.isoformat()}">{ru_date(w.end)}</time>')
    first, last = yearplan.month_title(w.month), yearplan.month_title(f"{w.end.year:04d}-{w.end.month:02d}")
    return escape(first if first == last else f"{first} — {last}")


def _months(it: dict) -> list[str]:
    w = yearplan.try_when(it.get("when"))
    if w is None:
        return []
    out, y, m = [], w.start.year, w.start.month
    while (y, m) <= (w.end.year, w.end.month) and len(out) < 24:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _links(project: Project, it: dict, page_url: str) -> list[str]:
    out = []
    for kind, label in (("event", "событие"), ("document", "документ")):
        if it.get(kind):
            other = project.get("regulation" if kind == "document" else "event", it[kind])
            if other:
                out.append(f'<a href="{rel(page_url, other.url)}">{label}: {escape(other.title)}</a>')
    if it.get("material"):
        other = project.get("practice", it["material"]) or project.get("product", it["material"])
        if other:
            out.append(f'<a href="{rel(page_url, other.url)}">материал: {escape(other.title)}</a>')
    if it.get("from"):
        rid, rec = yearplan.split_from(it["from"])
        report = project.get("report", rid)
        if report:
            out.append(f'<a href="{rel(page_url, report.url)}#rec-{escape(rec)}">из рекомендации: '
                       f'{escape(report.title)}</a>')
    return out


def year_switcher(project: Project, item: Item, page_url: str) -> str:
    """Links to the plans of the same body in other years."""
    same = sorted((p for p in project.of_type("plan") if p.meta.get("structure") == item.meta.get("structure")),
                  key=lambda p: p.meta["school_year"])
    if len(same) < 2:
        return ""
    links = "".join(
        f'<li><a href="{rel(page_url, p.url)}"' + (' aria-current="page"' if p is item else "")
        + f'>{escape(p.meta["school_year"])}</a></li>' for p in same)
    return (f'<nav class="imc-years" aria-label="Планы этого органа по годам"><span>Учебный год:</span>'
            f'<ul>{links}</ul></nav>')


def progress_html(plan: Item) -> str:
    done, total = yearplan.progress(plan)
    if not total:
        return ""
    return (f'<p class="imc-progress"><strong>Выполнено {done} из {total}</strong> '
            f'<progress max="{total}" value="{done}" aria-label="Выполнено {done} из {total}"></progress></p>')


def plan_html(project: Project, item: Item, page_url: str) -> str:
    m = item.meta
    status = project.vocab_title("plan_statuses", m.get("status", ""))
    parts = [f'<div class="imc-banner imc-banner--plan" role="note"><p>Статус: <strong>{escape(status)}</strong>'
             f' · учебный год {escape(m["school_year"])} · {escape(body_title(project, m.get("structure")))}</p>']
    if m.get("order"):
        o = m["order"]
        parts.append(f"<p>Утверждён приказом от {ru_date(o['date'])} №&nbsp;{escape(o['number'])} "
                     f"(издал: {escape(o['issuer'])}).</p>")
    if m.get("archive"):
        newer = [p for p in project.of_type("plan") if p.meta.get("structure") == m.get("structure")
                 and p.meta["school_year"] > m["school_year"]]
        link = f' Актуальный план: <a href="{rel(page_url, newer[-1].url)}">{escape(newer[-1].title)}</a>.' \
            if newer else ""
        parts.append(f"<p><strong>Архив:</strong> план прошлого учебного года.{link}</p>")
    parts.append('<p class="imc-print-hide"><button type="button" class="md-button imc-print" data-imc-print>'
                 'Распечатать план</button></p></div>')
    parts.append(year_switcher(project, item, page_url))
    parts.append(progress_html(item))
    if any(w and w.exact for w in (yearplan.try_when(it.get("when")) for *_, it in yearplan.plan_items(item))):
        parts.append(f'<p><a class="imc-ics" href="{rel(page_url, item.url + "plan.ics")}" download>'
                     f'Мероприятия с датами — в календарь (ICS)</a></p>')
    return "".join(parts)


def plan_sections_html(project: Project, item: Item, page_url: str) -> str:
    """The plan itself, after its introduction: filter, sections, the plan by months."""
    m = item.meta
    parts: list[str] = []
    sections = m.get("sections") or []
    months = sorted({mo for *_, it in yearplan.plan_items(item) for mo in _months(it)})
    directions = sorted({(s["direction"], project.vocab_title("directions", s["direction"]))
                         for s in sections if s.get("direction")}, key=lambda d: d[1])
    # the filter works in the browser; without a script the month list below and the
    # section headings lead to the same items
    opts = lambda pairs: "".join(f'<option value="{escape(v)}">{escape(t)}</option>' for v, t in pairs)  # noqa: E731
    parts.append(
        '<form class="imc-plan-filter imc-print-hide" data-imc-plan-filter hidden aria-label="Фильтр плана">'
        '<label>Месяц <select name="month"><option value="">все</option>'
        + opts((mo, yearplan.month_title(mo)) for mo in months) + '</select></label>'
        + ('<label>Направление <select name="direction"><option value="">все</option>'
           + opts(directions) + '</select></label>' if directions else "")
        + '<label>Отметка <select name="status"><option value="">все</option>'
        + opts([("vypolneno", "выполнено"), ("pereneseno", "перенесено"), ("otmeneno", "отменено"),
                ("open", "не отмечено")]) + '</select></label>'
        '<output class="imc-plan-filter__count" aria-live="polite"></output></form>')
    if len(sections) > 1:
        parts.append('<nav class="imc-plan-toc" aria-label="Разделы плана"><ol>' + "".join(
            f'<li><a href="#s-{si + 1}">{escape(s["title"])}</a></li>' for si, s in enumerate(sections))
            + "</ol></nav>")
    for si, sec in enumerate(sections):
        rows = []
        for ii, it in enumerate(sec.get("items") or []):
            st = it.get("status") or ""
            mark = escape(project.vocab_title("plan_item_statuses", st)) if st else ""
            if it.get("note"):
                mark += Markup("<br>") + escape(it["note"])
            links = _links(project, it, page_url)
            what = escape(it["what"]) + (Markup('<br><span class="imc-plan__links">' + " · ".join(links) + "</span>")
                                         if links else "")
            rows.append(
                f'<tr id="{yearplan.item_anchor(si, ii)}" class="imc-plan__item imc-plan__item--{STATUS_CLASS.get(st, "open")}"'
                f' data-month="{" ".join(_months(it))}" data-direction="{escape(sec.get("direction") or "")}"'
                f' data-status="{escape(st or "open")}">'
                f"<td>{si + 1}.{ii + 1}</td><td>{what}</td><td>{_when_html(it)}</td>"
                f"<td>{escape(it.get('form') or '')}</td><td>{escape(_people(project, it.get('responsible')))}</td>"
                f"<td>{escape(it.get('participants') or '')}</td><td>{escape(it.get('result') or '')}</td>"
                f"<td>{mark}</td></tr>")
        direction = project.vocab_title("directions", sec["direction"]) if sec.get("direction") else ""
        parts.append(
            f'<section class="imc-plan__section" data-direction="{escape(sec.get("direction") or "")}">'
            f'<h2 id="s-{si + 1}">{si + 1}. {escape(sec["title"])}</h2>'
            + (f'<p class="imc-entry__meta">Направление: {escape(direction)}</p>' if direction else "")
            + f'<div class="imc-table-wrap" tabindex="0" role="region" aria-label="Раздел {si + 1}">'
            f'<table><caption>{escape(sec["title"])}</caption><thead><tr>'
            '<th scope="col">№</th><th scope="col">Мероприятие</th><th scope="col">Срок</th>'
            '<th scope="col">Форма</th><th scope="col">Ответственные</th><th scope="col">Участники</th>'
            '<th scope="col">Ожидаемый результат</th><th scope="col">Отметка</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')
    if months:
        by_month: dict[str, list[str]] = {}
        for si, ii, _, it in yearplan.plan_items(item):
            for mo in _months(it):
                by_month.setdefault(mo, []).append(
                    f'<li><a href="#{yearplan.item_anchor(si, ii)}">{si + 1}.{ii + 1}</a> {escape(it["what"])}</li>')
        parts.append('<details class="imc-plan-months imc-print-hide"><summary>План по месяцам</summary>'
                     + "".join(f'<h3 id="m-{mo}">{escape(yearplan.month_title(mo).capitalize())}</h3><ul>'
                               f'{"".join(by_month[mo])}</ul>' for mo in months) + "</details>")
    filters = search_filters(project, item) + [("Учебный год", m["school_year"])]
    parts.append("".join(f'<span hidden data-pagefind-filter="{escape(k)}">{escape(v)}</span>' for k, v in filters))
    return "".join(parts)


# ------------------------------------------------------------------ reports: tables and charts

def fmt(v) -> str:
    """A number as a Russian reader writes it: 87,5 and 1 204."""
    if v is None:
        return "—"
    if float(v).is_integer():
        return f"{int(v):,}".replace(",", "\u00a0")
    return f"{v:.10g}".replace(".", ",")


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def chart_svg(table: tables.Table, chart_id: str) -> str:
    """The table as an SVG chart drawn by pygal: labels are the first column, one series per
    numeric column. No script is left in it, and its id is stable between builds."""
    import pygal
    from pygal.style import Style
    kind = {"hbar": pygal.HorizontalBar, "line": pygal.Line}.get(table.chart, pygal.Bar)  # checked: CHARTS
    style = Style(background="transparent", plot_background="transparent", font_family="sans-serif",
                  foreground="#222", foreground_strong="#000", foreground_subtle="#555",
                  colors=("#1f5fa8", "#c0392b", "#2e7d32", "#8e44ad", "#b7791f", "#00838f"),
                  value_font_size=13, label_font_size=13, major_label_font_size=13, legend_font_size=13)
    drawn = table.chart_columns()
    chart = kind(js=[], disable_xml_declaration=True, print_values=True, style=style, width=760, height=420,
                 value_formatter=fmt, formatter=fmt, show_legend=len(drawn) > 1, legend_at_bottom=True,
                 truncate_label=-1, truncate_legend=-1,
                 range=(0, 100) if all(table.columns[k].percent for k in drawn) else None, include_x_axis=True)
    chart.x_labels = [str(r[0]) for r in table.rows]
    for k in drawn:
        col = table.columns[k]
        chart.add(col.title + (f", {col.unit}" if col.unit else ""), [r[k] for r in table.rows])
    svg = chart.render(is_unicode=True)
    m = re.search(r'id="(chart-[0-9a-f-]+)"', svg)
    if m:
        svg = svg.replace(m.group(1), chart_id)
    svg = _COMMENT.sub("", _SCRIPT.sub("", svg))
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{chart_id}-alt" focusable="false" ', 1)


def chart_alt(table: tables.Table) -> str:
    """The text alternative: what the chart shows, in words."""
    out = [f"Диаграмма «{table.title}»."]
    for k in table.chart_columns():
        col = table.columns[k]
        vals = [(r[k], str(r[0])) for r in table.rows if r[k] is not None]
        if not vals:
            continue
        hi, lo = max(vals), min(vals)
        unit = f"\u00a0{col.unit}" if col.unit else ""
        out.append(f"{col.title}: наибольшее значение — {fmt(hi[0])}{unit} ({hi[1]}), "
                   f"наименьшее — {fmt(lo[0])}{unit} ({lo[1]}).")
    out.append("Все числа — в таблице под диаграммой.")
    return " ".join(out)


def table_html(project: Project, item: Item, table: tables.Table, n: int, page_url: str) -> str:
    tid = f"data-{n + 1}"
    head = "".join(f'<th scope="col">{escape(c.title)}' + (f", {escape(c.unit)}" if c.unit and k else "") + "</th>"
                   for k, c in enumerate(table.columns))
    body = "".join("<tr>" + f'<th scope="row">{escape(r[0])}</th>'
                   + "".join(f'<td class="imc-num">{fmt(v)}</td>' for v in r[1:]) + "</tr>" for r in table.rows)
    figure = ""
    if table.chart != "none" and table.rows:
        figure = (f'<figure class="imc-chart imc-chart--svg" aria-describedby="{tid}-alt">'
                  # drawn for a wide column: on a phone or in large type the picture keeps its
                  # words readable and scrolls sideways in its own labelled region (WCAG 1.4.10
                  # lets two-dimensional content do so); the table below reflows
                  f'<div class="imc-chart__scroll" tabindex="0" role="region" '
                  f'aria-label="Диаграмма «{escape(table.title)}», прокручивается вбок">'
                  f'{chart_svg(table, tid + "-chart")}</div>'
                  f'<figcaption id="{tid}-chart-alt" class="imc-chart__alt">{escape(chart_alt(table))}</figcaption>'
                  f'</figure>')
    source = f'<p class="imc-entry__meta">Источник: {escape(table.source)}</p>' if table.source else ""
    csv_href = rel(page_url, table.csv_src)
    return (f'<section class="imc-data" id="{tid}"><h3 id="{tid}-h">{escape(table.title)}</h3>{figure}'
            f'<div class="imc-table-wrap" tabindex="0" role="region" aria-labelledby="{tid}-h">'
            f'<table id="{tid}-table"><caption>{escape(table.title)}</caption>'
            f'<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>{source}'
            f'<p><a href="{csv_href}" download>Скачать таблицу (CSV, UTF-8)</a></p></section>')


def report_tables(project: Project, item: Item) -> list[tables.Table]:
    out = []
    for decl in item.meta.get("data") or []:
        table, _ = tables.read_table(project.docs_dir, item.src, decl)
        if table is not None:
            out.append(table)
    return out


def report_html(project: Project, item: Item, page_url: str) -> tuple[str, str]:
    """(before the text: the facts; after it: data tables with charts, recommendations)."""
    m = item.meta
    facts = [("Вид", project.vocab_title("report_kinds", m["kind"])), ("Учебный год", m["school_year"])]
    if m.get("period"):
        facts.append(("Период", m["period"]))
    if m.get("districts"):
        facts.append(("Районы", ", ".join(project.vocab_title("districts", d) for d in m["districts"])))
    if m.get("subjects"):
        facts.append(("Предметы", ", ".join(project.vocab_title("subjects", s) for s in m["subjects"])))
    if m.get("levels"):
        facts.append(("Уровни", ", ".join(project.vocab_title("levels", s) for s in m["levels"])))
    if m.get("directions"):
        facts.append(("Направления", ", ".join(project.vocab_title("directions", s) for s in m["directions"])))
    if m.get("structure"):
        facts.append(("Подготовлено", body_title(project, m["structure"])))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    plan = project.get("plan", m["plan"]) if m.get("plan") else None
    if plan:
        dl += f'<dt>Анализирует</dt><dd><a href="{rel(page_url, plan.url)}">{escape(plan.title)}</a></dd>'
    filters = "".join(f'<span hidden data-pagefind-filter="{escape(k)}">{escape(v)}</span>'
                      for k, v in search_filters(project, item) + [("Учебный год", m["school_year"])])
    before = (f'<section class="imc-card" aria-label="Сведения о справке"><dl class="imc-card__list">{dl}</dl>'
              f'{filters}</section>')
    after = []
    found = report_tables(project, item)
    if found:
        after.append('<h2 id="dannye">Данные</h2>')
        after += [table_html(project, item, t, n, page_url) for n, t in enumerate(found)]
    recs = m.get("recommendations") or []
    if recs:
        uses = yearplan.recommendation_uses(project)
        lis = []
        for r in recs:
            became = uses.get((item.id, r["id"]), [])
            links = "".join(f'<br><span class="imc-rec__plan">стала пунктом плана: <a href="'
                            f'{rel(page_url, p.url)}#{anchor}">{escape(p.title)} — {escape(it["what"])}</a></span>'
                            for p, anchor, it in became)
            lis.append(f'<li id="rec-{escape(r["id"])}">{escape(r["text"])}{links}</li>')
        after.append(f'<h2 id="rekomendatsii">Рекомендации</h2><ol class="imc-recs">{"".join(lis)}</ol>')
    return before, "".join(after)


# ------------------------------------------------------------------ years: archive and the cycle

def _year_block(project: Project, year: str, page_url: str, current: str | None) -> str:
    plans = sorted((p for p in project.of_type("plan") if p.meta["school_year"] == year),
                   key=lambda p: (bool(p.meta.get("structure")), body_title(project, p.meta.get("structure"))))
    reports = sorted((r for r in project.of_type("report") if r.meta["school_year"] == year),
                     key=lambda r: str(r.meta.get("date")))
    items = []
    for p in plans:
        done, total = yearplan.progress(p)
        status = project.vocab_title("plan_statuses", p.meta.get("status", ""))
        items.append(f'<li><a href="{rel(page_url, p.url)}">{escape(p.title)}</a> '
                     f'<span class="imc-muted">({escape(body_title(project, p.meta.get("structure")))}; {escape(status)}'
                     + (f"; выполнено {done} из {total}" if total and done else "") + ")</span></li>")
    for r in reports:
        items.append(f'<li><a href="{rel(page_url, r.url)}">{escape(r.title)}</a> '
                     f'<span class="imc-muted">({escape(project.vocab_title("report_kinds", r.meta["kind"]))})</span></li>')
    mark = " <small>(текущий)</small>" if year == current else ""
    return (f'<section class="imc-year" id="y-{year.replace("/", "-")}"><h2>{escape(year)} учебный год{mark}</h2>'
            f'<ul class="imc-list imc-list--compact">{"".join(items)}</ul></section>')


def plans_index_html(project: Project, page_url: str) -> str:
    """«Планы и анализ работы»: a year switcher, every year's plans and reports (archive)."""
    years = yearplan.years(project)
    if not years:
        return "<p>Планов пока нет.</p>"
    current = yearplan.current_year(project, today())
    switcher = ('<nav class="imc-years" aria-label="Учебные годы"><span>Архив по годам:</span><ul>' + "".join(
        f'<li><a href="#y-{y.replace("/", "-")}"' + (' aria-current="true"' if y == current else "")
        + f">{escape(y)}</a></li>" for y in reversed(years)) + "</ul></nav>")
    cycle = f'<p><a class="md-button" href="{rel(page_url, "godovoy-tsikl/")}">Годовой цикл {escape(current or "")}</a></p>'
    return switcher + cycle + "".join(_year_block(project, y, page_url, current) for y in reversed(years))


def cycle_html(project: Project, page_url: str) -> str:
    """«Годовой цикл»: this year's plan with its progress, this year's monitoring, the analysis
    of the previous year and its recommendations that became this year's items."""
    year = yearplan.current_year(project, today())
    if not year:
        return "<p>Планов пока нет.</p>"
    first = int(year[:4])
    previous = f"{first - 1}/{first}"
    plans = [p for p in project.of_type("plan") if p.meta["school_year"] == year]
    own = [p for p in plans if not p.meta.get("structure")] or plans
    out = [f'<p>Учебный год <strong>{escape(year)}</strong>: план → мероприятия → мониторинг → анализ → '
           f'план следующего года. <a href="{rel(page_url, "plany/")}">Все годы</a>.</p>',
           '<h2 id="plan">План работы и его выполнение</h2>']
    for p in own:
        out.append(f'<p><a href="{rel(page_url, p.url)}">{escape(p.title)}</a></p>{progress_html(p)}')
        upcoming = _upcoming_items(project, page_url, today(), [p])[:5]
        if upcoming:
            out.append("<p>Ближайшее по плану:</p><ul>" + "".join(
                f'<li><time datetime="{d.isoformat()}">{ru_date(d)}</time> — <a href="{h}">{escape(t)}</a></li>'
                for d, t, h, _ in upcoming) + "</ul>")
    others = [p for p in plans if p not in own]
    if others:
        out.append("<p>Планы органов методической службы: " + ", ".join(
            f'<a href="{rel(page_url, p.url)}">{escape(body_title(project, p.meta.get("structure")))}</a>'
            for p in others) + ".</p>")
    reports = project.of_type("report")
    monitoring = sorted((r for r in reports if r.meta["school_year"] == year and r.meta["kind"] != "analiz"),
                        key=lambda r: str(r.meta.get("date")))
    out.append('<h2 id="monitoring">Мониторинг и справки этого года</h2>')
    out.append("<ul>" + "".join(f'<li><a href="{rel(page_url, r.url)}">{escape(r.title)}</a> '
                                f'<span class="imc-muted">({ru_date(r.meta.get("date"))})</span></li>'
                                for r in monitoring) + "</ul>" if monitoring else "<p>Справок пока нет.</p>")
    analysis = [r for r in reports if r.meta["kind"] == "analiz" and r.meta["school_year"] == previous]
    out.append(f'<h2 id="analiz">Анализ работы за {escape(previous)} учебный год</h2>')
    out.append("<ul>" + "".join(f'<li><a href="{rel(page_url, r.url)}">{escape(r.title)}</a></li>'
                                for r in analysis) + "</ul>" if analysis else "<p>Анализа пока нет.</p>")
    uses = yearplan.recommendation_uses(project)
    rows = []
    for r in sorted(reports, key=lambda r: r.id):
        for rec in r.meta.get("recommendations") or []:
            for p, anchor, it in uses.get((r.id, rec["id"]), []):
                if p.meta["school_year"] == year:
                    rows.append(f'<tr><td><a href="{rel(page_url, r.url)}#rec-{escape(rec["id"])}">'
                                f'{escape(rec["text"])}</a></td><td><a href="{rel(page_url, p.url)}#{anchor}">'
                                f'{escape(it["what"])}</a></td></tr>')
    out.append('<h2 id="iz-rekomendatsiy">Рекомендации, ставшие пунктами плана этого года</h2>')
    out.append('<div class="imc-table-wrap" tabindex="0" role="region" aria-label="Рекомендации и пункты плана">'
               '<table><caption>Из анализа — в план</caption><thead><tr><th scope="col">Рекомендация</th>'
               f'<th scope="col">Пункт плана</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
               if rows else "<p>Пока ни одна рекомендация не стала пунктом плана.</p>")
    return "".join(out)


# ------------------------------------------------------------------ calendar

def _upcoming_items(project: Project, page_url: str, now: dt.date, plans=None) -> list[tuple]:
    rows = []
    for plan in plans if plans is not None else project.of_type("plan"):
        if plan.meta.get("archive"):
            continue
        for si, ii, _, it in yearplan.plan_items(plan):
            w = yearplan.try_when(it.get("when"))
            # an item linked to an event is listed as that event; one that began is under way
            if w and w.exact and w.start >= now and it.get("status") != "otmeneno" and not it.get("event"):
                rows.append((w.start, it["what"], rel(page_url, f"{plan.url}#{yearplan.item_anchor(si, ii)}"),
                             "по плану: " + body_title(project, plan.meta.get("structure"))))
    return sorted(rows, key=lambda r: (r[0], r[1]))


def upcoming_rows(project: Project, page_url: str, now: dt.date) -> list[tuple]:
    """(date, title, href, kind) of plan items still ahead, for «Ближайшие события»."""
    return _upcoming_items(project, page_url, now)


def plan_events(project: Project, plan: Item, event_factory, absolute, without_linked: bool = False) -> list:
    """iCalendar events of the plan items that have a day (a month alone is not a calendar date);
    `without_linked`: not those shown as their own event (for the common calendar)."""
    host = str(project.site.get("url") or "imc").split("//")[-1].strip("/") or "imc"
    out = []
    for si, ii, _, it in yearplan.plan_items(plan):
        w = yearplan.try_when(it.get("when"))
        if not w or not w.exact or it.get("status") == "otmeneno" or without_linked and it.get("event"):
            continue
        out.append(event_factory(f"plan-{plan.id}-{si + 1}-{ii + 1}@{host}", it["what"], w.start,
                                 w.end if w.end != w.start else None, None, "",
                                 absolute(f"{plan.url}#{yearplan.item_anchor(si, ii)}"),
                                 plan.title + (f". Ответственные: {_people(project, it['responsible'])}"
                                               if it.get("responsible") else "")))
    return out


# ------------------------------------------------------------------ open data

_EVENT_STATUS = {"pereneseno": "https://schema.org/EventRescheduled", "otmeneno": "https://schema.org/EventCancelled"}


def schema_extra(project: Project, item: Item, absolute) -> dict:
    """schema.org of a plan (its items as Event) and of a report (a Dataset with CSV downloads)."""
    m = item.meta
    if item.type.name == "plan":
        elements = []
        for n, (si, ii, sec, it) in enumerate(yearplan.plan_items(item), start=1):
            w = yearplan.try_when(it.get("when"))
            ev = {"@type": "Event", "name": it["what"], "url": absolute(f"{item.url}#{yearplan.item_anchor(si, ii)}"),
                  "eventStatus": _EVENT_STATUS.get(it.get("status"), "https://schema.org/EventScheduled"),
                  "about": sec["title"]}
            if w:
                ev["startDate"] = w.start.isoformat() if w.exact else w.month
                if w.end != w.start:
                    ev["endDate"] = w.end.isoformat() if w.exact else f"{w.end.year:04d}-{w.end.month:02d}"
            if it.get("responsible"):
                ev["organizer"] = [{"@type": "Person", "name": project.person_name(p)} for p in it["responsible"]]
            if it.get("participants"):
                ev["audience"] = {"@type": "Audience", "audienceType": it["participants"]}
            elements.append({"@type": "ListItem", "position": n, "item": ev})
        done, total = yearplan.progress(item)
        return {"@type": ["ItemList", "Schedule"], "legislationIdentifier": None, "legislationDate": None,
                "legislationPassedBy": None,  # the approving order is told in words below
                **({"dateCreated": m["order"]["date"].isoformat(),
                    "creditText": f"Утверждён приказом № {m['order']['number']} ({m['order']['issuer']})"}
                   if m.get("order") else {}), "temporalCoverage": _coverage(m["school_year"]),
                "numberOfItems": len(elements), "itemListElement": elements,
                "description": m.get("description") or f"Выполнено {done} из {total}",
                "producer": {"@type": "Organization", "name": body_title(project, m.get("structure"))}}
    out: dict = {"@type": ["Report", "Dataset"], "temporalCoverage": _coverage(m["school_year"]),
                 "reportNumber": item.id}
    if m.get("districts"):
        out["spatialCoverage"] = [project.vocab_title("districts", d) for d in m["districts"]]
    dist = []
    for decl in m.get("data") or []:
        src = tables.table_src(item.src, str(decl.get("file") or ""))
        csv_src = src if src.endswith(".csv") else posixpath.splitext(src)[0] + ".csv"
        dist.append({"@type": "DataDownload", "name": decl.get("title"), "encodingFormat": "text/csv",
                     "contentUrl": absolute(csv_src)})
    if dist:
        out["distribution"] = dist
    if m.get("plan"):
        plan = project.get("plan", m["plan"])
        if plan:
            out["isBasedOn"] = {"@id": absolute(plan.url), "name": plan.title}
    return out


def _coverage(year: str) -> str:
    a, b = yearplan.school_year_bounds(year)
    return f"{a.isoformat()}/{b.isoformat()}"


def generated_csv(project: Project) -> dict[str, str]:
    """site path -> CSV text, for tables kept in YAML (a CSV table is published as it is)."""
    out = {}
    for item in project.of_type("report"):
        for table in report_tables(project, item):
            if table.csv_src != table.src:
                out[table.csv_src] = table.as_csv()
    return out
