"""Loading and checking the project: registries from data/, content from docs/, against the model.

`load_project(root)` reads everything once and returns a `Project` (imc.content.project)
holding typed items and every problem found. Nothing here knows about mkdocs: the CLI, the
mkdocs plugin and the tests all use this.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import os
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml
from imc.check import acts, bodies, invisible, shelf
from imc.check.fields import Checker, Ref, Vocabulary
from imc.check.markdown_checks import anchors, check_body, find_hidden_names, headings, hidden_name_patterns
from imc.check.secrets import secret_problems
from imc.content import model
from imc.content.project import ASSET_DIRS, DATA, DOCS, Item, Project
from imc.core import weburl
from imc.core.paths import output_path, page_url
from imc.core.problems import ERROR, WARNING, Problem, sort_key
from imc.core.source import Parsed, load_yaml_file, read_text, split_front_matter
from imc.core.text import slugify
from imc.files import published
from imc.files.limits import LimitExceeded, check_archive, is_archive

_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)?")


# ------------------------------------------------------------------ loading

ENGINE_VOCABULARIES = Path(__file__).parents[1] / "adopt" / "templates" / "site" / "data" / "vocabularies.yml"


@functools.cache
def _engine_vocabularies() -> dict[str, list[dict]]:
    """The vocabularies the engine ships (the ones `imc init` writes), by name: a site upgraded to
    an engine with a new content type needs no new lines to pass the check."""
    try:
        data = yaml.safe_load(ENGINE_VOCABULARIES.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return {name: [{**e, "id": str(e["id"]), "title": str(e["title"])} for e in entries
                   if isinstance(e, dict) and e.get("id") and e.get("title")]
            for name, entries in (data or {}).items() if isinstance(entries, list)}


def _load_registries(project: Project, refs: list[Ref]) -> list[Problem]:
    """The vocabularies, site settings, synonyms and registries of data/ into `project`;
    returns what is wrong with them."""
    problems: list[Problem] = []
    data = project.data_dir
    vocab_rel = f"{DATA}/vocabularies.yml"
    loaded, probs = load_yaml_file(data / "vocabularies.yml", vocab_rel) \
        if (data / "vocabularies.yml").exists() else (None, [Problem(
            vocab_rel, 1, 1, "нет файла словарей", "создайте data/vocabularies.yml (см. демо-сайт)",
            code="missing-file")])
    problems += probs
    vdata = loaded.data if loaded and isinstance(loaded.data, dict) else {}
    defaults = _engine_vocabularies()
    for name, label in model.VOCABULARIES.items():
        entries = vdata.get(name)
        if entries is None and loaded and name in defaults:
            # A vocabulary the site has not written (one a newer engine added): the engine's own.
            project.vocabularies[name] = Vocabulary(name, label, defaults[name])
            continue
        if not isinstance(entries, list):
            line = loaded.where((name,))[0] if loaded else 1
            problems.append(Problem(vocab_rel, line, 1, f"нет словаря «{name}» ({label})",
                                    "добавьте список значений: - id: … title: …",
                                    code="vocabulary"))
            entries = []
        good = []
        for i, e in enumerate(entries):
            if not isinstance(e, dict) or not e.get("id") or not e.get("title"):
                line = loaded.where((name, i))[0]
                problems.append(Problem(vocab_rel, line, 1, f"{name}: у значения нужны id и title",
                                        "- id: matematika\n    title: Математика", code="vocabulary"))
                continue
            e = {**e, "id": str(e["id"]), "title": str(e["title"])}
            good.append(e)
        project.vocabularies[name] = Vocabulary(name, label, good)

    site_rel = f"{DATA}/site.yml"
    loaded, probs = load_yaml_file(data / "site.yml", site_rel) if (data / "site.yml").exists() \
        else (None, [Problem(site_rel, 1, 1, "нет файла настроек сайта", "создайте data/site.yml",
                             code="missing-file")])
    problems += probs
    if loaded and isinstance(loaded.data, dict):
        checker = Checker(site_rel, loaded, project.vocabularies)
        project.site = checker.object(loaded.data, model.SITE_FIELDS, allow_extra=("template_pages",))
        if "template_pages" in loaded.data:
            project.site["template_pages"] = loaded.data["template_pages"]
        problems += checker.problems

    syn_rel = f"{DATA}/synonyms.yml"
    if (data / "synonyms.yml").exists():
        loaded, probs = load_yaml_file(data / "synonyms.yml", syn_rel)
        problems += probs
        if loaded is not None and loaded.data is not None:
            if not isinstance(loaded.data, dict):
                problems.append(Problem(syn_rel, 1, 1, "синонимы записываются как «слово: [синоним, …]»",
                                        code="synonyms"))
            else:
                for key, values in loaded.data.items():
                    if not isinstance(values, list) or not all(isinstance(v, (str, int)) for v in values):
                        line, col = loaded.where((key,))
                        problems.append(Problem(syn_rel, line, col, f"у «{key}» синонимы должны быть списком",
                                                f"{key}: [первый, второй]", key, code="synonyms"))
                        continue
                    project.synonyms[str(key)] = [str(v) for v in values]

    for reg in model.REGISTRIES.values():
        rel = f"{DATA}/{reg.file}"
        project.registry_rel[reg.name] = rel
        path = data / reg.file
        entries: dict[str, dict] = {}
        project.registries[reg.name] = entries
        if not path.exists() and reg.optional:
            continue
        if not path.exists():
            problems.append(Problem(rel, 1, 1, f"нет реестра «{reg.label}»",
                                    f"создайте {rel} (можно пустым списком: [])", code="missing-file"))
            continue
        loaded, probs = load_yaml_file(path, rel)
        problems += probs
        if loaded is None:
            continue
        if loaded.data is None:
            continue
        if not isinstance(loaded.data, list):
            problems.append(Problem(rel, 1, 1, "реестр должен быть списком записей «- id: …»",
                                    code="registry"))
            continue
        checker = Checker(rel, loaded, project.vocabularies)
        for i, row in enumerate(loaded.data):
            if not isinstance(row, dict):
                checker.problem((i,), "", "запись реестра должна быть набором полей", "- id: … name: …",
                                code="registry")
                continue
            obj = checker.object(row, reg.fields, (i,))
            if "id" not in obj:
                continue
            if obj["id"] in entries:
                checker.problem((i, "id"), "id", f"код «{obj['id']}» уже встречался в {rel}",
                                "у каждой записи свой код", code="duplicate-id")
                continue
            entries[obj["id"]] = obj
        problems += checker.problems
        refs += checker.refs
    return problems


def _walk_docs(project: Project) -> tuple[list[str], list[Problem]]:
    """Every file under docs/, checking names; returns the Markdown files and the problems."""
    markdown: list[str] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    root = project.root.resolve()

    def bad_part(parts: list[str]) -> str | None:
        return next((part for part in parts if not _NAME_RE.fullmatch(part)), None)

    def walk(path: str, rel_dir: str, dir_bad: str | None) -> None:
        # one scandir per folder: the entry knows whether it is a link or a folder
        with os.scandir(path) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        folders = []
        for entry in entries:
            name = entry.name
            src = name if not rel_dir else f"{rel_dir}/{name}"
            rel = f"{DOCS}/{src}"
            if entry.is_symlink():
                inside = root in Path(entry.path).resolve().parents
                problems.append(Problem(
                    rel, 1, 1, "символическая ссылка " + ("" if inside else "указывает за пределы проекта"),
                    "положите в репозиторий сам файл, а не ссылку на него", code="symlink"))
                continue
            if entry.is_dir():
                folders.append(entry)
                continue
            key = unicodedata.normalize("NFC", src).lower()
            if key in seen:
                problems.append(Problem(rel, 1, 1, f"имя совпадает с «{seen[key]}» с точностью до регистра",
                                        "переименуйте один из файлов", code="file-name"))
            seen[key] = src
            if src.split("/", 1)[0] not in ASSET_DIRS and (part := dir_bad or bad_part([name])):
                stem, dot, ext = part.rpartition(".")
                good = slugify(stem or part) + (("." + ext.lower()) if dot else "")
                problems.append(Problem(
                    rel, 1, 1, f"имя «{part}» — не латиница в нижнем регистре",
                    f"переименуйте в «{good}»: русское название пишется в title", code="file-name"))
            project.files.add(src)
            if name.endswith(".md"):
                markdown.append(src)
        for entry in folders:
            sub = entry.name if not rel_dir else f"{rel_dir}/{entry.name}"
            walk(entry.path, sub, dir_bad or bad_part([entry.name]))

    walk(str(project.docs_dir), "", None)
    return markdown, problems


def _check_urls(project: Project) -> list[Problem]:
    """Every page and file of the site has one source: a second one would silently replace it."""
    # keyed by the file the build writes: the same source path always writes the same file
    problems: list[Problem] = []
    owner: dict[str, str] = {output_path(src): src for src in project.generated}
    for src in sorted(project.files):
        out = output_path(src)
        first = owner.get(out)
        if first is None:
            owner[out] = src
            continue
        where = page_url(src) or "/"
        if first in project.generated:
            problems.append(Problem(
                f"{DOCS}/{src}", 1, 1, f"адрес «{where}» занят страницей, которую сайт создаёт сам",
                "перенесите файл в другую папку или переименуйте: иначе одна из страниц пропадёт с сайта",
                code="url-collision"))
        else:
            problems.append(Problem(
                f"{DOCS}/{src}", 1, 1, f"у этой страницы тот же адрес «{where}», что у {DOCS}/{first}",
                "оставьте одну из них (или переименуйте): иначе одна страница молча заменит другую",
                code="url-collision"))
    return problems


def _item_id(src: str) -> str:
    parts = src[:-3].split("/")
    if parts[-1] == "index" and len(parts) > 1:
        return parts[-2]
    return parts[-1]


def _content_type(src: str) -> model.ContentType:
    top = src.split("/")[0]
    t = model.BY_FOLDER.get(top)
    if t is None:
        return model.PAGE
    if src == f"{top}/index.md":
        return model.PAGE  # a section's own front page
    return t


def _load_item(project: Project, src: str, refs: list[Ref],
               files_seen: list) -> tuple[Item | None, list[Problem]]:
    """One Markdown file read and its front matter checked: the item (None when it cannot be
    one) and its problems."""
    rel = f"{DOCS}/{src}"
    read = read_text(project.docs_dir / src, rel)
    problems = list(read.problems)
    ctype = _content_type(src)
    if read.text is None:
        return None, problems
    parsed: Parsed = split_front_matter(read.text, rel)
    problems += parsed.problems
    if any(p.severity == ERROR for p in parsed.problems):
        return None, problems
    if parsed.meta is None:
        if ctype is not model.PAGE:
            problems.append(Problem(rel, 1, 1, "нет блока метаданных",
                                    f"начните файл с метаданных; шаблон: imc new {ctype.name} --title \"…\"",
                                    code="front-matter"))
            return None, problems
        return Item(ctype, _item_id(src), rel, src, {}, parsed.body, parsed.body_line, None, False), problems
    checker = Checker(rel, parsed.loaded, project.vocabularies,
                      criteria=project.registries.get("criteria"))
    for forbidden in ("render_macros", "ignore_macros"):
        if forbidden in parsed.meta:
            checker.problem((forbidden,), forbidden, "макросы в материалах не выполняются",
                            "уберите это поле; шаблоны разрешены только на страницах из "
                            "data/site.yml (template_pages)", code="macros", key=True)
    allow = ("render_macros", "ignore_macros")
    meta = checker.object(parsed.meta, ctype.fields, allow_extra=allow)
    for n, line in enumerate(read.text.split("\n")[1:parsed.body_line - 2], start=2):
        if "TODO" in line:
            problems.append(Problem(rel, n, line.index("TODO") + 1, "не заполнено (стоит TODO)",
                                    "замените TODO настоящим значением", severity=WARNING,
                                    code="todo"))
    problems += checker.problems
    refs += checker.refs
    item = Item(ctype, _item_id(src), rel, src, meta, parsed.body, parsed.body_line, parsed.loaded)
    for value, path, dotted in checker.files:
        files_seen.append((item, value, path, dotted))
    return item, problems


# ------------------------------------------------------------------ cross checks

def _check_refs(project: Project, refs: list[Ref]) -> list[Problem]:
    problems: list[Problem] = []
    by_type = {t: {i.id for i in project.items if i.type.name == t} for t in model.TYPES}
    for ref in refs:
        pool = project.registries.get(ref.target)
        where = project.registry_rel.get(ref.target, f"data/{ref.target}.yml")
        if pool is None:
            pool = by_type.get(ref.target, set())
            t = model.TYPES.get(ref.target)
            where = f"docs/{t.folder}/" if t else ref.target
        if ref.value not in pool:
            import difflib
            guess = difflib.get_close_matches(ref.value, list(pool), n=1)
            hint = f"возможно, «{guess[0]}»? " if guess else ""
            problems.append(Problem(ref.path, ref.line, ref.col, f"«{ref.value}» нет в {where}",
                                    f"{hint}добавьте запись или исправьте код", ref.field,
                                    code="reference"))
    return problems


def _check_files(project: Project, files_seen: list, referenced: set[str],
                 memo: Memo | None = None) -> list[Problem]:
    problems: list[Problem] = []
    if memo is None:
        for entry in files_seen:
            problems += _check_file(project, *entry, referenced)
        return problems
    for item, value, path, dotted in files_seen:
        full = posixpath.normpath(posixpath.join(posixpath.dirname(item.src), value)) if value else ""
        try:
            st = (project.docs_dir / full).stat()
            stamp = (st.st_mtime_ns, st.st_size)
        except (OSError, ValueError):
            stamp = None
        key = (item.rel, value, dotted, stamp, item.where(path))
        if key in memo.files:
            found, seen = memo.files[key]
            problems += found
            referenced.update(seen)
            continue
        mine: set[str] = set()
        found = _check_file(project, item, value, path, dotted, mine)
        memo.files[key] = (found, mine)
        problems += found
        referenced.update(mine)
    return problems


def _check_file(project: Project, item, value, path, dotted, referenced: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    line, col = item.where(path)

    def bad(message, hint, code="attachment"):
        problems.append(Problem(item.rel, line, col, message, hint, dotted, code=code))

    if value.startswith(("/", "\\")) or re.match(r"[a-zA-Z]:", value) or ".." in value.split("/"):
        bad(f"путь «{value}» выходит за папку материала",
            "положите файл рядом с .md (или в подпапку) и укажите путь без «..» и «/» в начале")
        return problems
    src = posixpath.normpath(posixpath.join(posixpath.dirname(item.src), value))
    referenced.add(src)
    full = project.docs_dir / src
    if src not in project.files:
        near = [f for f in project.files if f.startswith(posixpath.dirname(item.src))
                and not f.endswith(".md")]
        import difflib
        guess = difflib.get_close_matches(src, near, n=1)
        bad(f"файла «{value}» нет", (f"возможно, «{posixpath.relpath(guess[0], posixpath.dirname(item.src))}»? "
                                     if guess else "") + "проверьте имя и положите файл рядом с .md")
        return problems
    ext = posixpath.splitext(src)[1]
    allowed = model.ATTACHMENT_TYPES.get(ext)
    if allowed is None:
        bad(f"файлы «{ext or 'без расширения'}» прикладывать нельзя",
            "допустимы: " + ", ".join(sorted(model.ATTACHMENT_TYPES)))
        return problems
    size = full.stat().st_size
    if size > model.MAX_ATTACHMENT_MB * 1048576:
        bad(f"файл «{value}» весит {size / 1048576:.0f} МБ, больше {model.MAX_ATTACHMENT_MB} МБ",
            "сожмите его (фото — до 2000 px, PDF — «уменьшить размер») или дайте ссылку")
        return problems
    with open(full, "rb") as fh:
        head = fh.read(1024)
    magics = allowed[1]
    if magics and not head.lstrip().startswith(magics):
        real = "программа Windows" if head.startswith(b"MZ") else "файл другого типа"
        bad(f"«{value}» — не {allowed[0]}: внутри {real}",
            "приложите настоящий файл; переименование расширения не меняет формат", "file-type")
        return problems
    if is_archive(full):
        try:
            check_archive(full)
        except LimitExceeded as err:
            bad(f"«{value}»: {err.message}", err.hint, "archive-limit")
            return problems
    if ext == ".docx" or ext == ".pptx" or ext == ".xlsx":
        with open(full, "rb") as fh:
            if b"vbaProject" in fh.read():
                bad(f"«{value}» содержит макросы", "сохраните документ без макросов (.docx, не .docm)",
                    "file-type")
                return problems
    if ext == ".pdf":
        with open(full, "rb") as fh:
            encrypted = b"/Encrypt" in fh.read()
        if encrypted:
            problems.append(Problem(
                item.rel, line, col, f"PDF «{value}» защищён паролем или шифрованием",
                "сохраните PDF без защиты: иначе его не найти поиском", dotted, WARNING, "pdf-encrypted"))
        elif not _pdf_has_text(full, project.root / TEXT_CACHE):
            problems.append(Problem(
                item.rel, line, col, f"в PDF «{value}» нет текста — похоже, это скан",
                "приложите PDF, сохранённый из Word: слова скана поиск находит только по распознанному "
                "тексту (с ошибками), а программы для незрячих скан не читают", dotted, WARNING, "pdf-scan"))
    if why := published.verdict(project.docs_dir, src):  # what the build leaves out: SVG with scripts…
        bad(*why)
        return problems
    if ext in (".jpg", ".jpeg") and _jpeg_has_gps(full):
        problems.append(Problem(
            item.rel, line, col, f"в фото «{value}» записаны координаты GPS (где сделан снимок)",
            "удалите геоданные (в свойствах файла: «Удалить свойства и личную информацию»)",
            dotted, WARNING, "exif-gps"))
    return problems


CACHE_DIR = ".cache/imc"  # under the project root; the plugin option cache_dir defaults to it
TEXT_CACHE = f"{CACHE_DIR}/text"  # attachment text, shared with the search build


def _pdf_has_text(path: Path, cache: Path) -> bool:
    import hashlib
    data = path.read_bytes()
    from imc.files.extract import read_cached
    text = read_cached(cache / f"{hashlib.sha256(data).hexdigest()}.txt")
    if text is not None:  # the search build extracted it already: no need to parse the PDF
        return bool(text.strip())
    if b"/Font" in data:  # text needs a font; a scan has none (45 ms of parsing saved per file)
        return True
    try:  # fonts may sit in compressed object streams: parse to be sure
        from pypdf import PdfReader
        reader = PdfReader(str(path))
        return any((page.extract_text() or "").strip() for page in reader.pages[:3])
    except Exception:  # unreadable structure: look for any text object in the raw bytes
        return b"BT" in path.read_bytes()


def _jpeg_has_gps(path: Path) -> bool:
    with open(path, "rb") as fh:
        head = fh.read(65536)
    i = head.find(b"Exif\x00\x00")
    if i < 0:
        return False
    tiff = head[i + 6:]
    tag = b"\x88\x25" if tiff[:2] == b"MM" else b"\x25\x88"
    return tag in tiff[:4096]


def _check_links(project: Project, item: Item, links, referenced: set[str], anchor_cache: dict,
                 generated: set[str]) -> list[Problem]:
    """Links of a page's text: each to a file of docs/ or to a page the build generates
    (`generated`, from the caller), and to an anchor that page has."""
    problems: list[Problem] = []
    base = posixpath.dirname(item.src)
    for link in links:
        target = link.target.strip()
        if not target or re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) or weburl.is_external(target):
            continue  # external as a browser reads it (https:, mailto:, //host, /\host) — bad schemes were reported already
        path, _, anchor = target.partition("#")
        path = path.split("?")[0]

        def bad(message, hint, code="link", severity=ERROR):
            problems.append(Problem(item.rel, link.line, link.col, message, hint, "",
                                    severity, code))

        if path.startswith("/"):
            # the build refuses it too: on a site under a sub-path (/imc/) it would lead nowhere
            suggestion = _file_of(project, generated, unquote(path).strip("/"))
            hint = (f"напишите ссылку от этой страницы: {_relative(base, suggestion)}" if suggestion
                    else "ссылайтесь на файл относительно этой страницы, например ../praktiki/x.md")
            bad(f"сайт не соберётся с абсолютной ссылкой «{target}»", hint)
            continue
        if not path:
            dest = item.src
        else:
            dest = posixpath.normpath(posixpath.join(base, unquote(path)))
            if dest.startswith(".."):
                bad(f"ссылка «{target}» ведёт за пределы сайта", "проверьте число «../»")
                continue
            if dest not in project.files and dest not in generated:
                if (suggestion := _file_of(project, generated, dest)) is not None:
                    bad(f"сайт не соберётся со ссылкой «{target}» на адрес, а не на файл",
                        f"ссылайтесь на файл .md: {_relative(base, suggestion)} (mkdocs сам превратит его в адрес)")
                    continue
                bad(f"ссылка на несуществующий файл «{target}»",
                    "проверьте путь: он считается от папки этой страницы")
                continue
            referenced.add(dest)
            if dest in project.files and (why := published.verdict(project.docs_dir, dest)):
                bad(*why)
        if anchor and dest.endswith(".md") and dest not in generated:
            target_item = project.item_at(dest)
            if target_item is None:
                continue
            if dest not in anchor_cache:
                anchor_cache[dest] = anchors(target_item.body, target_item.type.name == "regulation")
            if anchor not in anchor_cache[dest]:
                bad(f"в «{dest}» нет якоря «#{anchor}»",
                    "якорь — это заголовок строчными буквами через дефис или пункт положения (#p-3-2)")
    return problems


def _file_of(project: Project, generated: set[str], dest: str) -> str | None:
    """The Markdown file behind a folder-style address (praktiki/x/ -> praktiki/x/index.md)."""
    dest = dest.rstrip("/")
    candidates = [f"{dest}.md", f"{dest}/index.md"] if dest else ["index.md"]
    if dest in project.files:
        candidates.insert(0, dest)
    return next((c for c in candidates if c in project.files or c in generated), None)


def _relative(base: str, src: str) -> str:
    return posixpath.relpath(src, base or ".")


def _dotted(path: tuple) -> str:
    """("meetings", 0, "date") -> «meetings[0].date», as the field checker names fields."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _check_semantics(project: Project, item: Item) -> list[Problem]:
    problems: list[Problem] = []
    m, t = item.meta, item.type.name

    def bad(path, message, hint, code, severity=ERROR, fld=None):
        line, col = item.where(path)
        problems.append(Problem(item.rel, line, col, message, hint,
                                fld if fld is not None else _dotted(path), severity, code))

    if t == "practice":
        found = {h.rstrip(":").strip().lower() for lvl, h, _ in headings(item.body) if lvl == 2}
        missing = [s for s in item.type.sections
                   if not any(h.startswith(s.lower()) for h in found)]
        if missing:
            bad((), "в паспорте практики нет разделов: " + ", ".join(f"«{s}»" for s in missing),
                "добавьте заголовки второго уровня: ## " + missing[0], "passport", fld="")
    review = m.get("review")
    if review and review.get("status") in ("rekomendovana", "otklonena"):
        criteria = project.registries.get("criteria", {})
        scores = review.get("scores") or {}
        missing = [c for c in criteria if c not in scores]
        if missing:
            bad(("review", "scores") if "scores" in review else ("review",),
                "не выставлены баллы по критериям: " + ", ".join(missing),
                "экспертиза завершена — оцените каждый критерий из data/criteria.yml", "criteria")
        if not review.get("protocol") or not review.get("date"):
            bad(("review",), "решение без даты или номера протокола",
                "укажите review.date и review.protocol", "review")
    if t == "regulation":
        if m.get("status") == "deystvuet" and "order" not in m:
            bad(("status",), "действующее положение без приказа об утверждении",
                "добавьте order: number, date, issuer", "order")
        if m.get("supersedes") == item.id:
            bad(("supersedes",), "положение не может заменять само себя", "укажите код прежней редакции",
                "supersedes")
        problems += _check_clauses(project, item)
    if isinstance(m.get("ocr"), dict):
        problems += _check_ocr(project, item)
    if t == "event" and m.get("end") and m.get("start") and m["end"] < m["start"]:
        bad(("end",), "окончание раньше начала", "проверьте даты start и end", "dates")
    problems += shelf.item_problems(item)  # courses and books
    if t == "rmo" and m.get("school_year"):
        y1 = int(m["school_year"][:4])
        for i, meeting in enumerate(m.get("meetings") or []):
            d = meeting.get("date")
            if d and not (y1 * 12 + 7 <= d.year * 12 + d.month - 1 <= y1 * 12 + 19):
                bad(("meetings", i, "date"), f"дата {d.isoformat()} вне учебного года {m['school_year']}",
                    "проверьте год", "school-year", WARNING)
    return problems


