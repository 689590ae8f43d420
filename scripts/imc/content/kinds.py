"""Field kinds: one class per kind of value, and everything the engine does with that kind.

A `Field` of model.py names its kind by a short string (`"date"`, `"vocab"` …); `KINDS` maps the
name to the class that knows, for that kind of value:

- `check`     — turn what the author wrote into a typed value, or report a Russian problem;
- `schema`    — its JSON Schema (editors' hints, `imc schema`);
- `cms`       — its widget in the web editor (/admin/);
- `skeleton`  — the value `imc new` writes into a new file;
- `form`      — its input in the «Предложить материал» issue form, and `from_form` to read it back;
- `shown`     — how the material card shows it.

A new field of an existing kind is one line in model.py; a new kind is one class here.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from imc.core.text import (
    DATE_PATTERN,
    SCHOOL_YEAR_PATTERN,
    SLUG_PATTERN,
    SLUG_RE,
    TIME_PATTERN,
    URL_PATTERN,
    fold,
    ru_date,
)

if TYPE_CHECKING:
    from imc.content.model import Field

_ISO_DATE = re.compile(DATE_PATTERN)
_RU_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_TIME = re.compile(TIME_PATTERN)
_SCHOOL_YEAR = re.compile(SCHOOL_YEAR_PATTERN)
_URL = re.compile(URL_PATTERN)
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|javascript\s*:", re.IGNORECASE)
_TRUTHY = {"yes", "no", "on", "off", "да", "нет", "y", "n", "1", "0"}
FILE_PATTERN = r"^(?![/\\])(?![A-Za-z]:)(?!(.*/)?\.\.(/|$)).+$"
TODO = "  # TODO: замените"


class Checker(Protocol):
    """What a kind needs from the checker of one file (check/fields.py)."""
    vocabularies: dict
    criteria: dict | None

    def problem(self, path: tuple, dotted: str, message: str, hint: str = "", severity: str = ...,
                code: str = "", key: bool = False) -> None: ...
    def value(self, value: Any, f: Field, path: tuple, dotted: str) -> Any: ...
    def object(self, data: dict, fields: tuple, path: tuple = (), prefix: str = "") -> dict: ...
    def ref(self, target: str, value: str, path: tuple, dotted: str) -> None: ...
    def file(self, value: str, path: tuple, dotted: str) -> None: ...


@dataclass(frozen=True)
class Shown:
    """One value as the card shows it: a title and, maybe, where it leads."""
    title: str
    path: str | None = None  # a page of the site (made relative by the page that shows it)
    url: str | None = None  # an address outside the site


class Kind:
    name = ""
    compound = False  # list/object: holds other fields

    # -- imc check
    def check(self, c: Checker, value: Any, f: Field, path: tuple, dotted: str) -> Any:
        if isinstance(value, (list, dict)):
            c.problem(path, dotted, "ожидалось одно значение, а записан " +
                      ("список" if isinstance(value, list) else "набор полей"),
                      "уберите квадратные скобки или отступы", code="type")
            return None
        return self.scalar(c, value, f, path, dotted)

    def scalar(self, c: Checker, value: Any, f: Field, path: tuple, dotted: str) -> Any:
        return value

    # -- JSON Schema
    def schema(self, f: Field, project) -> dict:
        return {}

    def where(self, f: Field) -> str:
        """Where the allowed values come from, for hints."""
        return ""

    # -- the web editor
    def cms(self, f: Field, project) -> dict:
        return {"widget": "string"}

    # -- imc new
    def skeleton(self, f: Field, project, today: dt.date) -> str:
        return '""' + TODO

    def skeleton_lines(self, f: Field, project, indent: str, today: dt.date) -> list[str]:
        return [f"{indent}{f.name}: {self.skeleton(f, project, today)}"]

    # -- the issue form
    def form(self, f: Field) -> dict:
        return {"type": "input"}

    def from_form(self, text: str, f: Field, project) -> Any:
        """The answer of the issue form as a metadata value; ValueError with a Russian reason."""
        return " ".join(text.split())

    # -- the card
    def shown(self, project, f: Field, value: Any, ctype) -> Shown:
        return Shown(str(value))


def _text_value(c: Checker, value, f, path, dotted):
    if isinstance(value, bool):
        c.problem(path, dotted, f"ожидался текст, а записано логическое значение «{str(value).lower()}»",
                  f'возьмите значение в кавычки: {f.name}: "{str(value).lower()}"', code="type")
        return None
    return str(value)


def _quoted(text: str) -> str:
    import json
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


class Str(Kind):
    name = "str"

    def scalar(self, c, value, f, path, dotted):
        text = _text_value(c, value, f, path, dotted)
        if text is not None and _MARKUP.search(text):
            c.problem(path, dotted, "в поле есть HTML-разметка или javascript:",
                      "пишите обычный текст без тегов <…>", code="markup")
            return None
        return text

    def schema(self, f, project):
        # `imc check` takes a number as text too (`protocol: 3`); true/false it does not.
        return {"type": ["string", "number"], **({"minLength": 1} if f.required else {})}

    def skeleton(self, f, project, today):
        return _quoted("TODO: " + f.label.lower())


class Text(Str):
    name = "text"

    def cms(self, f, project):
        return {"widget": "text"}

    def form(self, f):
        return {"type": "textarea"}

    def from_form(self, text, f, project):
        return text.strip()


class Slug(Kind):
    name = "slug"

    def scalar(self, c, value, f, path, dotted):
        text = _text_value(c, value, f, path, dotted)
        if text is not None and not SLUG_RE.fullmatch(text):
            c.problem(path, dotted, f"код «{text}» должен состоять из латинских строчных букв, цифр и дефисов",
                      "например: sosh-3, ivanova-mp", code="slug")
            return None
        return text

    def schema(self, f, project):
        return {"type": "string", "pattern": SLUG_PATTERN}

    def cms(self, f, project):
        return {"widget": "string", "pattern": [SLUG_PATTERN, "латинские строчные буквы, цифры и дефисы: sosh-3"]}

    def skeleton(self, f, project, today):
        return "TODO" + TODO


def parse_date(text: str) -> tuple[dt.date | None, str, str]:
    """(date, message, hint): a date written as ГГГГ-ММ-ДД, or why the text is not one."""
    m = _ISO_DATE.fullmatch(text)
    ru = _RU_DATE.fullmatch(text)
    if ru and not m:
        d, mo, y = (int(x) for x in ru.groups())
        try:
            iso = dt.date(y, mo, d).isoformat()
            hint = f"напишите {iso}: так дата читается однозначно"
        except ValueError:
            hint = "такой даты нет в календаре; проверьте день и месяц и запишите как ГГГГ-ММ-ДД"
        return None, f"дата «{text}» записана не в формате ГГГГ-ММ-ДД", hint
    if not m:
        return None, f"«{text}» — не дата", "напишите дату как ГГГГ-ММ-ДД, например 2025-09-01"
    try:
        return dt.date(*(int(x) for x in m.groups())), "", ""
    except ValueError:
        return None, f"даты «{text}» нет в календаре", "проверьте месяц (01–12) и день"


class Date(Kind):
    name = "date"

    def scalar(self, c, value, f, path, dotted):
        if isinstance(value, (int, bool)):
            c.problem(path, dotted, f"«{value}» — не дата", "напишите дату как ГГГГ-ММ-ДД, например 2025-09-01",
                      code="date")
            return None
        date, message, hint = parse_date(str(value).strip())
        if date is None:
            c.problem(path, dotted, message, hint, code="date")
        return date

    def schema(self, f, project):
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN, "examples": ["2025-09-01"]}

    def cms(self, f, project):
        return {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD"}

    def skeleton(self, f, project, today):
        return today.isoformat()

    def from_form(self, text, f, project):
        date, message, hint = parse_date(" ".join(text.split()))
        if date is None:
            raise ValueError(f"{message}: {hint}")
        return date.isoformat()

    def shown(self, project, f, value, ctype):
        return Shown(ru_date(value) if isinstance(value, dt.date) else str(value))


class Time(Kind):
    name = "time"

    def scalar(self, c, value, f, path, dotted):
        text = str(value).strip()
        if not _TIME.fullmatch(text):
            c.problem(path, dotted, f"«{text}» — не время", "напишите ЧЧ:ММ, например 14:30", code="time")
            return None
        return text

    def schema(self, f, project):
        return {"type": "string", "pattern": TIME_PATTERN, "examples": ["14:30"]}

    def cms(self, f, project):
        return {"widget": "datetime", "type": "time", "format": "HH:mm"}

    def skeleton(self, f, project, today):
        return '"15:00"'


class Int(Kind):
    name = "int"

    def scalar(self, c, value, f, path, dotted):
        if isinstance(value, bool) or not isinstance(value, int):
            text = str(value).strip()
            if re.fullmatch(r"0\d+", text):
                c.problem(path, dotted, f"число «{text}» начинается с нуля",
                          f"напишите {int(text)} (без нуля впереди)", code="type")
                return None
            if not re.fullmatch(r"-?\d+", text):
                c.problem(path, dotted, f"«{text}» — не целое число", "напишите число цифрами", code="type")
                return None
            value = int(text)
        if f.min is not None and value < f.min or f.max is not None and value > f.max:
            c.problem(path, dotted, f"число {value} вне допустимых пределов {f.min}–{f.max}", code="range")
            return None
        return value

    def schema(self, f, project):
        s: dict = {"type": "integer"}
        if f.min is not None:
            s["minimum"] = f.min
        if f.max is not None:
            s["maximum"] = f.max
        return s

    def cms(self, f, project):
        out: dict = {"widget": "number", "value_type": "int"}
        if f.min is not None:
            out["min"] = f.min
        if f.max is not None:
            out["max"] = f.max
        return out

    def skeleton(self, f, project, today):
        return f"{f.min or 0}{TODO}"

    def from_form(self, text, f, project):
        words = " ".join(text.split())
        if not re.fullmatch(r"\d+", words) or \
                f.min is not None and int(words) < f.min or f.max is not None and int(words) > f.max:
            bounds = f" от {f.min} до {f.max}" if f.min is not None and f.max is not None else ""
            raise ValueError(f"{f.label.lower()} «{words}» — нужно целое число{bounds}, цифрами")
        return int(words)


class Year(Int):
    name = "year"

    def skeleton(self, f, project, today):
        return str(today.year)

    def from_form(self, text, f, project):
        words = " ".join(text.split())
        if not re.fullmatch(r"\d{4}", words) or not (f.min or 0) <= int(words) <= (f.max or 9999):
            raise ValueError(f"год «{words}» — нужен год четырьмя цифрами, например {dt.date.today().year}")
        return int(words)


class Bool(Kind):
    name = "bool"

    def scalar(self, c, value, f, path, dotted):
        if isinstance(value, bool):
            return value
        hint = "напишите true (да) или false (нет)"
        if fold(value) in _TRUTHY:
            c.problem(path, dotted, f"«{value}» понимается неоднозначно", hint, code="bool")
        else:
            c.problem(path, dotted, f"«{value}» — не «да/нет»", hint, code="bool")
        return None

    def schema(self, f, project):
        return {"type": "boolean"}

    def cms(self, f, project):
        return {"widget": "boolean", "default": False}

    def skeleton(self, f, project, today):
        return "false" + TODO

    def shown(self, project, f, value, ctype):
        return Shown("да" if value else "нет")


class Url(Kind):
    name = "url"

    def scalar(self, c, value, f, path, dotted):
        text = str(value).strip()
        if not _URL.match(text):
            c.problem(path, dotted, f"«{text}» — не адрес сайта", "адрес должен начинаться с https://", code="url")
            return None
        return text

    def schema(self, f, project):
        return {"type": "string", "format": "uri", "pattern": URL_PATTERN}

    def cms(self, f, project):
        return {"widget": "string", "pattern": [URL_PATTERN, "адрес начинается с https://"]}

    def skeleton(self, f, project, today):
        return '"https://"' + TODO

    def from_form(self, text, f, project):
        words = " ".join(text.split())
        if not _URL.match(words):
            raise ValueError(f"«{words}» — не адрес сайта: адрес должен начинаться с https://")
        return words

    def shown(self, project, f, value, ctype):
        return Shown(str(value), url=str(value))


class SchoolYear(Kind):
    name = "school_year"

    def scalar(self, c, value, f, path, dotted):
        text = str(value).strip()
        m = _SCHOOL_YEAR.fullmatch(text)
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            c.problem(path, dotted, f"«{text}» — не учебный год", "напишите так: 2025/2026", code="school-year")
            return None
        return f"{m.group(1)}/{m.group(2)}"

    def schema(self, f, project):
        return {"type": "string", "pattern": SCHOOL_YEAR_PATTERN, "examples": ["2025/2026"]}

    def cms(self, f, project):
        return {"widget": "string", "pattern": [SCHOOL_YEAR_PATTERN, "например 2025/2026"]}

    def skeleton(self, f, project, today):
        y = today.year if today.month >= 8 else today.year - 1
        return f"{y}/{y + 1}"


class File(Kind):
    name = "file"

    def scalar(self, c, value, f, path, dotted):
        text = _text_value(c, value, f, path, dotted)
        if text is not None:
            c.file(text, path, dotted)
        return text

    def schema(self, f, project):
        return {"type": "string", "pattern": FILE_PATTERN}

    def cms(self, f, project):
        from imc.content.model import ATTACHMENT_TYPES
        # the file picker offers only what may be attached (and published: files/published.py)
        return {"widget": "file", "media_folder": "", "public_folder": "", "choose_url": False,
                "accept": ",".join(sorted(ATTACHMENT_TYPES))}


def _vocab_values(project, name: str) -> list[str]:
    vocab = project.vocabularies.get(name) if project is not None else None
    values: list[str] = []
    for e in (vocab.entries if vocab is not None else []):
        for v in [e.get("id"), e.get("title"), *(e.get("aliases") or [])]:
            if v is not None and str(v) not in values:
                values.append(str(v))
    return values


class Vocab(Kind):
    name = "vocab"

    def scalar(self, c, value, f, path, dotted):
        vocab = c.vocabularies.get(f.vocab)
        if vocab is None:
            return str(value)  # the missing vocabulary is reported once, for data/
        entry = vocab.get(value)
        if entry is None:
            guess = vocab.suggest(value)
            hint = f"возможно, «{guess}»? " if guess else ""
            c.problem(path, dotted, f"«{value}» нет в словаре «{vocab.label}»",
                      f"{hint}есть: {vocab.titles()} (словарь — data/vocabularies.yml)", code="vocab")
            return None
        return entry["id"]

    def where(self, f):
        from imc.content.model import VOCABULARIES
        return f"Значение словаря «{VOCABULARIES.get(f.vocab, f.vocab)}» (data/vocabularies.yml)."

    def schema(self, f, project):
        values = _vocab_values(project, f.vocab)
        return {"enum": values} if values else {"type": "string"}

    def options(self, f, project) -> list[dict]:
        vocab = project.vocabularies.get(f.vocab) if project is not None else None
        return [{"label": str(e["title"]), "value": str(e["id"])} for e in (vocab.entries if vocab else [])]

    def cms(self, f, project):
        options = self.options(f, project)
        if options:
            return {"widget": "select", "options": options, "dropdown_threshold": 8}
        # an empty vocabulary: a code typed by hand, checked by `imc check`
        return {"widget": "string", "pattern": [SLUG_PATTERN, "код латиницей"]}

    def skeleton(self, f, project, today):
        entries = project.vocabularies.get(f.vocab) if project is not None else None
        first = entries.entries[0]["id"] if entries and entries.entries else "TODO"
        return f"{first}{TODO} (словарь {f.vocab})"

    def form(self, f):
        return {"type": "dropdown", "vocab": f.vocab}

    def from_form(self, text, f, project):
        # A title no longer in the vocabulary stays as written: `imc check` then says why.
        vocab = project.vocabularies.get(f.vocab) if project is not None else None
        entry = vocab.get(" ".join(text.split())) if vocab is not None else None
        return entry["id"] if entry is not None else " ".join(text.split())

    def shown(self, project, f, value, ctype):
        entry = project.vocabularies[f.vocab].by_id(value) if f.vocab in project.vocabularies else None
        title = project.vocab_title(f.vocab, value)
        if f.facet and ctype is not None and ctype.catalogue:
            return Shown(title, path=f"{ctype.folder}/f/{f.facet}/{value}/")
        if entry and entry.get("url"):
            return Shown(title, url=entry["url"])
        return Shown(title)


def _ref_ids(project, target: str) -> list[str]:
    if project is None:
        return []
    if target in project.registries:
        return sorted(project.registries[target])
    return sorted(i.id for i in project.of_type(target))


class Ref(Kind):
    name = "ref"

    def scalar(self, c, value, f, path, dotted):
        text = KINDS["slug"].scalar(c, value, f, path, dotted)
        if text is not None:
            c.ref(f.ref, text, path, dotted)
        return text

    def where(self, f):
        from imc.content.model import REGISTRIES
        reg = REGISTRIES.get(f.ref)
        return f"Код из data/{reg.file}." if reg else f"Код материала типа «{f.ref}»."

    def schema(self, f, project):
        s: dict = {"type": "string", "pattern": SLUG_PATTERN}
        ids = _ref_ids(project, f.ref)
        if ids:
            s["examples"] = ids[:50]
        return s

    def options(self, f, project) -> list[dict]:
        """Pick-list of a registry or of items. People without consent are shown by position only:
        the editor's config.yml is a public file of the site."""
        target = f.ref
        if project is None:
            return []
        if target == "people":
            out = []
            for pid, p in project.registries.get("people", {}).items():
                # the same words the site shows (a name only with consent), and the code to tell people apart
                name = project.person_name(pid)
                label = f"{name} ({pid})" if p.get("consent") is True else f"{pid} — {name}"
                out.append({"label": label, "value": pid})
            return out
        if target == "organisations":
            return [{"label": str(o.get("short_name") or o.get("name") or oid), "value": oid}
                    for oid, o in project.registries.get("organisations", {}).items()]
        if target in project.registries:
            return [{"label": str(e.get("title") or e.get("name") or rid), "value": rid}
                    for rid, e in project.registries[target].items()]
        return [{"label": i.title, "value": i.id} for i in project.of_type(target)]

    cms = Vocab.cms

    def skeleton(self, f, project, today):
        wanted = (lambda e: e.get("consent") is True) if f.ref == "people" else (lambda e: True)
        registry = project.registries.get(f.ref, {}) if project is not None else {}
        first = next((k for k, v in registry.items() if wanted(v)), None) or "TODO"
        return f"{first}{TODO} (коды — data/{f.ref}.yml)"

    def shown(self, project, f, value, ctype):
        if f.ref == "people":
            return Shown(project.person_name(value))
        other = project.get(f.ref, value)
        return Shown(other.title, path=other.url) if other else Shown(str(value))


