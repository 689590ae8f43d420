"""`imc init ПАПКА`: a new site repository for a methodical service, without demo content.

Answers come from flags (for scripts) or, when a flag is missing and the terminal is
interactive, from Russian prompts. Everything is written into a temporary folder beside the
target and renamed into place at the end: a refused answer or a failure leaves nothing.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from imc.adopt import DIST, TEMPLATES, version
from imc.core import forges
from imc.core.problems import ImcError

SITE_TEMPLATE = TEMPLATES / "site"
FORGES = {"github": "GitHub", "gitlab": "GitLab", "gitverse": "GitVerse", "gitflic": "GitFlic"}
HOSTINGS = {
    "pages": "Pages своей платформы (GitHub Pages, GitLab Pages)",
    "s3": "объектное хранилище S3 (Яндекс, Selectel, VK Cloud, MinIO)",
    "nginx": "свой сервер с nginx",
    "zip": "обычный хостинг: архив через панель или FTP",
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PHONE = re.compile(r"^[0-9+()\-\s]+$")
PLACEHOLDER_URL = "https://example.invalid/"  # feeds and the sitemap need an address; replaced later
MAX_LOGO = 2 * 1024 * 1024
LOGO_KINDS = (  # first bytes -> extension; decided by content, never by the file's name
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
)
# Files of the engine's site template that every site carries: theme additions and site assets.
COPIED = ("docs/assets/imc.css", "docs/assets/imc.js", "docs/assets/imc-early.js",
          "overrides/main.html", "snippets/abbreviations.md", "data/synonyms.yml", "data/criteria.yml")


class UsageError(ImcError):
    """A wrong or missing answer: exit code 2."""


@dataclass
class Answers:
    name: str = ""
    full_name: str = ""
    municipality: str = ""
    region: str = ""
    districts: list[str] = field(default_factory=list)
    address: str = ""
    phone: str = ""
    email: str = ""
    url: str = ""
    repo: str = ""
    logo: Path | None = None
    forge: str = "github"
    hosting: str = "pages"
    engine: str = ""


# ------------------------------------------------------------------ validation

def _one_line(value: str, what: str, limit: int = 200) -> str:
    value = " ".join(str(value).split())
    if any(ord(ch) < 32 for ch in value):
        raise UsageError(f"{what}: недопустимые управляющие символы")
    if len(value) > limit:
        raise UsageError(f"{what}: слишком длинно (больше {limit} знаков) — сократите")
    return value


def check_email(value: str) -> str:
    value = value.strip()
    if not EMAIL.match(value):
        raise UsageError(f"электронная почта «{value}» записана неверно: нужен адрес вида imc@example.ru")
    return value


def check_phone(value: str) -> str:
    value = _one_line(value, "телефон", 40)
    if value and (not PHONE.match(value) or sum(ch.isdigit() for ch in value) < 5):
        raise UsageError(f"телефон «{value}» записан неверно: только цифры, пробелы, «+», скобки и дефисы, "
                         "например +7 (000) 000-00-00")
    return value


def check_url(value: str) -> str:
    value = value.strip()
    if value and not re.match(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", value):
        raise UsageError(f"адрес сайта «{value}» записан неверно: нужен вида https://imc.example.ru/")
    return value.rstrip("/") + "/" if value else ""


def logo_kind(path: Path) -> str:
    """The logo's extension by its content: PNG, JPEG or an SVG without active content."""
    if not path.is_file():
        raise UsageError(f"файл логотипа «{path}» не найден")
    size = path.stat().st_size
    if size > MAX_LOGO:
        raise UsageError(f"логотип «{path.name}» слишком большой ({size // 1024} КБ): нужен не больше 2 МБ")
    head = path.read_bytes()[:1024]
    for magic, ext in LOGO_KINDS:
        if head.startswith(magic):
            return ext
    text = head.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if re.match(r"^(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<svg[\s>]", text, re.S):
        from imc.files.published import svg_active
        active = svg_active(path)
        if active:
            raise UsageError(f"логотип «{path.name}»: в SVG есть {active} — сохраните рисунок без скриптов")
        return ".svg"
    raise UsageError(f"«{path.name}» — не изображение: логотип должен быть файлом PNG, JPEG или SVG")


