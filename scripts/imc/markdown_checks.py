"""Checks of a Markdown body: links, anchors, images, raw HTML, templates, privacy.

Works on text only (no Markdown rendering), so `imc check` stays fast at 10 000 pages.
Code blocks and code spans are blanked first: what is shown as code is shown literally.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from . import weburl
from .clauses import anchor_regulation
from .problems import ERROR, WARNING, Problem

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[`~]*[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{:?([^{}\n]*)\}\s*$")
_ATTR_BLOCK = re.compile(r"\{:?([^{}\n]*)\}")


def _attr_ids(inner: str) -> list[str]:
    """Ids in an attribute list as attr_list reads them: words split on spaces, «#» first."""
    return [w[1:] for w in inner.split(" ") if w.startswith("#") and len(w) > 1 and "=" not in w]
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*(?:<([^>\n]*)>|(\S+))", re.M)
# a quoted value may start with spaces: browsers strip them, so « javascript:» still runs
_HTML_URL = re.compile(r"\b(href|src|action|formaction|data|poster|xlink:href)\s*=\s*"
                       r"(?:\"([^\"]*)\"|'([^']*)'|([^\"'\s>]+))", re.I)
_TAG = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)\b([^>]*)>", re.S)
_EVENT_ATTR = re.compile(r"(?:^|[\s/\"'])on[a-z]+\s*=", re.I)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
# A Jinja expression is any {{ … }} with code in it: a name, a string, a call, an index or a
# filter. Set notation such as {{1, 2}, {3}} or {{1, 2}} has none of these and stays text.
_TEMPLATE = re.compile(r"\{\{-?(?=[^{}]*?[A-Za-z_'\"(\[|.])[^{}]*?\}\}|\{\{[^\n]*?__\w+__[^\n]*?\}\}"
                       r"|\{%-?\s*[A-Za-z_].*?%\}", re.S)
_SNIPPET = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*(.*)$", re.M)
_TODO = re.compile(r"\bTODO\b")
# +7/8, then a 3–5-digit code and the rest: 11 digits in all (checked after the match)
# (the lookbehinds come after the first character: a pattern that starts with a literal is
# searched for quickly, one that starts with a lookbehind is tried at every position)
_PHONE = re.compile(r"(?:\+7|8)(?<!\w8)(?<!\w\+7)[\s\u00a0(-]*\d{3,5}[\s\u00a0)-]*\d{1,3}(?:[\s\u00a0-]*\d{1,2}){2,3}(?!\d)")
_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "style", "meta", "link", "base",
                   "svg", "math", "frame", "frameset", "applet", "input", "button", "textarea", "template"}
