"""`imc import`, line joining: lines broken mid-sentence by a converter joined back into
paragraphs, and the nodes of the rebuilt document written as Markdown (for every type)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from imc.authoring.import_text import plain_text

_EM = r"(?P<em>\*\*|\*)?"
CLAUSE = re.compile(_EM + r"(?P<num>\d{1,2}(?:\.\d{1,3}){1,4})(?:\.(?!\d))?(?P<em2>\*\*|\*)?"
                    r"(?:\s+|$|(?=[^\d\s.)]))(?P<rest>.*)$")
SECTION = re.compile(_EM + r"(?:(?P<word>[Рр]аздел|РАЗДЕЛ|[Гг]лава|ГЛАВА)\s+)?(?P<num>\d{1,2}|[IVXІХ]{1,7})"
                     r"(?P<dot>\.)?(?P<em2>\*\*|\*)?(?:\s+|(?<=\.)(?=[«\"A-ZА-ЯЁ]))(?P<rest>\S.*)$")
_TERMINAL = ".;:!?…"


def starts_lower(text: str) -> bool:
    s = plain_text(text).lstrip("(«\"'“„ ")
    return bool(s) and s[0].islower()


def ends_open(text: str) -> bool:
    """The text does not end a sentence (so the next line may continue it)."""
    s = re.sub(r"[\s»\"”'*_)\]]+$", "", plain_text(text) if "\\" in text or "*" in text else text)
    return bool(s) and s[-1] not in _TERMINAL


def odd_emphasis(text: str) -> bool:
    return len(re.findall(r"(?<!\\)\*\*", text)) % 2 == 1


@dataclass
class Node:
    kind: str  # section | clause | item | subitem | para | heading | raw
    text: str
    number: str = ""
    level: int = 0  # heading level or list depth
    ordered: bool = False


def join_line(node: Node, text: str) -> None:
    if node.text.endswith("**") and text.startswith("**") and not node.text.endswith("\\**") \
            and not odd_emphasis(node.text):  # **bold line** + **bold line** → one bold run
        node.text, text = node.text[:-2], text[2:]
    if node.text.endswith("-") and not node.text.endswith(" -") and starts_lower(text):
        node.text += text  # «общественно-» + «профессиональными»
    else:
        node.text = f"{node.text} {text}" if node.text else text


def continues(node: Node, text: str) -> bool:
    """Does this line continue the previous node rather than start a new paragraph?"""
    if node.kind == "raw" or text.startswith("!["):
        return False
    if odd_emphasis(node.text):
        return True
    if node.kind in ("section", "heading"):
        return starts_lower(text) and ends_open(node.text)
    if starts_lower(text):
        return True
    if node.kind == "para":  # an unnumbered paragraph: only a lowercase continuation
        return not node.text
    return ends_open(node.text)


def render(nodes: list[Node]) -> str:
    chunks: list[str] = []
    prev = None
    for node in nodes:
        if node.kind == "section":
            text = f"## {node.number}. {node.text}"
        elif node.kind == "heading":
            text = f"{'#' * max(2, min(node.level, 6))} {node.text}"
        elif node.kind == "clause":
            text = f"{node.number}. {node.text}".rstrip()
        elif node.kind == "item":
            marker = "1." if node.ordered else "-"
            text = "    " * (max(node.level, 1) - 1) + f"{marker} {node.text}"
        else:
            text = node.text
        if text.startswith(("#", ">")) and node.kind in ("para", "subitem", "clause"):
            text = "\\" + text
        if node.kind == "item" and prev is not None and prev.kind == "item":
            if node.level == prev.level and node.ordered != prev.ordered:
                chunks.append("<!-- -->")  # Python-Markdown would merge two adjacent lists
                chunks.append(text)
            else:
                chunks[-1] += "\n" + text
        else:
            chunks.append(text)
        prev = node
    return "\n\n".join(chunks) + "\n"
