"""Turning the text an author wrote into typed values, field by field, per the model.

`Checker.value()` returns the converted value (or None) and records problems with the
position of the value in its file. References are collected for a second pass, when
every id in the project is known.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from imc.content.model import Field
from imc.core.problems import ERROR, Problem
from imc.core.text import DATE_PATTERN, SCHOOL_YEAR_PATTERN, SLUG_RE, TIME_PATTERN, URL_PATTERN, fold
from imc.core.yamlsafe import Loaded

_ISO_DATE = re.compile(DATE_PATTERN)
_RU_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_TIME = re.compile(TIME_PATTERN)
_SCHOOL_YEAR = re.compile(SCHOOL_YEAR_PATTERN)
_URL = re.compile(URL_PATTERN)
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:", re.I)
_TRUTHY = {"yes", "no", "on", "off", "да", "нет", "y", "n", "1", "0"}


@dataclass
class Vocabulary:
    name: str
    label: str
    entries: list[dict]
    _index: dict = field(default_factory=dict)

    def __post_init__(self):
        for e in self.entries:
            for key in [e.get("id"), e.get("title"), *(e.get("aliases") or [])]:
                if key is not None:
                    self._index.setdefault(fold(key), e)

    def get(self, value: Any) -> dict | None:
        return self._index.get(fold(value)) if value is not None else None

    def by_id(self, value: str) -> dict | None:
        return next((e for e in self.entries if e.get("id") == value), None)

    def titles(self, limit: int = 12) -> str:
        names = [str(e.get("title", e.get("id"))) for e in self.entries]
        more = "…" if len(names) > limit else ""
        return ", ".join(names[:limit]) + more

    def suggest(self, value: Any) -> str | None:
        keys = {fold(e.get("title", "")): e for e in self.entries}
        keys.update({fold(e.get("id", "")): e for e in self.entries})
        match = difflib.get_close_matches(fold(value), list(keys), n=1, cutoff=0.6)
        if match:
            return str(keys[match[0]].get("title"))
        return None


@dataclass
class Ref:
    """A reference to check once every id is known."""
    target: str  # collection: organisations, people, rmo, regulation…
    value: str
    path: str  # file
    line: int
    col: int
    field: str


@dataclass
class Checker:
    rel: str  # file being checked
    loaded: Loaded
    vocabularies: dict[str, Vocabulary]
    criteria: dict[str, dict] | None = None
    problems: list[Problem] = field(default_factory=list)
    refs: list[Ref] = field(default_factory=list)
    files: list[tuple[str, tuple, str]] = field(default_factory=list)  # (value, path, dotted)

    # -- reporting
    def problem(self, path: tuple, dotted: str, message: str, hint: str = "",
                severity: str = ERROR, code: str = "", key: bool = False):
        line, col = self.loaded.key_where(path) if key else self.loaded.where(path)
        self.problems.append(Problem(self.rel, line, col, message, hint, dotted, severity, code))

    # -- whole objects
    def object(self, data: dict, fields: tuple[Field, ...], path: tuple = (), prefix: str = "",
               allow_extra: tuple[str, ...] = ()) -> dict:
        known = {f.name: f for f in fields}
        out: dict = {}
        for key, value in data.items():
            if key in known or key in allow_extra:
                continue
            guess = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
            hint = f"возможно, «{guess[0]}»?" if guess else \
                f"допустимые поля: {', '.join(known)}"
            self.problem(path + (key,), prefix + key, "неизвестное поле", hint,
                         code="unknown-field", key=True)
        for f in fields:
            dotted = prefix + f.name
            value = data.get(f.name)
            if value is None or value == "" or value == []:
                if f.required:
                    where = path + (f.name,) if f.name in data else path
                    self.problem(where, dotted, "обязательное поле не заполнено",
                                 f"добавьте «{f.name}:» ({f.label.lower()})" +
                                 (f"; {f.help}" if f.help else ""), code="required",
                                 key=f.name in data)
                continue
            converted = self.value(value, f, path + (f.name,), dotted)
            if converted is not None:
                out[f.name] = converted
        return out

    # -- single values
    def value(self, value: Any, f: Field, path: tuple, dotted: str) -> Any:
        kind = f.kind
        if kind == "list":
            if not isinstance(value, list):
                self.problem(path, dotted, f"ожидался список, а записано одно значение «{value}»",
                             f"запишите в квадратных скобках: {f.name}: [{value}]", code="type")
                return None
            if f.min and len(value) < f.min:
                self.problem(path, dotted, f"нужно хотя бы {f.min} знач.", code="required")
            items = [self.value(v, f.item, path + (i,), f"{dotted}[{i}]") for i, v in enumerate(value)]
            return [v for v in items if v is not None]
        if kind == "object":
            if not isinstance(value, dict):
                self.problem(path, dotted, "ожидался набор полей «поле: значение»",
                             "запишите вложенные поля с отступом в 2 пробела на следующих строках",
                             code="type")
                return None
            return self.object(value, f.fields, path, dotted + ".")
        if kind == "scores":
            return self._scores(value, f, path, dotted)
        if isinstance(value, (list, dict)):
            self.problem(path, dotted, "ожидалось одно значение, а записан " +
                         ("список" if isinstance(value, list) else "набор полей"),
                         "уберите квадратные скобки или отступы", code="type")
            return None
        method = getattr(self, "_" + kind)
        return method(value, f, path, dotted)

    def _text_value(self, value, f, path, dotted):
        if isinstance(value, bool):
            self.problem(path, dotted, f"ожидался текст, а записано логическое значение «{str(value).lower()}»",
                         f'возьмите значение в кавычки: {f.name}: "{str(value).lower()}"', code="type")
            return None
        return str(value)

    def _str(self, value, f, path, dotted):
        text = self._text_value(value, f, path, dotted)
        if text is not None and _MARKUP.search(text):
            self.problem(path, dotted, "в поле есть HTML-разметка или javascript:",
                         "пишите обычный текст без тегов <…>", code="markup")
            return None
        return text

    _text = _str

    def _slug(self, value, f, path, dotted):
        text = self._text_value(value, f, path, dotted)
        if text is not None and not SLUG_RE.fullmatch(text):
            self.problem(path, dotted, f"код «{text}» должен состоять из латинских строчных букв, цифр и дефисов",
                         "например: sosh-3, ivanova-mp", code="slug")
            return None
        return text

    def _date(self, value, f, path, dotted):
        if isinstance(value, int) or isinstance(value, bool):
            self.problem(path, dotted, f"«{value}» — не дата", "напишите дату как ГГГГ-ММ-ДД, например 2025-09-01",
                         code="date")
            return None
        text = str(value).strip()
        m = _ISO_DATE.fullmatch(text)
        ru = _RU_DATE.fullmatch(text)
        if ru and not m:
            d, mo, y = (int(x) for x in ru.groups())
            try:
                iso = dt.date(y, mo, d).isoformat()
                hint = f"напишите {iso}: так дата читается однозначно"
            except ValueError:
                hint = "такой даты нет в календаре; проверьте день и месяц и запишите как ГГГГ-ММ-ДД"
            self.problem(path, dotted, f"дата «{text}» записана не в формате ГГГГ-ММ-ДД", hint, code="date")
            return None
        if not m:
            self.problem(path, dotted, f"«{text}» — не дата", "напишите дату как ГГГГ-ММ-ДД, например 2025-09-01",
                         code="date")
            return None
        try:
            return dt.date(*(int(x) for x in m.groups()))
        except ValueError:
            self.problem(path, dotted, f"даты «{text}» нет в календаре",
                         "проверьте месяц (01–12) и день", code="date")
            return None

    def _time(self, value, f, path, dotted):
        text = str(value).strip()
        if not _TIME.fullmatch(text):
            self.problem(path, dotted, f"«{text}» — не время", "напишите ЧЧ:ММ, например 14:30", code="time")
            return None
        return text

    def _int(self, value, f, path, dotted):
        if isinstance(value, bool) or not isinstance(value, int):
            text = str(value).strip()
            if re.fullmatch(r"0\d+", text):
                self.problem(path, dotted, f"число «{text}» начинается с нуля",
                             f"напишите {int(text)} (без нуля впереди)", code="type")
                return None
            if re.fullmatch(r"-?\d+", text):
                value = int(text)
            else:
                self.problem(path, dotted, f"«{text}» — не целое число", "напишите число цифрами", code="type")
                return None
        if f.min is not None and value < f.min or f.max is not None and value > f.max:
            self.problem(path, dotted, f"число {value} вне допустимых пределов {f.min}–{f.max}", code="range")
            return None
        return value

    _year = _int

    def _bool(self, value, f, path, dotted):
        if isinstance(value, bool):
            return value
        hint = "напишите true (да) или false (нет)"
        if fold(value) in _TRUTHY:
            self.problem(path, dotted, f"«{value}» понимается неоднозначно", hint, code="bool")
        else:
            self.problem(path, dotted, f"«{value}» — не «да/нет»", hint, code="bool")
        return None

    def _url(self, value, f, path, dotted):
        text = str(value).strip()
        if not _URL.match(text):
            self.problem(path, dotted, f"«{text}» — не адрес сайта", "адрес должен начинаться с https://",
                         code="url")
            return None
        return text

    def _school_year(self, value, f, path, dotted):
        text = str(value).strip()
        m = _SCHOOL_YEAR.fullmatch(text)
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            self.problem(path, dotted, f"«{text}» — не учебный год", "напишите так: 2025/2026",
                         code="school-year")
            return None
        return f"{m.group(1)}/{m.group(2)}"

    def _vocab(self, value, f, path, dotted):
        vocab = self.vocabularies.get(f.vocab)
        if vocab is None:
            return str(value)  # the missing vocabulary is reported once, for data/
        entry = vocab.get(value)
        if entry is None:
            guess = vocab.suggest(value)
            hint = f"возможно, «{guess}»? " if guess else ""
            self.problem(path, dotted, f"«{value}» нет в словаре «{vocab.label}»",
                         f"{hint}есть: {vocab.titles()} (словарь — data/vocabularies.yml)", code="vocab")
            return None
        return entry["id"]

    def _ref(self, value, f, path, dotted):
        text = self._slug(value, f, path, dotted)
        if text is not None:
            line, col = self.loaded.where(path)
            self.refs.append(Ref(f.ref, text, self.rel, line, col, dotted))
        return text

    def _file(self, value, f, path, dotted):
        text = self._text_value(value, f, path, dotted)
        if text is not None:
            self.files.append((text, path, dotted))
        return text

    def _scores(self, value, f, path, dotted):
        if not isinstance(value, dict):
            self.problem(path, dotted, "баллы записываются как «критерий: балл»",
                         "например:\n  scores:\n    aktualnost: 3", code="type")
            return None
        criteria = self.criteria or {}
        out = {}
        for key, score in value.items():
            kpath = path + (key,)
            if key not in criteria:
                guess = difflib.get_close_matches(key, list(criteria), n=1)
                self.problem(kpath, f"{dotted}.{key}", f"критерия «{key}» нет в data/criteria.yml",
                             f"возможно, «{guess[0]}»?" if guess else f"есть: {', '.join(criteria)}",
                             code="criteria", key=True)
                continue
            crit = criteria[key]
            num = self._int(score, Field(key, "int", key, min=0, max=crit.get("max")), kpath, f"{dotted}.{key}")
            if num is not None:
                out[key] = num
        return out
