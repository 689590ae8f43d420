"""`imc nginx`: an nginx configuration for the built site, printed for the administrator.

The Content-Security-Policy every page carries in a <meta> tag (scripts/imc/site/security.py) also
goes out as a real HTTP header, with the other security headers; text and .wasm are gzipped;
fingerprinted files are cached for a year, pages are revalidated; the site's 404 page; an
optional sub-path (/imc/) for a site that shares a server with others.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from imc.adopt import version
from imc.core.problems import ImcError

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
GZIP_TYPES = ("text/plain", "text/css", "text/javascript", "application/javascript", "application/json",
              "application/xml", "application/atom+xml", "application/rss+xml", "image/svg+xml",
              "text/calendar", "application/wasm", "application/manifest+json")
EXTRA_TYPES = (  # beyond nginx's mime.types: calendar, wasm, pagefind's index files
    ("text/calendar", "ics"), ("application/wasm", "wasm"),
    ("application/octet-stream", "pf_meta pf_index pf_fragment pf_filter pagefind"),
)
LONG = "public, max-age=31536000, immutable"


def merge_csp(policies: list[str]) -> str:
    """One policy allowing what each page's own policy allows (the union of sources per directive)."""
    merged: dict[str, list[str]] = {}
    for policy in policies:
        for part in policy.split(";"):
            words = part.split()
            if not words:
                continue
            sources = merged.setdefault(words[0], [])
            sources += [w for w in words[1:] if w not in sources]
    return "; ".join(" ".join([name, *sources]) for name, sources in merged.items())


def site_policies(site: Path) -> tuple[str, str | None]:
    """(CSP of the site's pages, CSP of the editor at admin/ or None)."""
    if not (site / "index.html").is_file():
        raise ImcError(f"нет собранного сайта в {site}: сначала выполните imc build (политику безопасности "
                       "nginx берёт из страниц сайта)")
    pages, admin = [], None
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        found = META_CSP.search(path.read_text(encoding="utf-8", errors="replace")[:20000])
        if not found:
            continue
        if rel.startswith("admin/"):
            admin = found.group(1)
        else:
            pages.append(found.group(1))
    if not pages:
        raise ImcError(f"в страницах {site} нет Content-Security-Policy: соберите сайт командой imc build")
    return merge_csp(pages), admin


def _headers(csp: str, indent: str) -> str:
    lines = [f'add_header Content-Security-Policy "{csp}" always;']
    lines += [f'add_header {name} "{value}" always;' for name, value in SECURITY_HEADERS]
    lines.append("add_header Cache-Control $imc_cache_control always;")
    return "".join(f"{indent}{line}\n" for line in lines)


def server_block(csp: str, admin_csp: str | None, root: str, subpath: str = "/", listen: str = "80",
                 server_name: str = "_", mime_types: str = "/etc/nginx/mime.types") -> str:
    sub = "/" + subpath.strip("/") + "/" if subpath.strip("/") else "/"
    root = root.rstrip("/")
    for value in (root, sub, server_name, listen, mime_types):
        if re.search(r'[\s;{}"\'$\\]', value):
            raise ImcError(f"«{value}»: пробелы, кавычки, «;», «{{}}» и «$» в настройках nginx недопустимы")
    types = "".join(f"        {t} {ext};\n" for t, ext in EXTRA_TYPES)
    out = [f"# Настройки nginx для сайта (создано imc nginx, imc {version()}).",
           "# Положите файл в /etc/nginx/conf.d/ (или sites-enabled/), проверьте: nginx -t; примените: nginx -s reload.",
           "# Сайт на сервере: " + root + "; адрес: " + sub,
           "",
           "map $uri $imc_cache_control {",
           '    default "public, max-age=3600";',
           '    ~/$ "no-cache";',
           '    ~*\\.html?$ "no-cache";',
           '    ~*/pagefind/pagefind[^/]*$ "no-cache";',
           '    ~*\\.(xml|json|ics)$ "no-cache";',
           f'    ~*\\.pf_(fragment|index|meta|filter)$ "{LONG}";',
           f'    "~*[._-][0-9a-f]{{7,}}(\\.min)?\\.(js|css|woff2?|wasm)$" "{LONG}";',
           "}",
           "",
           "server {",
           f"    listen {listen};",
           f"    server_name {server_name};",
           "    charset utf-8;",
           "    server_tokens off;",
           "    absolute_redirect off;",
           "",
           f"    include {mime_types};",
           "    types {",
           types.rstrip("\n"),
           "    }",
           "",
           "    gzip on;",
           "    gzip_vary on;",
           "    gzip_min_length 256;",
           "    gzip_proxied any;",
           "    gzip_types " + " ".join(GZIP_TYPES) + ";",
           "",
           _headers(csp, "    ").rstrip("\n"),
           ""]
    if sub == "/":
        out += [f"    root {root};",
                "    index index.html;",
                "    error_page 404 /404.html;",
                "",
                "    location / {",
                "        try_files $uri $uri/ =404;",
                "    }"]
    else:
        out += [f"    error_page 404 {sub}404.html;",
                "",
                f"    location = {sub.rstrip('/')} {{",
                f"        return 301 {sub};",
                "    }",
                "",
                f"    location ^~ {sub} {{",
                f"        alias {root}/;",
                "        index index.html;",
                "    }"]
    if admin_csp:
        where = f"{sub}admin/"
        alias = f"        alias {root}/admin/;\n" if sub != "/" else ""
        out += ["",
                "    # Веб-редактор: своя политика (ему нужен API платформы с кодом).",
                f"    location ^~ {where} {{",
                alias + "        index index.html;",
                _headers(admin_csp, "        ").rstrip("\n"),
                "    }"]
    out += ["}", ""]
    return "\n".join(out)


def run(project: Path, args) -> int:
    site = Path(args.site_dir).resolve() if args.site_dir else project / "site"
    csp, admin = site_policies(site)
    root = args.server_root or str(site)
    sys.stdout.write(server_block(csp, admin, root, args.subpath or "/", args.listen, args.server_name,
                                  args.mime_types))
    return 0


def add_arguments(p) -> None:
    p.add_argument("--subpath", default="/", help="адрес сайта на сервере, например /imc/ (по умолчанию /)")
    p.add_argument("--root", dest="server_root",
                   help="папка сайта на сервере, например /var/www/imc (по умолчанию — собранный site/)")
    p.add_argument("--site-dir", help="собранный сайт, из которого берётся политика безопасности (по умолчанию site/)")
    p.add_argument("--listen", default="80", help="порт (или адрес:порт) для listen")
    p.add_argument("--server-name", default="_", help="имя сервера (домен)")
    p.add_argument("--mime-types", default="/etc/nginx/mime.types", help="файл типов nginx")
