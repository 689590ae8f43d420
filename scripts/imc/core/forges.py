"""CI files of a new site for its forge and hosting, and the web editor's backend.

GitHub and GitVerse read GitHub-style workflows (.github/workflows/, .gitverse/workflows/);
GitLab reads .gitlab-ci.yml, GitFlic gitflic-ci.yaml. Actions are pinned by full commit SHA,
the same ones as in the engine's own workflows. Credentials for publishing come from the
forge's secret variables, never from files of the repository.
"""
from __future__ import annotations

ENGINE_HOME = "https://pypi.org/project/imc-site/"
PAGES = ("github", "gitlab")  # forges whose Pages this generator can publish to
ICONS = {"github": "fontawesome/brands/github", "gitlab": "fontawesome/brands/gitlab",
         "gitverse": "fontawesome/solid/code-branch", "gitflic": "fontawesome/solid/code-branch"}
# Sveltia CMS backends (its documentation lists GitHub, GitLab, Gitea/Forgejo).
CMS_BACKENDS = {"github": "github", "gitlab": "gitlab"}
CMS_UNSUPPORTED = {
    "gitverse": "Веб-редактор Sveltia CMS не умеет работать с GitVerse: материалы правят в самом GitVerse "
                "(кнопка «Редактировать» у файла) или локально и присылают запрос на слияние.",
    "gitflic": "Веб-редактор Sveltia CMS не умеет работать с GitFlic: материалы правят в самом GitFlic "
               "или локально и присылают запрос на слияние.",
}

CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
SETUP_PYTHON = "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0"
UPLOAD_ARTIFACT = "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0"
UPLOAD_PAGES = "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0"
DEPLOY_PAGES = "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0"
PYTHON_VERSION = "3.12"


def publish_command(hosting: str) -> str:
    return {
        "pages": "git push                                    # публикует CI платформы после слияния в main",
        "s3": "imc build && imc publish --bucket ИМЯ-БАКЕТА --endpoint https://storage.yandexcloud.net",
        "nginx": "imc build && rsync -a --delete site/ сервер:/var/www/imc/   # настройки сервера: imc nginx",
        "zip": "imc build --zip sayt.zip                    # архив — в панель хостинга или по FTP",
    }[hosting]


def publish_note(forge: str, hosting: str) -> str:
    cms = CMS_UNSUPPORTED.get(forge, "веб-редактор материалов открывается по адресу /admin/ сайта.")
    where = {
        "pages": "после слияния в main сайт публикует CI платформы.",
        "s3": "после слияния в main CI публикует сайт в хранилище; ключи доступа — в секретных переменных "
              "CI (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), имя бакета и адрес — в переменных "
              "IMC_S3_BUCKET и IMC_S3_ENDPOINT.",
        "nginx": "CI собирает сайт и прикладывает его архивом; на сервер его копирует администратор, "
                 "настройки nginx печатает `imc nginx`.",
        "zip": "CI собирает архив сайта; его загружают через панель хостинга (см. примечание в архиве).",
    }[hosting]
    return f"{where} {cms}"


# ------------------------------------------------------------------ GitHub-style workflows

_HEAD = """permissions: {{}}

env:
  NO_MKDOCS_2_WARNING: "1"
  PYTHONUTF8: "1"

jobs:
"""

_SETUP = f"""      - name: Получить файлы
        uses: {CHECKOUT}
        with:
          persist-credentials: false

      - name: Python
        uses: {SETUP_PYTHON}
        with:
          python-version: "{PYTHON_VERSION}"

      - name: Установить imc
        run: python -m pip install -r requirements.txt
"""


def _pr_workflow() -> str:
    return ("# Проверка запроса на слияние: замечания imc check на строках файлов и сборка.\n"
            "name: Проверка материалов\n\non:\n  pull_request:\n\n"
            "concurrency:\n  group: pr-${{ github.event.pull_request.number }}\n  cancel-in-progress: true\n\n" +
            _HEAD.format() +
            "  check:\n    name: imc check и сборка\n    runs-on: ubuntu-latest\n    timeout-minutes: 20\n"
            "    permissions:\n      contents: read\n    steps:\n" + _SETUP +
            "\n      - name: imc check\n        run: imc check --format github\n"
            "\n      - name: Сборка сайта\n        run: imc build\n")


