"""URLs judged the way a browser reads them (WHATWG URL Standard, via ada-url).

Python's urlsplit and a browser disagree on `\\`, tabs and newlines, percent-encoded dots
and more: `https://evil.example\\@rutube.ru/` is rutube.ru to urlsplit and evil.example to a
browser, `/\\evil.example/x.png` a local path to one and a foreign host to the other. Every
check and the sanitiser ask this module, so what they allow is what the reader's browser loads.
"""
from __future__ import annotations

import functools
import html
import re

from ada_url import URL

# A stand-in for the site's own origin: relative addresses resolve onto it, so a URL whose
# host is anything else leaves the site.
SITE_HOST = "imc-site.invalid"
# The site is served over https, its preview over http; `https:evil.example` is relative on one
# and another host on the other, so an address is judged on both and the stricter answer wins.
_BASES = (f"https://{SITE_HOST}/razdel/stranitsa/", f"http://{SITE_HOST}/razdel/stranitsa/")
BAD_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "blob", "filesystem"})


@functools.lru_cache(maxsize=8192)
def _parse(url: str, base: str) -> dict | None:
    try:
        u = URL(html.unescape(url), base)
    except ValueError:
        return None
    return {"protocol": u.protocol, "hostname": u.hostname, "username": u.username, "password": u.password}


# A path relative to the page (no scheme, no leading slash, backslash, space or character
# reference) stays on the site whatever the parser: most links are such, and need no parsing.
_PLAIN = re.compile(r"(?![/\\\x00-\x20])[^:&\\\x00-\x1f]*\Z")
_SAME = {"protocol": "https:", "hostname": SITE_HOST, "username": "", "password": ""}


def parses(url: str) -> list[dict | None]:
    """The URL as a browser resolves it on one of our pages (None: it cannot parse it).
    Character references are decoded first: in an HTML attribute `&#92;` is a backslash."""
    if _PLAIN.match(url):
        return [_SAME, {**_SAME, "protocol": "http:"}]
    return [_parse(url, base) for base in _BASES]


def _foreign(p: dict | None) -> bool:
    return p is None or p["protocol"] not in ("https:", "http:") or p["hostname"] != SITE_HOST


def scheme(url: str) -> str:
    if url.startswith(("https://", "http://", "mailto:", "tel:")):  # the common case, unambiguous
        return url.split(":", 1)[0]
    if _PLAIN.match(url):
        return "https"
    p = _parse(url, _BASES[0])
    return p["protocol"][:-1].lower() if p else ""


def is_external(url: str) -> bool:
    """Leaves the site: another scheme (mailto:, https://…) or another host."""
    return any(_foreign(p) for p in parses(url))


def is_bad_scheme(url: str) -> bool:
    return scheme(url) in BAD_SCHEMES


def host_allowed(url: str, hosts) -> bool:
    """An https: address on one of `hosts` or their subdomains, without user names."""
    for p in parses(url):
        if p is None or p["protocol"] != "https:" or p["username"] or p["password"]:
            return False
        host = p["hostname"]
        if not any(host == h or host.endswith("." + h) for h in hosts):
            return False
    return True


def host_of(url: str) -> str:
    """The host a browser goes to (a foreign one if either reading leaves the site)."""
    found = [p["hostname"] for p in parses(url) if p]
    return next((h for h in found if h != SITE_HOST), found[0] if found else "")
