"""Section pages generated from data/: structure, площадки, statistics, field reference, search."""
from __future__ import annotations

import json
import re
from collections import Counter
from textwrap import wrap

from markupsafe import escape

from . import model
from .project import Project
from .render import rel
from .text import plural

# ------------------------------------------------------------------ structure diagram


def structure_svg(project: Project) -> str:
    """A layered diagram of the bodies of the ММС, drawn at build time (no JS, no service)."""
    bodies = project.registries.get("structure", {})
    if not bodies:
        return ""
    children: dict[str | None, list[str]] = {}
    for bid, b in bodies.items():
        parent = b.get("parent") if b.get("parent") in bodies else None
        children.setdefault(parent, []).append(bid)
    levels: list[list[str]] = []
    frontier = children.get(None, [])
    seen = set()
    while frontier:
        levels.append(frontier)
        seen.update(frontier)
        frontier = [c for p in frontier for c in children.get(p, []) if c not in seen]
    box_w, box_h, gap_x, gap_y = 190, 64, 14, 46
    width = max(len(lv) for lv in levels) * (box_w + gap_x) + gap_x
    height = len(levels) * (box_h + gap_y) + gap_y
    pos = {}
    parts = []
    for depth, lv in enumerate(levels):
        row_w = len(lv) * (box_w + gap_x) - gap_x
        x0 = (width - row_w) / 2
        for k, bid in enumerate(lv):
            pos[bid] = (x0 + k * (box_w + gap_x), gap_y / 2 + depth * (box_h + gap_y))
    for bid, (x, y) in pos.items():
        parent = bodies[bid].get("parent")
        if parent in pos:
            px, py = pos[parent]
            parts.append(f'<path d="M{px + box_w / 2:.0f},{py + box_h:.0f} V{(py + box_h + y) / 2:.0f} '
                         f'H{x + box_w / 2:.0f} V{y:.0f}" class="imc-svg-link"/>')
    for bid, (x, y) in pos.items():
        b = bodies[bid]
        lines = wrap(b["title"], 26)[:3]
        text = "".join(f'<tspan x="{x + box_w / 2:.0f}" dy="{0 if i == 0 else 15}">{escape(t)}</tspan>'
                       for i, t in enumerate(lines))
        ty = y + box_h / 2 - (len(lines) - 1) * 7.5 + 5
        parts.append(f'<a href="#{bid}"><rect x="{x:.0f}" y="{y:.0f}" width="{box_w}" height="{box_h}" rx="8" '
                     f'class="imc-svg-box imc-svg-box--{escape(b["kind"])}"/>'
                     f'<text x="{x + box_w / 2:.0f}" y="{ty:.0f}" text-anchor="middle">{text}</text></a>')
    return (f'<figure class="imc-diagram"><svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-labelledby="imc-struct-t" xmlns="http://www.w3.org/2000/svg"><title id="imc-struct-t">'
            f'Схема структуры методической службы</title>{"".join(parts)}</svg>'
            f'<figcaption>Схема: что входит в методическую службу. Описание каждой структуры — ниже.</figcaption></figure>')


def structure_html(project: Project, page_url: str) -> str:
    bodies = project.registries.get("structure", {})
    out = [structure_svg(project)]
    for bid, b in bodies.items():
        leader = project.person_name(b["leader"]) if b.get("leader") else ""
        parent = bodies.get(b.get("parent") or "", {}).get("title")
        link = f' <a href="{rel(page_url, b["page"][:-3].removesuffix("index") if b["page"].endswith(".md") else b["page"])}">Страница</a>' \
            if b.get("page") else ""
        out.append(f'<section class="imc-body" id="{escape(bid)}"><h2>{escape(b["title"])}</h2>'
                   f'<p class="imc-entry__meta">{escape(project.vocab_title("body_kinds", b["kind"]))}'
                   + (f" · входит в: {escape(parent)}" if parent else "")
                   + (f" · руководитель: {escape(leader)}" if leader else "") + f"{link}</p>"
                   + (f"<p>{escape(b['description'])}</p>" if b.get("description") else "") + "</section>")
    rmo = project.of_type("rmo")
    if rmo:
        out.append('<h2 id="rmo">Районные методические объединения</h2><ul>' + "".join(
            f'<li><a href="{rel(page_url, r.url)}">{escape(r.title)}</a> — руководитель '
            f'{escape(project.person_name(r.meta["leader"]))}</li>' for r in sorted(rmo, key=lambda r: r.title))
            + "</ul>")
    return "".join(out)