def validate(a: Answers) -> Answers:
    a.name = _one_line(a.name, "название службы", 120)
    if not a.name:
        raise UsageError("не указано название службы (--name)")
    a.full_name = _one_line(a.full_name or a.name, "полное название", 300)
    a.municipality = _one_line(a.municipality, "муниципалитет", 200)
    if not a.municipality:
        raise UsageError("не указан муниципалитет (--municipality)")
    a.region = _one_line(a.region, "регион", 200)
    a.districts = [_one_line(d, "округ (район)", 120) for d in a.districts if d.strip()] or [a.municipality]
    from imc.core.text import slugify
    ids = [slugify(d) for d in a.districts]
    if len(set(ids)) != len(ids):
        raise UsageError("в списке округов (районов) есть повторы — перечислите каждый один раз")
    a.address = _one_line(a.address, "адрес", 300)
    a.phone = check_phone(a.phone)
    a.email = check_email(a.email)
    a.url = check_url(a.url)
    a.repo = check_url(a.repo).rstrip("/") if a.repo else ""
    if a.forge not in FORGES:
        raise UsageError(f"платформа «{a.forge}» неизвестна: выберите одну из {', '.join(FORGES)}")
    if a.hosting not in HOSTINGS:
        raise UsageError(f"хостинг «{a.hosting}» неизвестен: выберите один из {', '.join(HOSTINGS)}")
    if a.hosting == "pages" and a.forge not in forges.PAGES:
        raise UsageError(f"у {FORGES[a.forge]} публикация Pages из этой программы не поддерживается: "
                         "выберите --hosting s3, nginx или zip")
    if a.logo is not None:
        logo_kind(a.logo)
    return a


# ------------------------------------------------------------------ prompts

PROMPTS = (  # attribute, question, required
    ("name", "Краткое название службы (например, ИМЦ Лесного района)", True),
    ("full_name", "Полное название учреждения (Enter — как краткое)", False),
    ("municipality", "Муниципалитет (например, Лесной муниципальный район)", True),
    ("districts", "Округа и районы через запятую (Enter — только муниципалитет)", False),
    ("address", "Адрес (Enter — заполнить потом)", False),
    ("phone", "Служебный телефон (Enter — заполнить потом)", False),
    ("email", "Служебная электронная почта", True),
    ("url", "Адрес будущего сайта (Enter — заполнить потом)", False),
    ("logo", "Файл логотипа PNG, JPEG или SVG (Enter — стандартный)", False),
    ("forge", "Где хранится код: " + ", ".join(FORGES), False),
    ("hosting", "Где публиковать: " + "; ".join(f"{k} — {v}" for k, v in HOSTINGS.items()), False),
)
REQUIRED_FLAGS = {"name": "--name", "municipality": "--municipality", "email": "--email"}


def _ask(a: Answers, given: set[str], interactive: bool, ask=input) -> Answers:
    missing = [attr for attr, _, required in PROMPTS if required and attr not in given]
    if missing and not interactive:
        flags = ", ".join(REQUIRED_FLAGS[m] for m in missing)
        raise UsageError(f"не хватает ответов: {flags} (или запустите команду в терминале — она спросит сама)")
    if not interactive:
        return a
    for attr, question, required in PROMPTS:
        if attr in given:
            continue
        default = getattr(a, attr)
        shown = f" [{default}]" if default and isinstance(default, str) else ""
        while True:
            raw = ask(f"{question}{shown}: ").strip()
            if not raw and required:
                print("  Это нужно указать.", file=sys.stderr)
                continue
            try:
                if attr == "districts":
                    a.districts = [d for d in raw.split(",") if d.strip()]
                elif attr == "logo":
                    a.logo = Path(raw).expanduser() if raw else None
                    if a.logo:
                        logo_kind(a.logo)
                elif raw:
                    setattr(a, attr, raw)
                    {"email": check_email, "phone": check_phone, "url": check_url}.get(attr, str)(raw)
                    if attr in ("forge", "hosting") and raw not in (FORGES if attr == "forge" else HOSTINGS):
                        raise UsageError(f"нет такого варианта: «{raw}»")
            except UsageError as err:
                print(f"  {err}", file=sys.stderr)
                continue
            break
    return a


# ------------------------------------------------------------------ writing