def _deploy_workflow(forge: str, hosting: str) -> str:
    head = ("# Публикация: после слияния в main сайт собирается и публикуется.\n"
            "name: Публикация сайта\n\non:\n  push:\n    branches: [main]\n  workflow_dispatch:\n\n"
            "concurrency:\n  group: publish\n  cancel-in-progress: false\n\n" + _HEAD.format())
    job = ("  {name}:\n    name: {title}\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n"
           "    permissions:\n      contents: read\n")
    if hosting == "pages":
        return (head + job.format(name="build", title="Сборка") + "    steps:\n" + _SETUP +
                "\n      - name: Сборка сайта\n        run: imc build\n"
                f"\n      - name: Архив для Pages\n        uses: {UPLOAD_PAGES}\n        with:\n          path: site/\n"
                "\n  deploy:\n    name: Публикация\n    needs: build\n    runs-on: ubuntu-latest\n"
                "    timeout-minutes: 10\n    permissions:\n"
                "      pages: write  # выложить архив сайта на Pages\n"
                "      id-token: write  # подтвердить Pages, что публикует этот процесс (OIDC)\n"
                "    environment:\n      name: github-pages\n      url: ${{ steps.deployment.outputs.page_url }}\n"
                f"    steps:\n      - name: Выложить на Pages\n        id: deployment\n        uses: {DEPLOY_PAGES}\n")
    if hosting == "s3":
        return (head + job.format(name="publish", title="Сборка и публикация в хранилище") +
                "    environment:\n      name: publikatsiya\n    steps:\n" + _SETUP +
                "\n      - name: Сборка сайта\n        run: imc build\n"
                "\n      - name: Публикация в хранилище S3\n        env:\n"
                "          AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n"
                "          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n"
                "          IMC_S3_BUCKET: ${{ vars.IMC_S3_BUCKET }}\n"
                "          IMC_S3_ENDPOINT: ${{ vars.IMC_S3_ENDPOINT }}\n"
                '        run: imc publish --bucket "$IMC_S3_BUCKET" --delete\n')
    build = "imc build --zip sayt.zip" if hosting == "zip" else "imc build"
    path = "sayt.zip" if hosting == "zip" else "site/"
    return (head + job.format(name="build", title="Сборка") + "    steps:\n" + _SETUP +
            f"\n      - name: Сборка сайта\n        run: {build}\n"
            f"\n      - name: Собранный сайт\n        uses: {UPLOAD_ARTIFACT}\n        with:\n"
            f"          name: sayt\n          path: {path}\n          retention-days: 30\n"
            "          if-no-files-found: error\n")


# ------------------------------------------------------------------ GitLab and GitFlic

_GITLAB = """# CI для GitLab: проверка запросов на слияние и публикация после слияния в main.
# Ключи хранилища — в Settings → CI/CD → Variables (masked, protected), не в файлах.
default:
  image: python:{py}-slim

variables:
  NO_MKDOCS_2_WARNING: "1"
  PYTHONUTF8: "1"

stages:
  - check
  - publish

check:
  stage: check
  script:
    - python -m pip install -r requirements.txt
    - imc check
    - imc build
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
"""

_GITLAB_JOBS = {
    "pages": """
pages:
  stage: publish
  script:
    - python -m pip install -r requirements.txt
    - imc build --site-dir public
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
""",
    "s3": """
publish:
  stage: publish
  environment: publikatsiya
  script:
    - python -m pip install -r requirements.txt
    - imc build
    - imc publish --bucket "$IMC_S3_BUCKET" --delete
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
""",
    "nginx": """
site:
  stage: publish
  script:
    - python -m pip install -r requirements.txt
    - imc build
  artifacts:
    paths:
      - site
    expire_in: 30 days
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
""",
    "zip": """
site:
  stage: publish
  script:
    - python -m pip install -r requirements.txt
    - imc build --zip sayt.zip
  artifacts:
    paths:
      - sayt.zip
    expire_in: 30 days
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
""",
}

