"""Adoption (issue 17): the engine as a wheel, `imc init`, keys kept out of files, CI for the
forges, `imc build --zip`. S3 and nginx have their own files (test_publish_s3.py, test_nginx.py)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib
import yaml
from conftest import ROOT, run_imc
from imc.adopt import init
from imc.check.load import check_project
from imc.check.secrets import scan_text
from imc.core import forges

SITE_ARGS = ["--name", "ИМЦ Сосновского округа", "--municipality", "Сосновский муниципальный округ",
             "--districts", "Сосновский округ, Кедровый район", "--address", "610000, г. Сосновск, ул. Школьная, д. 3",
             "--phone", "+7 (000) 222-33-44", "--email", "imc@sosnovsk.example"]
DEMO_WORDS = ("Заречн", "Озёрн", "Энская")  # the demo service: none of it may reach a new site


def init_site(tmp_path: Path, *extra: str, name: str = "sayt", cwd: Path | None = None):
    return run_imc("init", str(tmp_path / name), *SITE_ARGS, *extra, "--no-input", root=cwd or tmp_path)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# ------------------------------------------------------------------ the engine as a package

def test_version_is_the_packages():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    proc = subprocess.run([sys.executable, "-m", "imc.cli", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == f"imc {version}", proc.stdout + proc.stderr


def test_template_copies_are_the_repositorys():
    """The new site's assets and theme additions are the same files as this repository's."""
    for rel in init.COPIED + ("data/vocabularies.yml", "docs/assets/logo.svg"):
        assert (init.SITE_TEMPLATE / rel).read_bytes() == (ROOT / rel).read_bytes(), \
            f"{rel}: шаблон imc init отстал — python tools/sync_site_template.py"

    class Loose(yaml.SafeLoader):
        pass
    Loose.add_multi_constructor("", lambda loader, suffix, node: suffix)
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loose)
    theirs = yaml.load(init.mkdocs_yml(init.Answers(name="X", forge="github"), "assets/logo.svg"), Loose)
    for key in set(ours) | set(theirs):
        if key in ("site_name", "site_description", "site_url", "nav"):
            continue
        assert ours.get(key) == theirs.get(key), f"{key}: шаблон отстал — python tools/sync_site_template.py"


# ------------------------------------------------------------------ imc init

def test_init_writes_a_site_that_passes_check(tmp_path):
    proc = init_site(tmp_path, "--forge", "gitlab", "--hosting", "s3", "--url", "https://imc.sosnovsk.example")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "sayt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sayt"]  # no temporary folder left beside
    project = check_project(site)
    assert not project.errors, [p.text() for p in project.errors]
    assert project.problems and {p.code for p in project.problems} == {"todo"}
    assert project.site["name"] == "ИМЦ Сосновского округа"
    assert project.site["url"] == "https://imc.sosnovsk.example/"
    assert [d["title"] for d in project.vocabularies["districts"].entries] == ["Сосновский округ", "Кедровый район"]
    assert all(not project.registries[r] for r in ("organisations", "people", "platforms", "structure"))
    for rel, data in _files(site).items():
        text = data.decode("utf-8", "replace")
        assert not any(w in text for w in DEMO_WORDS), rel
    assert (site / "requirements.txt").read_text(encoding="utf-8").strip() == f"imc-site=={init.version()}"
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "imc serve" in readme and "imc publish --bucket" in readme
    mk = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "ИМЦ Сосновского округа"' in mk and "fontawesome/brands/gitlab" in mk
    assert (site / ".gitlab-ci.yml").is_file() and not (site / ".github").exists()
    assert not list(site.glob("docs/praktiki/*"))  # no materials of the demo


def test_init_without_answers_outside_a_terminal_is_a_usage_error(tmp_path):
    proc = run_imc("init", str(tmp_path / "sayt"), "--name", "ИМЦ", "--no-input", root=tmp_path)
    assert proc.returncode == 2
    assert "--municipality" in proc.stderr and "--email" in proc.stderr and "Traceback" not in proc.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("bad, message", [
    (["--email", "imc.sosnovsk.example"], "электронная почта"),
    (["--phone", "позвоните нам"], "телефон"),
    (["--forge", "bitbucket"], "платформа"),
    (["--forge", "gitflic", "--hosting", "pages"], "Pages"),
    (["--url", "imc.example"], "адрес сайта"),
])
def test_init_refuses_bad_answers_and_writes_nothing(tmp_path, bad, message):
    proc = init_site(tmp_path, *bad)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert not any(tmp_path.iterdir()), list(tmp_path.iterdir())


def test_init_refuses_a_logo_that_is_not_an_image(tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    proc = init_site(tmp_path, "--logo", str(fake))
    assert proc.returncode == 2 and "не изображение" in proc.stderr, proc.stderr
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")
    proc = init_site(tmp_path, "--logo", str(svg))
    assert proc.returncode == 2 and "SVG" in proc.stderr, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png", "logo.svg"]


def test_init_takes_a_real_logo_by_its_content(tmp_path):
    png = tmp_path / "emblem.bin"  # the name says nothing: the content decides
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    proc = init_site(tmp_path, "--logo", str(png))
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "sayt"
    assert (site / "docs/assets/logo.png").read_bytes() == png.read_bytes()
    assert "logo: assets/logo.png" in (site / "mkdocs.yml").read_text(encoding="utf-8")


def test_init_refuses_a_non_empty_folder(tmp_path):
    target = tmp_path / "sayt"
    target.mkdir()
    (target / "notes.txt").write_text("моё", encoding="utf-8")
    proc = init_site(tmp_path)
    assert proc.returncode == 1 and "не пуста" in proc.stderr, proc.stderr
    assert _files(target) == {"notes.txt": "моё".encode()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sayt"]


def test_init_fills_an_empty_folder(tmp_path):
    (tmp_path / "sayt").mkdir()
    assert init_site(tmp_path).returncode == 0
    assert (tmp_path / "sayt" / "data" / "site.yml").is_file()


def test_prompts_ask_for_what_is_missing_in_russian(capsys):
    answers = iter(["", "ИМЦ Кедрового района", "", "Кедровый район", "", "", "",
                    "без-собаки", "imc@kedr.example", "", "", "gitlab", "pages"])
    asked = []

    def ask(question):
        asked.append(question)
        return next(answers)

    a = init._ask(init.Answers(), set(), True, ask=ask)
    init.validate(a)
    assert a.name == "ИМЦ Кедрового района" and a.email == "imc@kedr.example"
    assert (a.forge, a.hosting, a.districts) == ("gitlab", "pages", ["Кедровый район"])
    assert asked[0].startswith("Краткое название службы") and asked[1] == asked[0]  # empty: asked again
    err = capsys.readouterr().err
    assert "Это нужно указать" in err and "электронная почта «без-собаки» записана неверно" in err


# ------------------------------------------------------------------ keys never in files

@pytest.mark.parametrize("text, found", [
    ("key: AKIAIOSFODNN7EXAMPLE", True),
    ("id: YCAJEexampleexampleexample01", True),
    ("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", True),
    ("-----BEGIN PRIVATE KEY-----", True),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", True),
    ("Проект «AKIA» и YCX — просто слова", False),
    ("Ключевые компетенции педагога", False),
    ("export AWS_SECRET_ACCESS_KEY=… (секретная переменная CI)", False),
    ('AWS_SECRET_ACCESS_KEY: "${{ secrets.AWS_SECRET_ACCESS_KEY }}"', False),
])
def test_key_patterns(text, found):
    assert bool(scan_text(text)) is found


def test_check_refuses_a_key_in_data_or_docs(tmp_path):
    assert init_site(tmp_path).returncode == 0
    site = tmp_path / "sayt"
    with (site / "data" / "site.yml").open("a", encoding="utf-8") as f:
        f.write("# aws_secret_access_key: wJalrXUtnFEMIK7MDENGbPxRfiCY\n")
    page = site / "docs" / "o-nas" / "kontakty.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nКлюч: AKIAIOSFODNN7EXAMPLE\n", encoding="utf-8")
    proc = run_imc("check", "--errors-only", root=site)
    assert proc.returncode == 1
    assert re.search(r"data/site\.yml:\d+:3: ошибка: похоже на секретный ключ", proc.stdout), proc.stdout
    assert re.search(r"docs/o-nas/kontakty\.md:\d+:7: ошибка: похоже на идентификатор ключа", proc.stdout), proc.stdout


# ------------------------------------------------------------------ CI for the forges

COMBOS = [(f, h) for f in init.FORGES for h in init.HOSTINGS if h != "pages" or f in forges.PAGES]


def test_generated_ci_parses_and_github_style_passes_linters(tmp_path):
    github_style = []
    for forge, hosting in COMBOS:
        files = forges.ci_files(forge, hosting)
        assert files, (forge, hosting)
        for rel, text in files.items():
            data = yaml.safe_load(text)
            assert isinstance(data, dict), (forge, hosting, rel)
            assert "AWS_SECRET_ACCESS_KEY:" not in text or "secrets.AWS_SECRET_ACCESS_KEY" in text
            if rel.startswith((".github/", ".gitverse/")):
                dest = tmp_path / f"{forge}-{hosting}" / ".github" / "workflows" / Path(rel).name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(text, encoding="utf-8")
                github_style.append(dest)
            elif rel == ".gitlab-ci.yml":
                jobs = {k: v for k, v in data.items() if isinstance(v, dict) and "script" in v}
                expected = {"pages": "pages", "s3": "publish"}.get(hosting, "site")
                assert {"check", expected} <= set(jobs), (hosting, set(jobs))
                if hosting == "pages":
                    assert data["pages"]["artifacts"]["paths"] == ["public"]
            else:
                assert rel == "gitflic-ci.yaml"
                assert data["stages"] == ["check", "publish"] and "script" in data["check"]
    bin_dir = Path(sys.executable).parent
    lint = subprocess.run([str(bin_dir / "actionlint"), "-no-color", *map(str, github_style)],
                          capture_output=True, text=True, timeout=120)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    for folder in sorted({p.parents[2] for p in github_style}):
        z = subprocess.run([str(bin_dir / "zizmor"), "--offline", "--no-progress", "--persona", "pedantic",
                            "--format", "plain", "--color", "never", str(folder / ".github" / "workflows")],
                           capture_output=True, text=True, timeout=120)
        assert z.returncode == 0 and "No findings" in z.stdout + z.stderr, f"{folder.name}:\n{z.stdout}{z.stderr}"


def test_editor_backend_follows_the_repository(tmp_path):
    from imc.authoring import cms
    assert init_site(tmp_path, "--forge", "gitlab", "--repo", "https://gitlab.example.ru/imc/sayt.git").returncode == 0
    project = check_project(tmp_path / "sayt")
    assert not project.errors
    backend = cms.cms_config(project)["backend"]
    assert (backend["name"], backend["repo"], backend["api_root"]) == ("gitlab", "imc/sayt", "https://gitlab.example.ru/api/v4")
    cms.write_admin(project, tmp_path / "out")
    html = (tmp_path / "out" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' data: blob: https://gitlab.example.ru;" in html and "api.github.com" not in html
    assert forges.cms_settings("https://codeberg.org/imc/sayt") == {
        "name": "gitea", "repo": "imc/sayt", "api_root": "https://codeberg.org/api/v1"}
    assert forges.cms_settings("https://github.com/imc/sayt") == {} == forges.cms_settings("https://gitverse.ru/imc/sayt")
    assert forges.edit_uri("https://gitlab.com/imc/sayt", "main") == "https://gitlab.com/imc/sayt/-/edit/main/docs/"
    assert forges.edit_uri("https://github.com/imc/sayt/", "main") == "https://github.com/imc/sayt/edit/main/docs/"


def test_gitverse_gets_its_own_workflows_folder_and_no_editor():
    files = forges.ci_files("gitverse", "s3")
    assert set(files) == {".gitverse/workflows/pr.yaml", ".gitverse/workflows/deploy.yaml"}
    assert "Sveltia" in forges.publish_note("gitverse", "s3") and "не умеет" in forges.publish_note("gitflic", "zip")
    assert forges.cms_backend("https://gitlab.com/imc/sayt") == "gitlab"
    assert forges.cms_backend("https://github.com/imc/sayt") == "github"
    assert forges.cms_backend("https://gitverse.ru/imc/sayt") is None


# ------------------------------------------------------------------ a zip for ordinary hosting

@pytest.mark.site
def test_build_zip_makes_an_archive_with_a_note(tmp_path):
    assert init_site(tmp_path, "--hosting", "zip").returncode == 0
    site = tmp_path / "sayt"
    proc = run_imc("build", "--zip", str(tmp_path / "sayt.zip"), root=site)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(tmp_path / "sayt.zip") as zf:
        names = set(zf.namelist())
        assert {"index.html", "404.html", "poisk/index.html", "pagefind/pagefind.js", ".htaccess",
                "КАК-ЗАГРУЗИТЬ.txt"} <= names
        assert not any(n.startswith("site/") for n in names)
        assert "ИМЦ Сосновского округа" in zf.read("index.html").decode()
        assert "404" in zf.read("КАК-ЗАГРУЗИТЬ.txt").decode()
    assert len(names) - 2 == sum(1 for p in (site / "site").rglob("*") if p.is_file())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sayt-")]


def test_init_asks_in_a_real_terminal(tmp_path):
    """stdin is a terminal (a pseudo-terminal here): missing answers are asked for in Russian."""
    import pty
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "imc.cli", "init", str(tmp_path / "sayt"), "--forge", "github",
                             "--hosting", "zip", "--logo", ""], stdin=slave, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    os.close(slave)
    answers = ["ИМЦ Кедрового района", "", "Кедровый район", "", "", "", "imc@kedr.example", ""]
    os.write(master, ("\n".join(answers) + "\n").encode())
    out, err = proc.communicate(timeout=120)
    os.close(master)
    out, err = out.decode(), err.decode()
    assert proc.returncode == 0, out + err
    assert "Краткое название службы" in out and "Служебная электронная почта" in out
    assert "Где хранится код" not in out  # given as a flag: not asked
    site = (tmp_path / "sayt" / "data" / "site.yml").read_text(encoding="utf-8")
    assert 'name: "ИМЦ Кедрового района"' in site and 'email: "imc@kedr.example"' in site
