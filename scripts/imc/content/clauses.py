"""Anchors of a положение: the one implementation used by `imc check` and by the build.

`anchor_regulation` rewrites the Markdown of a положение so that every section heading and
every numbered clause carries a stable id (`## 3. Структура` → `#p-3`, a paragraph
`3.2. …` → `#p-3-2`). The checker asks `regulation_anchors` which ids a link may point to,
and that is computed from the very text the build renders, so the two cannot disagree.
"""
from __future__ import annotations

import re

_SECTION = re.compile(r"^((?:\d+)|(?:[IVXLC]+))\.[ \t]")
_HEADING = re.compile(r"^(#{2,6})[ \t]+(.+?)[ \t]*$")
_CLAUSE = re.compile(r"^(\d+(?:\.\d+)+)\.?[ \t]")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATTR_IDS = re.compile(r"\{:?\s*#([\w-]+)")
_LIST_OR_BLOCK = ("- ", "* ", "+ ", "#", ">", "|")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int:
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = ROMAN[a]
        total += -v if b != " " and ROMAN.get(b, 0) > v else v
    return total


def section_anchor(heading_text: str) -> str | None:
    """«3. Структура» -> p-3; «IV. Права» -> p-4; «2.1. Цели» -> p-2-1."""
    text = heading_text.strip()
    if m := _CLAUSE.match(text):
        return clause_anchor(m.group(1))
    m = _SECTION.match(text)
    if not m:
        return None
    num = m.group(1)
    return f"p-{num if num.isdigit() else roman_to_int(num)}"


def clause_anchor(number: str) -> str:
    """«3.2» -> p-3-2."""
    return "p-" + number.strip(".").replace(".", "-")


def _unique(anchor: str, used: dict[str, int]) -> str:
    """The first «2.1» keeps p-2-1; a repeated number gets p-2-1_2, p-2-1_3 (stable: by order)."""
    used[anchor] = used.get(anchor, 0) + 1
    return anchor if used[anchor] == 1 else f"{anchor}_{used[anchor]}"


def anchor_regulation(markdown: str) -> str:
    """Stable anchors set in Markdown (so mkdocs validates links to them): a section heading
    gets {#p-3}; a clause paragraph gets {: #p-3-2 .imc-clause }. A clause written on the line
    right after another paragraph line becomes its own paragraph, so it gets its own anchor."""
    lines = markdown.split("\n")
    out: list[str] = []
    in_fence = False
    used: dict[str, int] = {}
    pending: str | None = None  # attribute line to put after the current paragraph
    for line in lines:
        fence = bool(_FENCE.match(line))
        if fence:
            in_fence = not in_fence
        stripped = line.lstrip()
        if pending and (not stripped or fence or stripped.startswith(_LIST_OR_BLOCK)):
            out.append(pending)
            pending = None
        if not in_fence and not fence:
            h = _HEADING.match(line)
            if h:
                text = h.group(2)
                if (anchor := section_anchor(text)) and not text.rstrip().endswith("}"):
                    line = f"{h.group(1)} {text} {{#{_unique(anchor, used)}}}"
            elif (m := _CLAUSE.match(line)):
                if pending:  # the previous clause ends here
                    out.append(pending)
                    pending = None
                if out and out[-1].strip():
                    out.append("")  # its own paragraph: a soft line break would join it to the last
                pending = "{: #" + _unique(clause_anchor(m.group(1)), used) + " .imc-clause }"
        out.append(line)
    if pending:
        out.append(pending)
    return "\n".join(out)


def regulation_anchors(markdown: str) -> set[str]:
    """The ids anchor_regulation gives (sections and clauses) — what a link may point to."""
    return set(_ATTR_IDS.findall(anchor_regulation(markdown)))


_CLAUSE_HTML = re.compile(r'<p (?=[^>]*class="imc-clause")[^>]*id="(p-[\d_-]+)"[^>]*>')


def clause_links(html: str) -> str:
    """A visible copy-link in front of every anchored clause."""
    def fix(m: re.Match) -> str:
        anchor = m.group(1)
        num = anchor[2:].split("_")[0].replace("-", ".")
        return (m.group(0) + f'<a class="imc-clause__link" href="#{anchor}" title="Ссылка на пункт {num}" '
                f'aria-label="Ссылка на пункт {num}">#</a>')
    return _CLAUSE_HTML.sub(fix, html)
