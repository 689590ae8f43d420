"""Which pages the build generates from metadata, and what each of them lists.

A catalogue (practices, products) gets a paginated list of everything, and one page per
facet value (subject, level, …) with its newest materials, so filters work as plain links
without JavaScript. A facet page does not page through all of its materials: at 10 000
materials that would be some 3 000 more pages to build (each material is listed under
eight or more values) for lists that the search filters show better; it names the
total and links to the search with that filter, and the full list holds every material.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from imc.content import acts, model, shelf
from imc.content.project import Item, Project

PER_PAGE = 30


@dataclass
class Facet:
    path: str  # dotted field path: subjects, review.status
    field: model.Field  # the field that carries the value (list item for lists)
    slug: str  # URL part: predmet
    label: str  # «Предмет»


@dataclass
class CatalogPage:
    src: str  # virtual source path: praktiki/f/predmet/matematika.md
    title: str
    ctype: model.ContentType
    items: list[Item]
    page: int = 1
    pages: int = 1
    facet: Facet | None = None
    value: str | None = None  # facet value id
    siblings: list[str] = field(default_factory=list)  # src of each page of this listing
    total: int = 0  # materials in the whole listing, over all its pages


def facet_defs(ctype: model.ContentType) -> list[Facet]:
    out = []
    for path, f in model.facets(ctype):
        out.append(Facet(path, f, f.facet, f.label))
    out.append(Facet("district", model.F("district", "vocab", "Округ", vocab="districts"), "okrug", "Округ"))
    out += [Facet(path, f, f.facet, f.label) for path, f in shelf.derived_facets(ctype)]
    return out


def item_values(project: Project, item: Item, facet: Facet) -> list[str]:
    """Facet values of an item as ids (organisation's district is derived)."""
    if facet.path == "district":
        org = project.registries.get("organisations", {}).get(item.meta.get("organisation", ""))
        return [org["district"]] if org and org.get("district") else []
    if (derived := shelf.derived_values(item, facet.path)) is not None:
        return derived
    value: object = item.meta
    for part in facet.path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def value_title(project: Project, facet: Facet, value: str) -> str:
    f = facet.field.item if facet.field.kind == "list" and facet.field.item else facet.field
    if f.kind == "vocab":
        return project.vocab_title(f.vocab, value)
    if f.kind == "ref" and f.ref == "organisations":
        return project.org_name(value)
    if facet.path == shelf.MONTH:
        return shelf.month_title(value)
    return value


def sort_items(items: list[Item]) -> list[Item]:
    # a course is placed by its start, not by when it was announced
    return sorted(items, key=lambda i: (str(i.meta.get("start") or i.meta.get("date") or ""), i.id), reverse=True)


def _paginate(src_base: str, first_src: str, title: str, ctype, items, facet=None, value=None,
              max_pages: int | None = None):
    pages = max(1, math.ceil(len(items) / PER_PAGE))
    if max_pages is not None:
        pages = min(pages, max_pages)
    srcs = [first_src] + [f"{src_base}-{n}.md" for n in range(2, pages + 1)]
    out = []
    for n in range(pages):
        chunk = items[n * PER_PAGE:(n + 1) * PER_PAGE]
        t = title if n == 0 else f"{title} — страница {n + 1}"
        out.append(CatalogPage(srcs[n], t, ctype, chunk, n + 1, pages, facet, value, srcs, len(items)))
    return out


def catalog_pages(project: Project) -> list[CatalogPage]:
    out: list[CatalogPage] = []
    for ctype in model.TYPES.values():
        if not ctype.catalogue:
            continue
        items = sort_items(project.of_type(ctype.name))
        folder = ctype.folder
        out += _paginate(f"{folder}/f/vse", f"{folder}/index.md", ctype.plural, ctype, items)
        for facet in facet_defs(ctype):
            groups: dict[str, list[Item]] = {}
            for item in items:
                for v in item_values(project, item, facet):
                    groups.setdefault(v, []).append(item)
            for value, group in sorted(groups.items()):
                title = f"{ctype.plural}: {value_title(project, facet, value)}"
                base = f"{folder}/f/{facet.slug}/{value}"
                out += _paginate(base, base + ".md", title, ctype, group, facet, value, max_pages=1)
    return out


def facet_counts(project: Project, ctype: model.ContentType, items: list[Item] | None = None):
    """[(facet, [(value, title, count)])] for the filter panel. Over all materials of the type
    (items=None) it is computed once per build: every catalogue page shows the same panel."""
    if items is None:
        cache = project.__dict__.setdefault("_facet_counts", {})
        if ctype.name not in cache:
            cache[ctype.name] = facet_counts(project, ctype, project.of_type(ctype.name))
        return cache[ctype.name]
    out = []
    for facet in facet_defs(ctype):
        counts: Counter = Counter()
        for item in items:
            counts.update(item_values(project, item, facet))
        rows = [(v, value_title(project, facet, v), n) for v, n in counts.items()]
        if facet.field.kind in ("year", "date"):  # years and months: the latest first
            rows.sort(key=lambda r: r[0], reverse=True)
        else:
            rows.sort(key=lambda r: (-r[2], r[1]))
        if rows:
            out.append((facet, rows))
    return out


# Pages the build always adds (or fills in, when the author wrote an intro at that path).
SECTION_PAGES = {
    "rmo/index.md": "Районные методические объединения",
    "dokumenty/index.md": "Документы",
    "sobytiya/index.md": "События",
    "novosti/index.md": "Новости",
    "o-nas/struktura.md": "Структура методической службы",
    "o-nas/ploshchadki.md": "Площадки",
    "o-nas/statistika.md": "Статистика",
    "spravka/polya.md": "Поля метаданных",
    "poisk.md": "Поиск",
    "plany/index.md": "Планы работы по годам",
    "analitika/index.md": "Аналитика и мониторинг",
    "godovoy-tsikl.md": "Годовой цикл",
    "kursy/arkhiv.md": "Архив курсов",
    "knigi/novinki.md": "Новинки литературы",
}


# Files written after the pages (open data); declared up front so links to them validate.
OPEN_DATA = ("catalog.json", "feed.xml", "rss.xml", "synonyms.json", "sobytiya/calendar.ics")


def page_fingerprints(project: Project, pages: list[CatalogPage], salt: object = ()) -> dict[str, int]:
    """A number per catalogue page that changes whenever its HTML would: the metadata of the
    materials it lists, the facet values of all materials of its type (the counts beside each
    filter), its place among its sibling pages. The live preview rebuilds only pages whose
    number changed. `salt` stands for what lies outside the materials (the registries)."""
    item_fp = {i.rel: hash(repr(i.meta)) for i in project.items}
    type_fp = {}
    for ctype in {p.ctype.name: p.ctype for p in pages}.values():
        facets = facet_defs(ctype)
        type_fp[ctype.name] = hash(tuple((i.rel, tuple(tuple(item_values(project, i, f)) for f in facets))
                                         for i in project.of_type(ctype.name)))
    return {p.src: hash((salt, type_fp[p.ctype.name], p.title, p.page, p.pages, p.value, tuple(p.siblings),
                         tuple((i.rel, item_fp[i.rel]) for i in p.items)))
            for p in pages}


def data_files(project: Project) -> list[str]:
    out = list(OPEN_DATA)
    out += [f"{i.url}calendar.ics" for i in project.of_type("rmo") + project.of_type("body")]
    out += [f"{i.url}event.ics" for i in project.of_type("event")]
    out += [f"{i.url}plan.ics" for i in project.of_type("plan")]
    out.append(acts.FEED)
    out += [f"{i.url}course.ics" for i in project.of_type("course")]
    return out


def generated_paths(project: Project) -> set[str]:
    return {p.src for p in catalog_pages(project)} | set(SECTION_PAGES) | set(data_files(project)) \
        | set(acts.pages(project))
