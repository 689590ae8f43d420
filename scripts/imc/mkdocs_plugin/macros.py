"""Macros for the project's own pages (mkdocs-macros `modules: [imc.macros]`).

Only pages listed in data/site.yml `template_pages` run them, in a sandboxed Jinja
environment; contributed materials never do.
"""
from __future__ import annotations

from imc.content import labels
from imc.content.catalog import sort_items
from imc.core.text import ru_date
from imc.site import bodies, render
from markupsafe import Markup, escape


def _project(env):
    return env.conf.plugins["imc"].project  # read and checked by the imc plugin's on_config


def define_env(env):
    def page_url() -> str:
        return env.page.url if getattr(env, "page", None) is not None else ""

    @env.macro
    def latest(type_name: str = "practice", limit: int = 4, **filters) -> Markup:
        """Newest materials of a type as cards; filters by field id, e.g. subjects="matematika"."""
        project = _project(env)
        items = sort_items(project.of_type(type_name))
        for key, value in filters.items():
            items = [i for i in items if value == i.meta.get(key) or value in (i.meta.get(key) or [])]
        url = page_url()
        cards = "".join(
            f'<li class="imc-tile"><a href="{render.rel(url, i.url)}"><span class="imc-tile__title">'
            f'{escape(i.title)}</span></a><span class="imc-tile__meta">{escape(render.entry_meta(project, i))}'
            f'</span></li>' for i in items[:limit])
        return Markup(f'<ul class="imc-tiles">{cards}</ul>')

    @env.macro
    def upcoming(limit: int = 6) -> Markup:
        """Next events and РМО meetings."""
        project = _project(env)
        url = page_url()
        today = render.today()
        rows = []
        for e in project.of_type("event"):
            if (e.meta.get("end") or e.meta["start"]) >= today:
                rows.append((e.meta["start"], e.title, render.rel(url, e.url), e.type.label))
        for r in project.of_type("rmo"):
            for mt in render.meetings(project, r):
                if not mt["past"]:
                    rows.append((mt["date"], f"{r.title}: {mt['topic']}", render.rel(url, f"{r.url}#z-{mt['n']}"),
                                 "заседание " + labels.rmo(project.site).short))
        rows += [(d, t, render.rel(url, h), k) for d, t, h, k in bodies.upcoming(project)]
        from imc.site.yearcycle import upcoming_rows
        rows += upcoming_rows(project, url, today)  # plan items with a day
        rows.sort(key=lambda t: t[0])
        lis = "".join(f'<li><time datetime="{d.isoformat()}">{ru_date(d, year=False)}</time> — '
                      f'<a href="{h}">{escape(t)}</a> <span class="imc-muted">({escape(k)})</span></li>'
                      for d, t, h, k in rows[:limit])
        return Markup(f'<ul class="imc-upcoming">{lis}</ul>')

    @env.macro
    def upcoming_courses(limit: int = 4) -> Markup:
        """«Ближайшие курсы»: courses not over yet, the nearest first."""
        from imc.site import shelf
        return Markup(shelf.upcoming_html(_project(env), page_url(), limit))

    @env.macro
    def site_fact(key: str) -> str:
        return str(_project(env).site.get(key, ""))

    @env.macro
    def count(type_name: str) -> int:
        return len(_project(env).of_type(type_name))
