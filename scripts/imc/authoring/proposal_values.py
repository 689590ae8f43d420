"""The answers of a submitted form as front-matter values: vocabulary titles to ids, authors to
codes of `data/people.yml`, grades, keywords, files and links, and section texts."""
from __future__ import annotations

import json
import re

from imc.core.text import fold, slugify


def one_line(value: str) -> str:
    return " ".join(str(value).split())


def quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def yaml_value(value):
    """A value for the skeleton's `given`: a scalar as it is (the skeleton quotes text), a list as
    YAML items — codes and numbers bare, other text quoted."""
    if not isinstance(value, list):
        return value
    return [v if isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9-]*", v) else
            quoted(v) if isinstance(v, str) else str(v) for v in value]


def _name_words(name: str) -> list[str]:
    return fold(name).replace(".", ". ").replace("  ", " ").split()


def same_person(written: str, registered: str) -> bool:
    """«Иванова Мария Петровна», «Иванова М. П.», «Иванова М.П.», «М. П. Иванова»."""
    w = [x.rstrip(".") for x in _name_words(written)]
    r = [x.rstrip(".") for x in _name_words(registered)]
    if not w or not r:
        return False
    if w == r:
        return True
    if len(r) < 2:
        return False
    surname, given = r[0], r[1:]
    initials = [g[0] for g in given]
    for ws, rest in ((w[0], w[1:]), (w[-1], w[:-1])):
        if ws == surname and rest and all(len(x) == 1 for x in rest) and rest == initials[:len(rest)]:
            return True
    return False


def author_id_guess(name: str) -> str:
    words = [x.rstrip(".") for x in _name_words(name)]
    if not words:
        return "avtor"
    return slugify(words[0] + " " + "".join(w[0] for w in words[1:] if w))


def author_names(project, text: str) -> list[str]:
    names = []
    for part in re.split(r"[\n;,]+", text):
        part = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", part).strip()
        if part:
            names.append(one_line(part))
    return names


def match_registry(project, registry: str, value: str, keys: tuple[str, ...]) -> str | None:
    wanted = fold(value)
    for rid, entry in project.registries.get(registry, {}).items():
        if wanted == fold(rid) or any(wanted == fold(entry.get(k, "")) for k in keys):
            return rid
    return None


_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?[^)]*\)")
_BARE_URL = re.compile(r"(?<![(<\[])\bhttps?://[^\s)>\]]+")
_IMG_TAG = re.compile(r"<img\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>", re.I)


def attachment_links(text: str) -> list[tuple[str, str]]:
    """(name, url) of every file or link given in the attachments field, in order."""
    out: list[tuple[str, str]] = []
    for m in _IMG_TAG.finditer(text):
        out.append(("картинка", m.group(1)))
    text = _IMG_TAG.sub(" ", text)
    for m in _LINK.finditer(text.replace("![", "[")):
        out.append((one_line(m.group(1)) or m.group(2).rsplit("/", 1)[-1], m.group(2)))
    rest = _LINK.sub(" ", text.replace("![", "["))
    for m in _BARE_URL.finditer(rest):
        out.append((re.sub(r"^https?://", "", m.group(0)).rstrip("/"), m.group(0)))
    seen, unique = set(), []
    for name, url in out:
        if url not in seen and re.match(r"https?://", url, re.I):
            seen.add(url)
            unique.append((name.replace("[", "(").replace("]", ")"), url))
    return unique


def section_text(text: str) -> str:
    """An author's answer as Markdown of one section: headings below ##, pictures as links."""
    text = text.replace("\r\n", "\n").strip("\n")
    text = re.sub(r"^#{1,2}(?=[ \t])", "###", text, flags=re.M)
    # Pictures pasted into the form live on GitHub's servers: the site never loads them from
    # there. They become links, and the reviewer saves the files beside the page.
    text = _IMG_TAG.sub(lambda m: f"[картинка]({m.group(1)})", text)
    text = _IMAGE.sub(lambda m: f"[{m.group(1).strip() or 'картинка'}]({m.group(2)})", text)
    return text.rstrip()
