"""Turning the text an author wrote into typed values, field by field, per the model.

`Checker.value()` returns the converted value (or None) and records problems with the
position of the value in its file. References are collected for a second pass, when
every id in the project is known.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from imc.content.kinds import KINDS
from imc.content.model import Field
from imc.core.problems import ERROR, Problem
from imc.core.text import fold
from imc.core.yamlsafe import Loaded


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

    # -- single values: what each kind of field accepts is its class in content/kinds.py
    def value(self, value: Any, f: Field, path: tuple, dotted: str) -> Any:
        return KINDS[f.kind].check(self, value, f, path, dotted)

    def ref(self, target: str, value: str, path: tuple, dotted: str) -> None:
        """A reference to check once every id is known."""
        line, col = self.loaded.where(path)
        self.refs.append(Ref(target, value, self.rel, line, col, dotted))

    def file(self, value: str, path: tuple, dotted: str) -> None:
        self.files.append((value, path, dotted))
