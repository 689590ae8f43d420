"""Problems found in content: what, where, and what to do. Validation never prints."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
_RU_SEVERITY = {ERROR: "ошибка", WARNING: "предупреждение"}


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int
    col: int
    message: str
    hint: str = ""
    field: str = ""
    severity: str = ERROR
    code: str = ""  # stable machine name of the check, e.g. "unknown-field"

    def text(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        hint = f" — {self.hint}" if self.hint else ""
        return f"{where}: {_RU_SEVERITY[self.severity]}: {what}{hint}"


class ImcError(Exception):
    """A failure the user can act on; the CLI prints it without a traceback."""


class UsageError(ImcError):
    """The command itself is wrong (a mistyped path, a bad argument): the CLI exits with 2."""


def sort_key(p: Problem):
    return (p.path, p.line, p.col, p.code)


def format_text(problems: list[Problem]) -> str:
    lines = [p.text() for p in problems]
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    if problems:
        lines.append(f"Итого: ошибок — {errors}, предупреждений — {warnings}.")
    else:
        lines.append("Проверка пройдена: ошибок нет.")
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=1)


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: list[Problem]) -> str:
    """GitHub workflow commands: annotations on the changed lines of a pull request."""
    out = []
    for p in problems:
        kind = "error" if p.severity == ERROR else "warning"
        title = _gh_escape(p.field or "imc check", prop=True)
        body = _gh_escape(f"{p.message}" + (f" — {p.hint}" if p.hint else ""))
        out.append(f"::{kind} file={_gh_escape(p.path, True)},line={p.line},col={p.col},title={title}::{body}")
    out.append(format_text(problems).splitlines()[-1])
    return "\n".join(out)


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
