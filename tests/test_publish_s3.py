"""`imc publish` against a real S3-compatible server: moto in server mode on a loopback port
picked by the system, started by the test. The uploaded site is then read back over HTTP:
headers of every kind of file, and search working in headless Chromium from the bucket."""
from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest
from conftest import run_imc
from imc.adopt import publish as pub

pytestmark = pytest.mark.site
KEYS = {"AWS_ACCESS_KEY_ID": "imc-test-key", "AWS_SECRET_ACCESS_KEY": "imc-test-secret"}
NAME = "ИМЦ Кедрового округа"


@pytest.fixture(scope="module")
def s3():
    import logging

    from moto.server import ThreadedMotoServer
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def client(endpoint):
    import boto3
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"], aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("s3site")
    proc = run_imc("init", str(base / "sayt"), "--name", NAME, "--municipality", "Кедровый муниципальный округ",
                   "--email", "imc@kedr.example", "--hosting", "s3", "--no-input", root=base)
    assert proc.returncode == 0, proc.stderr
    proc = run_imc("build", root=base / "sayt")
    assert proc.returncode == 0, proc.stderr
    return base / "sayt"


def imc_publish(site: Path, *args, keys=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    if keys:
        env.update(KEYS)
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "imc.cli", "--root", str(site), "publish", *args],
                          capture_output=True, text=True, timeout=300, env={**env, "PYTHONIOENCODING": "utf-8"})


def head(url: str) -> dict:
    with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=30) as r:
        return {k.lower(): v for k, v in r.headers.items()} | {"status": r.status}


def test_types_and_caching_rules():
    assert pub.content_type("index.html") == "text/html; charset=utf-8"
    assert pub.content_type("sobytiya/calendar.ics").startswith("text/calendar")
    assert pub.content_type("pagefind/fragment/ru_5a8b0c1d2e.pf_fragment") == "application/octet-stream"
    assert pub.content_type("x.wasm") == "application/wasm"
    assert pub.cache_control("pagefind/fragment/ru_5a8b0c1d2e.pf_fragment") == pub.LONG
    assert pub.cache_control("assets/javascripts/bundle.79ae519e.min.js") == pub.LONG
    assert pub.cache_control("pagefind/pagefind-entry.json") == pub.SHORT
    assert pub.cache_control("pagefind/pagefind.js") == pub.SHORT
    assert pub.cache_control("praktiki/index.html") == pub.SHORT
    assert pub.cache_control("assets/imc.js") == pub.MEDIUM


def test_publish_uploads_changes_only_and_deletes_on_request(s3, new_site):
    c = client(s3)
    c.create_bucket(Bucket="sayt")
    c.put_object(Bucket="sayt", Key="old/page.html", Body=b"old")

    dry = imc_publish(new_site, "--bucket", "sayt", "--endpoint", s3, "--dry-run", "--delete")
    assert dry.returncode == 0, dry.stderr
    assert "План публикации" in dry.stdout and "загрузить  index.html" in dry.stdout
    assert "удалить    old/page.html" in dry.stdout
    assert [o["Key"] for o in c.list_objects_v2(Bucket="sayt")["Contents"]] == ["old/page.html"]  # nothing changed

    first = imc_publish(new_site, "--bucket", "sayt", "--endpoint", s3)
    assert first.returncode == 0, first.stderr
    n_files = sum(1 for p in (new_site / "site").rglob("*") if p.is_file())
    assert f"загружено {n_files}, удалено 0, без изменений 0" in first.stdout
    assert "imc publish --delete" in first.stdout  # the stale object is mentioned, not removed
    keys = {o["Key"] for page in c.get_paginator("list_objects_v2").paginate(Bucket="sayt")
            for o in page.get("Contents", [])}
    assert "old/page.html" in keys and "index.html" in keys and len(keys) == n_files + 1

    meta = c.head_object(Bucket="sayt", Key="index.html")
    assert meta["ContentType"] == "text/html; charset=utf-8" and meta["CacheControl"] == pub.SHORT
    checks = {"sobytiya/calendar.ics": "text/calendar", "feed.xml": "application/xml", "catalog.json": "application/json",
              "pagefind/pagefind.js": "text/javascript", "assets/imc.css": "text/css", "assets/logo.svg": "image/svg+xml"}
    for key, ctype in checks.items():
        assert c.head_object(Bucket="sayt", Key=key)["ContentType"].startswith(ctype), key
    fragment = next(k for k in keys if k.endswith(".pf_fragment"))
    assert c.head_object(Bucket="sayt", Key=fragment)["CacheControl"] == pub.LONG

    again = imc_publish(new_site, "--bucket", "sayt", "--endpoint", s3)
    assert f"загружено 0, удалено 0, без изменений {n_files}" in again.stdout, again.stdout

    page = new_site / "site" / "o-nas" / "kontakty" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Контакты", "Контакты службы", 1), encoding="utf-8")
    changed = imc_publish(new_site, "--bucket", "sayt", "--endpoint", s3, "--delete")
    assert f"загружено 1, удалено 1, без изменений {n_files - 1}" in changed.stdout, changed.stdout
    assert "old/page.html" not in {o["Key"] for o in c.list_objects_v2(Bucket="sayt", Prefix="old/").get("Contents", [])}


def test_publish_without_keys_or_bucket_is_refused_in_russian(s3, new_site):
    proc = imc_publish(new_site, "--bucket", "sayt", "--endpoint", s3, keys=False)
    assert proc.returncode == 1 and "AWS_ACCESS_KEY_ID" in proc.stderr and "Traceback" not in proc.stderr
    proc = imc_publish(new_site, "--bucket", "net-takogo", "--endpoint", s3)
    assert proc.returncode == 1 and "бакета «net-takogo» нет" in proc.stderr, proc.stderr
    proc = imc_publish(new_site, "--endpoint", s3)
    assert proc.returncode == 2 and "бакет" in proc.stderr


@pytest.mark.browser
def test_site_from_the_bucket_has_its_name_and_working_search(s3, new_site, page):
    c = client(s3)
    c.create_bucket(Bucket="vitrina")
    # As on a real storage: the bucket is opened for reading by anyone (the guide says where).
    c.put_bucket_policy(Bucket="vitrina", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::vitrina/*"}]}))
    assert imc_publish(new_site, "--bucket", "vitrina", "--endpoint", s3).returncode == 0
    base = f"{s3}/vitrina"
    h = head(f"{base}/pagefind/pagefind.js")
    assert h["content-type"].startswith("text/javascript")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/index.html")
    assert NAME in page.title()
    page.goto(f"{base}/poisk/index.html?q=Кедрового")
    page.wait_for_selector(".imc-search__results .imc-total, .imc-search__empty", timeout=20000)
    results = page.locator(".imc-search__results .imc-entry").count()
    assert results >= 1, page.locator(".imc-search__results").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e or "MIME" in e], errors
