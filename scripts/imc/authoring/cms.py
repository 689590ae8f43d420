"""The web editor at /admin/: a Sveltia CMS configuration generated from the content model.

`cms_config(project)` turns every content type of `model.py` into a collection (fields,
widgets, required marks, vocabularies as select lists, registries as pick lists);
`write_admin(project, site_dir)` writes `admin/index.html`, `admin/config.yml` and the
vendored editor (scripts/imc/assets/, see README.md there) into the built site.

Private by design: the editor is served from the site itself and loads nothing from third
parties. The bundle's own references to CDNs (fonts, syntax highlighting, maps) are rewritten
to local files or to a local dead end, and a Content-Security-Policy allows only the site
and the GitHub API. Changes are saved as pull requests («editorial workflow»), which the
checks and the reviewers see like any other.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from imc.authoring.skeleton import FOLDER_TYPES
from imc.content import labels, model
from imc.content.kinds import cms_field
from imc.content.project import DATA, DOCS
from imc.core.forges import cms_api_origin, cms_settings
from imc.core.problems import ImcError
from imc.core.text import SLUG_PATTERN

ASSETS = Path(__file__).parents[1] / "assets"  # the package's vendored files
BUNDLE = "sveltia-cms.js"
SVELTIA_VERSION = "0.221.1"
DEFAULT_REPO = "imc-zarechny/sayt"  # used only when neither the environment nor git names the repository
# Addresses in the bundle -> files of /admin/ (fonts, interface translations, own version).
# Order matters: the specific unpkg address first, then the catch-all below it.
LOCAL = {
    "https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/latin-wght-normal.woff2":
        "./sveltia-font-source-sans-3-latin-wght-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2":
        "./sveltia-font-noto-mono-latin-400-normal.woff2",
    "https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2":
        "./sveltia-font-material-symbols-outlined-latin-wght-normal.woff2",
    # `${base}@${version}/locales/ru.json`, `${base}/package.json` (the update check)
    "https://unpkg.com/@sveltia/cms": "./sveltia",
}
# Optional features that load code or data from elsewhere (syntax highlighting, maps, the
# GitHub status check): pointed at a path of the site that does not exist, so they fail
# quietly instead of calling a third party.
DEAD_ENDS = {
    "https://unpkg.com/": "./no-cdn/",
    "https://www.githubstatus.com/api/v2/status.json": "./no-cdn/githubstatus.json",
}
# Files written beside index.html: path under admin/ -> vendored asset.
FILES = {
    "sveltia-font-source-sans-3-latin-wght-normal.woff2": "sveltia-font-source-sans-3-latin-wght-normal.woff2",
    "sveltia-font-noto-mono-latin-400-normal.woff2": "sveltia-font-noto-mono-latin-400-normal.woff2",
    "sveltia-font-material-symbols-outlined-latin-wght-normal.woff2":
        "sveltia-font-material-symbols-outlined-latin-wght-normal.woff2",
}
# The interface translations of the package (locales/*.json), kept as one file {locale: strings}.
LOCALES = "sveltia-cms.locales.json"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; "
       "connect-src 'self' data: blob: https://api.github.com; frame-src 'self' blob:; worker-src 'self' blob:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")
# Registries editable in the CMS: the ones a methodist needs to add an author or a school.
# (Saving a registry from the CMS drops its YAML comments; the others stay with maintainers.)
CMS_REGISTRIES = ("people", "organisations")


# ------------------------------------------------------------------ collections

def collection(ctype: model.ContentType, project=None) -> dict:
    fields = [x for x in (cms_field(f, project) for f in ctype.fields) if x]
    fields.append({"name": "body", "label": "Текст", "widget": "markdown",
                   "required": bool(ctype.sections), "default": ctype.body or "",
                   "hint": ("Разделы паспорта — заголовки второго уровня: " +
                            ", ".join(ctype.sections)) if ctype.sections else
                           "Заголовки разделов — «## », пункты положения — «1.1.»."})
    out = {
        "name": ctype.name,
        "label": labels.type_plural(project.site if project is not None else None, ctype),
        "label_singular": labels.type_label(project.site if project is not None else None, ctype),
        "folder": f"{DOCS}/{ctype.folder}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "path": "{{slug}}/index" if ctype.name in FOLDER_TYPES else "{{slug}}",
        "slug": {
            "template": "{{title}}",
            "editable": ["create"],
            "hint": "Код материала — имя папки или файла: латиница, цифры, дефисы. Потом его не поменять.",
            "pattern": [SLUG_PATTERN, "только латинские строчные буквы, цифры и дефисы"],
        },
        "media_folder": "",
        "public_folder": "",
        "summary": "{{title}}",
        "fields": fields,
    }
    if ctype.name not in FOLDER_TYPES:
        # The section's own front page (docs/<folder>/index.md) is a plain page, not an entry.
        required = next((f.name for f in ctype.fields if f.required and f.name not in ("title", "description")),
                        None)
        if required:
            out["filter"] = {"field": required, "pattern": "."}
    return out


def registry_file(reg: model.Registry, project=None) -> dict:
    return {
        "name": reg.name,
        "label": reg.label,
        "file": f"{DATA}/{reg.file}",
        "format": "yaml",
        "fields": [{"name": "items", "label": reg.label, "widget": "list", "root": True,
                    "summary": "{{fields.id}} — {{fields.name}}" if reg.field("name") else "{{fields.id}}",
                    "collapsed": "auto",
                    "fields": [x for x in (cms_field(f, project) for f in reg.fields) if x]}],
    }


# ------------------------------------------------------------------ config

def _repo_from_git(root: Path) -> str | None:
    try:
        url = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True,
                             text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"github\.com[:/]([\w.-]+/[\w.-]+?)(?:\.git)?/?$", url)
    return m.group(1) if m else None


def cms_config(project, *, repo: str | None = None, branch: str | None = None,
               oauth_base_url: str | None = None) -> dict:
    """The CMS configuration (config.yml) for a project.

    repo: «owner/name» on GitHub; by default IMC_CMS_REPO, GITHUB_REPOSITORY (set in Actions)
    or the `origin` remote. oauth_base_url: an OAuth helper of the ИМЦ itself
    (IMC_CMS_OAUTH_URL); without it editors sign in with a personal access token and no
    third-party authentication server is involved.
    """
    repo = (repo or os.environ.get("IMC_CMS_REPO") or os.environ.get("GITHUB_REPOSITORY")
            or _repo_from_git(project.root) or DEFAULT_REPO)
    branch = branch or os.environ.get("IMC_CMS_BRANCH") or "main"
    oauth_base_url = oauth_base_url or os.environ.get("IMC_CMS_OAUTH_URL") or None
    site = project.site or {}
    backend: dict = {
        "name": "github",
        "repo": repo,
        "branch": branch,
        "auth_methods": ["oauth", "token"] if oauth_base_url else ["token"],
        "commit_messages": {
            "create": "Новый материал: {{collection}} «{{slug}}»",
            "update": "Правка: {{collection}} «{{slug}}»",
            "delete": "Удаление: {{collection}} «{{slug}}»",
            "uploadMedia": "Файл «{{path}}»",
            "deleteMedia": "Удалён файл «{{path}}»",
        },
    }
    if oauth_base_url:
        backend["base_url"] = oauth_base_url
    backend.update(cms_settings(site.get("repo")))  # GitLab, Gitea/Forgejo (imc.adopt.forges)
    config: dict = {
        "app_title": f"{site.get('name') or 'ИМЦ'}: редактор материалов",
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "media_folder": f"{DOCS}/assets/files",
        "public_folder": "/assets/files",
        "slug": {"encoding": "ascii", "clean_accents": True, "maxlength": 60},
        "output": {"omit_empty_optional_fields": True},
        "media_libraries": {"stock_assets": {"providers": []},
                            "default": {"config": {"max_file_size": model.MAX_ATTACHMENT_MB * 1048576}}},
        "collections": [],
    }
    if site.get("url"):
        config["site_url"] = str(site["url"]).rstrip("/")
    for ctype in model.TYPES.values():
        if ctype.folder:  # plain pages (folder "") belong to the maintainers
            config["collections"].append(collection(ctype, project))
    config["collections"].append({
        "name": "data",
        "label": "Реестры",
        "files": [registry_file(model.REGISTRIES[name], project) for name in CMS_REGISTRIES],
    })
    return config


def _dump(config: dict) -> str:
    head = "# Создано при сборке сайта из scripts/imc/content/model.py: не правьте вручную.\n"
    return head + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def config_yaml(project, **kw) -> str:
    return _dump(cms_config(project, **kw))


def admin_html(title: str) -> str:
    from html import escape
    return (
        "<!doctype html>\n"
        '<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        '<meta name="referrer" content="same-origin">\n'
        f"<title>{escape(title)}</title>\n"
        '<link href="config.yml" type="application/yaml" rel="cms-config-url">\n'
        "</head>\n<body>\n"
        f'<script src="{BUNDLE}"></script>\n'
        "</body>\n</html>\n"
    )


def local_bundle() -> str:
    """The vendored bundle with every CDN address replaced by a local one."""
    path = ASSETS / BUNDLE
    if not path.is_file():
        raise ImcError(f"нет файла редактора {path}: см. scripts/imc/assets/README.md")
    js = path.read_text(encoding="utf-8")
    for url, local in {**LOCAL, **DEAD_ENDS}.items():
        if url not in js:
            raise ImcError(f"в {BUNDLE} нет адреса {url}: обновите таблицы LOCAL/DEAD_ENDS в cms.py "
                           "под новую версию редактора (scripts/imc/assets/README.md)")
        js = js.replace(url, local)
    return js


def write_admin(project, site_dir: Path, **kw) -> list[Path]:
    """Write site_dir/admin/: index.html, config.yml, the editor, its fonts and translations."""
    admin = Path(site_dir) / "admin"
    admin.mkdir(parents=True, exist_ok=True)
    config = cms_config(project, **kw)
    out = {
        "config.yml": _dump(config),
        "index.html": admin_html(config["app_title"]).replace("https://api.github.com",
                                                              cms_api_origin(config["backend"])),
        BUNDLE: local_bundle(),
        # Read by the editor's update check: the same version, so it never offers a CDN copy.
        "sveltia/package.json": json.dumps({"name": "@sveltia/cms", "version": SVELTIA_VERSION}) + "\n",
    }
    locales = json.loads((ASSETS / LOCALES).read_text(encoding="utf-8"))
    for locale, strings in locales.items():
        out[f"sveltia@{SVELTIA_VERSION}/locales/{locale}.json"] = json.dumps(strings, ensure_ascii=False)
    written = []
    for rel, text in out.items():
        target = admin / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    for rel, asset in FILES.items():
        target = admin / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ASSETS / asset, target)
        written.append(target)
    return written
