"""JSON Schema for editors and the Sveltia CMS configuration, both generated from the model."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from imc import cms, model
from imc.problems import ImcError
from imc.schema import DRAFT, json_schemas, registry_schemas

ROOT = Path(__file__).resolve().parents[1]

try:
    import jsonschema
except ImportError:  # pragma: no cover - a clear failure, not a skip
    jsonschema = None


def _jsonschema():
    if jsonschema is None:
        pytest.fail("нет пакета jsonschema: pip install jsonschema (нужен в .[test])")
    return jsonschema


@pytest.fixture(scope="module")
def project():
    from imc.project import load_project
    return load_project(ROOT)


# ------------------------------------------------------------------ JSON Schema

def test_one_valid_schema_per_type():
    js = _jsonschema()
    schemas = json_schemas()
    assert set(schemas) == set(model.TYPES)
    for name, schema in {**schemas, **registry_schemas()}.items():
        assert schema["$schema"] == DRAFT
        js.Draft202012Validator.check_schema(schema)
    practice = schemas["practice"]
    assert practice["title"] == model.PRACTICE.label
    assert set(practice["required"]) == {f.name for f in model.PRACTICE.fields if f.required}
    assert practice["additionalProperties"] is False
    assert practice["properties"]["title"]["description"] == model.TITLE.help
    assert practice["properties"]["date"]["pattern"] == r"^\d{4}-\d{2}-\d{2}$"
    assert practice["properties"]["year"]["minimum"] == 1990
    assert practice["properties"]["levels"]["minItems"] == 1
    review = practice["properties"]["review"]
    assert review["type"] == "object" and review["required"] == ["status", "body"]
    assert schemas["rmo"]["properties"]["meetings"]["items"]["properties"]["time"]["pattern"]


def test_vocabularies_become_enums(project):
    schemas = json_schemas(project)
    levels = schemas["practice"]["properties"]["levels"]["items"]["enum"]
    assert "ooo" in levels and "ООО" in levels
    status = schemas["regulation"]["properties"]["status"]["enum"]
    assert {"deystvuet", "действует"} <= set(status)
    without = json_schemas()["practice"]["properties"]["levels"]["items"]
    assert "enum" not in without and without["type"] == "string"


def _front_matter(path: Path):
    from imc.source import split_front_matter
    parsed = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    return parsed.loaded.data if parsed.loaded else None


def test_valid_content_is_valid_for_the_schema(project, tmp_path):
    """What `imc check` accepts, the editor's schema accepts too (demo content and skeletons)."""
    js = _jsonschema()
    schemas = json_schemas(project)
    bad_files = {p.path for p in project.problems}
    checked = 0
    for item in project.items:
        if item.rel in bad_files or not item.has_front_matter or item.type is model.PAGE:
            continue
        data = _front_matter(ROOT / item.rel)
        errors = list(js.Draft202012Validator(schemas[item.type.name]).iter_errors(data))
        assert not errors, f"{item.rel}: " + "; ".join(f"{e.json_path}: {e.message[:120]}" for e in errors)
        checked += 1
    assert checked >= 1, "в демо-материалах нет ни одного файла без замечаний"
    # and a skeleton of every type written by `imc new`
    from imc.skeleton import render
    for ctype in model.TYPES.values():
        text = render(project, ctype, "Проверка схемы")
        path = tmp_path / f"{ctype.name}.md"
        path.write_text(text, encoding="utf-8")
        data = _front_matter(path)
        errors = list(js.Draft202012Validator(schemas[ctype.name]).iter_errors(data))
        assert not errors, f"{ctype.name}: {[e.message for e in errors]}"


def test_schema_catches_what_editors_should_see(project):
    js = _jsonschema()
    v = js.Draft202012Validator(json_schemas(project)["practice"])
    bad = {"titel": "x", "levels": ["ООО5"], "date": "01.09.2024", "year": 20245}
    paths = {e.json_path for e in v.iter_errors(bad)} | {e.message for e in v.iter_errors(bad)}
    assert "$.levels[0]" in paths and "$.date" in paths and "$.year" in paths
    assert any("titel" in p for p in paths)


def test_imc_schema_command(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "imc.cli", "--root", str(ROOT), "schema", "--output",
                           str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.glob("*.schema.json"))
    assert "practice.schema.json" in names and "data-people.schema.json" in names
    data = json.loads((tmp_path / "practice.schema.json").read_text(encoding="utf-8"))
    assert data["properties"]["title"]["title"] == "Название"


# ------------------------------------------------------------------ CMS configuration

def test_cms_config_is_valid_for_sveltia(project):
    js = _jsonschema()
    schema = json.loads((cms.ASSETS / "sveltia-cms.schema.json").read_text(encoding="utf-8"))
    config = json.loads(json.dumps(cms.cms_config(project, repo="imc-zarechny/sayt")))
    errors = list(js.Draft7Validator(schema).iter_errors(config))
    assert not errors, "\n".join(f"{e.json_path}: {e.message[:200]}" for e in errors[:10])


