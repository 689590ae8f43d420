"""Small text helpers shared by the engine: slugs, Russian typography, plural forms."""
from __future__ import annotations

import re
import unicodedata

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str) -> str:
    """«Положение о РМО» -> polozhenie-o-rmo (for file names and facet URLs)."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    out = "".join(_TRANSLIT.get(ch, ch) for ch in text)
    out = re.sub(r"[^a-z0-9]+", "-", out).strip("-")
    return out or "bez-nazvaniya"


def fold(text: str) -> str:
    """Comparison key: case, ё/е and spacing do not matter."""
    return " ".join(unicodedata.normalize("NFC", str(text)).lower().replace("ё", "е").split())


def plural(n: int, one: str, few: str, many: str) -> str:
    """plural(3, "материал", "материала", "материалов") -> «3 материала»."""
    n_abs = abs(n)
    if n_abs % 10 == 1 and n_abs % 100 != 11:
        word = one
    elif 2 <= n_abs % 10 <= 4 and not 12 <= n_abs % 100 <= 14:
        word = few
    else:
        word = many
    return f"{n}\u00a0{word}"


MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря"]


def ru_date(d, year: bool = True) -> str:
    """date(2025, 9, 1) -> «1 сентября 2025 г.» with non-breaking spaces."""
    if d is None:
        return ""
    s = f"{d.day}\u00a0{MONTHS_GEN[d.month - 1]}"
    return f"{s} {d.year}\u00a0г." if year else s


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n}\u00a0Б"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f}\u00a0КБ"
    return f"{n / 1048576:.1f}\u00a0МБ".replace(".", ",")
