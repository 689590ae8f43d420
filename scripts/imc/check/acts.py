"""`imc check` for the registry of normative acts and the аттестация section (data/attestation.yml).

Each function returns its problems; `load.py` adds them to the project.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re

from imc.check.markdown_checks import headings
from imc.content import model
from imc.content.acts import ATTESTATION_TOPIC
from imc.content.project import DATA, DOCS, Item, Project
from imc.core.problems import ERROR, WARNING, Problem
from imc.files import published

# 273-ФЗ, 196, 232/551, Р-145, АЗ-1128/08, 45-од, 01-09/112: letters and digits, joined by - / .
NUMBER = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:[-/.][0-9A-Za-zА-Яа-яЁё]+)*")
OLDEST = dt.date(1990, 1, 1)


def today() -> dt.date:
    return dt.date.today()


def _bad(item: Item, path: tuple, message: str, hint: str, code: str, severity: str = ERROR,
         fld: str | None = None) -> Problem:
    line, col = item.where(path)
    return Problem(item.rel, line, col, message, hint, fld if fld is not None else ".".join(map(str, path)),
                   severity, code)


def act_problems(project: Project) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[tuple, Item] = {}
    for item in sorted(project.of_type("act"), key=lambda i: i.rel):
        m = item.meta
        number = m.get("number")
        if isinstance(number, str) and "TODO" not in number:  # a skeleton's TODO is reported already
            shown = number.strip()
            if shown.startswith(("№", "N ", "N°")):
                out.append(_bad(item, ("number",), f"номер «{number}» записан со знаком №",
                                f"напишите только номер: number: {shown.lstrip('№N° ').strip()}", "act-number"))
            elif not NUMBER.fullmatch(shown):
                out.append(_bad(item, ("number",), f"номер «{number}» не похож на номер акта",
                                "буквы и цифры, соединённые «-», «/» или «.», без пробелов: 273-ФЗ, 196, "
                                "232/551, Р-145", "act-number"))
        date = m.get("date")
        if isinstance(date, dt.date):
            if date < OLDEST:
                out.append(_bad(item, ("date",), f"дата акта {date.isoformat()} раньше 1990 года",
                                "проверьте год: ГГГГ-ММ-ДД, например 2012-12-29", "act-date"))
            if date > today() and m.get("status") == "deystvuet":
                out.append(_bad(item, ("status",), f"акт датирован будущим числом ({date.isoformat()}), "
                                "а статус «действует»",
                                "проверьте дату принятия (ГГГГ-ММ-ДД); акт, который ещё не принят, "
                                "в реестр не вносят", "act-future"))
        if isinstance(m.get("effective"), dt.date) and isinstance(date, dt.date) and m["effective"] < date:
            out.append(_bad(item, ("effective",), "акт вступает в силу раньше, чем принят",
                            "проверьте даты date и effective", "act-date"))
        status = m.get("status")
        if status == "izmenen" and not m.get("changed_by"):
            out.append(_bad(item, ("status",), "статус «изменён», но не указано, каким актом",
                            "добавьте changed_by: код акта, который внёс изменения (его тоже внесите в реестр)",
                            "act-changed-by"))
        if m.get("changed_by") and status == "deystvuet":
            out.append(_bad(item, ("changed_by",), "у действующего акта без изменений указан changed_by",
                            "поставьте статус «izmenen» или «utratil-silu» — или уберите changed_by",
                            "act-changed-by", WARNING))
        if m.get("changed_by") == item.id:
            out.append(_bad(item, ("changed_by",), "акт не может изменять сам себя",
                            "укажите код другого акта", "act-changed-by"))
        other = project.get("act", m["changed_by"]) if m.get("changed_by") else None
        if other is not None and isinstance(date, dt.date) and isinstance(other.meta.get("date"), dt.date) \
                and other.meta["date"] < date:
            out.append(_bad(item, ("changed_by",), f"изменяющий акт «{other.title}» принят раньше этого",
                            "проверьте код в changed_by и даты обоих актов", "act-changed-by", WARNING))
        if not m.get("source") and not m.get("file"):
            out.append(_bad(item, ("title",), "нет ни ссылки на официальную публикацию, ни файла документа",
                            "добавьте source: адрес на официальном портале или сайте органа (или file:)",
                            "act-source", WARNING, ""))
        found = {h.rstrip(":").strip().lower() for lvl, h, _ in headings(item.body) if lvl == 2}
        for section in item.type.sections:
            if section.lower() not in found:
                out.append(Problem(item.rel, item.body_line, 1, f"нет раздела «{section}»",
                                   f"добавьте заголовок «## {section}» и два-три предложения для педагогов",
                                   "", WARNING, "act-comment"))
        if isinstance(number, str) and isinstance(date, dt.date) and m.get("issuer"):
            key = (m["issuer"], number.strip().lower(), date)
            if key in seen:
                first = seen[key]
                out.append(_bad(item, ("number",), f"этот акт уже есть в реестре: {first.rel} "
                                f"(тот же орган, номер {number} и дата {date.isoformat()})",
                                "оставьте один файл: акт вносится в реестр один раз", "act-duplicate"))
            else:
                seen[key] = item
    return out


def attestation_problems(project: Project) -> list[Problem]:
    """data/attestation.yml: what each part needs, files that exist and may be published."""
    rows = project.registries.get("attestation", {})
    if not rows:
        return []
    rel = project.registry_rel.get("attestation", f"{DATA}/attestation.yml")
    loaded = _loaded(project, rel)

    def bad(oid, key, message, hint, code, severity=ERROR):
        line, col = loaded.where((_position(loaded, oid), key)) if loaded else (1, 1)
        return Problem(rel, line, col, message, hint, key, severity, code)

    out: list[Problem] = []
    for oid, row in rows.items():
        part = row.get("part")
        if part == "srok":
            if not row.get("start") or not row.get("end"):
                out.append(bad(oid, "start" if not row.get("start") else "end",
                               f"у срока «{row['title']}» нужны начало и окончание",
                               "укажите start и end в формате ГГГГ-ММ-ДД", "attestation-dates"))
            elif row["end"] < row["start"]:
                out.append(bad(oid, "end", f"срок «{row['title']}» заканчивается раньше, чем начинается",
                               "проверьте даты start и end", "attestation-dates"))
        if part == "forma" and not row.get("file") and not row.get("url"):
            out.append(bad(oid, "part", f"у формы «{row['title']}» нет ни файла, ни ссылки",
                           "укажите file: путь от папки docs/ (например attestatsiya/obrazets.docx)",
                           "attestation-file"))
        if part == "kategoriya" and not row.get("requirements"):
            out.append(bad(oid, "requirements", f"у категории «{row['title']}» не перечислены требования",
                           "добавьте requirements: список того, что нужно подтвердить", "attestation-file",
                           WARNING))
        file = row.get("file")
        if file:
            norm = posixpath.normpath(file)
            if file.startswith(("/", "\\")) or norm.startswith("..") or re.match(r"[a-zA-Z]:", file):
                out.append(bad(oid, "file", f"путь «{file}» выходит за папку docs/",
                               "укажите путь от папки docs/, например attestatsiya/obrazets.docx",
                               "attestation-file"))
            elif norm not in project.files:
                out.append(bad(oid, "file", f"файла «{DOCS}/{norm}» нет",
                               "положите файл в docs/ и укажите путь от этой папки", "attestation-file"))
            elif posixpath.splitext(norm)[1] not in model.ATTACHMENT_TYPES:
                out.append(bad(oid, "file", f"файлы «{posixpath.splitext(norm)[1]}» выкладывать нельзя",
                               "допустимы: " + ", ".join(sorted(model.ATTACHMENT_TYPES)), "attestation-file"))
            elif why := published.verdict(project.docs_dir, norm):
                out.append(bad(oid, "file", why[0], why[1], why[2]))
    return out


def referenced_files(project: Project) -> set[str]:
    """Files of docs/ the аттестация section offers for download (not «unreferenced»)."""
    return {posixpath.normpath(r["file"]) for r in project.registries.get("attestation", {}).values()
            if r.get("file")}


def event_topic_problems(project: Project) -> list[Problem]:
    """An аттестация consultation that the section would not show (no topic), as a hint."""
    out = []
    for item in project.of_type("event"):
        m = item.meta
        if ATTESTATION_TOPIC in (m.get("topics") or []):
            continue
        if m.get("kind", "").startswith("konsultatsiya") and "аттестац" in item.title.lower():
            out.append(_bad(item, ("kind",), "консультация по аттестации не попадёт в раздел «Аттестация»",
                            f"добавьте topics: [{ATTESTATION_TOPIC}]", "event-topic", WARNING, "topics"))
    return out


def problems(project: Project) -> list[Problem]:
    return act_problems(project) + attestation_problems(project) + event_topic_problems(project)


def _loaded(project: Project, rel: str):
    from imc.core.source import load_yaml_file
    path = project.root / rel
    if not path.is_file():
        return None
    loaded, _ = load_yaml_file(path, rel)
    return loaded


def _position(loaded, oid: str) -> int:
    data = loaded.data if isinstance(loaded.data, list) else []
    return next((i for i, row in enumerate(data) if isinstance(row, dict) and str(row.get("id")) == oid), 0)