IFRAME_HOSTS = ("rutube.ru", "vk.com", "vkvideo.ru", "vk.ru")
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def blank(match: re.Match) -> str:
    """Replace text by spaces, keeping newlines, so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def strip_code(body: str) -> str:
    body = _FENCE.sub(blank, body)
    return _CODE_SPAN.sub(blank, body)


def heading_slug(text: str) -> str:
    from pymdownx.slugs import slugify  # the same function the site's toc uses
    plain = re.sub(r"[*_`]|\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return slugify(case="lower")(plain, "-")


def anchors(body: str, regulation: bool = False) -> set[str]:
    """Ids a link may point to in this page (heading slugs, {#ids}, clause anchors).
    A положение is anchored first by the build's own function, so both see the same ids."""
    code_free = strip_code(anchor_regulation(body) if regulation else body)
    out: set[str] = set()
    for m in _HEADING.finditer(code_free):
        text = m.group(2)
        attr = _ATTR_ID.search(text)
        if attr and (ids := _attr_ids(attr.group(1))):
            out.add(ids[-1])
            continue
        slug = heading_slug(text[:attr.start()] if attr else text)
        n, candidate = 0, slug
        while candidate in out:
            n += 1
            candidate = f"{slug}_{n}"
        out.add(candidate)
    out.update(re.findall(r"\bid\s*=\s*[\"']([^\"'\s]+)", code_free))
    out.update(i for m in _ATTR_BLOCK.finditer(code_free) for i in _attr_ids(m.group(1)))
    return out


@dataclass
class Link:
    target: str  # as written
    line: int
    col: int
    image: bool = False
    alt: str = ""


@dataclass
class BodyReport:
    problems: list[Problem] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _pos(text: str, index: int, first_line: int) -> tuple[int, int]:
    line = text.count("\n", 0, index)
    col = index - (text.rfind("\n", 0, index) + 1)
    return first_line + line, col + 1


def check_body(body: str, rel: str, first_line: int, *, contributed: bool,
               hidden_names: dict[str, list[tuple[str, re.Pattern]]] | None = None,
               official_phones: set[str] | None = None, phones: bool = True) -> BodyReport:
    """Everything that can be checked in one page by itself (links are resolved later)."""
    report = BodyReport()
    text = strip_code(body)

    def add(index, message, hint, code, severity=ERROR, fld=""):
        line, col = _pos(text, index, first_line)
        report.problems.append(Problem(rel, line, col, message, hint, fld, severity, code))

    if contributed:
        for m in _TEMPLATE.finditer(text):
            add(m.start(), f"шаблонная вставка «{m.group(0)[:40]}» в материале",
                "на сайте она не выполняется; если это текст, оформите его как код: `{{ … }}`",
                "template")
        for m in (_SNIPPET.finditer(text) if "8<" in text else ()):
            add(m.start(), f"вставка файла «--8<-- {m.group(1)[:40]}» в материале не разрешена",
                "вставьте текст прямо в страницу или приложите файл во вложениях", "snippet")
    for m in _TAG.finditer(text):
        tag, attrs = m.group(1).lower(), m.group(2)
        if tag == "iframe":
            src = re.search(r"src\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\"'\s>]+))", attrs, re.I)
            value = next((g for g in src.groups() if g is not None), "") if src else ""
            host = weburl.host_of(value) if src else None  # as the browser reads it: `\`, tabs…
            if not src or not weburl.host_allowed(value, IFRAME_HOSTS):
                add(m.start(), f"встроенный фрейм с сайта «{host or '?'}» не разрешён",
                    f"можно встраивать видео с {', '.join(IFRAME_HOSTS)}; иначе дайте ссылку", "html")
        elif tag in _FORBIDDEN_TAGS:
            add(m.start(), f"HTML-тег <{tag}> в тексте не разрешён",
                "уберите его: оформление задаёт сайт, а код на страницах не выполняется", "html")
        if _EVENT_ATTR.search(attrs):
            add(m.start(), f"у тега <{tag}> есть обработчик события (on…=)", "уберите атрибут on…=", "html")
    for m in _ATTR_LIST.finditer(text):
        if _EVENT_ATTR.search(" " + m.group(0)[1:]):
            add(m.start(), "в атрибутах {…} есть обработчик события (on…=)", "уберите атрибут on…=", "html")
    # each pattern needs a character pair most pages lack: skipping them is most of the speed
    urls = [(m.start(3), m.group(3), m.group(1) == "!", m.group(2))
            for m in (_LINK.finditer(text) if "](" in text else ())]
    for m in (_REF_DEF.finditer(text) if "]:" in text else ()):
        g = 1 if m.group(1) is not None else 2
        urls.append((m.start(g), m.group(g), False, ""))
    for m in (_HTML_URL.finditer(text) if "=" in text else ()):
        tag = re.search(r"<\s*([a-zA-Z]+)[^<]*$", text[:m.start()])
        is_img = m.group(1).lower() == "src" and bool(tag) and tag.group(1).lower() == "img"
        g = next(i for i in (2, 3, 4) if m.group(i) is not None)
        urls.append((m.start(g), m.group(g), is_img, None))
    for index, url, image, alt in urls:
        clean = re.sub(r"\s", "", html.unescape(unquote(url))).lower()
        if clean.startswith(_BAD_SCHEMES) or weburl.is_bad_scheme(url):
            add(index, f"ссылка «{url[:40]}» не разрешена", "используйте ссылку https:// или путь к файлу",
                "link")
            continue
        line, col = _pos(text, index, first_line)
        report.links.append(Link(url, line, col, image, alt or ""))
        if image and alt is not None and not alt.strip():
            add(index, "у картинки нет описания (alt)",
                "опишите, что на ней: ![Схема урока](schema.png) — это нужно незрячим читателям",
                "alt", WARNING if not contributed else ERROR)
        if image and weburl.is_external(url):  # `/\\host/x.png` is a foreign host to a browser
            add(index, "картинка загружается с чужого сайта",
                "сохраните файл рядом со страницей: сайт не обращается к чужим серверам", "external-image")
    if contributed:
        for m in (_TODO.finditer(text) if "TODO" in text else ()):
            add(m.start(), "не заполнено (стоит TODO)", "замените TODO настоящим текстом", "todo", WARNING)
        for m in (_PHONE.finditer(text) if phones else ()):
            digits = re.sub(r"\D", "", m.group(0))[1:]
            if len(digits) != 10 or digits in (official_phones or ()):
                continue  # not a phone number, or the service's own published one
            add(m.start(), f"в тексте номер телефона «{m.group(0)}»",
                "публикуйте только служебные номера организаций; личные уберите", "phone", WARNING)
    # names are looked for in code too: a name in `code` is published all the same
    for start, found, pid in find_hidden_names(body, hidden_names or {}):
        add(start, f"имя «{found}» без согласия на публикацию",
            f"в data/people.yml у «{pid}» consent: false; уберите имя или получите согласие",
            "consent")
    return report


_SPACE = r"[\s\u00a0\u202f]+"  # a line break or a non-breaking space between parts of a name
_INITIAL = r"\.[\s\u00a0\u202f]*"


def _stem(word: str) -> str:
    return re.sub(r"(ий|ой|ый|ая|[аяйьеоы])$", "", word, flags=re.I) or word


def _declined(word: str) -> str:
    """A pattern for a Russian name part in any case: «Елена» also finds «Елену», «Еленой»."""
    return re.escape(_stem(word)) + r"[а-яё]{0,3}"


def hidden_name_patterns(full_name: str) -> list[tuple[str, re.Pattern]]:
    """«Сидорова Елена Викторовна» in the forms a text uses: full name in any case, across a
    line break or NBSP; «Сидорова Е. В.», «Е. В. Сидорова», «Елена Викторовна».
    Each pattern comes with a stem it cannot match without, to skip most pages cheaply."""
    parts = full_name.split()
    if not parts:
        return []
    d = [_declined(p) for p in parts]
    surname = _stem(parts[0])
    forms = [(surname, _SPACE.join(d) + r"(?![\w-])")]
    if len(parts) == 3:
        i, o = re.escape(parts[1][0]), re.escape(parts[2][0])
        forms += [(surname, f"{d[0]}{_SPACE}{i}{_INITIAL}{o}\\."),
                  (surname, rf"{i}{_INITIAL}{o}{_INITIAL}{d[0]}(?![\w-])"),
                  (_stem(parts[2]), rf"{d[1]}{_SPACE}{d[2]}(?![\w-])")]
    return [(needle, re.compile(rf"(?<![\w-]){f}")) for needle, f in forms]


def find_hidden_names(text: str, hidden: dict[str, list[tuple[str, re.Pattern]]]) -> list[tuple[int, str, str]]:
    """(start, the name as written, person id) of every mention, overlaps reported once."""
    hits = sorted(((m.start(), m.end(), pid) for pid, pats in hidden.items() for needle, p in pats
                   if needle in text for m in p.finditer(text)), key=lambda h: (h[0], -h[1]))
    out, end = [], -1
    for start, stop, pid in hits:
        if start >= end:
            out.append((start, re.sub(r"\s+", " ", text[start:stop]), pid))
            end = stop
    return out


def headings(body: str) -> list[tuple[int, str, int]]:
    """(level, text, line offset) of every heading outside code."""
    code_free = strip_code(body)
    return [(len(m.group(1)), m.group(2).strip(), code_free.count("\n", 0, m.start()))
            for m in _HEADING.finditer(code_free)]
