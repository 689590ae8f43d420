"""Anchors of a положение: the one implementation used by `imc check` and by the build.

`anchor_regulation` rewrites the Markdown of a положение so that every section heading and
every numbered clause carries a stable id (`## 3. Структура` → `#p-3`, a paragraph
`3.2. …` → `#p-3-2`). The checker asks `regulation_anchors` which ids a link may point to,
and that is computed from the very text the build renders, so the two cannot disagree.

Real documents number clauses in many ways; all of these get the same anchor `#p-2-1`:
`2.1. …`, `2.1 …`, `2.1) …`, `2. 1. …`, `2 .1. …`, `**2.1.** …`, a clause written as a list
item (`- 2.1. …`, `• 2.1 …`, `— 2.1) …`), a clause glued to its section heading
(`## 2. Цели 2.1. …`). An appendix («Приложение 1», «Приложение № 2 к Положению») starts
its own numbering: `#pr1`, `#pr1-p-1-2`. A repeated number gets `p-2-1_2` (by order, stable).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_SECTION = re.compile(r"^((?:\d+)|(?:[IVXLC]+))\.(?:[ \t]|$)")
_HEADING = re.compile(r"^(#{2,6})[ \t]+(.+?)[ \t]*$")
# 2.1 | 2.1. | 2.1) | 2. 1. | 2 .1. — the number of a clause (two to five levels)
_NUM = r"\d{1,3}(?:[ \t]?\.[ \t]?\d{1,3}){1,4}"
_CLAUSE = re.compile(r"^(?P<num>\d{1,3}(?:\.\d{1,3}){1,4})(?P<end>[.)])?(?:[ \t]|$)")
# a clause line as authors write it: up to 3 spaces, a bullet, emphasis around the number
_CLAUSE_LINE = re.compile(
    r"^[ ]{0,3}(?P<bullet>[-*+•·▪●◦–—][ \t]+)?(?P<em>\*\*|\*|__)?"
    r"(?P<num>" + _NUM + r")(?P<end>[ \t]?[.)])?(?P=em)?(?P<gap>[ \t]+|$)(?P<rest>.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATTR_IDS = re.compile(r"\{:?\s*#([\w-]+)")
_LIST_OR_BLOCK = ("- ", "* ", "+ ", "#", ">", "|")
_ORDERED = re.compile(r"^\d+[.)][ \t]")
# «Приложение», «Приложение 1», «ПРИЛОЖЕНИЕ № 2 к Положению»: a line by itself
_APPENDIX = re.compile(r"^(?:#{1,6}[ \t]+)?(?:\*\*)?(?:Приложение|ПРИЛОЖЕНИЕ)(?:[ \t]*(?:№|N)?[ \t]*(?P<n>\d{1,2}))?"
                       r"(?:\*\*)?(?P<tail>(?:[ \t]+(?:к|К)[ \t].{0,100})?)[ \t]*$")
# a clause glued to its section heading: «2. Цели и задачи 2.1. Цель …»
_GLUED = re.compile(r"^(?P<head>(?:#{2,6}[ \t]+)?(?P<sec>\d{1,2})\.[ \t]{0,3}\S.{0,200}?)[ \t]{0,3}"
                    r"(?P<clause>(?P=sec)\.1\.?[ \t]+[«\"A-ZА-ЯЁ].*)$")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = ROMAN[a]
        total += -v if b != " " and ROMAN.get(b, 0) > v else v
    return total


def _number(raw: str) -> str:
    """«2. 1» / «2 .1» → «2.1»."""
    return re.sub(r"[ \t]", "", raw)


def section_anchor(heading_text: str) -> str | None:
    """«3. Структура» -> p-3; «IV. Права» -> p-4; «2.1. Цели» -> p-2-1; «2.1)» -> p-2-1."""
    text = heading_text.strip()
    if (m := _CLAUSE_LINE.match(text)) and not m.group("bullet") and _clause_like(m):
        return clause_anchor(_number(m.group("num")))
    m = _SECTION.match(text)
    if not m:
        return None
    num = m.group(1)
    return f"p-{num if num.isdigit() else roman_to_int(num)}"


def clause_anchor(number: str) -> str:
    """«3.2» -> p-3-2."""
    return "p-" + _number(number).strip(".").replace(".", "-")


def _clause_like(m: re.Match) -> bool:
    """Is this numbered start a clause (not «- 2.5 часа в неделю» or «1. 2 раза»)?"""
    spaced = bool(re.search(r"[ \t]", m.group("num")))
    if spaced and not m.group("end"):
        return False
    if not (m.group("bullet") or spaced):
        return True
    rest = m.group("rest").lstrip("*_ ")
    return not rest or bool(re.match(r"[«\"(A-ZА-ЯЁ]", rest))


# what looks like a clause where no anchor can go: indented, quoted, run into a paragraph
_NUMBERED_ANYWHERE = re.compile(r"^[ \t]*(?:>[ \t]*)*(?P<line>.*)$")
_RUN_IN = re.compile(r"[.;:][ \t]+(?P<num>\d{1,2}(?:\.\d{1,3}){1,4})\.?[ \t]+[«\"А-ЯЁ]")


def _run_in(line: str) -> list[int]:
    """Where clauses run into a line: «…текст. 2.3. Следующий пункт» (not «согласно п. 2.3.»)."""
    return [m.start("num") for m in _RUN_IN.finditer(line)
            if not (line[m.start()] == "." and re.search(r"\b(?:п{1,2}|пункт|разд|гл|ст|ч|прил)$",
                                                         line[max(0, m.start() - 12):m.start()], re.I))]


def _is_clause(line: str) -> bool:
    m = _CLAUSE_LINE.match(line)
    return bool(m) and _clause_like(m)


def clause_label(anchor: str) -> str:
    """p-2-1_2 -> «2.1»; pr1-p-1-2 -> «1.2 (приложение 1)»."""
    appendix, _, clause = anchor.rpartition("p-")
    num = clause.split("_")[0].replace("-", ".")
    return f"{num} (приложение {appendix[2:-1]})" if appendix else num


def _unique(anchor: str, used: dict[str, int]) -> str:
    """The first «2.1» keeps p-2-1; a repeated number gets p-2-1_2, p-2-1_3 (stable: by order)."""
    used[anchor] = used.get(anchor, 0) + 1
    return anchor if used[anchor] == 1 else f"{anchor}_{used[anchor]}"


def _appendix(line: str, prev_blank: bool) -> str | None:
    """`pr1` for an appendix title line («Приложение 1», «Приложение № 2 к Положению»)."""
    m = _APPENDIX.match(line.strip())
    if not m or not (prev_blank or line.startswith("#")):
        return None
    return f"pr{m.group('n') or 1}"


@dataclass
class Anchored:
    markdown: str
    anchors: dict[int, str] = field(default_factory=dict)  # source line (0-based) -> id
    numbered: list[int] = field(default_factory=list)  # source lines that look like a clause
    repeated: list[tuple[str, list[int]]] = field(default_factory=list)  # number, its lines


def _anchor(markdown: str) -> Anchored:
    lines = markdown.split("\n")
    out: list[str] = []
    result = Anchored("")
    in_fence = False
    used: dict[str, int] = {}
    first_line: dict[str, list[int]] = {}
    prefix = ""  # «pr1-» inside an appendix
    pending: str | None = None  # attribute line to put after the current paragraph

    def flush(blank_after: bool = False) -> None:
        nonlocal pending
        if pending:
            out.append(pending)
            if blank_after:
                out.append("")  # a list right after a paragraph needs a blank line to be a list
            pending = None

    def anchor_for(number: str, where: int) -> str:
        base = prefix + clause_anchor(number)
        first_line.setdefault(base, []).append(where)
        return _unique(base, used)

    for index, line in enumerate(lines):
        fence = bool(_FENCE.match(line))
        if fence:
            in_fence = not in_fence
        stripped = line.lstrip()
        prev_blank = not out or not out[-1].strip()
        if pending and (not stripped or fence):
            flush()
        elif pending and stripped.startswith(_LIST_OR_BLOCK) and not _is_clause(line):
            flush(blank_after=True)
        if in_fence or fence:
            out.append(line)
            continue
        inner = _NUMBERED_ANYWHERE.match(line).group("line")
        if _is_clause(line) or _is_clause(inner) or _GLUED.match(line) or _run_in(line):
            result.numbered.append(index)
        parts = [line]
        if (g := _GLUED.match(line)) and (line.startswith("#") or _SECTION.match(line)):
            head = g.group("head")  # «2. Цели» by itself would start a numbered list
            parts = [head if head.startswith("#") else re.sub(r"^(\d+)\.", r"\1\\.", head), g.group("clause")]
        elif not line.lstrip().startswith(("#", "|", ">", "<")) and (cuts := _run_in(line)):
            parts = [line[a:b].rstrip() for a, b in zip([0, *cuts], [*cuts, len(line)])]
        for n, part in enumerate(parts):
            if n:
                flush()
                out.append("")
            h = _HEADING.match(part)
            if (pr := _appendix(part, prev_blank or n > 0)) is not None:
                prefix = ""
                anchor = _unique(pr, used)
                prefix = pr + "-"
                result.anchors[index] = anchor
                flush()
                if h:
                    text = h.group(2)
                    part = part if text.rstrip().endswith("}") else f"{h.group(1)} {text} {{#{anchor}}}"
                else:
                    if out and out[-1].strip():
                        out.append("")
                    pending = "{: #" + anchor + " .imc-appendix }"
            elif h:
                text = h.group(2)
                if (anchor := section_anchor(text)) and not text.rstrip().endswith("}"):
                    m = _CLAUSE_LINE.match(text.strip())
                    if m and not m.group("bullet") and _clause_like(m):
                        anchor = anchor_for(m.group("num"), index)
                    else:
                        anchor = _unique(prefix + anchor, used)
                    part = f"{h.group(1)} {text} {{#{anchor}}}"
                    result.anchors[index] = anchor
            elif (m := _CLAUSE_LINE.match(part)) and _clause_like(m):
                flush()
                if out and out[-1].strip():
                    out.append("")  # its own paragraph: a soft line break would join it to the last
                part = part.lstrip(" ")
                if m.group("bullet"):  # a clause written as a list item is a clause paragraph
                    part = part[len(m.group("bullet")):]
                if _ORDERED.match(part):  # «1. 2. …» would start a numbered list
                    part = re.sub(r"^(\d+)([.)])", r"\1\\\2", part)
                anchor = anchor_for(m.group("num"), index)
                result.anchors[index] = anchor
                pending = "{: #" + anchor + " .imc-clause }"
            out.append(part)
    flush()
    result.markdown = "\n".join(out)
    result.repeated = [(a, where) for a, where in first_line.items() if len(where) > 1]
    return result


def anchor_regulation(markdown: str) -> str:
    """Stable anchors set in Markdown (so mkdocs validates links to them): a section heading
    gets {#p-3}; a clause paragraph gets {: #p-3-2 .imc-clause }. A clause written on the line
    right after another paragraph line becomes its own paragraph, so it gets its own anchor."""
    return _anchor(markdown).markdown


def regulation_anchors(markdown: str) -> set[str]:
    """The ids anchor_regulation gives (sections and clauses) — what a link may point to."""
    return set(_ATTR_IDS.findall(anchor_regulation(markdown)))


_ATTR_LINE = re.compile(r"^\{: #([\w-]+) \.imc-(?:clause|appendix) \}$")
_HEADING_ID = re.compile(r"^#{2,6}[ \t]+(.*?)[ \t]*\{#([\w-]+)\}$")


def clause_texts(markdown: str) -> list[tuple[str, str]]:
    """(anchor, Markdown text) of every section heading and clause, in order; a clause's text
    runs on to the next anchored clause or heading (its lists and sub-items belong to it)."""
    lines = _anchor(markdown).markdown.split("\n")
    out: list[list] = []
    para: list[str] = []
    current: list | None = None
    for line in lines:
        if (h := _HEADING_ID.match(line)):
            out.append([h.group(2), h.group(1)])
            current, para = None, []
            continue
        if line.startswith("#"):
            current, para = None, []
            continue
        if (a := _ATTR_LINE.match(line)):
            current = [a.group(1), " ".join(para)]
            out.append(current)
            para = []
            continue
        if not line.strip():
            if current is not None and para:
                current[1] += " " + " ".join(para)
            para = []
            continue
        para.append(line)
    if current is not None and para:
        current[1] += " " + " ".join(para)
    strip = re.compile(r"^(?:\d+(?:\\?[ .)]+\d+)*\\?[.)]?|[IVXLC]+\.)\s*")
    return [(a, strip.sub("", re.sub(r"^\*\*(\d[\d. ]*[.)]?)\*\*", r"\1", t.strip()))) for a, t in out]


@dataclass
class ClauseReport:
    unanchored: list[int]  # 0-based lines of the body that look numbered but got no anchor
    repeated: list[tuple[str, list[int]]]  # «2.1» and the 0-based lines where it stands


def clause_report(markdown: str) -> ClauseReport:
    """What `imc check` warns about in a положение: clauses without anchors, repeated numbers."""
    done = _anchor(markdown)
    missing = [i for i in done.numbered if i not in done.anchors]
    repeated = [(clause_label(a), where) for a, where in done.repeated]
    return ClauseReport(missing, repeated)


_CLAUSE_HTML = re.compile(r'<p (?=[^>]*class="imc-clause")[^>]*id="((?:pr\d+-)?p-[\d_-]+)"[^>]*>')


def clause_links(html: str) -> str:
    """A visible copy-link in front of every anchored clause (left out of the search index:
    a result should read «Наставники …», not «# 5.1. Наставники»)."""
    def fix(m: re.Match) -> str:
        anchor = m.group(1)
        appendix, _, clause = anchor.rpartition("p-")
        num = clause.split("_")[0].replace("-", ".")
        label = f"Ссылка на пункт {num}" + (f" приложения {appendix[2:-1]}" if appendix else "")
        return (m.group(0) + f'<a class="imc-clause__link" href="#{anchor}" title="{label}" '
                f'aria-label="{label}" data-pagefind-ignore>#</a>')
    return _CLAUSE_HTML.sub(fix, html)