def platforms_html(project: Project, page_url: str) -> str:
    rows = []
    for pid, p in sorted(project.registries.get("platforms", {}).items(), key=lambda kv: kv[1]["title"]):
        period = f"{p['start']}–{p['end']}" if p.get("end") else f"с {p['start']}"
        subjects = ", ".join(project.vocab_title("subjects", s) for s in p.get("subjects") or [])
        rows.append(f'<section class="imc-body" id="{escape(pid)}"><h2>{escape(p["title"])}</h2>'
                    f'<dl class="imc-card__list"><dt>Вид</dt><dd>{escape(project.vocab_title("platform_kinds", p["kind"]))}</dd>'
                    f'<dt>Организация</dt><dd>{escape(project.org_name(p["organisation"], short=False))}</dd>'
                    f'<dt>Тема</dt><dd>{escape(p["theme"])}</dd><dt>Период</dt><dd>{period}</dd>'
                    + (f'<dt>Приказ</dt><dd>{escape(p["order"])}</dd>' if p.get("order") else "")
                    + (f'<dt>Предметы</dt><dd>{escape(subjects)}</dd>' if subjects else "") + "</dl>"
                    + (f"<p>{escape(p['description'])}</p>" if p.get("description") else "") + "</section>")
    return "".join(rows) or "<p>Площадок пока нет.</p>"


# ------------------------------------------------------------------ statistics (inline SVG)

def bar_chart(title: str, rows: list[tuple[str, int]], chart_id: str) -> str:
    if not rows:
        return ""
    rows = rows[:15]
    top = max(n for _, n in rows) or 1
    label_w, bar_w, row_h = 260, 320, 26
    height = row_h * len(rows) + 10
    bars = []
    for i, (label, n) in enumerate(rows):
        y = 5 + i * row_h
        w = max(2, bar_w * n / top)
        short = label if len(label) <= 34 else label[:33] + "…"
        bars.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(short)}</text>'
                    f'<rect x="{label_w}" y="{y + 4}" width="{w:.0f}" height="{row_h - 8}" class="imc-svg-bar"/>'
                    f'<text x="{label_w + w + 6:.0f}" y="{y + 17}">{n}</text>')
    table = "".join(f"<tr><td>{escape(label)}</td><td>{n}</td></tr>" for label, n in rows)
    return (f'<h2 id="{chart_id}">{escape(title)}</h2><figure class="imc-chart">'
            f'<svg viewBox="0 0 {label_w + bar_w + 50} {height}" role="img" aria-labelledby="{chart_id}-t" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{escape(title)}</title>{"".join(bars)}</svg>'
            f'<details><summary>Таблица данных</summary><table><thead><tr><th scope="col">Значение</th>'
            f'<th scope="col">Материалов</th></tr></thead><tbody>{table}</tbody></table></details></figure>')


def stats_html(project: Project, page_url: str) -> str:
    materials = [i for i in project.items if i.type.catalogue]
    counters = {"subjects": Counter(), "levels": Counter(), "organisation": Counter(), "year": Counter()}
    for i in materials:
        m = i.meta
        counters["subjects"].update(project.vocab_title("subjects", s) for s in m.get("subjects") or [])
        counters["levels"].update(project.vocab_title("levels", s) for s in m.get("levels") or [])
        if m.get("organisation"):
            counters["organisation"][project.org_name(m["organisation"])] += 1
        if m.get("year"):
            counters["year"][str(m["year"])] += 1
    practices = project.of_type("practice")
    recommended = sum(1 for p in practices if (p.meta.get("review") or {}).get("status") == "rekomendovana")
    replicated = sum(len(p.meta.get("replications") or []) for p in practices)
    summary = (f"<p>В банке {plural(len(practices), 'практика', 'практики', 'практик')} и "
               f"{plural(len(project.of_type('product')), 'методический продукт', 'методических продукта', 'методических продуктов')}; "
               f"рекомендовано методическим советом — {recommended}; практики внедрены в других организациях "
               f"{plural(replicated, 'раз', 'раза', 'раз')}.</p>")
    return summary + "".join([
        bar_chart("Материалы по предметам", counters["subjects"].most_common(), "po-predmetam"),
        bar_chart("Материалы по уровням образования", counters["levels"].most_common(), "po-urovnyam"),
        bar_chart("Материалы по организациям", counters["organisation"].most_common(), "po-organizatsiyam"),
        bar_chart("Материалы по годам", sorted(counters["year"].items()), "po-godam"),
    ])


# ------------------------------------------------------------------ field reference

_KIND = {"str": "строка", "text": "текст (можно в несколько строк)", "date": "дата ГГГГ-ММ-ДД",
         "time": "время ЧЧ:ММ", "year": "год", "int": "целое число", "bool": "true / false",
         "url": "адрес https://…", "file": "путь к файлу рядом с .md", "school_year": "учебный год 2025/2026",
         "vocab": "значение словаря", "ref": "код из реестра", "list": "список", "object": "вложенные поля",
         "scores": "критерий: балл", "slug": "код латиницей"}


def _field_rows(fields, prefix=""):
    for path, f in model.iter_fields(fields, prefix):
        kind = _KIND.get(f.kind, f.kind)
        if f.kind == "list" and f.item is not None:
            kind = "список: " + _KIND.get(f.item.kind, f.item.kind)
            f2 = f.item
        else:
            f2 = f
        extra = f" (словарь «{model.VOCABULARIES.get(f2.vocab, f2.vocab)}»)" if f2.kind == "vocab" else \
            f" (data/{f2.ref}.yml)" if f2.kind == "ref" and f2.ref in model.REGISTRIES else \
            (f" (материал типа {f2.ref})" if f2.kind == "ref" else "")
        yield (f"<tr><td><code>{escape(path)}</code></td><td>{escape(f.label)}</td><td>{escape(kind + extra)}</td>"
               f"<td>{'да' if f.required else ''}</td><td>{escape(f.help)}</td>"
               f"<td>{escape(f.schema)}</td></tr>")


