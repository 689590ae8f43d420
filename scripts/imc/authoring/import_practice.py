"""`imc import`, a practice or a product: the author's headings matched to the passport sections of
the model, label lines («Проблема: …») made headings, the title found among the first lines."""
from __future__ import annotations

import re

from imc.authoring.import_lines import Node, continues, join_line, render
from imc.authoring.import_text import Block, clean_title, plain_text
from imc.content import model
from imc.core.text import fold

_BULLET_PRACTICE = re.compile(r"(?:[-–•·▪●◦]|\*(?=\s))\s*(?=\S)")  # «— » starts a dialogue there
# Headings of an author's document that mean a section of the practice passport.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "Проблема": ("проблем", "актуальн", "обоснован", "противореч", "трудност", "предпосылк", "вызов"),
    "Идея": ("иде", "суть", "сущност", "концепц", "новизн", "замысел", "цел", "ведущая иде"),
    "Как это делается": ("как это делается", "технолог", "описание", "содержание", "этап", "механизм",
                         "ход ", "алгоритм", "реализац", "метод", "форм", "прием", "организац"),
    "Результаты": ("результат", "эффективн", "итог", "достижен", "выводы"),
    "Ресурсы": ("ресурс", "услови", "обеспечен", "оборудован", "материально", "кадров"),
    "Как повторить": ("как повторить", "рекомендац", "тиражир", "совет", "распространен", "внедрен",
                      "перспектив", "возможност"),
}


def passport_section(heading: str, sections: tuple[str, ...]) -> str | None:
    """Which passport section a heading of the document stands for, if any."""
    h = fold(re.sub(r"^(?:\d+(?:\.\d+)*\.?|[IVXІ]+\.)\s*", "", plain_text(heading))).rstrip(":. ")
    if not h:
        return None
    for s in sections:
        if h.startswith(fold(s)):
            return s
    for s in sections:
        if any(h.startswith(syn) for syn in SYNONYMS.get(s, ())):
            return s
    words = h.split()
    for s in sections:
        if any(w.startswith(syn.strip()) for syn in SYNONYMS.get(s, ()) for w in words[1:]):
            return s
    return None


def text_nodes(blocks: list[Block], sections: tuple[str, ...]) -> list[Node]:
    """Blocks of a practice or product as nodes: bullets, label lines, joined broken lines."""
    nodes: list[Node] = []
    for block in blocks:
        text = block.text
        if block.kind == "raw":
            nodes.append(Node("raw", text))
        elif block.kind == "heading":
            nodes.append(Node("heading", plain_text(text) if sections else text, level=block.level))
        elif block.kind == "item":
            nodes.append(Node("item", text, level=block.level, ordered=block.ordered))
        elif text.startswith("![") and text.endswith(")"):
            nodes.append(Node("raw", text))
        elif (bullet := _BULLET_PRACTICE.match(text)) and not text.startswith("**"):
            nodes.append(Node("item", text[bullet.end():], level=1))
        else:
            plain = plain_text(text)
            whole_bold = re.fullmatch(r"\*\*[^*]+\*\*:?", text) is not None
            # «Проблема: текст…», «**Идея.** текст…» — a passport label opening a paragraph
            label = re.match(r"(?P<h>[^*.:;!?\\\[\]]{2,60}?)\s*[:.]\s+(?P<rest>\S.*)$", text) \
                or re.match(r"\*\*(?P<h>[^*]{2,60}?)\s*[:.]?\s*\*\*\s*[:.]?\s+(?P<rest>\S.*)$", text)
            if sections and label and len(label.group("h").split()) <= 4 \
                    and passport_section(label.group("h"), sections):
                nodes.append(Node("heading", label.group("h"), level=2))
                nodes.append(Node("para", label.group("rest")))
            elif sections and (  # the cheap test first: a long paragraph is never a heading
                    whole_bold and len(plain) <= 120
                    or len(plain.split()) <= 4 and not plain.endswith((".", ";", ",", "!", "?"))) \
                    and passport_section(plain, sections):
                nodes.append(Node("heading", plain.rstrip(":"), level=2))
            elif whole_bold and len(plain) <= 120 and not plain.endswith((".", ";", ",")):
                nodes.append(Node("heading", plain.rstrip(":"), level=3))
            elif nodes and nodes[-1].kind in ("para", "item") and continues(nodes[-1], text):
                join_line(nodes[-1], text)
            else:
                nodes.append(Node("para", text))
    return nodes


_NOT_TITLE = re.compile(
    r"(муниципальн|государственн|частн|м[абк]?д?оу\b|мбу\b|мку\b|мау\b|г[аб]?оу\b|г[аб]?у\b|"
    r"автор|составител|разработчик|выполнил|утвержд|согласован|рассмотрен|принят)"
    r"|(описание|паспорт)(\s+(лучшей|педагогической|методической|инновационной|опыта|практики|продукта|"
    r"разработки))*\s*:?$", re.I)


def take_title(nodes: list[Node], sections: tuple[str, ...]) -> str:
    """The title of a practice or product: its first-level heading, or the first short line
    that is not the school's name, the author or a label like «Описание практики»."""
    def usable(n: Node) -> bool:
        plain = plain_text(n.text)
        return n.kind in ("heading", "para") and 0 < len(plain) <= 200 \
            and not passport_section(plain, sections) and not _NOT_TITLE.match(plain)

    h1 = next((n for n in nodes if n.kind == "heading" and n.level == 1), None)
    candidate = h1 if h1 is not None and usable(h1) else \
        next((n for n in nodes[:6] if usable(n) and n.kind != "raw"), None)
    if candidate is None:
        return ""
    nodes.remove(candidate)
    return clean_title(candidate.text)


def shift_headings(nodes: list[Node], top: int) -> None:
    levels = [n.level for n in nodes if n.kind == "heading"]
    if levels:
        shift = top - min(levels)
        for n in nodes:
            if n.kind == "heading":
                n.level = max(top, min(n.level + shift, 6))


def practice_body(ctype: model.ContentType, nodes: list[Node]) -> str:
    sections = ctype.sections
    todo = dict(re.findall(r"^## (.+)\n\n(TODO:.*)$", ctype.body, re.M))
    buckets: dict[str, list[Node]] = {s: [] for s in sections}
    titles: dict[str, str] = {}
    shift_headings(nodes, 3)
    current = sections[0]
    top = min((n.level for n in nodes if n.kind == "heading"), default=3)
    parent_mapped = False  # a sub-heading stays with its parent when the parent is a section
    for node in nodes:
        if node.kind == "heading":
            sec = None if node.level > top and parent_mapped else passport_section(node.text, sections)
            if node.level == top:
                parent_mapped = sec is not None
            if sec:
                current = sec
                if sec not in titles and fold(node.text).startswith(fold(sec)):
                    titles[sec] = node.text.rstrip(":")
                    continue
                node.level = 3
        buckets[current].append(node)
    out = []
    for s in sections:
        body = render(buckets[s]).strip() if buckets[s] else todo.get(s, "TODO: заполните раздел.")
        out.append(f"## {titles.get(s, s)}\n\n{body}\n")
    return "\n".join(out)
