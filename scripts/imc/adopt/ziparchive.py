"""`imc build --zip`: the built site as one archive for a hosting panel or FTP, with a note
on the settings the panel needs."""
from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from imc.core.problems import ImcError

NOTE_NAME = "КАК-ЗАГРУЗИТЬ.txt"
NOTE = """Сайт методической службы: как загрузить на хостинг

1. Распакуйте архив в корневую папку сайта на хостинге (обычно public_html, www или htdocs)
   через файловый менеджер панели или по FTP. Файл index.html должен лежать в этой папке
   сразу, а не во вложенной.
2. Включите HTTPS (бесплатный сертификат Let's Encrypt есть в любой панели).
3. Страница ошибки 404: укажите в панели файл /404.html.
4. Индексный файл каталога: index.html (так настроено почти везде по умолчанию).
5. Типы файлов: .wasm — application/wasm, .ics — text/calendar; если панель позволяет,
   включите сжатие gzip для HTML, CSS, JS, JSON и SVG. На Apache это уже сделано в файле
   .htaccess из архива.
6. При обновлении удалите старые файлы сайта и загрузите архив заново: так на хостинге
   не останется удалённых страниц.

Для своего сервера с nginx настройки печатает команда imc nginx.
"""
HTACCESS = """# Apache (обычный хостинг): типы файлов, сжатие, страница 404, кэш.
AddType application/wasm .wasm
AddType text/calendar .ics
AddType application/octet-stream .pf_meta .pf_index .pf_fragment .pf_filter .pagefind
AddDefaultCharset utf-8
ErrorDocument 404 /404.html
Options -Indexes
<IfModule mod_deflate.c>
  AddOutputFilterByType DEFLATE text/html text/css text/javascript application/javascript application/json application/xml image/svg+xml text/calendar application/wasm
</IfModule>
<IfModule mod_headers.c>
  Header always set X-Content-Type-Options "nosniff"
  Header always set Referrer-Policy "strict-origin-when-cross-origin"
  <FilesMatch "\\.(html|xml|json|ics)$">
    Header set Cache-Control "no-cache"
  </FilesMatch>
  <FilesMatch "\\.pf_(fragment|index|meta|filter)$">
    Header set Cache-Control "public, max-age=31536000, immutable"
  </FilesMatch>
</IfModule>
"""


def write_zip(site: Path, archive: Path) -> Path:
    """The site's files at the archive's root, plus the note and an .htaccess for Apache."""
    site = site.resolve()
    if not (site / "index.html").is_file():
        raise ImcError(f"нет собранного сайта в {site}: сначала выполните imc build")
    archive = archive.resolve()
    if archive.is_relative_to(site):
        raise ImcError("архив нельзя класть внутрь собранного сайта: укажите путь вне site/")
    archive.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".sayt-", suffix=".zip", dir=archive.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            for path in sorted(site.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    zf.write(path, path.relative_to(site).as_posix())
            if not (site / ".htaccess").exists():
                zf.writestr(".htaccess", HTACCESS)
            zf.writestr(NOTE_NAME, NOTE)
        os.replace(tmp, archive)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    size = archive.stat().st_size / 1048576
    print(f"Архив для хостинга: {archive} ({size:.1f} МБ). Как загрузить — в файле {NOTE_NAME} внутри архива.")
    return archive
