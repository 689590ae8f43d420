"""`imc import`, the structure of a положение: numbered sections (`## 1. …`) and clauses (`1.1. …`)
rebuilt even from broken text, the title, and the approving order moved into the front matter."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from imc.authoring.import_lines import (CLAUSE, SECTION, Node, continues, ends_open, join_line, odd_emphasis,
                                        render, starts_lower)
from imc.authoring.import_text import Block, Notify, Source, clean_title, plain_text, safe_value
from imc.core.text import MONTHS_GEN

_BULLET = re.compile(r"(?:[-–—•·▪●◦]|\*(?=\s))\s*(?=\S)")
_LONE_NUMBER = re.compile(r"(?:(?:[Рр]аздел|РАЗДЕЛ|[Гг]лава|ГЛАВА)\s+)?(?:\d{1,2}(?:\.\d{1,3}){0,4}|[IVXІХ]{1,7})\.?")
# «…текст. 1.2. Следующий пункт» on one line (but not «согласно п. 1.2. Положения»)
_INLINE_CLAUSE = re.compile(r"(?<=[.;:])\s+(?=\d{1,2}(?:\.\d{1,3}){1,4}\.?\s+[«\"А-ЯЁ])")
_SUBITEM = re.compile(r"(?:\d{1,2}|[а-яa-z])\)\s+\S")
_GRIF = re.compile(r"(утвержд\w*|утверждаю|согласован\w*|принят\w*|введен\w* в действие)\s*:?",
                   re.I)


def _section_number(num: str) -> str | None:
    num = num.replace("І", "I").replace("Х", "X")  # Cyrillic look-alikes from conversions
    if num.isdigit():
        return num if 0 < int(num) <= 60 else None
    if not re.fullmatch(r"X{0,3}(IX|IV|V?I{0,3})", num):
        return None
    return num


def _strip_em(match: re.Match) -> str:
    """The rest of a numbered line, with an emphasis opened before the number kept balanced."""
    rest = match.group("rest")
    em = match.group("em") or ""
    if em and not match.group("em2"):
        rest = em + rest
    return rest


# how authors number clauses, brought to «2.1.»: «- 2.1.», «• 2.1», «2.1)», «2. 1.», «2 .1.»
_CLAUSE_BULLET = re.compile(r"(?:[-–—•·▪●◦]|\*(?=\s))\s*(?=(?:\*\*|\*)?\d{1,2}(?:\s?\.\s?\d{1,3}){1,4}\s?[.)]?"
                            r"(?:\*\*|\*)?\s+[«\"(A-ZА-ЯЁ])")
_ODD_NUMBER = re.compile(r"(?P<em>\*\*|\*)?(?P<num>\d{1,2}(?:\s?\.\s?\d{1,3}){1,4})\s?(?P<end>[.)])(?P<em2>\*\*|\*)?"
                         r"(?=\s+[«\"(A-ZА-ЯЁ])")
# a section heading glued to its first clause: «2. Цели и задачи 2.1. Цель …»
_GLUED = re.compile(r"(?P<head>(?P<sec>\d{1,2}|[IVXІХ]{1,7})\.\s{0,3}[«\"A-ZА-ЯЁ][^.;:]{1,150}?)\s{0,3}"
                    r"(?P<clause>(?P<first>\d{1,2})\.1\.?\s+[«\"А-ЯЁ].*)$")
# «Приложение», «Приложение 1», «ПРИЛОЖЕНИЕ № 2 к Положению …»: an appendix starts (own numbering)
APPENDIX = re.compile(r"(?:\*\*)?(?:Приложение|ПРИЛОЖЕНИЕ)(?:\s*(?:№|N)?\s*\d{1,2})?(?:\*\*)?"
                      r"(?:\s+[кК]\s.{0,100})?")


def _normalise_clause(text: str) -> str:
    """«- 2.1. Текст», «2. 1. Текст», «2.1) Текст» → «2.1. Текст» (the number the site anchors)."""
    if (bullet := _CLAUSE_BULLET.match(text)) and not text.startswith("**"):
        text = text[bullet.end():]
    m = _ODD_NUMBER.match(text)
    if m and (m.group("end") == ")" or re.search(r"\s", m.group("num"))):
        em, em2 = m.group("em") or "", m.group("em2") or ""
        num = re.sub(r"\s", "", m.group("num"))
        text = f"{em}{num}.{em2}{text[m.end():]}"
    return text


def _split_glued(text: str) -> list[str]:
    m = _GLUED.match(text)
    if not m or not (not m.group("sec").isdigit() or m.group("sec") == m.group("first")):
        return [text]
    return [m.group("head"), m.group("clause")]


def _regulation_lines(blocks: list[Block]) -> list[Block]:
    """Lines of a положение as one number each: a lone «1.1.» line is joined to the text after
    it, several clauses run together on one line are split, clause numbers written in odd ways
    («- 2.1.», «2. 1.», «2.1)») are brought to «2.1.», a section heading glued to its first
    clause is split, and an appendix title becomes a heading."""
    blocks = _normalised(blocks)
    out: list[Block] = []
    pending = ""
    for block in blocks:
        if block.kind in ("line", "heading") and _LONE_NUMBER.fullmatch(plain_text(block.text)):
            pending = f"{pending} {plain_text(block.text)}".strip()
            continue
        if pending and block.kind in ("line", "heading"):
            block = Block(block.kind, f"{pending} {block.text}", block.level)
        elif pending:
            out.append(Block("line", pending))
        pending = ""
        if block.kind != "line":
            out.append(block)
            continue
        start = 0
        for m in _INLINE_CLAUSE.finditer(block.text):
            if re.search(r"(?:\bп{1,2}|\bпункт\w*|\bраздел\w*|\bгл)\.?$", block.text[:m.start()].rstrip(" .;:"),
                         re.I) or re.search(r"\bп{1,2}\.$", block.text[:m.start()]):
                continue
            out.append(Block("line", block.text[start:m.start()]))
            start = m.end()
        out.append(Block("line", block.text[start:]))
    if pending:
        out.append(Block("line", pending))
    return out


def _normalised(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if block.kind not in ("line", "item"):
            out.append(block)
            continue
        text = _normalise_clause(block.text)
        if block.kind == "item" and text != block.text or block.kind == "item" and CLAUSE.match(text) \
                and re.match(r"\S+\s+[«\"(A-ZА-ЯЁ]", text):
            block = Block("line", text)  # a clause written as a list item
        elif block.kind == "line" and APPENDIX.fullmatch(plain_text(text)):
            block = Block("heading", text, 2)
        elif block.kind == "line":
            for part in _split_glued(text)[:-1]:
                out.append(Block("line", part))
            block = Block("line", _split_glued(text)[-1])
        else:
            block = Block(block.kind, text, block.level, block.ordered)
        out.append(block)
    return out


def _all_caps_heading(text: str) -> bool:
    plain = plain_text(text)
    letters = [c for c in plain if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters) and len(plain) <= 100 \
        and plain[-1] not in ".;," and not _GRIF.match(plain) and not _ORDER_WORD.search(plain)


def _regulation_nodes(lines: list[Block]) -> list[Node]:
    nodes: list[Node] = []
    for block in lines:
        if block.kind == "raw":
            nodes.append(Node("raw", block.text))
            continue
        text = block.text
        if block.kind == "item":
            nodes.append(Node("item", text, level=block.level))
            continue
        if block.kind == "line" and text.startswith("![") and text.endswith(")"):
            nodes.append(Node("raw", text))
            continue
        m = CLAUSE.match(text)
        if m:
            nodes.append(Node("clause", _strip_em(m).strip(), m.group("num")))
            continue
        m = SECTION.match(text)
        if m:
            num = _section_number(m.group("num"))
            rest = plain_text(m.group("rest"))
            if num and (m.group("dot") or m.group("word") or num.isdigit()) \
                    and re.match(r"[«\"A-ZА-ЯЁ]", rest) and len(rest) <= 200 and rest[-1] not in ";,":
                nodes.append(Node("section", rest, num))
                continue
        if block.kind == "heading":
            nodes.append(Node("heading", plain_text(text), level=block.level))
            continue
        bullet = _BULLET.match(text)
        if bullet and not text.startswith("**"):
            nodes.append(Node("item", text[bullet.end():], level=1))
            continue
        if _SUBITEM.match(text):
            nodes.append(Node("subitem", text))
            continue
        if _all_caps_heading(text):
            nodes.append(Node("heading", plain_text(text), level=2))
            continue
        if nodes and continues(nodes[-1], text):
            join_line(nodes[-1], text)
            continue
        nodes.append(Node("para", text))
    return nodes


_ORDER_WORD = re.compile(r"\b(приказ\w*|распоряжени\w*|постановлени\w*)", re.I)
_NUMBER = re.compile(r"(?:№|N[oо]?\.?(?=\s*\d))\s*(?P<n>[0-9A-Za-zА-Яа-яЁё]+(?:\s*[-–—/\\.]\s*[0-9A-Za-zА-Яа-яЁё]+)*)")
_DATE_NUM = re.compile(r"(?<!\d)(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4}|\d{2})(?!\d)")
_DATE_WORDS = re.compile(r"(?<!\d)[«\"]?\s*(\d{1,2})\s*[»\"]?\s*(" + "|".join(MONTHS_GEN) + r")\s*(\d{4})",
                         re.I)
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_NOMINATIVE = {"управления": "управление", "комитета": "комитет", "департамента": "департамент",
               "министерства": "министерство", "отдела": "отдел", "администрации": "администрация",
               "директора": "директор", "начальника": "начальник", "заведующего": "заведующий",
               "руководителя": "руководитель", "главы": "глава", "центра": "центр",
               "учреждения": "учреждение"}


@dataclass
class Order:
    number: str = ""
    date: dt.date | None = None
    issuer: str = ""


def _find_date(text: str) -> tuple[int, dt.date] | None:
    found = []
    for m in _DATE_NUM.finditer(text):
        d, mo, y = (int(x) for x in m.groups())
        found.append((m.start(), m.end(), y + 2000 if y < 100 else y, mo, d))
    for m in _DATE_WORDS.finditer(text):
        found.append((m.start(), m.end(), int(m.group(3)), MONTHS_GEN.index(m.group(2).lower()) + 1,
                      int(m.group(1))))
    for m in _DATE_ISO.finditer(text):
        found.append((m.start(), m.end(), *(int(x) for x in m.groups())))
    for start, end, y, mo, d in sorted(found):
        try:
            return start, dt.date(y, mo, d)
        except ValueError:
            continue
    return None


def find_order(text: str) -> Order | None:
    """The approving order in the heading part of a положение: «Утверждено приказом … от … № …»."""
    text = " ".join(plain_text(text).split())
    m = _ORDER_WORD.search(text)
    if not m:
        return None
    window = text[m.end(): m.end() + 250]
    order = Order()
    number = _NUMBER.search(window)
    if number:
        n = re.sub(r"\s*([-–—/\\.])\s*", r"\1", number.group("n"))
        order.number = re.sub(r"[–—]", "-", n).rstrip(".")
    date = _find_date(window)
    if date:
        order.date = date[1]
    if not order.number and not order.date:
        return None
    issuer = re.split(r"\bот(?=[\s\d«\"])|№|\bN\s*\d|[«\"]?\d{1,2}[./»\"]", window, maxsplit=1)[0]
    issuer = re.sub(r"^по\s+", "", issuer.strip(" ,.:;-–—"))
    if re.search(r"[А-Яа-яЁёA-Za-z]", issuer) and len(issuer) <= 150:
        first, _, rest = issuer.partition(" ")
        first = _NOMINATIVE.get(first.lower(), first)
        order.issuer = (first[:1].upper() + first[1:] + (" " + rest if rest else "")).strip()
    return order


_TITLE_START = re.compile(r"(положение|порядок|регламент|правила|инструкция|кодекс|программа|план)\b", re.I)


def _split_preamble(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """Blocks before the first section or clause (title, approval) and the rest."""
    for i, b in enumerate(blocks):
        if b.kind in ("line", "heading"):
            if CLAUSE.match(b.text):
                return blocks[:i], blocks[i:]
            m = SECTION.match(b.text)
            if m and _section_number(m.group("num")) and (m.group("dot") or m.group("word")) \
                    and re.match(r"[«\"A-ZА-ЯЁ]", plain_text(m.group("rest"))):
                return blocks[:i], blocks[i:]
    return blocks, []


def _order_continues(prev: str, text: str) -> bool:
    """«Утверждено приказом …» / «№ 45 от …»: the lines of one approval stamp."""
    prev, text = plain_text(prev), plain_text(text)
    return bool((_GRIF.match(prev) or _ORDER_WORD.search(prev))
                and re.match(r"(№|N\s*\d|от\b|от\d|[«\"]?\d|приказ|распоряж|постановл)", text, re.I))


def _approval(text: str) -> bool:
    """«УТВЕРЖДЕНО приказом МКУ ЦОДОУ от 30.08.2019 № 72» by itself (nothing else to keep)."""
    plain = plain_text(text)
    return len(plain) <= 200 and bool(_GRIF.match(plain) or _ORDER_WORD.match(plain)) \
        and find_order(plain) is not None


def regulation_parts(source: Source, fallback_title: str, notify: Notify) -> tuple[str, dict, str]:
    preamble, rest = _split_preamble(_regulation_lines(source.blocks))
    # the title: the first «Положение …» line and its continuation lines
    start = next((i for i, b in enumerate(preamble)
                  if b.kind != "raw" and _TITLE_START.match(plain_text(b.text))), None)
    if start is None:
        start = next((i for i, b in enumerate(preamble) if b.kind == "heading"), None)
    title_parts: list[str] = []
    keep: list[Block] = []
    if start is not None and not source.title:
        title_parts.append(preamble[start].text)
        end = start + 1
        while end < len(preamble):
            b = preamble[end]
            if b.kind == "raw" or _GRIF.match(plain_text(b.text)) or _ORDER_WORD.match(plain_text(b.text)):
                break
            joined = " ".join(title_parts)
            if not (starts_lower(b.text) or odd_emphasis(joined)
                    or (ends_open(joined) and len(plain_text(b.text)) <= 120 and len(joined) < 200
                        and not re.match(r"настоящ", plain_text(b.text), re.I))):
                break
            title_parts.append(b.text)
            end += 1
        keep = preamble[:start] + preamble[end:]
        after_title = set(map(id, preamble[end:]))
    else:
        keep = preamble
        after_title = set(map(id, preamble)) if source.title else set()
    title = source.title or (clean_title(" ".join(title_parts)) if title_parts else "") or fallback_title
    # the rest of the heading part: «Утверждено / приказом … / от … № …» joined into paragraphs
    head: list[Node] = []
    for b in keep:
        if b.kind == "raw":
            head.append(Node("raw", b.text))
            continue
        if id(b) in after_title and (b.kind == "heading" or _all_caps_heading(b.text)):
            head.append(Node("heading", plain_text(b.text), level=b.level or 2))  # «ОБЩИЕ ПОЛОЖЕНИЯ»
            continue
        if head and head[-1].kind == "para" and (
                _GRIF.fullmatch(plain_text(head[-1].text)) or continues(head[-1], b.text)
                or _order_continues(head[-1].text, b.text)):
            join_line(head[-1], b.text)
        else:
            head.append(Node("para", b.text))
    given: dict = {"title": title}
    order = find_order(" ".join(plain_text(b.text) for b in keep + [Block("line", t) for t in title_parts]))
    if order and order.date:
        given["status"] = "deystvuet"
        given["order"] = {"number": safe_value(order.number) or "TODO: номер приказа", "date": order.date}
        if order.issuer:
            given["order"]["issuer"] = safe_value(order.issuer)
    else:
        given["status"] = "proekt"
        if order:
            notify(f"в документе есть приказ № {order.number}, но без даты: положение записано как "
                   "проект; укажите status и order (number, date, issuer) вручную")
    if order and order.date:  # the approval stamp is in the front matter now, not body text
        source.moved += [n.text for n in head if n.kind == "para" and _approval(n.text)]
        head = [n for n in head if not (n.kind == "para" and _approval(n.text))]
    body = render(head + _regulation_nodes(rest)) if head or rest else ""
    return title, given, body.strip() + "\n" if body.strip() else "TODO: текст положения.\n"
