"""Issue 17, done-when: the whole path of a new ИМЦ on this machine.

build the wheel → a venv of its own with the wheel installed → `imc init` with flags →
`imc check` clean → `imc build` → `imc publish` to a local S3 server (moto, loopback) →
the site served from there has the new name, no demo content and working search.

The venv gets the engine only from the wheel (installed with --no-deps, no editable hooks);
its dependencies are the ones this test environment already has, added by a .pth line, so
the test works offline and in CI alike and does not download half of the package index.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = [pytest.mark.site, pytest.mark.browser]
NAME = "ИМЦ Берёзовского района"
KEYS = {"AWS_ACCESS_KEY_ID": "imc-path-key", "AWS_SECRET_ACCESS_KEY": "imc-path-secret"}
DEMO_WORDS = ("Заречн", "Озёрн", "Энская")


def run(*cmd, cwd=None, env=None, timeout=600):
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))}: {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_from_wheel_to_a_published_site(tmp_path, page):
    import boto3
    from moto.server import ThreadedMotoServer
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    took = {}
    t0 = time.perf_counter()

    # 1. the engine as a wheel (and an sdist)
    src = tmp_path / "src"  # a copy: building must not leave build/ or *.egg-info in the repository
    shutil.copytree(ROOT / "scripts", src / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    # as the release workflow does: the sdist first, the wheel built from it (so the sdist is complete too)
    run(sys.executable, "-m", "build", "--outdir", tmp_path / "dist", src, timeout=600)
    assert len(list((tmp_path / "dist").glob("imc_site-*.tar.gz"))) == 1
    (wheel,) = (tmp_path / "dist").glob("imc_site-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for needed in ("imc/adopt/templates/site/mkdocs.yml", "imc/adopt/templates/site/docs/assets/imc.js",
                   "imc/adopt/templates/site/overrides/main.html", "imc/assets/sveltia-cms.js",
                   "imc/site/templates/card.html"):
        assert needed in names, needed
    took["wheel"] = time.perf_counter() - t0

    # 2. a venv of the site's own: the engine from the wheel only
    t = time.perf_counter()
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    vpy = venv / "bin" / "python"
    run(sys.executable, "-m", "pip", "--python", vpy, "install", "-q", "--no-deps", "--no-index", wheel)
    vsite = Path(run(vpy, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (vsite / "zz_engine_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    where = run(vpy, "-c", "import imc.cli, importlib.metadata as m; print(imc.cli.__file__); print(m.version('imc-site'))").stdout
    assert where.splitlines()[0].startswith(str(vsite)), where  # not this repository's source tree
    imc = venv / "bin" / "imc"
    version = where.splitlines()[1]
    assert run(imc, "--version").stdout.strip() == f"imc {version}"
    took["venv"] = time.perf_counter() - t

    # 3. imc init with flags, then check and build
    t = time.perf_counter()
    site = tmp_path / "sayt"
    run(imc, "init", site, "--name", NAME, "--municipality", "Берёзовский муниципальный район",
        "--districts", "Берёзовский район", "--email", "imc@berez.example", "--phone", "8 (000) 123-45-67",
        "--forge", "gitlab", "--hosting", "s3", "--url", "https://imc.berez.example/", "--no-input")
    assert (site / "requirements.txt").read_text(encoding="utf-8").strip() == f"imc-site=={version}"
    check = run(imc, "check", "--format", "json", cwd=site)
    problems = json.loads(check.stdout)
    assert problems and all(p["severity"] == "warning" and p["code"] == "todo" for p in problems), problems
    run(imc, "build", cwd=site)
    took["init+check+build"] = time.perf_counter() - t

    # 4. publish to a local S3-compatible server
    t = time.perf_counter()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"], aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])
        s3.create_bucket(Bucket="berez")
        s3.put_bucket_policy(Bucket="berez", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::berez/*"}]}))
        out = run(imc, "publish", "--bucket", "berez", cwd=site, env={**KEYS, "IMC_S3_ENDPOINT": endpoint}).stdout
        assert "Опубликовано" in out
        took["publish"] = time.perf_counter() - t

        # 5. the site as the storage serves it
        t = time.perf_counter()
        keys = [o["Key"] for p in s3.get_paginator("list_objects_v2").paginate(Bucket="berez") for o in p["Contents"]]
        for key in keys:
            if key.endswith((".html", ".xml", ".json", ".ics")):
                text = s3.get_object(Bucket="berez", Key=key)["Body"].read().decode("utf-8")
                assert not any(w in text for w in DEMO_WORDS), key
        assert not any(k.startswith(("praktiki/", "kopilka/", "rmo/")) and k.count("/") > 1 for k in keys)
        page.goto(f"{endpoint}/berez/index.html")
        assert NAME in page.title()
        page.goto(f"{endpoint}/berez/poisk/index.html?q=Берёзовского")
        page.wait_for_selector(".imc-search__results .imc-total, .imc-search__empty", timeout=20000)
        assert page.locator(".imc-search__results .imc-entry").count() >= 1
        took["served+search"] = time.perf_counter() - t
    finally:
        server.stop()
    took["total"] = time.perf_counter() - t0
    print("adoption path, s:", {k: round(v, 1) for k, v in took.items()})
