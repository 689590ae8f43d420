"""ISBN: checked and hyphenated by python-stdnum (its range table of the ISBN agency), with the
reason of a refusal in Russian for `imc check`."""
from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import ean as _ean
from stdnum import isbn as _isbn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError


@dataclass(frozen=True)
class Isbn:
    hyphenated: str  # 978-5-09-087999-6 (as written, 10 or 13 digits, split by the range table)
    isbn13: str  # 9785090879996: the same book as 13 digits, for schema.org and search


@dataclass(frozen=True)
class IsbnError:
    message: str
    hint: str


_ALLOWED = re.compile(r"[0-9Xx\-\s]+")


def parse(value: str) -> Isbn | IsbnError:
    """The ISBN an author wrote, or why it cannot be one."""
    text = str(value).strip()
    if text.upper().startswith("ISBN"):
        text = text[4:].lstrip(" :")
    if not text or not _ALLOWED.fullmatch(text):
        return IsbnError(f"«{value}» — не ISBN: в нём могут быть только цифры, дефисы и X в конце",
                         "перепишите номер с оборота титула, например 978-5-09-087999-6")
    digits = _isbn.compact(text)
    if len(digits) not in (10, 13):
        return IsbnError(f"в ISBN «{value}» {len(digits)} цифр, а нужно 13 (или 10 в книгах до 2007 года)",
                         "проверьте, не пропущена ли цифра: сверьте номер с оборотом титула")
    if "X" in digits[:-1] or (len(digits) == 13 and "X" in digits):
        return IsbnError(f"в ISBN «{value}» буква X не на своём месте",
                         "X бывает только последним знаком десятизначного ISBN")
    if len(digits) == 13 and not digits.startswith(("978", "979")):
        return IsbnError(f"ISBN «{value}» начинается не с 978 или 979",
                         "тринадцатизначный ISBN начинается с 978 (российские книги — 978-5-…)")
    try:
        _isbn.validate(digits)
    except InvalidChecksum:
        good = _ean.calc_check_digit(digits[:-1]) if len(digits) == 13 else _check10(digits[:-1])
        return IsbnError(f"у ISBN «{value}» не сходится контрольная цифра (последняя): "
                         f"для этих цифр она должна быть {good}",
                         "скорее всего, опечатка в одной из цифр: сверьте номер с оборотом титула")
    except InvalidComponent:
        return IsbnError(f"ISBN «{value}» начинается не с 978 или 979",
                         "тринадцатизначный ISBN начинается с 978 (российские книги — 978-5-…)")
    except ValidationError:
        return IsbnError(f"«{value}» — не ISBN", "перепишите номер с оборота титула")
    return Isbn(_isbn.format(digits), _isbn.to_isbn13(digits).replace("-", ""))


def hyphenated(value: str) -> str:
    """For display: the hyphenated form, or the text as written if it is not an ISBN."""
    found = parse(value)
    return found.hyphenated if isinstance(found, Isbn) else str(value)


def _check10(first9: str) -> str:
    """The check digit of an ISBN-10 (weights 10…2, modulo 11; 10 is written X)."""
    total = sum((10 - i) * int(c) for i, c in enumerate(first9))
    return "X" if (11 - total % 11) % 11 == 10 else str((11 - total % 11) % 11)