def _check_ocr(project: Project, item: Item) -> list[Problem]:
    """Words of a recognised scan the OCR was unsure of, where they stand in the text: a person
    confirms each against the scan (and removes it from ocr.unsure)."""
    problems: list[Problem] = []
    unsure = item.meta["ocr"].get("unsure") or []
    if not isinstance(unsure, list):
        return problems
    for word in dict.fromkeys(w for w in unsure if isinstance(w, str) and w.strip()):
        m = re.search(r"(?<!\w)" + re.escape(word.strip()) + r"(?!\w)", item.body)
        if not m:
            continue  # corrected in the text already
        line = item.body_line + item.body.count("\n", 0, m.start())
        col = m.start() - (item.body.rfind("\n", 0, m.start()) + 1) + 1
        problems.append(Problem(
            item.rel, line, col, f"слово «{word.strip()}» распознано со скана неуверенно",
            "сверьте его с подлинником, исправьте, если нужно, и уберите из списка ocr.unsure",
            "", WARNING, "ocr-unsure"))
    return problems


def _check_clauses(project: Project, item: Item) -> list[Problem]:
    """Clauses nobody could link to, and numbers the author repeated (both anchored, but a
    reference «п. 2.1» is ambiguous)."""
    problems: list[Problem] = []
    from imc.content.clauses import clause_report
    report = clause_report(item.body)
    lines = item.body.split("\n")
    for i in report.unanchored:
        shown = " ".join(lines[i].split())[:60]
        problems.append(Problem(
            item.rel, item.body_line + i, 1, f"у пункта «{shown}» не будет якоря: на него нельзя сослаться",
            "начните пункт с номера в начале строки, без отступа и цитаты (например, «2.1. Текст»)",
            "", WARNING, "clause-anchor"))
    for number, where in report.repeated:
        at = ", ".join(str(item.body_line + i) for i in where)
        problems.append(Problem(
            item.rel, item.body_line + where[1], 1, f"номер пункта {number} повторяется (строки {at})",
            "исправьте нумерацию: ссылка «п.\u00a0" + number.split(" ")[0] + "» сейчас неоднозначна "
            "(второй пункт получил якорь с «_2»)", "", WARNING, "clause-repeated"))
    return problems