def fields_html(project: Project, page_url: str) -> str:
    head = ('<thead><tr><th scope="col">Поле</th><th scope="col">Что это</th><th scope="col">Формат</th>'
            '<th scope="col">Обяз.</th><th scope="col">Подсказка</th><th scope="col">schema.org</th></tr></thead>')
    out = ["<p>Эта страница собрана из описания модели контента (scripts/imc/model.py): те же правила "
           "проверяет <code>imc check</code>, по ним же строятся заготовки <code>imc new</code> и форма редактора.</p>"]
    for t in model.TYPES.values():
        where = f"docs/{t.folder}/" if t.folder else "docs/"
        out.append(f'<h2 id="{t.name}">{escape(t.label)} <small>({t.name}, папка {where})</small></h2>')
        if t.sections:
            out.append("<p>Обязательные разделы текста: " + ", ".join(f"«{escape(s)}»" for s in t.sections) + ".</p>")
        out.append(f'<div class="imc-table-wrap" tabindex="0" role="region" aria-label="Поля: {escape(t.label)}">'
                   f'<table>{head}<tbody>{"".join(_field_rows(t.fields))}</tbody></table></div>')
    for r in model.REGISTRIES.values():
        out.append(f'<h2 id="reestr-{r.name}">{escape(r.label)} <small>(data/{r.file})</small></h2>'
                   f'<div class="imc-table-wrap" tabindex="0" role="region" aria-label="Поля: {escape(r.label)}">'
                   f'<table>{head}<tbody>{"".join(_field_rows(r.fields))}</tbody></table></div>')
    out.append('<h2 id="slovari">Словари (data/vocabularies.yml)</h2>')
    for name, label in model.VOCABULARIES.items():
        v = project.vocabularies.get(name)
        values = ", ".join(f"{e['title']} (<code>{e['id']}</code>)" for e in v.entries) if v else ""
        out.append(f"<p><strong>{escape(label)}</strong> <code>{name}</code>: {values}</p>")
    return "".join(out)


# ------------------------------------------------------------------ search page

_ABBR = re.compile(r"[А-ЯЁ]{2,6}")
_ABBR_LINE = re.compile(r"^\*\[([А-ЯЁ]{2,6})\]:", re.M)


def search_abbreviations(project: Project) -> list[str]:
    """Abbreviations the search keeps whole in any case («иом» = «ИОМ», see imc.search):
    those in data/synonyms.yml and in snippets/abbreviations.md."""
    words = {w for key, values in project.synonyms.items() for w in [key, *values]
             if _ABBR.fullmatch(str(w))}
    snippet = project.root / "snippets" / "abbreviations.md"
    if snippet.is_file():
        words.update(_ABBR_LINE.findall(snippet.read_text(encoding="utf-8")))
    return sorted(words)


def search_html(project: Project, page_url: str) -> str:
    abbr = escape(json.dumps(search_abbreviations(project), ensure_ascii=False))
    return (
        '<div id="imc-search" class="imc-search" data-bundle="' + rel(page_url, "pagefind/") +
        f'" data-abbr="{abbr}">'
        '<form class="imc-search__form" role="search" action="" method="get">'
        '<label for="imc-q">Что ищем</label>'
        '<input id="imc-q" name="q" type="search" autocomplete="off" '
        'placeholder="например: функциональная грамотность 5 класс">'
        '<button type="submit" class="md-button md-button--primary">Найти</button></form>'
        '<div class="imc-search__body">'
        # The facets are loaded when the panel is opened (or the address has filters): a first
        # query does not download the filter index of the whole site.
        '<nav class="imc-search__side" aria-label="Фильтры поиска"><h2 class="imc-filters__title">'
        '<button type="button" class="imc-search__toggle" aria-expanded="false" aria-controls="imc-search-filters">'
        'Фильтры<span class="imc-search__toggle-note">: тип, предмет, уровень, год, организация…</span>'
        '</button></h2><div class="imc-search__filters" id="imc-search-filters" hidden></div></nav>'
        '<section class="imc-search__main" aria-labelledby="imc-search-h">'
        '<h2 id="imc-search-h" class="imc-sr-only">Результаты поиска</h2>'
        '<div class="imc-search__results" aria-live="polite"></div></section></div>'
        '<noscript><p>Поиск работает с включённым JavaScript. Без него пользуйтесь '
        f'<a href="{rel(page_url, "praktiki/")}">каталогом практик</a> и '
        f'<a href="{rel(page_url, "kopilka/")}">копилкой</a> с фильтрами.</p></noscript></div>'
    )
