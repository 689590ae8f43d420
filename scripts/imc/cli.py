"""`imc` — the command line. Thin: parses arguments, calls the engine, prints.

Exit codes: 0 — fine, 1 — problems found, 2 — wrong usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from imc.content import model
from imc.core.problems import ERROR, FORMATS, ImcError, UsageError
from imc.core.text import SLUG_RE, slugify

EXAMPLES = {
    "check": "imc check                       # весь проект\n"
             "  imc check docs/praktiki/x/index.md  # один файл\n"
             "  imc check --format github       # для GitHub Actions",
    "new": "imc new practice --title \"Читательские марафоны в 5 классе\"",
    "build": "imc build                      # проверка, сборка и поиск в site/",
    "serve": "imc serve                      # http://127.0.0.1:8000 с поиском",
    "import": "imc import polozhenie.docx --type regulation",
    "schema": "imc schema --output schemas/   # JSON Schema для редакторов",
    "init": "imc init ../imc-sayt --name \"ИМЦ Лесного района\" --municipality \"Лесной район\" --email imc@les.example",
    "publish": "imc publish --bucket imc-sayt --endpoint https://storage.yandexcloud.net --dry-run",
    "new-year": "imc new-year 2027/2028          # планы на новый год, прошлые — в архив",
    "nginx": "imc nginx --subpath /imc/ --root /var/www/imc > /etc/nginx/sites-available/imc",
}


def _project_root(args) -> Path:
    root = Path(args.root).resolve()
    if not (root / "data").is_dir() and not (root / "docs").is_dir():
        raise UsageError(f"в {root} нет папок docs/ и data/: запустите команду в папке сайта или укажите --root")
    return root


def _item_id(value: str | None) -> str | None:
    """--id becomes a file name: only a code in Latin letters, never a path."""
    if value is not None and not SLUG_RE.fullmatch(value):
        suggestion = slugify(value)[:60].rstrip("-") or "metodicheskiy-material"
        raise UsageError(f"--id «{value}»: код пишется латиницей, строчными, через дефис (например, {suggestion})")
    return value


def _input_file(value: str, what: str) -> Path:
    path = Path(value)
    if not path.exists():
        raise UsageError(f"{what} «{value}» не найден: проверьте путь и имя файла")
    if not path.is_file():
        raise UsageError(f"{what} «{value}» — не файл: укажите файл")
    return path


def cmd_check(args) -> int:
    from imc.check.load import check_project
    root = _project_root(args)
    wanted = []
    for p in args.paths:
        path = Path(p).resolve()
        if not path.exists():  # a typo must not pass as «no problems»
            raise UsageError(f"«{p}» не найден: проверьте имя файла или папки")
        try:
            wanted.append(path.relative_to(root).as_posix())
        except ValueError:
            raise UsageError(f"«{p}» — вне проекта {root}") from None
    project = check_project(root)
    problems = project.problems
    if wanted:
        # a committed cache or site concerns every check, whatever files were asked for
        problems = [pr for pr in problems if pr.code == "tracked-output"
                    or any(pr.path == w or pr.path.startswith(w.rstrip("/") + "/") for w in wanted)]
    if args.errors_only:
        problems = [p for p in problems if p.severity == ERROR]
    print(FORMATS[args.format](problems))
    return 1 if any(p.severity == ERROR for p in problems) or (args.strict and problems) else 0


def cmd_new(args) -> int:
    from imc.authoring.skeleton import create
    from imc.check.load import load_project
    root = _project_root(args)
    project = load_project(root)
    given = {}
    if args.organisation:
        given["organisation"] = args.organisation
    if args.author:
        given["authors"] = args.author
    path = create(project, args.type, args.title, _item_id(args.id), given)
    rel = path.relative_to(root)
    print(f"Создан файл {rel}. Заполните поля с пометкой TODO и проверьте: imc check {rel}")
    return 0


def cmd_build(args) -> int:
    from imc.publish.build import build
    code = build(_project_root(args), Path(args.site_dir) if args.site_dir else None, strict=True)
    if code == 0 and args.zip:
        from imc.adopt.ziparchive import write_zip
        write_zip(Path(args.site_dir) if args.site_dir else _project_root(args) / "site", Path(args.zip))
    return code


def cmd_serve(args) -> int:
    from imc.publish.build import serve
    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--dev-addr «{args.dev_addr}»: нужен адрес и порт, например 127.0.0.1:8000")
    return serve(_project_root(args), args.dev_addr)


def cmd_schema(args) -> int:
    from imc.authoring.schema import write_schemas
    root = _project_root(args)
    if args.output and Path(args.output).exists() and not Path(args.output).is_dir():
        raise UsageError(f"--output «{args.output}» — файл, а нужна папка для схем")
    for path in write_schemas(root, Path(args.output) if args.output else root / "schemas"):
        print(f"Записан {path.relative_to(root) if path.is_relative_to(root) else path}")
    return 0


def cmd_import(args) -> int:
    from imc.authoring.importer import import_file
    root = _project_root(args)
    src = _input_file(args.file, "исходный файл")
    if args.output and Path(args.output).suffix.lower() != ".md":
        raise UsageError(f"--output: укажите путь к файлу .md, а не «{Path(args.output).name}»")
    try:
        path = import_file(root, src, args.type, Path(args.output) if args.output else None,
                           item_id=_item_id(args.id))
    except MemoryError:  # nothing is written before the whole document is converted
        raise ImcError(f"«{src.name}» слишком велик: на его разбор не хватило памяти — "
                       "разделите документ на части и импортируйте их по одной") from None
    print(f"Создан файл {path.relative_to(root) if path.is_relative_to(root) else path}. "
          "Проверьте поля с пометкой TODO: imc check")
    return 0


def cmd_issue(args) -> int:
    from imc.authoring.proposal import write_proposal
    root = _project_root(args)
    if args.body == "-":
        body = sys.stdin.read()
    else:
        try:
            body = _input_file(args.body, "файл заявки").read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ImcError(f"файл заявки «{args.body}» не в UTF-8: сохраните его в UTF-8") from None
    path = write_proposal(root, body, args.number)
    print(path.relative_to(root))
    return 0


def cmd_new_year(args) -> int:
    from imc.authoring.newyear import new_year, parse_year
    parse_year(args.year)  # a bad year is wrong usage, before the project is read
    done = new_year(_project_root(args), args.year)
    for path in done.created:
        print(f"создан: {path} (проект плана: поставьте сроки и утвердите)")
    for path in done.skipped:
        print(f"уже есть, не тронут: {path}")
    for path in done.archived:
        print(f"в архиве: {path} (archive: true, остаётся на сайте)")
    return 0


def cmd_init(args) -> int:
    from imc.adopt.init import run
    return run(args)


def cmd_publish(args) -> int:
    from imc.adopt.publish import run
    return run(_project_root(args), args)


def cmd_nginx(args) -> int:
    from imc.adopt.nginx import run
    return run(Path(args.root).resolve(), args)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="imc", description="Сайт методической службы: проверка, сборка, импорт материалов.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", default=".", help="папка сайта (по умолчанию текущая)")
    from imc.adopt import version
    p.add_argument("--version", action="version", version=f"imc {version()}")
    sub = p.add_subparsers(dest="command", metavar="КОМАНДА")

    def add(name, func, help_text):
        sp = sub.add_parser(name, help=help_text, description=help_text,
                            epilog="Пример:\n  " + EXAMPLES.get(name, ""),
                            formatter_class=argparse.RawDescriptionHelpFormatter)
        sp.set_defaults(func=func)
        return sp

    c = add("check", cmd_check, "проверить материалы, реестры и ссылки")
    c.add_argument("paths", nargs="*", help="файлы или папки (по умолчанию — всё)")
    c.add_argument("--format", choices=sorted(FORMATS), default="text", help="вид отчёта")
    c.add_argument("--strict", action="store_true", help="считать предупреждения ошибками")
    c.add_argument("--errors-only", action="store_true", help="не показывать предупреждения")

    n = add("new", cmd_new, "создать заготовку материала")
    n.add_argument("type", choices=list(model.TYPES), help="тип материала")
    n.add_argument("--title", required=True, help="название по-русски")
    n.add_argument("--id", help="код (имя файла) латиницей; по умолчанию из названия")
    n.add_argument("--organisation", help="код организации из data/organisations.yml")
    n.add_argument("--author", action="append", help="код автора из data/people.yml (можно несколько)")

    b = add("build", cmd_build, "проверить и собрать сайт с поиском в site/")
    b.add_argument("--site-dir", help="куда собрать (по умолчанию site/)")
    b.add_argument("--zip", metavar="АРХИВ", help="ещё и упаковать сайт в архив для обычного хостинга")

    s = add("serve", cmd_serve, "собрать и показать сайт с поиском, пересобирая при изменениях")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="адрес:порт")

    i = add("import", cmd_import, "превратить документ (.docx, .doc, .odt, .rtf, .pdf, скан .jpg/.png/.tif, .txt, .md) в материал")
    i.add_argument("file", help="исходный файл")
    i.add_argument("--type", required=True, choices=["practice", "product", "regulation"])
    i.add_argument("--output", help="куда записать .md (по умолчанию — в папку типа в docs/)")
    i.add_argument("--id", help="код (имя файла) латиницей; по умолчанию из названия")

    sc = add("schema", cmd_schema, "записать JSON Schema метаданных для редакторов")
    sc.add_argument("--output", help="папка (по умолчанию schemas/)")

    q = add("proposal", cmd_issue, "превратить заявку «Предложить материал» в файл материала")
    q.add_argument("body", help="текст заявки (файл, или - для стандартного ввода)")
    q.add_argument("--number", type=int, default=0, help="номер заявки")
    y = add("new-year", cmd_new_year, "начать учебный год: планы из структуры прошлогодних, прошлые — в архив")
    y.add_argument("year", help="новый учебный год, например 2027/2028")
    from imc.adopt import init, nginx, publish
    init.add_arguments(add("init", cmd_init, "создать сайт своей методической службы в новой папке"))
    publish.add_arguments(add("publish", cmd_publish, "выложить собранный сайт в хранилище S3"))
    nginx.add_arguments(add("nginx", cmd_nginx, "напечатать настройки nginx для собранного сайта"))
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not getattr(args, "func", None):
        p.print_help()
        return 2
    try:
        return args.func(args)
    except UsageError as err:
        print(f"imc: {err}", file=sys.stderr)
        return 2
    except ImcError as err:
        print(f"imc: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as err:  # the machine, not the content: a full disk, a read-only folder, a taken port
        from imc.core.faults import describe, find
        print(f"imc: {describe(find(err) or err, args.command)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