def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def site_yml(a: Answers) -> str:
    lines = [
        "# Настройки сайта: название и контакты службы. Созданы командой imc init.",
        f"name: {_q(a.name)}",
        f"full_name: {_q(a.full_name)}",
        f"municipality: {_q(a.municipality)}",
    ]
    if a.region:
        lines.append(f"region: {_q(a.region)}")
    lines.append(f"address: {_q(a.address)}" if a.address else "# address: индекс, город, улица, дом")
    lines.append(f"email: {_q(a.email)}")
    lines.append(f"phone: {_q(a.phone)}" if a.phone else "# phone: +7 (000) 000-00-00")
    lines.append(f"url: {_q(a.url or PLACEHOLDER_URL)}" + ("" if a.url else "  # TODO: адрес сайта"))
    lines += [
        f"about: {_q('TODO: о службе в двух-трёх предложениях — что она делает и для кого.')}",
        "# Репозиторий сайта: кнопка «Редактировать» на страницах и веб-редактор /admin/.",
        f"repo: {_q(a.repo)}" if a.repo else "# repo: https://github.com/организация/репозиторий",
        "# Как называются объединения педагогов (по умолчанию РМО): меню, заголовки, календарь, поиск.",
        "# labels:",
        "#   rmo: {short: ГМО, full: городское методическое объединение,"
        " plural: Городские методические объединения}",
        "# Страницы, которым разрешены макросы (шаблоны). Материалы педагогов в этот список не входят.",
        "template_pages:",
        "  - index.md",
    ]
    return "\n".join(lines) + "\n"


def vocabularies_yml(a: Answers) -> str:
    from imc.core.text import slugify
    text = (SITE_TEMPLATE / "data" / "vocabularies.yml").read_text(encoding="utf-8")
    block = "districts:\n" + "".join(f"  - {{id: {slugify(d)}, title: {_q(d)}}}\n" for d in a.districts)
    new, n = re.subn(r"^districts:\n(?:  .*\n)*", block, text, count=1, flags=re.M)
    if n != 1:
        raise ImcError("в шаблоне словарей нет списка districts — переустановите imc")
    return new


def registries() -> dict[str, str]:
    from imc.content import model
    out = {}
    for reg in model.REGISTRIES.values():
        if reg.file == "criteria.yml":
            continue  # the general criteria of expertise are copied from the template
        out[f"data/{reg.file}"] = (f"# {reg.label}. Пока пусто: добавляйте записи «- id: …» "
                                   "(поля — на странице «Поля метаданных» сайта).\n[]\n")
    return out


def home_md(a: Answers) -> str:
    return f"""---
title: {_q(a.name)}
description: {_q("TODO: одна фраза о сайте для поисковиков")}
hide:
  - toc
  - navigation
---

# {a.name}

{{{{ site_fact("about") }}}}

[Банк практик](praktiki/index.md){{ .md-button .md-button--primary }}
[Методическая копилка](kopilka/index.md){{ .md-button }}
[РМО](rmo/index.md){{ .md-button }}
[Документы](dokumenty/index.md){{ .md-button }}
[Поиск](poisk.md){{ .md-button }}

## Новые практики

{{{{ latest("practice", 4) }}}}

## Новое в копилке

{{{{ latest("product", 4) }}}}

## Ближайшие заседания и события

{{{{ upcoming(8) }}}}

[Все события](sobytiya/index.md) · [Календарь для телефона (ICS)](sobytiya/calendar.ics)
"""


def about_md(a: Answers) -> str:
    return f"""---
title: О методической службе
description: {_q("TODO: чем занимается служба — одной фразой")}
---

TODO: чем занимается {a.name}, для кого работает служба, как она устроена.

## Наши задачи

TODO: перечислите задачи службы.

## Как предложить материал

TODO: как педагогу предложить свою практику или методический продукт. Контакты — на странице [«Контакты»](kontakty.md).
"""


def contacts_md(a: Answers) -> str:
    lines = ["---", "title: Контакты", f"description: {_q('Адрес, телефон и электронная почта: ' + a.name)}",
             "---", "", f"**{a.full_name}**", ""]
    lines.append(f"Адрес: {a.address}." if a.address else "Адрес: TODO.")
    lines += ["", f"Электронная почта: [{a.email}](mailto:{a.email})", ""]
    lines.append(f"Телефон: {a.phone}" if a.phone else "Телефон: TODO.")
    lines += ["", "## Часы работы", "", "TODO: дни и часы приёма.", ""]
    return "\n".join(lines)


def mkdocs_yml(a: Answers, logo: str) -> str:
    text = (SITE_TEMPLATE / "mkdocs.yml").read_text(encoding="utf-8")
    values = {
        "@@SITE_NAME@@": _q(a.name),
        "@@SITE_DESCRIPTION@@": _q(f"{a.name}: практики, методическая копилка, РМО, документы и события"),
        "@@SITE_URL@@": _q(a.url or PLACEHOLDER_URL) + ("" if a.url else "  # TODO: адрес сайта"),
        "@@LOGO@@": logo,
        "@@REPO_ICON@@": forges.ICONS[a.forge],
    }
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def readme_md(a: Answers) -> str:
    publish = forges.publish_command(a.hosting)
    return f"""# {a.name}

Сайт методической службы: материалы — в `docs/`, реестры и настройки — в `data/`.
Сайт собирает и проверяет движок [imc]({forges.ENGINE_HOME}) версии {version()}.

## Две команды

```bash
python -m pip install -r requirements.txt   # один раз: движок imc нужной версии
imc serve                                   # предпросмотр с поиском: http://127.0.0.1:8000
{publish}
```

Перед публикацией `imc check` показывает, что ещё не заполнено (пометки TODO) и где ошибки.
Публикация: {HOSTINGS[a.hosting]}; {forges.publish_note(a.forge, a.hosting)}
"""


