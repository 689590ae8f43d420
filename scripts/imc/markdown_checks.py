"""Checks of a Markdown body: links, anchors, images, raw HTML, templates, privacy.

Works on text only (no Markdown rendering), so `imc check` stays fast at 10 000 pages.
Code blocks and code spans are blanked first: what is shown as code is shown literally.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from . import weburl
from .clauses import anchor_regulation
from .problems import ERROR, WARNING, Problem

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{:?([^{}\n]*)\}\s*$")
_ATTR_BLOCK = re.compile(r"\{:?([^{}\n]*)\}")


def _attr_ids(inner: str) -> list[str]:
    """Ids in an attribute list as attr_list reads them: words split on spaces, «#» first."""
    return [w[1:] for w in inner.split(" ") if w.startswith("#") and len(w) > 1 and "=" not in w]
# link text may hold brackets two levels deep; `[^\[\]]` inside keeps each try short (linear time)
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[(?:[^\[\]]|\[[^\[\]]*\])*\])*)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*(?:<([^>\n]*)>|(\S+))", re.M)
# a quoted value may start with spaces: browsers strip them, so « javascript:» still runs
_HTML_URL = re.compile(r"\b(href|src|action|formaction|data|poster|xlink:href)\s*=\s*"
                       r"(?:\"([^\"]*)\"|'([^']*)'|([^\"'\s>]+))", re.I)
_TAG_START = re.compile(r"<\s*([a-zA-Z][a-zA-Z0-9-]*)\b")
_EVENT_ATTR = re.compile(r"(?:^|[\s/\"'])on[a-z]+\s*=", re.I)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
# A Jinja expression is any {{ … }} with code in it: a name, a string, a call, an index or a
# filter. Set notation such as {{1, 2}, {3}} or {{1, 2}} has none of these and stays text.
# Linear time: a tag ends before the next «{{» / «{%» (no scan to the end of the page from each
# of 40 000 unclosed «{% a»), and the dunder form looks ahead once instead of backtracking.
_TEMPLATE = re.compile(r"\{\{-?(?=[^{}]*?[A-Za-z_'\"(\[|.])[^{}]*?\}\}"
                       r"|\{\{(?=(?:(?!\}\}|\{\{)[^\n])*?__\w+__)(?:(?!\}\}|\{\{)[^\n])*\}\}"
                       r"|\{%-?\s*[A-Za-z_](?:(?!\{%|%\})[\s\S])*%\}")
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


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], re.sub(r"[^\n]", " ", text[start:end])]
        last = end
    out.append(text[last:])
    return "".join(out)


_FENCE_LINE = re.compile(r"([ \t]*)(`{3,}|~{3,})")
_CLOSER_LINE = re.compile(r"([ \t]*)([`~]+)[ \t]*")


def _fences(body: str) -> list[tuple[int, int]]:
    """Fenced code blocks: from a line «```» (or «~~~») to the first later line of the same
    indent with at least as many of the same character and nothing else. Linear time: the
    nearest closing line of each kind is found for every line in one backward pass."""
    lines = body.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    # backward pass: for each (indent, char) a stack of closing lines, nearest on top, each
    # lower one longer than all above it (a shorter, farther line can never be the first)
    stacks: dict[tuple[str, str], list[tuple[int, int]]] = {}
    close_at: dict[int, int] = {}
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if not line or line.lstrip(" \t")[:1] not in ("`", "~"):
            continue
        opener = _FENCE_LINE.match(line)
        if opener:
            stack = stacks.get((opener.group(1), opener.group(2)[0]), [])
            need = len(opener.group(2))
            lo, hi = 0, len(stack)  # runs grow from the top (end) down: find the nearest >= need
            while lo < hi:
                mid = (lo + hi) // 2
                if stack[mid][1] >= need:
                    lo = mid + 1
                else:
                    hi = mid
            if lo > 0:
                close_at[i] = stack[lo - 1][0]
        closer = _CLOSER_LINE.fullmatch(line)
        if closer:
            marks = closer.group(2)
            run = len(marks) - len(marks.lstrip(marks[0]))
            stack = stacks.setdefault((closer.group(1), marks[0]), [])
            while stack and stack[-1][1] <= run:
                stack.pop()
            stack.append((i, run))
    spans, i = [], 0
    while i < len(lines):
        j = close_at.get(i)
        if j is None:
            i += 1
            continue
        spans.append((starts[i], starts[j] + len(lines[j])))
        i = j + 1
    return spans


