"""Section pages generated from data/: structure, площадки, statistics, field reference, search."""
from __future__ import annotations

import json
import re
from collections import Counter

from imc.content import labels, model
from imc.content.project import Project
from imc.core.text import plural
from imc.site import shelf
from imc.site.render import rel, url_of_src
from markupsafe import escape

# ------------------------------------------------------------------ structure diagram


def _body_href(page_url: str, bid: str, body: dict, project: Project | None = None) -> str:
    """A body's own page (docs/struktura/, or the page data/structure.yml names); otherwise its
    description below."""
    from imc.site.bodies import body_page
    own = body_page(project, bid) if project is not None else None
    if own is not None:
        return rel(page_url, own.url)
    page = body.get("page")
    if page and page.endswith(".md"):
        return rel(page_url, url_of_src(page))
    return f"#{bid}"


def structure_tree(project: Project, page_url: str) -> str:
    """The bodies of the ММС as a tree of nested lists styled as boxes (no SVG, no JS): the
    text is the page's own text, so it wraps at any width and grows with the large-type
    version; on a narrow screen the tree simply reads top to bottom. Each box is a link."""
    bodies = project.registries.get("structure", {})
    if not bodies:
        return ""
    children: dict[str | None, list[str]] = {}
    for bid, b in bodies.items():
        parent = b.get("parent") if b.get("parent") in bodies else None
        children.setdefault(parent, []).append(bid)
    rmo = sorted(project.of_type("rmo"), key=lambda r: r.title)

    def node(bid: str, seen: frozenset) -> str:
        b = bodies[bid]
        kind = project.vocab_title("body_kinds", b["kind"])
        box = (f'<a class="imc-tree__box imc-tree__box--{escape(b["kind"])}" href="{_body_href(page_url, bid, b, project)}">'
               f'<span class="imc-tree__title">{escape(b["title"])}</span>'
               f'<span class="imc-tree__kind">{escape(kind)}</span></a>')
        kids = [node(c, seen | {bid}) for c in children.get(bid, []) if c not in seen]
        if b.get("page") == "rmo/index.md":  # the РМО themselves, each with its page
            kids += [f'<li><a class="imc-tree__box imc-tree__box--rmo" href="{rel(page_url, r.url)}">'
                     f'<span class="imc-tree__title">{escape(r.title)}</span></a></li>' for r in rmo]
        return f"<li>{box}" + (f'<ul>{"".join(kids)}</ul>' if kids else "") + "</li>"

    roots = children.get(None, [])
    return ('<figure class="imc-diagram" aria-labelledby="imc-struct-cap">'
            '<figcaption id="imc-struct-cap">Схема: что входит в методическую службу. Каждый блок — ссылка '
            'на страницу структуры или на её описание ниже.</figcaption>'
            f'<ul class="imc-tree">{"".join(node(r, frozenset()) for r in roots)}</ul></figure>')


