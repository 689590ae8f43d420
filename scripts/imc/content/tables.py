"""Data tables of a report (`data:` in its front matter): CSV or YAML files beside the Markdown.

Read here once, for both the checker (numbers, encoding, broken rows) and the site (the HTML
table, the chart and its CSV for download), so the page shows exactly what was checked.
Nothing from a table is executed or evaluated: cells are text or numbers.
"""
from __future__ import annotations

import csv
import io
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_TABLE_BYTES = 2 * 1024 * 1024  # a report's table is a few hundred rows, not a database
_NUMBER = re.compile(r"[-−]?\d+(?:[.,]\d+)?")
EMPTY = {"", "-", "—", "–", "н/д"}
RESAVE_HINT = ("сохраните файл в UTF-8: в Excel — «Файл → Сохранить как → CSV UTF-8 (разделитель — запятая)», "
               "в LibreOffice Calc — «Сохранить как → Текст CSV», кодировка «Юникод (UTF-8)»")


@dataclass
class Column:
    name: str
    title: str
    unit: str = ""

    @property
    def percent(self) -> bool:
        return self.unit.strip() == "%"

    @property
    def year(self) -> bool:
        return self.unit.strip().lower() in ("год", "г.", "year")


@dataclass
class Issue:
    """A problem found in a table file (line in that file; 0: the declaration in the .md)."""
    line: int
    message: str
    hint: str = ""
    code: str = "data"
    col: int = 1


@dataclass
class Table:
    src: str  # docs-relative path of the file: analitika/x/gia.csv
    title: str
    columns: list[Column]  # first: the row labels; the rest: numbers
    rows: list[list] = field(default_factory=list)  # [label, number|None, …]
    lines: list[int] = field(default_factory=list)  # line of each row in its file
    chart: str = "bar"
    source: str = ""
    sums: list[dict] = field(default_factory=list)
    series: list[str] = field(default_factory=list)  # columns drawn on the chart (empty: all)

    def chart_columns(self) -> list[int]:
        """Indexes of the numeric columns the chart draws."""
        return [k for k, c in enumerate(self.columns) if k and (not self.series or c.name in self.series)]

    @property
    def csv_src(self) -> str:
        """Where the table is offered for download (a YAML table gets a CSV beside it)."""
        return self.src if self.src.endswith(".csv") else posixpath.splitext(self.src)[0] + ".csv"

    def as_csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow([c.title or c.name for c in self.columns])
        for row in self.rows:
            w.writerow(["" if v is None else _fmt(v) for v in row])
        return out.getvalue()


def _fmt(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def table_src(item_src: str, file: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(item_src), file))


def _number(text: str) -> float | None:
    t = text.strip().replace("\u00a0", "").replace(" ", "").replace("−", "-").rstrip("%")
    if not _NUMBER.fullmatch(t):
        raise ValueError(text)
    return float(t.replace(",", "."))


