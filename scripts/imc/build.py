"""`imc build` and `imc serve`: check, then mkdocs, with the search index built inside.

A build goes into a fresh folder beside site/ and replaces site/ only when it succeeded:
a failed build never leaves a half-written site.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .build_log import RussianHandler
from .problems import ImcError, format_text
from .project import check_project

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


def swap_in(new: Path, final: Path) -> None:
    """Put a finished folder in the place of `final` (the site, the preview's index): the old
    one stays whole until the new one is complete, and is replaced by two renames."""
    old = final.with_name(final.name + ".old")
    if final.exists():
        if old.exists():
            shutil.rmtree(old)
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def build(root: Path, site_dir: Path | None = None, strict: bool = True) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

    from . import plugin
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
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".site-", dir=final.parent))
    handler = _logging(root)
    plugin.PRELOADED[str(root)] = project
    cwd = os.getcwd()
    os.chdir(root)  # mkdocs reads snippets' base_path from the working folder
    try:
        config = _mkdocs_config(root, site_dir=str(work), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort:
        shutil.rmtree(work, ignore_errors=True)
        print(f"Сайт не собран: замечаний сборки — {handler.count} (выше); прежняя версия сайта не тронута.",
              file=sys.stderr)
        return 1
    except (BuildError, ConfigurationError, PluginError) as err:
        shutil.rmtree(work, ignore_errors=True)
        print(f"Сайт не собран: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # mkdocs re-raises a page's error after logging which page it was
        shutil.rmtree(work, ignore_errors=True)
        print(f"Сайт не собран: {type(err).__name__}: {err} (прежняя версия сайта не тронута)", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        os.chdir(cwd)
        plugin.PRELOADED.pop(str(root), None)
    swap_in(work, final)
    done = time.perf_counter()
    print(f"Сайт собран в {final} за {done - started:.1f} с (проверка {checked - started:.1f} с).")
    return 0


def serve(root: Path, dev_addr: str) -> int:
    """mkdocs serve with our plugin: each rebuild re-checks and re-indexes."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError
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