def structure_html(project: Project, page_url: str) -> str:
    from imc.site.bodies import body_page
    bodies = project.registries.get("structure", {})
    out = [structure_tree(project, page_url)]
    for bid, b in bodies.items():
        leader = project.person_name(b["leader"]) if b.get("leader") else ""
        parent = bodies.get(b.get("parent") or "", {}).get("title")
        link = f' · <a href="{_body_href(page_url, bid, b, project)}">Страница</a>' \
            if b.get("page") or body_page(project, bid) else ""
        out.append(f'<section class="imc-body" id="{escape(bid)}"><h2>{escape(b["title"])}</h2>'
                   f'<p class="imc-entry__meta">{escape(project.vocab_title("body_kinds", b["kind"]))}'
                   + (f" · входит в: {escape(parent)}" if parent else "")
                   + (f" · руководитель: {escape(leader)}" if leader else "") + f"{link}</p>"
                   + (f"<p>{escape(b['description'])}</p>" if b.get("description") else "") + "</section>")
    rmo = project.of_type("rmo")
    if rmo:
        out.append(f'<h2 id="rmo-list">{escape(labels.rmo(project.site).plural)}</h2><ul>' + "".join(
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


# ------------------------------------------------------------------ statistics (bar charts)

def bar_chart(title: str, rows: list[tuple[str, int]], chart_id: str, unit: str = "Материалов") -> str:
    """A horizontal bar chart whose labels and values are HTML text, not SVG text: an SVG
    scaled into its box scales its letters too (a pygal chart of these data measured 11 px at
    1280 px and 5 px at 375 px in Chromium), while page text wraps, keeps its size at any width
    and grows with the large-type version. Only the bar is drawn (an SVG rectangle as wide as
    its share, no text in it, no inline style for the CSP). The data table stays as the
    chart's description, for screen readers and for copying."""
    if not rows:
        return ""
    rows = rows[:15]
    top = max(n for _, n in rows) or 1
    bars = "".join(
        f'<li class="imc-bars__row"><span class="imc-bars__label">{escape(label)}</span>'
        f'<span class="imc-bars__track"><svg class="imc-bars__bar" aria-hidden="true" focusable="false">'
        f'<rect width="{max(1.0, 100 * n / top):.1f}%" height="100%"/></svg>'
        f'<span class="imc-bars__value">{n}</span></span></li>' for label, n in rows)
    table = "".join(f"<tr><td>{escape(label)}</td><td>{n}</td></tr>" for label, n in rows)
    return (f'<h2 id="{chart_id}">{escape(title)}</h2>'
            f'<figure class="imc-chart" aria-labelledby="{chart_id}" aria-describedby="{chart_id}-data">'
            f'<ol class="imc-bars">{bars}</ol>'
            f'<details class="imc-chart__data"><summary>Таблица данных</summary>'
            f'<table id="{chart_id}-data"><caption>{escape(title)}</caption><thead><tr><th scope="col">Значение</th>'
            f'<th scope="col">{escape(unit)}</th></tr></thead><tbody>{table}</tbody></table></details></figure>')


def stats_html(project: Project, page_url: str) -> str:
    materials = [i for i in project.items if i.type.name in ("practice", "product")]  # the bank, not courses or books
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
        shelf.participants_html(project),
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
    out = ["<p>Эта страница собрана из описания модели контента (scripts/imc/content/model.py): те же правила "
           "проверяет <code>imc check</code>, по ним же строятся заготовки <code>imc new</code> и форма редактора.</p>"]
    for t in model.TYPES.values():
        where = f"docs/{t.folder}/" if t.folder else "docs/"
        out.append(f'<h2 id="{t.name}">{escape(labels.type_label(project.site, t))} <small>({t.name}, папка {where})</small></h2>')
        if t.sections:
            out.append("<p>Обязательные разделы текста: " + ", ".join(f"«{escape(s)}»" for s in t.sections) + ".</p>")
        out.append(f'<div class="imc-table-wrap" tabindex="0" role="region" aria-label="Поля: {escape(t.label)}">'
                   f'<table>{head}<tbody>{labels.relabel(project.site, "".join(_field_rows(t.fields)))}'
                   '</tbody></table></div>')
    for r in model.REGISTRIES.values():
        out.append(f'<h2 id="reestr-{r.name}">{escape(r.label)} <small>(data/{r.file})</small></h2>'
                   f'<div class="imc-table-wrap" tabindex="0" role="region" aria-label="Поля: {escape(r.label)}">'
                   f'<table>{head}<tbody>{"".join(_field_rows(r.fields))}</tbody></table></div>')
    out.append('<h2 id="nastroyki">Настройки сайта <small>(data/site.yml)</small></h2>'
               '<div class="imc-table-wrap" tabindex="0" role="region" aria-label="Поля: настройки сайта">'
               f'<table>{head}<tbody>{"".join(_field_rows(model.SITE_FIELDS))}</tbody></table></div>')
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
