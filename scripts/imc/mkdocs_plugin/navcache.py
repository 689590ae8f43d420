"""The theme's menu and tabs rendered once per place, not once per page.

mkdocs-material renders the whole menu (partials/nav.html) and the tabs (partials/tabs.html)
into every page: on a bank of 10 000 materials that is a fifth of the build. A material's
page is not in the menu, so nothing in the menu is marked for it, and the HTML differs between
two such pages only in the relative links. The cache key is therefore the menu's links as this
page writes them, plus what the menu marks active; a page that is in the menu (its own table of
contents is drawn inside the menu) is rendered as before and not stored.

The theme's own partial (or the site's override of it) is wrapped, not copied: a site that
overrides partials/nav.html still gets its own menu, cached the same way.
"""
from __future__ import annotations

from jinja2 import ChoiceLoader, DictLoader, PrefixLoader
from mkdocs.utils import get_relative_url

PARTIALS = ("partials/nav.html", "partials/tabs.html")
ORIGINAL = "imc-theme"

_WRAPPER = """\
{%- set imc_key = imc_partial_key('NAME', page) -%}
{%- set imc_hit = imc_partial_get(imc_key) -%}
{%- if imc_hit is not none -%}{{ imc_hit }}{%- else -%}
{%- set imc_html -%}{% include "ORIGINAL/NAME" %}{%- endset -%}
{{- imc_partial_put(imc_key, imc_html) -}}
{%- endif -%}"""


class PartialCache:
    def __init__(self, nav):
        self.stored: dict[tuple, str] = {}
        self.in_nav = {id(p) for p in nav.pages}
        self.items = list(_walk(nav.items))
        urls = [getattr(i, "url", None) for i in self.items]
        if nav.homepage is not None:
            urls.append(nav.homepage.url)
        self.urls = [u for u in urls if u is not None]

    def key(self, name: str, page) -> tuple | None:
        if page is None or id(page) in self.in_nav:
            return None
        active = tuple(k for k, item in enumerate(self.items) if getattr(item, "active", False))
        return (name, active, tuple(get_relative_url(u, page.url) for u in self.urls))

    def get(self, key):
        return self.stored.get(key) if key is not None else None

    def put(self, key, html: str) -> str:
        if key is not None:
            self.stored[key] = html
        return html


def _walk(items):
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


def install(env, nav) -> PartialCache:
    """Wrap the theme's nav and tabs partials in `env` with a cache for this build's `nav`."""
    cache = PartialCache(nav)
    wrappers = {name: _WRAPPER.replace("ORIGINAL", ORIGINAL).replace("NAME", name) for name in PARTIALS}
    original = env.loader
    if isinstance(original, ChoiceLoader) and original.loaders and getattr(original.loaders[0], "imc_wrappers", False):
        original = original.loaders[2]  # installed by an earlier build of the preview
    wrapper_loader = DictLoader(wrappers)
    wrapper_loader.imc_wrappers = True
    env.loader = ChoiceLoader([wrapper_loader, PrefixLoader({ORIGINAL: original}), original])
    if env.cache is not None:
        env.cache.clear()
    env.globals.update(imc_partial_key=cache.key, imc_partial_get=cache.get, imc_partial_put=cache.put)
    return cache