def test_cms_collections_follow_the_model(project):
    config = cms.cms_config(project, repo="imc-zarechny/sayt")
    by_name = {c["name"]: c for c in config["collections"]}
    assert config["backend"] == {**config["backend"], "name": "github", "repo": "imc-zarechny/sayt"}
    assert config["backend"]["auth_methods"] == ["token"]  # no third-party OAuth server by default
    assert config["publish_mode"] == "editorial_workflow"  # every change is a pull request
    for ctype in model.TYPES.values():
        if not ctype.folder:
            assert ctype.name not in by_name
            continue
        c = by_name[ctype.name]
        assert c["folder"] == f"docs/{ctype.folder}"
        assert c["path"] == ("{{slug}}/index" if ctype.name in ("practice", "product", "rmo") else "{{slug}}")
        fields = {f["name"]: f for f in c["fields"]}
        for f in ctype.fields:
            assert fields[f.name]["required"] is f.required, (ctype.name, f.name)
            assert fields[f.name]["label"] == f.label
        assert fields["body"]["widget"] == "markdown"
    practice = {f["name"]: f for f in by_name["practice"]["fields"]}
    assert practice["date"]["widget"] == "datetime" and practice["date"]["type"] == "date"
    assert practice["date"]["format"] == "YYYY-MM-DD"
    assert practice["year"] == {**practice["year"], "widget": "number", "value_type": "int", "min": 1990}
    assert practice["levels"]["widget"] == "select" and practice["levels"]["multiple"] is True
    levels = project.vocabularies["levels"].entries
    assert practice["levels"]["options"] == [{"label": e["title"], "value": e["id"]} for e in levels]
    assert practice["organisation"]["widget"] in ("select", "string")
    assert practice["attachments"]["widget"] == "list"
    assert {f["name"] for f in practice["attachments"]["fields"]} == {"title", "file", "url"}
    review = {f["name"]: f for f in practice["review"]["fields"]}
    assert review["status"]["widget"] == "select"
    meetings = {f["name"]: f for f in by_name["rmo"]["fields"]}["meetings"]
    assert meetings["min"] == 1 and {f["name"] for f in meetings["fields"]} >= {"date", "topic", "form"}
    data = by_name["data"]["files"]
    assert [f["file"] for f in data] == ["data/people.yml", "data/organisations.yml"]
    assert data[0]["fields"][0]["root"] is True


def test_cms_never_publishes_names_without_consent(tmp_path):
    from imc.project import load_project
    root = tmp_path / "site"
    (root / "docs").mkdir(parents=True)
    (root / "data").mkdir()
    for name in ("vocabularies.yml", "site.yml", "criteria.yml"):
        (root / "data" / name).write_bytes((ROOT / "data" / name).read_bytes())
    for reg in model.REGISTRIES.values():
        if not (root / "data" / reg.file).exists():
            (root / "data" / reg.file).write_text("[]\n", encoding="utf-8")
    (root / "data" / "people.yml").write_text(
        "- {id: skrytova-aa, name: Скрытова Анна Андреевна, position: учитель физики, consent: false}\n"
        "- {id: otkrytova-bb, name: Открытова Белла Борисовна, position: методист, consent: true}\n",
        encoding="utf-8")
    project = load_project(root)
    text = cms.config_yaml(project, repo="imc-zarechny/sayt")
    assert "Скрытова" not in text and "skrytova-aa — учитель физики" in text
    assert "Открытова Белла Борисовна (otkrytova-bb)" in text


def test_write_admin_serves_everything_itself(project, tmp_path):
    written = cms.write_admin(project, tmp_path, repo="imc-zarechny/sayt")
    admin = tmp_path / "admin"
    assert {p.name for p in written} >= {"index.html", "config.yml", "sveltia-cms.js"}
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"https?://[^\s\"';]+", html) == ["https://api.github.com"]  # only in the CSP
    assert '<script src="sveltia-cms.js">' in html and "Content-Security-Policy" in html
    js = (admin / "sveltia-cms.js").read_text(encoding="utf-8")
    for host in ("unpkg.com", "cdn.jsdelivr.net", "fonts.googleapis.com", "githubstatus.com/api"):
        assert host not in js, host
    for local in cms.LOCAL.values():
        assert (admin / local.removeprefix("./")).exists() or local == "./sveltia"
    assert (admin / f"sveltia@{cms.SVELTIA_VERSION}" / "locales" / "ru.json").is_file()
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "imc-zarechny/sayt"


def test_new_bundle_without_known_addresses_is_an_error(tmp_path, monkeypatch):
    (tmp_path / cms.BUNDLE).write_text("console.log('другая версия')", encoding="utf-8")
    monkeypatch.setattr(cms, "ASSETS", tmp_path)
    with pytest.raises(ImcError, match="обновите таблицы"):
        cms.local_bundle()


def test_vendored_files_are_recorded_unmodified():
    """README.md in assets/ names the version and the SHA-256 of every vendored file."""
    import hashlib
    readme = (cms.ASSETS / "README.md").read_text(encoding="utf-8")
    assert cms.SVELTIA_VERSION in readme
    for name in [cms.BUNDLE, "sveltia-cms.schema.json", cms.LOCALES, *cms.FILES.values()]:
        digest = hashlib.sha256((cms.ASSETS / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme, f"{name}: контрольная сумма не совпадает с README.md"


@pytest.mark.browser
def test_admin_page_loads_nothing_from_third_parties(project, tmp_path, browser):
    from conftest import serve_dir
    cms.write_admin(project, tmp_path, repo="imc-zarechny/sayt")
    server, base = serve_dir(tmp_path)
    requests, problems = [], []
    try:
        context = browser.new_context(locale="ru-RU")
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(base + "/admin/", wait_until="networkidle")
        page.get_by_text("Войти с помощью токена доступа").wait_for(timeout=20000)
        body = page.inner_text("body")
        context.close()
    finally:
        server.shutdown()
    own = urlsplit(base).netloc
    foreign = [u for u in requests if not u.startswith(("data:", "blob:")) and urlsplit(u).netloc != own]
    assert not foreign, foreign
    assert not problems, problems
    assert "Ошибка" not in body and "Error" not in body, body[:500]