def _decode(raw: bytes) -> tuple[str | None, list[Issue]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        try:
            raw.decode("cp1251")
            what = "в кодировке Windows-1251 (так сохраняет Excel «CSV (разделители — запятые)»)"
        except UnicodeDecodeError:
            what = "не в кодировке UTF-8"
        return None, [Issue(line, f"файл таблицы {what}, а нужна UTF-8", RESAVE_HINT, "data-encoding")]


def _declared_columns(decl: dict, header: list[str]) -> list[Column]:
    if decl.get("columns"):
        return [Column(c["name"], c.get("title") or c["name"], c.get("unit") or "") for c in decl["columns"]]
    return [Column(h, h, "%" if "%" in h else "") for h in header]


def read_table(docs_dir: Path, item_src: str, decl: dict) -> tuple[Table | None, list[Issue]]:
    """The table declared by one entry of `data:`, and what is wrong with its file."""
    file = str(decl.get("file") or "")
    src = table_src(item_src, file)
    if file.startswith(("/", "\\")) or ".." in file.split("/") or not file:
        return None, [Issue(0, f"путь «{file}» выходит за папку справки", "положите таблицу рядом с .md",
                            "data-file")]
    ext = posixpath.splitext(src)[1].lower()
    if ext not in (".csv", ".yml", ".yaml"):
        return None, [Issue(0, f"таблица «{file}» — не CSV и не YAML",
                            "сохраните таблицу из Excel как CSV UTF-8 и укажите файл .csv", "data-file")]
    path = Path(docs_dir) / src
    try:
        if path.stat().st_size > MAX_TABLE_BYTES:
            return None, [Issue(0, f"таблица «{file}» больше 2 МБ", "оставьте в ней только итоговые цифры",
                                "data-file")]
        raw = path.read_bytes()
    except OSError:
        return None, [Issue(0, f"нет файла таблицы «{file}»", "положите его рядом с .md или исправьте имя",
                            "data-file")]
    text, issues = _decode(raw)
    if text is None:
        return None, issues
    table = Table(src, str(decl.get("title") or file), [], chart=str(decl.get("chart") or "bar"),
                  source=str(decl.get("source") or ""), sums=list(decl.get("sums") or []),
                  series=[str(x) for x in decl.get("series") or []])
    if ext == ".csv":
        issues += _read_csv(text, decl, table)
    else:
        issues += _read_yaml(text, decl, table)
    return table, issues


def _read_csv(text: str, decl: dict, table: Table) -> list[Issue]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    head = next((n for n, ln in enumerate(lines) if ln.strip()), None)
    if head is None:
        return [Issue(1, "таблица пустая", "первая строка — названия столбцов, дальше — данные", "data-row")]
    delimiter = ";" if lines[head].count(";") > lines[head].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    issues: list[Issue] = []
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            n = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                continue
            rows.append((n, cells))
    except csv.Error as err:
        issues.append(Issue(reader.line_num, f"строка таблицы не читается: {err}",
                            "проверьте кавычки в этой строке", "data-row"))
    return issues + _fill(table, decl, header or [], [(n, [c.strip() for c in cells]) for n, cells in rows],
                          delimiter)


def _read_yaml(text: str, decl: dict, table: Table) -> list[Issue]:
    from imc.core import yamlsafe
    try:
        loaded = yamlsafe.load(text)
    except yamlsafe.YamlProblem as err:  # a broken file: its own position and message
        return [Issue(err.line or 1, f"таблица YAML не читается: {err.message}", err.hint or "исправьте запись",
                      "data-row", err.col or 1)]
    data = loaded.data
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data) or not data:
        return [Issue(1, "таблица в YAML — это список строк «- столбец: значение»",
                      "например:\n- район: Лесной\n  доля: 87.5", "data-row")]
    header = list(dict.fromkeys(k for r in data for k in r))
    rows = [(loaded.where((i,))[0], ["" if r.get(h) is None else str(r.get(h)) for h in header])
            for i, r in enumerate(data)]
    missing = [(loaded.where((i,))[0], [h for h in header if h not in r]) for i, r in enumerate(data)]
    issues = [Issue(line, f"в строке нет столбцов: {', '.join(m)}", "заполните их (или поставьте «—»)",
                    "data-row") for line, m in missing if m]
    return issues + _fill(table, decl, header, rows, None)


def _fill(table: Table, decl: dict, header: list[str], rows: list[tuple[int, list[str]]],
          delimiter: str | None) -> list[Issue]:
    issues: list[Issue] = []
    if not header:
        return [Issue(1, "таблица пустая", "первая строка — названия столбцов, дальше — данные", "data-row")]
    table.columns = _declared_columns(decl, header)
    index = {}
    for c in table.columns:
        if c.name not in header:
            issues.append(Issue(0, f"столбца «{c.name}» нет в файле {posixpath.basename(table.src)}",
                                f"есть: {', '.join(header)}", "data-column"))
        else:
            index[c.name] = header.index(c.name)
    if len(index) < len(table.columns):
        return issues
    for line, cells in rows:
        if delimiter is not None and len(cells) != len(header):
            issues.append(Issue(line, f"в строке {len(cells)} знач., а столбцов {len(header)}",
                                f"проверьте разделители «{delimiter}»: лишний или пропущенный "
                                f"(число с запятой внутри возьмите в кавычки или разделяйте «;»)", "data-row"))
            continue
        row: list = [cells[index[table.columns[0].name]]]
        ok = True
        for c in table.columns[1:]:
            cell = cells[index[c.name]]
            if cell.strip() in EMPTY:
                row.append(None)
                continue
            try:
                row.append(_number(cell))
            except ValueError:
                issues.append(Issue(line, f"«{cell}» в столбце «{c.title}» — не число",
                                    "запишите число цифрами (дробь — через точку или запятую) или «—»",
                                    "data-number"))
                ok = False
        if ok:
            table.rows.append(row)
            table.lines.append(line)
    return issues
