"""Defence in depth for content from many hands: an allow-list sanitiser for rendered
Markdown, a Content-Security-Policy for every page, and `scan_html`, a scan of built HTML
that the tests run (the build does not).

`imc check` already rejects hostile input; this makes sure that whatever slips past the
check (or is built without it) cannot run in a visitor's browser.
"""
from __future__ import annotations

import base64
import hashlib
import re

import nh3

from . import weburl
from .markdown_checks import IFRAME_HOSTS

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "wbr", "section", "article", "aside", "nav", "header", "footer",
}
_COMMON = {"class", "id", "title", "lang", "dir", "role", "tabindex", "hidden"}
_ATTRS = {
    "*": _COMMON | {"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-current"},
    "a": {"href", "download", "hreflang", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"}, "th": {"colspan", "rowspan", "align", "scope", "style"},
    "ol": {"start", "type", "reversed"}, "li": {"value"}, "time": {"datetime"}, "abbr": {"title"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "title", "loading", "frameborder"},
    "details": {"open"}, "col": {"span"}, "colgroup": {"span"}, "q": {"cite"}, "blockquote": {"cite"},
}


_URL_ATTRS = {"href", "src", "cite"}


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    # URLs are judged as the browser parses them (weburl: `\\`, tabs, %2e…), not as urlsplit does
    if tag == "iframe" and attr == "src" and not weburl.host_allowed(value, IFRAME_HOSTS):
        return None
    if tag == "img" and attr == "src" and weburl.is_external(value):
        return None  # pictures come from the site itself: a foreign one would tell on readers
    if attr in _URL_ATTRS and weburl.is_bad_scheme(value):
        return None
    if attr.startswith("on"):
        return None
    return value


def sanitize(html: str) -> str:
    """Keep Markdown's and the theme's markup; drop scripts, handlers, foreign frames."""
    return nh3.clean(
        html, tags=_TAGS, attributes=_ATTRS, url_schemes={"http", "https", "mailto", "tel"},
        strip_comments=True, link_rel=None, attribute_filter=_attribute_filter,
        filter_style_properties={"text-align"},
    )


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")
# The theme's own inline scripts (mkdocs-material base.html); anything else inline is foreign.
THEME_INLINE = ("__md_scope=", "var palette=__md_get(", "var target=document.getElementById(location.hash")


# Яндекс Метрика, when a site turns it on in data/site.yml (off by default)
METRIKA_HOSTS = ("https://mc.yandex.ru",)


def csp(html: str, frame_hosts=IFRAME_HOSTS, counter_hosts=()) -> str:
    """A CSP allowing only our own files plus hashes of the theme's inline scripts."""
    hashes = []
    for m in _INLINE_SCRIPT.finditer(html):
        if any(t in m.group(1) for t in _DATA_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group(2).encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    frames = " ".join(f"https://{h} https://*.{h}" for h in frame_hosts)
    extra = "".join(" " + h for h in counter_hosts)
    return ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" + extra + " " +
            " ".join(sorted(set(hashes))) +
            f"; style-src 'self' 'unsafe-inline'; img-src 'self' data:{extra}; font-src 'self'; "
            f"connect-src 'self'{extra}; frame-src {frames}; object-src 'none'; base-uri 'self'; "
            "form-action 'self'")


def add_csp(html: str, counter_hosts=()) -> str:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp(html, counter_hosts=counter_hosts)}">'
    return html.replace("<head>", "<head>\n" + meta, 1) if "<head>" in html else html


_ON_ATTR = re.compile(r"<[a-zA-Z][^>]*\s(on[a-z]+)\s*=", re.S)
_JS_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*(?:javascript|vbscript|data:text/html)", re.I)
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=[\"']([^\"']+)", re.I)


def scan_html(html: str) -> list[str]:
    """What must never be in a built page: handlers, script URLs, foreign scripts."""
    found = [f"атрибут {m.group(1)}=" for m in _ON_ATTR.finditer(html)]
    found += [f"ссылка «{m.group(0)[:40]}»" for m in _JS_URL.finditer(html)]
    for m in _SCRIPT_SRC.finditer(html):
        src = m.group(1)
        if "//" in src or not re.search(r"(assets/javascripts/|assets/imc\.js|assets/imc-early\.js|assets/imc-metrika\.js|pagefind/)", src):
            found.append(f"скрипт {src}")
    for m in _INLINE_SCRIPT.finditer(html):
        if not any(t in m.group(1) for t in _DATA_TYPES) and not m.group(2).startswith(THEME_INLINE):
            found.append(f"встроенный скрипт «{m.group(2)[:40]}»")
    return found
