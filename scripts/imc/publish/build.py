"""`imc build` and `imc serve`: check, then mkdocs, with the search index built inside.

A build goes into a fresh folder beside site/ and replaces site/ only when it succeeded:
a failed build never leaves a half-written site.
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path

from imc.check.load import check_project
from imc.core.orphans import BuildFolder, swap_in
from imc.core.problems import ImcError, format_text
from imc.publish.build_log import RussianHandler

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _mkdocs_config(root: Path, **overrides):
    from mkdocs.config import load_config
    config_file = root / "mkdocs.yml"
    if not config_file.exists():
        raise ImcError(f"нет {config_file}: запустите команду в папке сайта")
    return load_config(str(config_file), **overrides)


def _logging(root: Path, verbose: bool = False) -> RussianHandler:
    handler = RussianHandler(root, verbose)
    log = logging.getLogger("mkdocs")
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    # Our own check results are printed once by `imc build`; keep the plugin's copies quiet.
    logging.getLogger("mkdocs.plugins.imc").setLevel(logging.WARNING if not verbose else logging.INFO)
    logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.WARNING)  # a dozen lines per rebuild
    return handler


def build(root: Path, site_dir: Path | None = None, strict: bool = True) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

    started = time.perf_counter()
    root = root.resolve()
    project = check_project(root)
    errors = project.errors
    if project.problems:
        print(format_text(project.problems), file=sys.stderr)
    if errors:
        print("Сайт не собран: сначала исправьте ошибки.", file=sys.stderr)
        return 1
    checked = time.perf_counter()
    final = (site_dir or root / "site").resolve()
    if final.exists() and not final.is_dir():
        raise ImcError(f"на месте папки сайта {final} лежит файл: удалите или переименуйте его "
                       "либо соберите сайт в другую папку: imc build --site-dir ПАПКА")
    final.parent.mkdir(parents=True, exist_ok=True)
    # beside the site, locked while it is built: a folder left by a killed build is removed here
    folder = BuildFolder(final.parent)
    work = folder.path
    handler = _logging(root)
    cwd = os.getcwd()
    os.chdir(root)  # mkdocs reads snippets' base_path from the working folder
    # The checked project lives until the build ends and holds no garbage: frozen, its millions
    # of objects are not walked again at every full collection of the build; and the pages'
    # short-lived objects are collected in larger batches (a tenth of the collections).
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(10_000, *thresholds[1:])
    try:
        config = _mkdocs_config(root, site_dir=str(work), strict=strict)
        if "imc" in config.plugins:
            config.plugins["imc"].preloaded = project  # checked above: not read twice
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        swap_in(work, final)
    except Abort:
        print(f"Сайт не собран: замечаний сборки — {handler.count} (выше); прежняя версия сайта не тронута.",
              file=sys.stderr)
        return 1
    except (BuildError, ConfigurationError, PluginError) as err:
        print(f"Сайт не собран: {err}", file=sys.stderr)
        return 1
    except OSError:
        raise  # the CLI tells a full disk or an unwritable folder in Russian
    except Exception as err:  # mkdocs re-raises a page's error after logging which page it was
        print(f"Сайт не собран: {type(err).__name__}: {err} (прежняя версия сайта не тронута)", file=sys.stderr)
        return 1
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
        os.chdir(cwd)
        folder.release()  # removes the folder unless it became the site
    done = time.perf_counter()
    print(f"Сайт собран в {final} за {done - started:.1f} с (проверка {checked - started:.1f} с).")
    return 0


def serve(root: Path, dev_addr: str) -> int:
    """mkdocs serve with our plugin: each rebuild re-checks and re-indexes."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError
    _port_free(dev_addr)
    _logging(root, verbose=True)
    # the preview is dirty on purpose (only what changed is rebuilt); mkdocs warns on every save
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: "'dirty' build" not in record.getMessage())
    os.chdir(root)
    try:
        # dirty: after the first build only changed pages are rendered again (the plugin
        # tells mkdocs which catalogue pages changed); the search index follows in the background
        mkdocs_serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True, build_type="dirty",
                     watch=[str(root / "data")])
    except (Abort, ConfigurationError) as err:
        print(f"Сервер не запущен: {err}", file=sys.stderr)
        return 1
    return 0


def _port_free(dev_addr: str) -> None:
    """A taken port is said at once, not after the whole first build (mkdocs binds it only then)."""
    import socket
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise ImcError(f"адрес «{dev_addr}» записан неверно: нужно адрес:порт, например imc serve --dev-addr 127.0.0.1:8000")
    try:
        infos = socket.getaddrinfo(host.strip("[]"), int(port), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise ImcError(f"адрес «{host}» не найден: imc serve --dev-addr 127.0.0.1:8000") from None
    family, kind, proto, _, addr = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as mkdocs' server does
        try:
            probe.bind(addr)
        except OSError as err:
            from imc.core.faults import describe
            other = f"{host}:{int(port) + 1}"
            raise ImcError(describe(err, "serve").replace("127.0.0.1:8001", other)
                           .replace("порт уже занят", f"порт {port} уже занят")) from None