class List(Kind):
    name = "list"
    compound = True

    def check(self, c, value, f, path, dotted):
        if not isinstance(value, list):
            c.problem(path, dotted, f"ожидался список, а записано одно значение «{value}»",
                      f"запишите в квадратных скобках: {f.name}: [{value}]", code="type")
            return None
        if f.min and len(value) < f.min:
            c.problem(path, dotted, f"нужно хотя бы {f.min} знач.", code="required")
        items = [c.value(v, f.item, path + (i,), f"{dotted}[{i}]") for i, v in enumerate(value)]
        return [v for v in items if v is not None]

    def schema(self, f, project):
        s: dict = {"type": "array"}
        if f.item is not None:
            s["items"] = field_schema(f.item, project)
        if f.min:
            s["minItems"] = f.min
        return s

    def cms(self, f, project):
        item = f.item
        out: dict = {"widget": "list"}
        if item.kind in ("vocab", "ref"):
            sub = cms_field(item, project)
            if sub and sub["widget"] == "select":
                out = {"widget": "select", "multiple": True, "options": sub["options"], "dropdown_threshold": 8}
        elif item.kind == "object":
            out["fields"] = [x for x in (cms_field(s, project) for s in item.fields) if x]
            out["collapsed"] = "auto"
            summary = next((s.name for s in item.fields if s.kind in ("str", "ref") and s.required), None)
            if item.fields and item.fields[0].kind == "date" and summary:
                out["summary"] = f"{{{{fields.{item.fields[0].name}}}}} — {{{{fields.{summary}}}}}"
            elif summary:
                out["summary"] = f"{{{{fields.{summary}}}}}"
        elif item.kind in ("int", "year"):
            sub = cms_field(item, project)
            sub.pop("required", None)
            out["field"] = {**sub, "required": True}
        if out["widget"] == "list":  # the editor's «Добавить …» names one element
            label = item.label
            out["label_singular"] = label if label[:2].isupper() else label[:1].lower() + label[1:]
        if f.min:
            out["min"] = f.min
        if f.max:
            out["max"] = f.max
        return out

    def skeleton_lines(self, f, project, indent, today):
        item = KINDS[f.item.kind]
        if f.item.kind == "object":
            lines = [f"{indent}{f.name}:",
                     f"{indent}  # каждое «{f.item.label.lower()}» — отдельный блок «- {f.item.fields[0].name}: …»"]
            first = True
            for sub in f.item.fields:
                if sub.required:
                    for line in KINDS[sub.kind].skeleton_lines(sub, project, indent + "    ", today):
                        lines.append(indent + "  - " + line.strip() if first else line)
                        first = False
            return lines
        inner = item.skeleton(f.item, project, today).split("  #")[0].strip()
        return [f"{indent}{f.name}: [{inner}]{TODO}"]

    def form(self, f):
        inner = KINDS[f.item.kind].form(f.item)
        if inner["type"] == "dropdown":
            return {**inner, "multiple": True}
        return {"type": "input"}

    def from_form(self, text, f, project):
        item = KINDS[f.item.kind]
        if item.form(f.item)["type"] == "dropdown":  # GitHub joins the chosen options with «, »
            vocab = project.vocabularies.get(f.item.vocab) if project is not None and f.item.vocab else None
            known = {fold(e["title"]) for e in vocab.entries} if vocab else set()
            return [item.from_form(p, f.item, project) for p in _join_options(text, known)]
        parts = [p.strip() for p in re.split(r"[,;\n]", text) if p.strip()]
        if not isinstance(item, Int):
            return [item.from_form(p, f.item, project) for p in parts]
        numbers: list[int] = []  # «5, 6» or «5–7»; «класс», «кл.» may be written
        lo_ok, hi_ok = f.item.min if f.item.min is not None else 0, f.item.max if f.item.max is not None else 10**9
        cleaned = re.sub(r"(?i)\s*(классы|класс|кл\.?)\s*", " ", text)
        pairs = re.findall(r"(\d+)\s*(?:[-–—]\s*(\d+))?", cleaned)
        for a, b in pairs:
            lo, hi = int(a), int(b or a)
            if not lo_ok <= lo <= hi <= hi_ok:
                pairs = []
                break
            numbers += [n for n in range(lo, hi + 1) if n not in numbers]
        if text.strip() and not numbers:
            raise ValueError(f"{f.label.lower()} «{' '.join(text.split())}» — нужны номера от {lo_ok} до {hi_ok}, "
                             f"например: {lo_ok}, {lo_ok + 1} или {lo_ok}–{lo_ok + 2}")
        return numbers


