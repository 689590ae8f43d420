"""«Что изменилось»: two editions of a положение compared clause by clause.

A положение with `supersedes:` gets a generated page beside it (`…/izmeneniya/`) listing the
clauses added, removed and changed against the edition it replaces. Clauses are matched by
their anchors (`#p-2-1` in both editions: the number is how orders and letters cite them);
in a changed clause the words removed and added are marked `<del>`/`<ins>`, each with a
visually hidden «удалено:»/«добавлено:» for screen readers, which do not announce the tags.
Every entry links to the clause in both editions; the old edition keeps its page and anchors.
"""
from __future__ import annotations

import difflib
import posixpath
import re

from imc.content.clauses import clause_label, clause_texts
from imc.site.render import rel, ru_date
from markupsafe import escape

PAGE_NAME = "izmeneniya"


def page_src(item) -> str:
    """docs/dokumenty/polozhenie-o-mms.md → dokumenty/polozhenie-o-mms/izmeneniya.md."""
    base = posixpath.dirname(item.src) if item.src.endswith("/index.md") else item.src[:-3]
    return f"{base}/{PAGE_NAME}.md"


def compared(project) -> list[tuple[object, object]]:
    """(new edition, the edition it replaces) for every положение that names an existing one."""
    out = []
    for item in project.of_type("regulation"):
        old = project.get("regulation", item.meta.get("supersedes") or "")
        if old is not None and old is not item:
            out.append((item, old))
    return out