_GITFLIC = """# CI для GitFlic (gitflic-ci.yaml): проверка и публикация после слияния в main.
# Ключи хранилища — в настройках проекта, раздел CI/CD → Переменные (скрытые), не в файлах.
image: python:{py}-slim

variables:
  NO_MKDOCS_2_WARNING: "1"
  PYTHONUTF8: "1"

stages:
  - check
  - publish

check:
  stage: check
  script:
    - python -m pip install -r requirements.txt
    - imc check
    - imc build
"""

_GITFLIC_JOBS = {
    "s3": """
publish:
  stage: publish
  script:
    - python -m pip install -r requirements.txt
    - imc build
    - imc publish --bucket "$IMC_S3_BUCKET" --delete
  only:
    - main
""",
    "nginx": """
site:
  stage: publish
  script:
    - python -m pip install -r requirements.txt
    - imc build
  artifacts:
    paths:
      - site
  only:
    - main
""",
    "zip": """
site:
  stage: publish
  script:
    - python -m pip install -r requirements.txt
    - imc build --zip sayt.zip
  artifacts:
    paths:
      - sayt.zip
  only:
    - main
""",
}


def ci_files(forge: str, hosting: str) -> dict[str, str]:
    """Relative path -> text of the CI files for a new site."""
    if forge in ("github", "gitverse"):
        folder = ".github/workflows" if forge == "github" else ".gitverse/workflows"
        ext = "yml" if forge == "github" else "yaml"
        return {f"{folder}/pr.{ext}": _pr_workflow(), f"{folder}/deploy.{ext}": _deploy_workflow(forge, hosting)}
    if forge == "gitlab":
        return {".gitlab-ci.yml": _GITLAB.format(py=PYTHON_VERSION) + _GITLAB_JOBS[hosting]}
    return {"gitflic-ci.yaml": _GITFLIC.format(py=PYTHON_VERSION) + _GITFLIC_JOBS[hosting]}


def _host_and_path(repo_url: str | None) -> tuple[str, str]:
    rest = (repo_url or "").strip().split("//", 1)[-1]
    host, _, path = rest.partition("/")
    path = path.strip("/")
    return host.lower(), path[:-4] if path.endswith(".git") else path


def cms_backend(repo_url: str | None) -> str | None:
    """Sveltia's backend name for a repository address, None where Sveltia has none."""
    host, _ = _host_and_path(repo_url)
    if not host or host == "github.com" or host.endswith(".github.com"):
        return "github"
    if "gitlab" in host:
        return "gitlab"
    if host == "codeberg.org" or "gitea" in host or "forgejo" in host:
        return "gitea"
    return None


def cms_settings(repo_url: str | None) -> dict:
    """Backend settings of the web editor for the repository in data/site.yml (repo:) when it
    is not on GitHub: GitLab (also self-hosted) and Gitea/Forgejo. Empty for GitHub and for
    forges Sveltia does not support (GitVerse, GitFlic): the editor keeps its defaults."""
    name = cms_backend(repo_url)
    host, path = _host_and_path(repo_url)
    if name in (None, "github") or not path:
        return {}
    settings = {"name": name, "repo": path}
    if name == "gitlab" and host != "gitlab.com":
        settings["api_root"] = f"https://{host}/api/v4"
    if name == "gitea":
        settings["api_root"] = f"https://{host}/api/v1"
    return settings


def cms_api_origin(backend: dict) -> str:
    """The address the editor talks to, for its Content-Security-Policy (connect-src)."""
    if backend.get("api_root"):
        return "https://" + _host_and_path(backend["api_root"])[0]
    return "https://gitlab.com" if backend.get("name") == "gitlab" else "https://api.github.com"


def edit_uri(repo_url: str, branch: str) -> str:
    """The «Редактировать» address prefix of a page's source file on the repository's forge."""
    name = cms_backend(repo_url)
    repo = repo_url.rstrip("/")
    if name == "gitlab":
        return f"{repo}/-/edit/{branch}/docs/"
    if name == "gitea":
        return f"{repo}/_edit/{branch}/docs/"
    return f"{repo}/edit/{branch}/docs/"  # GitHub; GitVerse and GitFlic have no edit-by-URL we rely on