@dataclass
class Memo:
    """What each file gave the last time, kept between rebuilds of the live preview
    (`imc serve`): a file whose size and mtime are unchanged is not read or checked again.
    Any change under data/ (vocabularies, people, site settings) starts afresh."""
    data_key: tuple = ()
    items: dict = field(default_factory=dict)   # (src, mtime_ns, size) -> results of _load_item
    bodies: dict = field(default_factory=dict)  # rel -> (item, BodyReport)
    semantics: dict = field(default_factory=dict)  # rel -> (item, problems)
    files: dict = field(default_factory=dict)  # (rel, value, dotted, mtime_ns, size) -> (problems, src)
    used: set = field(default_factory=set)  # the keys of `items` that the files have now
    fresh: int = 0  # results computed in this run (nothing new: no need to write the memo again)


MEMO_FILE = f"{CACHE_DIR}/check-memo.json"  # data only: see memo_file.py


def _code_key() -> tuple:
    """A change of the checker's own code makes every remembered result stale."""
    here = Path(__file__).parents[1]  # the whole engine: a rule may live in any layer
    return tuple(sorted((str(p.relative_to(here)), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in here.rglob("*.py")))


@contextlib.contextmanager
def _no_gc():
    """Python's cycle collector runs again and again while millions of objects are created
    (a bank of 10 000 read, or its remembered results loaded: 4 s instead of 1 s); what is
    built here has no garbage cycles to find, so it waits until the end."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def check_project(root: Path) -> Project:
    """`imc check` and `imc build`: the whole project, re-reading only files changed since the
    last run in this folder (results are kept in .cache/imc, keyed by size and mtime), and
    build output or caches committed to git reported as errors."""
    from imc.check import repo_guard
    tracked = repo_guard.tracked_output(root)
    with _no_gc():
        # a committed .cache/ is someone else's data: not read, not overwritten
        memo = None if repo_guard.caches_tracked(tracked) else load_memo(root)
        project = load_project(root, memo=memo)
        if memo is not None:
            save_memo(root, memo, project)
    project.problems += secret_problems(Path(root))  # keys must not reach a site's files
    if tracked:
        project.problems = sorted(project.problems + repo_guard.problems(tracked), key=sort_key)
    else:
        project.problems.sort(key=sort_key)
    return project


def load_memo(root: Path) -> Memo:
    """The results of the last `imc check`/`imc build` in this folder, or a fresh start."""
    from imc.check import memo_file
    try:
        raw = (Path(root) / MEMO_FILE).read_bytes()
    except OSError:  # absent or unreadable: check everything anew
        return Memo()
    return memo_file.load(raw, _code_key(), Memo) or Memo()


def save_memo(root: Path, memo: Memo, project: Project) -> None:
    """Keep only what this run used (deleted and changed files drop out), written atomically."""
    from imc.check import memo_file
    before = sum(map(len, (memo.items, memo.bodies, memo.semantics, memo.files)))
    rels = {i.rel for i in project.items}
    srcs = {i.src for i in project.items}
    memo.items = {k: v for k, v in memo.items.items() if k in memo.used and k[0] in srcs and v[0] is not None}
    memo.used = set()
    memo.bodies = {k: v for k, v in memo.bodies.items() if k in rels}
    memo.semantics = {k: v for k, v in memo.semantics.items() if k in rels}
    memo.files = {k: v for k, v in memo.files.items() if k[0] in rels}
    if not memo.fresh and before == sum(map(len, (memo.items, memo.bodies, memo.semantics, memo.files))):
        return
    memo.fresh = 0
    path = Path(root) / MEMO_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(memo_file.dump(memo, _code_key()))
        os.replace(tmp, path)
    except OSError:  # a read-only checkout: the next run simply checks everything
        pass


def _data_key(project: Project) -> tuple:
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                        for p in project.data_dir.glob("*.y*ml"))) if project.data_dir.is_dir() else ()


def _file_key(project: Project, src: str) -> tuple:
    """What a remembered result of a file is kept under: a change of either is a new file."""
    st = (project.docs_dir / src).stat()
    return (src, st.st_mtime_ns, st.st_size)


def _load_item_memo(project: Project, src: str, refs: list, files_seen: list, memo: Memo | None,
                    loaded: dict, key: tuple | None) -> tuple[Item | None, list[Problem]]:
    """`_load_item` for `src`, or what it gave before (remembered, or read by a worker)."""
    found = memo.items.get(key) if memo is not None else None
    if found is None:
        found = loaded.pop(src, None)
        if found is None:
            my_refs, my_files = [], []
            item, problems = _load_item(project, src, my_refs, my_files)
            found = (item, problems, my_refs, my_files)
        if memo is not None:
            memo.items[key] = found
            memo.fresh += 1
    item, problems, my_refs, my_files = found
    refs += my_refs
    files_seen += my_files
    return item, problems


# A cold check of a large bank reads and checks files in worker processes (one per core):
# parsing YAML and scanning bodies is pure Python, so threads would not help.
PARALLEL_FROM = 300  # files to read; below this, starting the workers costs more than it saves
_WORKER: dict = {}


def _worker_init(root: str, body_args: dict, parent: int | None = None) -> None:
    from imc.core.orphans import die_with_parent
    die_with_parent(parent)  # a killed `imc check` leaves no workers behind
    project = Project(Path(root))
    _load_registries(project, [])
    _WORKER.update(project=project, body_args=body_args)


def _worker_load(srcs: list[str]) -> list[tuple]:
    """(src, (item, problems, refs, files), body report or None) for each file."""
    project, body_args = _WORKER["project"], _WORKER["body_args"]
    out = []
    for src in srcs:
        refs: list = []
        files: list = []
        item, problems = _load_item(project, src, refs, files)
        report = None
        if item is not None:
            report = check_body(item.body, item.rel, item.body_line, **_body_args(item, body_args))
        out.append((src, (item, problems, refs, files), report))
    return out


def _body_args(item: Item, args: dict) -> dict:
    page = item.type is model.PAGE
    return dict(contributed=item.src not in args["trusted"], hidden_names=args["hidden"],
                # the service's own pages (contacts) publish office numbers on purpose
                official_phones=None if page else args["official"], phones=not page)


def _load_parallel(project: Project, srcs: list[str], body_args: dict) -> tuple[dict, dict]:
    """Cold files read and checked in worker processes: ({src: loaded}, {src: body report})."""
    workers = min(2, os.cpu_count() or 1)
    if workers < 2:
        return {}, {}
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    size = max(20, len(srcs) // (workers * 8))
    chunks = [srcs[i:i + size] for i in range(0, len(srcs), size)]
    loaded, reports = {}, {}
    try:
        # spawn, not fork: `imc serve` has threads running, and a forked lock may never open
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_worker_init, initargs=(str(project.root), body_args, os.getpid())) as pool:
            for result in pool.map(_worker_load, chunks):
                for src, found, report in result:
                    loaded[src] = found
                    if report is not None:
                        reports[src] = report
    except (OSError, RuntimeError):  # no processes allowed here: read them one by one
        return {}, {}
    return loaded, reports


def load_project(root: Path | str, memo: Memo | None = None) -> Project:
    """Read and check the whole project. Problems are collected, never raised."""
    project = Project(Path(root))
    refs: list[Ref] = []
    project.problems += _load_registries(project, refs)
    if not project.docs_dir.is_dir():
        project.problems.append(Problem(DOCS, 1, 1, "нет папки docs/", "создайте её", code="missing-file"))
        return project
    if memo is not None and memo.data_key != (key := _data_key(project)):
        memo.data_key, memo.items, memo.bodies, memo.semantics, memo.files = key, {}, {}, {}, {}
    sources, problems = _walk_docs(project)
    project.problems += problems
    hidden = {pid: hidden_name_patterns(str(person.get("name") or ""))
              for pid, person in project.registries.get("people", {}).items()
              if isinstance(person, dict) and person.get("consent") is not True}
    # numbers the service publishes itself (data/site.yml, organisations) are not private
    official = {re.sub(r"\D", "", str(o.get("phone") or ""))[-10:]
                for o in [project.site, *project.registries.get("organisations", {}).values()]
                if isinstance(o, dict)} - {""}
    body_args = {"trusted": set(project.template_pages()), "hidden": hidden, "official": official}
    keys = {src: _file_key(project, src) for src in sources} if memo is not None else {}
    if memo is not None:
        memo.used = set(keys.values())
    cold = [src for src in sources if keys[src] not in memo.items] if memo is not None else sources
    loaded, reports = _load_parallel(project, cold, body_args) if len(cold) >= PARALLEL_FROM else ({}, {})
    files_seen: list = []
    ids: dict[tuple[str, str], str] = {}
    for src in sources:
        item, problems = _load_item_memo(project, src, refs, files_seen, memo, loaded, keys.get(src))
        project.problems += problems
        if item is None:
            continue
        key = (item.type.name, item.id)
        if key in ids and item.type is not model.PAGE:
            project.problems.append(Problem(item.rel, 1, 1, f"код «{item.id}» уже занят файлом {ids[key]}",
                                            "переименуйте файл: код материала — его имя", code="duplicate-id"))
            continue
        ids[key] = item.rel
        project.items.append(item)
    project.reindex()
    from imc.content.catalog import generated_paths
    generated = project.generated = generated_paths(project)
    project.problems += _check_urls(project)
    project.problems += _check_refs(project, refs)
    project.problems += bodies.problems(project)
    referenced: set[str] = set()
    project.problems += _check_files(project, files_seen, referenced, memo)
    anchor_cache: dict[str, set[str]] = {}
    for item in project.items:
        for key in ("title", "description"):
            text = str(item.meta.get(key) or "")
            for _, name, pid in find_hidden_names(text, hidden):
                line, col = item.where((key,))
                project.problems.append(Problem(item.rel, line, col, f"имя «{name}» без согласия на публикацию",
                                                f"в data/people.yml у «{pid}» consent: false; уберите имя",
                                                key, code="consent"))
        project.problems += invisible.check_item(item, project.docs_dir)
        seen = memo.bodies.get(item.rel) if memo is not None else None
        if seen is not None and seen[0] is item:
            report = seen[1]
        else:
            report = reports.get(item.src) or check_body(item.body, item.rel, item.body_line,
                                                         **_body_args(item, body_args))
            if memo is not None:
                memo.bodies[item.rel] = (item, report)
        project.problems += report.problems
        project.problems += _check_links(project, item, report.links, referenced, anchor_cache, generated)
        seen = memo.semantics.get(item.rel) if memo is not None else None
        if seen is not None and seen[0] is item:
            project.problems += seen[1]
        else:
            problems = _check_semantics(project, item)
            if memo is not None:
                memo.semantics[item.rel] = (item, problems)
            project.problems += problems
    from imc.check import yearcycle
    found, data_files = yearcycle.check(project)  # plans and reports: terms, links, table numbers
    project.problems += found
    referenced |= data_files
    project.problems += acts.problems(project)
    referenced |= acts.referenced_files(project)
    for src in sorted(project.files):
        top = src.split("/")[0]
        if src not in referenced and (why := published.verdict(project.docs_dir, src)):
            message, hint, code = why  # a referenced one is reported where it is referenced
            project.problems.append(Problem(f"{DOCS}/{src}", 1, 1, message, hint, code=code))
            continue
        if src.endswith(".md") or src in referenced or top in ASSET_DIRS or "/" not in src:
            continue
        project.problems.append(Problem(f"{DOCS}/{src}", 1, 1, "на этот файл нигде нет ссылки",
                                        "добавьте его во вложения материала (attachments) или удалите",
                                        severity=WARNING, code="unreferenced"))
    project.problems += shelf.project_problems(project)
    project.problems.sort(key=sort_key)
    return project
