"""Failures of the machine, not of the content: a full disk, a folder that cannot be written,
a port already taken. Each becomes one Russian sentence with what to do (no traceback)."""
from __future__ import annotations

import errno

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_WRITE = {errno.EACCES, errno.EPERM, errno.EROFS}


def _where(err: OSError) -> str:
    # a copy or a rename names its target second: that is where writing failed
    name = err.filename2 if err.filename2 is not None else err.filename
    return f" «{name}»" if name is not None else ""


def describe(err: OSError, command: str = "") -> str:
    """What happened and what to do, for the error `command` (build, serve, check…) met."""
    code, where = err.errno, _where(err)
    other_dir = " или соберите сайт в другую папку: imc build --site-dir ПАПКА" if command == "build" else ""
    if code in _NO_SPACE:
        return (f"на диске нет места: не удалось записать{where}. Освободите место (старые сборки, "
                f"папка .cache/ — её можно удалить) и повторите{other_dir}")
    if code in _NO_WRITE:
        return (f"нельзя записать в{where}: нет прав или диск только для чтения. "
                f"Проверьте права на папку{other_dir}")
    if code == errno.ENOTDIR:
        return (f"нельзя записать в{where}: часть этого пути — файл, а не папка. "
                f"Переименуйте файл{other_dir}")
    if code == errno.EEXIST:
        return f"нельзя создать папку{where}: на её месте лежит файл. Переименуйте файл{other_dir}"
    if code == errno.EISDIR:
        return f"на месте файла{where} лежит папка: переименуйте или удалите её"
    if code == errno.EADDRINUSE:
        return ("порт уже занят: возможно, imc serve уже запущен в другом окне. Остановите его "
                "или выберите другой порт: imc serve --dev-addr 127.0.0.1:8001")
    if code == errno.EADDRNOTAVAIL:
        return "такого адреса у этого компьютера нет: imc serve --dev-addr 127.0.0.1:8000"
    if code in (errno.EMFILE, errno.ENFILE):
        return "открыто слишком много файлов: закройте другие программы и повторите"
    if code == errno.ENOMEM:
        return "не хватило памяти: закройте другие программы и повторите"
    if code == errno.ENOENT:
        return f"нет файла или папки{where}: проверьте путь"
    name = errno.errorcode.get(code, str(code)) if code is not None else "?"
    return f"ошибка системы{where}: {err.strerror or err} ({name}). Повторите; если не помогло — сообщите мейнтейнерам"


def find(err: BaseException) -> OSError | None:
    """The machine's error behind `err`: a cleanup that failed afterwards (mkdocs removes its
    temporary folder after a port error) must not hide the cause."""
    seen = set()
    found = None
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, OSError) and err.errno is not None:
            found = err  # the earliest one in the chain is the cause
        err = err.__cause__ or err.__context__
    return found