GITIGNORE = "site/\n.cache/\n.venv/\n*.zip\n__pycache__/\n"


def write_site(dest: Path, a: Answers) -> None:
    """All files of the new site into `dest` (an empty folder)."""
    def put(rel: str, text: str) -> None:
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    for rel in COPIED:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SITE_TEMPLATE / rel, dest / rel)
    if a.logo is not None:
        logo = "assets/logo" + logo_kind(a.logo)
        shutil.copyfile(a.logo, dest / "docs" / logo)
    else:
        logo = "assets/logo.svg"
        shutil.copyfile(SITE_TEMPLATE / "docs" / logo, dest / "docs" / logo)
    put("data/site.yml", site_yml(a))
    put("data/vocabularies.yml", vocabularies_yml(a))
    for rel, text in registries().items():
        put(rel, text)
    put("docs/index.md", home_md(a))
    put("docs/o-nas/index.md", about_md(a))
    put("docs/o-nas/kontakty.md", contacts_md(a))
    put("mkdocs.yml", mkdocs_yml(a, logo))
    put("requirements.txt", (a.engine or f"{DIST}=={version()}") + "\n")
    put("README.md", readme_md(a))
    put(".gitignore", GITIGNORE)
    for rel, text in forges.ci_files(a.forge, a.hosting).items():
        put(rel, text)


def create(target: Path, a: Answers) -> Path:
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ImcError(f"папка {target} не пуста: укажите новую или пустую папку — в существующие файлы "
                       "imc init не пишет")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        write_site(work, a)
        os.chmod(work, 0o755)
        os.rename(work, target)  # replaces an empty folder in one step
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def run(args) -> int:
    a = Answers(engine=args.engine or "")
    given = set()
    for attr in ("name", "full_name", "municipality", "region", "address", "phone", "email", "url",
                 "repo", "forge", "hosting"):
        value = getattr(args, attr)
        if value is not None:
            setattr(a, attr, value)
            given.add(attr)
    if args.districts is not None:
        a.districts = [d for d in args.districts.split(",") if d.strip()]
        given.add("districts")
    if args.logo is not None:  # --logo "" keeps the standard emblem without asking
        a.logo = Path(args.logo) if args.logo.strip() else None
        given.add("logo")
    interactive = not args.no_input and sys.stdin.isatty()
    try:
        target = Path(args.folder)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise ImcError(f"папка {target.resolve()} не пуста: укажите новую или пустую папку — "
                           "в существующие файлы imc init не пишет")
        _ask(a, given, interactive)
        validate(a)
        path = create(target, a)
    except UsageError as err:
        print(f"imc init: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"imc init: не удалось записать сайт: {err.strerror or err} ({err.filename or ''})", file=sys.stderr)
        return 1
    print(f"Сайт «{a.name}» создан в {path}.\n"
          f"Дальше: cd {path}; python -m pip install -r requirements.txt; imc check; imc serve")
    return 0


def add_arguments(p) -> None:
    p.add_argument("folder", help="новая (или пустая) папка сайта")
    p.add_argument("--name", help="краткое название службы")
    p.add_argument("--full-name", dest="full_name", help="полное название учреждения")
    p.add_argument("--municipality", help="муниципалитет")
    p.add_argument("--region", help="регион")
    p.add_argument("--districts", help="округа и районы через запятую")
    p.add_argument("--address", help="адрес")
    p.add_argument("--phone", help="служебный телефон")
    p.add_argument("--email", help="служебная электронная почта")
    p.add_argument("--url", help="адрес будущего сайта, https://…")
    p.add_argument("--repo", help="адрес репозитория сайта, https://gitlab.com/… (для веб-редактора)")
    p.add_argument("--logo", help="файл логотипа: PNG, JPEG или SVG")
    p.add_argument("--forge", help="где хранится код: " + ", ".join(FORGES))
    p.add_argument("--hosting", help="где публиковать: " + ", ".join(HOSTINGS))
    p.add_argument("--engine", help="строка зависимости от движка (по умолчанию imc-site==текущая версия)")
    p.add_argument("--no-input", action="store_true", help="ничего не спрашивать, даже в терминале")
