"""URLs judged the way a browser reads them (WHATWG URL Standard, via ada-url).

Python's urlsplit and a browser disagree on `\\`, tabs and newlines, percent-encoded dots
and more: `https://evil.example\\@rutube.ru/` is rutube.ru to urlsplit and evil.example to a
browser, `/\\evil.example/x.png` a local path to one and a foreign host to the other. Every
check and the sanitiser ask this module, so what they allow is what the reader's browser loads.
"""
from __future__ import annotations

import functools
import html

from ada_url import join_url, parse_url

# A stand-in for the site's own origin: relative addresses resolve onto it, so a URL whose
# host is anything else leaves the site.
SITE_HOST = "imc-site.invalid"
_BASE = f"https://{SITE_HOST}/razdel/stranitsa/"
BAD_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "blob", "filesystem"})


@functools.lru_cache(maxsize=8192)
def parse(url: str) -> dict | None:
    """The URL as a browser resolves it on one of our pages, or None if it cannot parse it.
    Character references are decoded first: in an HTML attribute `&#92;` is a backslash."""
    try:
        return parse_url(join_url(_BASE, html.unescape(url)))
    except ValueError:
        return None


def scheme(url: str) -> str:
    p = parse(url)
    return p["protocol"][:-1].lower() if p else ""


def is_external(url: str) -> bool:
    """Leaves the site: another scheme (mailto:, https://…) or another host."""
    p = parse(url)
    return p is None or p["protocol"] not in ("https:", "http:") or p["hostname"] != SITE_HOST


def is_bad_scheme(url: str) -> bool:
    return scheme(url) in BAD_SCHEMES


def host_allowed(url: str, hosts) -> bool:
    """An https: address on one of `hosts` or their subdomains, without user names."""
    p = parse(url)
    if p is None or p["protocol"] != "https:" or p["username"] or p["password"]:
        return False
    host = p["hostname"]
    return any(host == h or host.endswith("." + h) for h in hosts)


def host_of(url: str) -> str:
    p = parse(url)
    return p["hostname"] if p else ""