def _plain(md: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", md)
    text = re.sub(r"(?<!\\)(\*+|_{2,})", "", text)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def _words_diff(old: str, new: str) -> str:
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(str(escape(" ".join(a[i1:i2]))))
            continue
        if i2 > i1:
            out.append(f'<del><span class="imc-sr-only">удалено: </span>{escape(" ".join(a[i1:i2]))}</del>')
        if j2 > j1:
            out.append(f'<ins><span class="imc-sr-only">добавлено: </span>{escape(" ".join(b[j1:j2]))}</ins>')
    return " ".join(out)


WINDOW = 8  # a renumbered clause is looked for this many clauses before and after its place
SIMILAR = 0.6  # share of words in common (difflib ratio) for a clause to count as the same one


def _ratio(a: str, b: str) -> float:
    m = difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    return m.ratio() if m.real_quick_ratio() >= SIMILAR and m.quick_ratio() >= SIMILAR else 0.0


def diff(old_md: str, new_md: str) -> dict[str, list]:
    """Clauses of two editions: added, removed, changed, renumbered («moved»), the same.

    A clause is first looked for by its text (nearby, with most of its words in common):
    a clause inserted early renumbers the rest, and «2.3 became 2.4» says more than «2.3
    changed completely». What is left is paired by number, else added or removed."""
    old = [(a, _plain(t)) for a, t in clause_texts(old_md)]
    new = [(a, _plain(t)) for a, t in clause_texts(new_md)]
    scored = []
    for i, (a, ta) in enumerate(old):
        for j in range(max(0, i - WINDOW), min(len(new), i + WINDOW + 1)):
            b, tb = new[j]
            if (r := _ratio(ta, tb)) >= SIMILAR:
                scored.append((r + (0.01 if a == b else 0), i, j))
    pair_of_old: dict[int, int] = {}
    used_new: set[int] = set()
    for _, i, j in sorted(scored, reverse=True):
        if i not in pair_of_old and j not in used_new:
            pair_of_old[i] = j
            used_new.add(j)
    new_index = {a: j for j, (a, _) in enumerate(new)}
    for i, (a, _) in enumerate(old):  # the rest: by number
        j = new_index.get(a)
        if i not in pair_of_old and j is not None and j not in used_new:
            pair_of_old[i] = j
            used_new.add(j)
    result: dict[str, list] = {"added": [], "removed": [], "changed": [], "moved": [], "same": []}
    old_of_new = {j: i for i, j in pair_of_old.items()}
    for j, (b, tb) in enumerate(new):
        i = old_of_new.get(j)
        if i is None:
            result["added"].append((b, clause_label(b), "", tb, b))
            continue
        a, ta = old[i]
        key = "moved" if a != b else "same" if ta == tb else "changed"
        result[key].append((b, clause_label(b), ta, tb, a))
    result["removed"] = [(a, clause_label(a), t, "", a) for i, (a, t) in enumerate(old) if i not in pair_of_old]
    return result


def _edition(project, item) -> str:
    order = item.meta.get("order") or {}
    when = f", приказ от {ru_date(order['date'])} №\u00a0{escape(order.get('number', ''))}" if order.get("date") else ""
    return f"{escape(item.title)}{when}"


def editions_html(project, item, page_url: str) -> str:
    old = project.get("regulation", item.meta.get("supersedes") or "")
    if old is None:
        return ""
    d = diff(old.body, item.body)
    new_href, old_href = rel(page_url, item.url), rel(page_url, old.url)

    def links(anchor: str, old_anchor: str, in_new: bool, in_old: bool) -> str:
        parts = []
        if in_new:
            parts.append(f'<a href="{new_href}#{anchor}">в новой редакции</a>')
        if in_old:
            parts.append(f'<a href="{old_href}#{old_anchor}">в прежней редакции</a>')
        return '<p class="imc-change__links">' + " · ".join(parts) + "</p>"

    def what(label: str) -> str:
        return "Раздел" if "." not in label.split(" ")[0] else "Пункт"

    html = [f'<div class="imc-editions"><p>Новая редакция: <a href="{new_href}">{_edition(project, item)}</a>.<br>'
            f'Прежняя редакция: <a href="{old_href}">{_edition(project, old)}</a>.</p>'
            f"<p>Добавлено: {len(d['added'])}, исключено: {len(d['removed'])}, "
            f"изменено: {len(d['changed'])}, перенумеровано: {len(d['moved'])}, "
            f"без изменений: {len(d['same'])}.</p>"
            '<p class="imc-editions__legend"><del><span class="imc-sr-only">удалено: </span>зачёркнуто</del>'
            ' — слова прежней редакции, которых нет в новой; <ins><span class="imc-sr-only">добавлено: </span>'
            "подчёркнуто</ins> — новые слова.</p>"]
    sections = (("changed", "Изменённые пункты", True, True), ("moved", "Перенумерованные пункты", True, True),
                ("added", "Новые пункты", True, False), ("removed", "Исключённые пункты", False, True))
    for key, heading, in_new, in_old in sections:
        if not d[key]:
            continue
        html.append(f'<h2 id="{key}">{heading} ({len(d[key])})</h2>')
        for anchor, label, old_text, new_text, old_anchor in d[key]:
            body = _words_diff(old_text, new_text) if key in ("changed", "moved") else escape(new_text or old_text)
            title = f"{what(label)} {escape(label)}"
            if key == "moved":
                title = f"{what(label)} {escape(clause_label(old_anchor))} → {escape(label)}"
            html.append(f'<section class="imc-change imc-change--{key}" aria-labelledby="ch-{anchor}">'
                        f'<h3 id="ch-{anchor}">{title}</h3>'
                        f'<p class="imc-change__text">{body}</p>{links(anchor, old_anchor, in_new, in_old)}</section>')
    if not (d["added"] or d["removed"] or d["changed"] or d["moved"]):
        html.append("<p>Текст пунктов в редакциях совпадает.</p>")
    html.append("</div>")
    return "".join(html)


def banner_link(item, page_url: str) -> str:
    """The link from the new edition's banner to its comparison page."""
    url = item.url + f"{PAGE_NAME}/"
    return f'<p><a href="{rel(page_url, url)}">Что изменилось: сравнение с прежней редакцией по пунктам</a></p>'