def _join_options(value: str, known: set[str]) -> list[str]:
    """«Русский язык, Литература» -> two options; an option that itself contains «, » is glued
    back (greedy, longest known first)."""
    parts = [p.strip() for p in value.strip().split(", ") if p.strip()]
    out, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = ", ".join(parts[i:j])
            if fold(candidate) in known or j == i + 1:
                out.append(candidate)
                i = j
                break
    return out


class Object(Kind):
    name = "object"
    compound = True

    def check(self, c, value, f, path, dotted):
        if not isinstance(value, dict):
            c.problem(path, dotted, "ожидался набор полей «поле: значение»",
                      "запишите вложенные поля с отступом в 2 пробела на следующих строках", code="type")
            return None
        return c.object(value, f.fields, path, dotted + ".")

    def schema(self, f, project):
        return object_schema(f.fields, project)

    def cms(self, f, project):
        return {"widget": "object", "fields": [x for x in (cms_field(s, project) for s in f.fields) if x],
                "collapsed": "auto"}

    def skeleton_lines(self, f, project, indent, today):
        lines = [f"{indent}{f.name}:"]
        for sub in f.fields:
            if sub.required:
                lines += KINDS[sub.kind].skeleton_lines(sub, project, indent + "  ", today)
        return lines


class Scores(Kind):
    """Expert scores «критерий: балл», criteria from data/criteria.yml."""
    name = "scores"
    compound = True

    def check(self, c, value, f, path, dotted):
        from imc.content.model import Field
        if not isinstance(value, dict):
            c.problem(path, dotted, "баллы записываются как «критерий: балл»",
                      "например:\n  scores:\n    aktualnost: 3", code="type")
            return None
        criteria = c.criteria or {}
        out = {}
        for key, score in value.items():
            kpath = path + (key,)
            if key not in criteria:
                guess = difflib.get_close_matches(key, list(criteria), n=1)
                c.problem(kpath, f"{dotted}.{key}", f"критерия «{key}» нет в data/criteria.yml",
                          f"возможно, «{guess[0]}»?" if guess else f"есть: {', '.join(criteria)}",
                          code="criteria", key=True)
                continue
            crit = criteria[key]
            num = KINDS["int"].scalar(c, score, Field(key, "int", key, min=0, max=crit.get("max")), kpath,
                                      f"{dotted}.{key}")
            if num is not None:
                out[key] = num
        return out

    def schema(self, f, project):
        criteria = project.registries.get("criteria") if project is not None else None
        if criteria:
            return {"type": "object",
                    "properties": {cid: {"title": str(c.get("title", cid)), "type": "integer",
                                         "minimum": 0, "maximum": c.get("max", 100)}
                                   for cid, c in criteria.items()},
                    "additionalProperties": False}
        return {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}

    def cms(self, f, project):
        criteria = project.registries.get("criteria") if project is not None else None
        if not criteria:
            return {"widget": "keyvalue"}
        return {"widget": "object", "fields": [
            {"name": cid, "label": f"{c.get('title', cid)} (0–{c.get('max')})", "widget": "number",
             "value_type": "int", "min": 0, "max": c.get("max"), "required": False}
            for cid, c in criteria.items()]}

    def skeleton_lines(self, f, project, indent, today):
        return [f"{indent}{f.name}: {{}}{TODO}"]


def field_schema(f: Field, project=None) -> dict:
    """The JSON Schema of one field (titles and descriptions in Russian from the model)."""
    k = KINDS[f.kind]
    s: dict = {"title": f.label}
    description = " ".join(x for x in (f.help, k.where(f)) if x)
    if description:
        s["description"] = description
    s.update(k.schema(f, project))
    s["title"] = f.label
    if f.example is not None and "examples" not in s:
        s["examples"] = [f.example]
    return s


def object_schema(fields: tuple, project=None) -> dict:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f, project) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def cms_field(f: Field, project=None) -> dict | None:
    """One field of the web editor (Sveltia CMS); None: the field is filled by the build."""
    if f.generated:
        return None
    out: dict = {"name": f.name, "label": f.label, "required": bool(f.required)}
    if f.help:
        out["hint"] = f.help
    out.update(KINDS[f.kind].cms(f, project))
    return out


KINDS: dict[str, Kind] = {k.name: k for k in (
    Str(), Text(), Slug(), Date(), Time(), Int(), Year(), Bool(), Url(), SchoolYear(), File(),
    Vocab(), Ref(), List(), Object(), Scores(),
)}


def kind(f: Field) -> Kind:
    return KINDS[f.kind]