def _code_spans(text: str) -> list[tuple[int, int]]:
    """`code` spans: a run of backticks up to the next run of the same length (linear time:
    one pointer per length, where a regex scanned to the end from every unmatched run)."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", text)]
    by_length: dict[int, list[int]] = {}
    for n, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(n)
    pointer = dict.fromkeys(by_length, 0)
    spans, done = [], 0  # runs before `done` are inside a span already
    for n, (start, end) in enumerate(runs):
        if start < done:
            continue
        same, k = by_length[end - start], pointer[end - start]
        while k < len(same) and same[k] <= n:
            k += 1
        pointer[end - start] = k
        if k < len(same):
            close = runs[same[k]][1]
            spans.append((start, close))
            done = close
    return spans


def strip_code(body: str) -> str:
    body = _blank_spans(body, _fences(body)) if ("```" in body or "~~~" in body) else body
    return _blank_spans(body, _code_spans(body)) if "`" in body else body


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


class _Lines:
    """(line, column) of an index: line starts found once and bisected (counting newlines
    before each of 10 000 links was quadratic)."""

    def __init__(self, text: str, first_line: int):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.first_line = first_line

    def __call__(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return self.first_line + line, index - self.starts[line] + 1


_TAG_NAME = re.compile(r"<\s*([a-zA-Z]+)")


class _Tag:
    def __init__(self, start: int, name: str, attrs: str):
        self._start, self._groups = start, (name, attrs)

    def start(self) -> int:
        return self._start

    def group(self, n: int) -> str:
        return self._groups[n - 1]


def _tags(text: str):
    """HTML tags «<name … >», found as the regex «<name[^>]*>» would find them, but in linear
    time (the regex scanned to the end of the page from each of 10 000 unclosed «<a»)."""
    end, gt = 0, -1
    for m in _TAG_START.finditer(text):
        if m.start() < end:
            continue
        if gt < m.end():
            gt = text.find(">", m.end())
            if gt < 0:
                return
        yield _Tag(m.start(), m.group(1), text[m.end():gt])
        end = gt + 1


# Bounds on one page, checked before anything else (and before the site is rendered):
# Python-Markdown nests a list or a quote per recursion (300 levels crash the build), and
# scans from every «[» to its «]» — or to the end of the paragraph when there is none — and
# from every «](» to its «)»: 50 000 unclosed «[» took minutes to render. The bracket work is
# that scanning, counted in characters, for the whole page.
MAX_LINE = 20_000
MAX_NESTING = 20
MAX_BRACKET_WORK = 1_000_000  # ~2 s of rendering (measured, see tests/test_limits.py)
# Python's html.parser (Python-Markdown's raw-HTML pass over the whole page) scans from every
# «<a», «</», «<!» to the next «>»: 4 000 unclosed «<a » took 5–10 s. Counted the same way.
MAX_HTML_WORK = 5_000_000  # ~1.5 s
_HTML_OPEN = re.compile(r"<[a-zA-Z/!?]")
_NESTED = re.compile(r"((?:[ \t]*>)*)([ \t]*)((?:[-*+]|\d{1,9}[.)])(?:[ \t]|$))?")
_BRACKET = re.compile(r"\\.|[\[\]()]|\n[ \t]*(?=\n)")


def _bracket_work(text: str) -> tuple[int, int]:
    """(work, index of the first «[» of the costliest paragraph): see MAX_BRACKET_WORK."""
    total, worst, worst_at = 0, -1, 0
    squares: list[int] = []
    parens: list[tuple[int, bool]] = []  # «(» and whether a link's address starts there
    work, first = 0, -1

    def end_paragraph(end: int) -> None:
        nonlocal total, worst, worst_at, work, first
        work += sum(end - p for p in squares) + sum(end - p for p, link in parens if link) // 3
        total += work
        if work > worst and first >= 0:
            worst, worst_at = work, first
        squares.clear()
        parens.clear()
        work, first = 0, -1

    for m in _BRACKET.finditer(text):
        c, i = m.group(0)[0], m.start()
        if c == "[":
            squares.append(i)
            first = i if first < 0 else first
        elif c == "]":
            if squares:
                work += i - squares.pop()
        elif c == "(":
            parens.append((i, i > 0 and text[i - 1] == "]"))
        elif c == ")":
            if parens:
                p, link = parens.pop()
                work += (i - p) // 3 if link else 0
        elif c == "\n":
            end_paragraph(i)
    end_paragraph(len(text))
    return total, worst_at


def _html_work(text: str) -> tuple[int, int]:
    """(work, index of the «<» that scans farthest): see MAX_HTML_WORK."""
    work, gt, worst, worst_at = 0, -1, -1, 0
    for m in _HTML_OPEN.finditer(text):
        i = m.start()
        if gt < i:
            gt = text.find(">", i)
            gt = len(text) if gt < 0 else gt
        work += gt - i
        if gt - i > worst:
            worst, worst_at = gt - i, i
    return work, worst_at


def body_limits(text: str) -> list[tuple[int, str, str]]:
    """(index, message, hint) of every bound a page is over (text: code already blanked)."""
    found, start, deep = [], 0, False
    for line in text.split("\n"):
        if len(line) > MAX_LINE:
            found.append((start, f"строка длиннее {MAX_LINE:,} символов (в ней {len(line):,})".replace(",", "\u00a0"),
                          "разбейте текст на абзацы; таблицы и данные вынесите во вложения"))
        m = _NESTED.match(line) if not deep and (line[:1] in " \t>" or ">" in line[:8]) else None
        if m and (m.group(1) or m.group(3)):
            depth = m.group(1).count(">") + (len(m.group(2).expandtabs(4)) // 4 + 1 if m.group(3) else 0)
            if depth > MAX_NESTING:
                deep = True  # said once: the lines below it are as deep
                found.append((start, f"вложенность списков и цитат глубже {MAX_NESTING} уровней (здесь {depth})",
                              "сделайте структуру проще: вынесите вложенные пункты в отдельные списки или разделы"))
        start += len(line) + 1
        if len(found) >= 5:
            return found  # enough to see what is wrong
    work, at = _bracket_work(text) if "[" in text else (0, 0)
    if work > MAX_BRACKET_WORK:
        found.append((at, "слишком много незакрытых скобок «[» (или «(» после «](») — "
                          "сборка сайта разбирала бы страницу минуты",
                      "закройте скобки, разбейте длинный абзац пустой строкой или поставьте «\\» перед "
                      "скобкой, которая должна остаться текстом: \\["))
    work, at = _html_work(text) if "<" in text else (0, 0)
    if work > MAX_HTML_WORK:
        found.append((at, "слишком много незакрытых «<» перед буквой (как начало HTML-тега) — "
                          "сборка сайта разбирала бы страницу минуты",
                      "поставьте пробел после «<» (a < b) или напишите его как &lt;"))
    return found


def check_body(body: str, rel: str, first_line: int, *, contributed: bool,
               hidden_names: dict[str, list[tuple[str, re.Pattern]]] | None = None,
               official_phones: set[str] | None = None, phones: bool = True) -> BodyReport:
    """Everything that can be checked in one page by itself (links are resolved later)."""
    report = BodyReport()
    text = strip_code(body)
    pos = _Lines(text, first_line)

    def add(index, message, hint, code, severity=ERROR, fld=""):
        line, col = pos(index)
        report.problems.append(Problem(rel, line, col, message, hint, fld, severity, code))

    for index, message, hint in body_limits(text):
        add(index, message, hint, "limits")
    if report.problems:
        return report  # a page over a bound is refused as it is: the other checks may cost as much

    if contributed:
        for m in _TEMPLATE.finditer(text):
            add(m.start(), f"шаблонная вставка «{m.group(0)[:40]}» в материале",
                "на сайте она не выполняется; если это текст, оформите его как код: `{{ … }}`",
                "template")
        for m in (_SNIPPET.finditer(text) if "8<" in text else ()):
            add(m.start(), f"вставка файла «--8<-- {m.group(1)[:40]}» в материале не разрешена",
                "вставьте текст прямо в страницу или приложите файл во вложениях", "snippet")
    for m in _tags(text):
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
    opens = [m.start() for m in re.finditer("<", text)] if "=" in text else []
    for m in (_HTML_URL.finditer(text) if "=" in text else ()):
        # the tag the attribute is in: the last «<» before it (bisect, not a search of the prefix)
        k = bisect.bisect_left(opens, m.start())
        tag = _TAG_NAME.match(text, opens[k - 1], m.start()) if k else None
        is_img = m.group(1).lower() == "src" and bool(tag) and tag.group(1).lower() == "img"
        g = next(i for i in (2, 3, 4) if m.group(i) is not None)
        urls.append((m.start(g), m.group(g), is_img, None))
    for index, url, image, alt in urls:
        clean = re.sub(r"\s", "", html.unescape(unquote(url))).lower()
        if clean.startswith(_BAD_SCHEMES) or weburl.is_bad_scheme(url):
            add(index, f"ссылка «{url[:40]}» не разрешена", "используйте ссылку https:// или путь к файлу",
                "link")
            continue
        line, col = pos(index)
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
