"""Nothing the repository holds is run as code: the check memo is data, validated before use,
and build output or caches committed to git are refused (issue 11, point 1)."""
from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_imc

FIXTURE = Path(__file__).parent / "fixtures" / "mini"
PRACTICE = "docs/praktiki/chitatelskiy-marafon/index.md"
OLD_MEMO = ".cache/imc/check-memo.pickle"  # where the pickle lived before


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True,
                          env=env).stdout


class _Payload:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _payload_pickle(marker: Path) -> bytes:
    return pickle.dumps((("code",), _Payload(marker)))


def _live(payload: Path, marker: Path) -> None:
    """The payload does run when unpickled: otherwise the test below could not fail."""
    subprocess.run([sys.executable, "-c", "import pickle,sys; pickle.load(open(sys.argv[1], 'rb'))", str(payload)],
                   check=True, capture_output=True)
    assert marker.exists(), "the payload should have run"
    marker.unlink()


def _stale_edit(path: Path) -> None:
    """An invalid value of the same size and mtime: a memo that were read would miss it."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "levels: [ООО]" in text
    path.write_text(text.replace("levels: [ООО]", "levels: [ООЩ]", 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_committed_pickle_and_memo_never_run_or_read(tmp_path):
    work = tmp_path / "work"
    shutil.copytree(FIXTURE, work)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "site")
    # a memo of a clean check, then a wrong value of the same size and mtime: read, the memo
    # would hide it (the control run shows it does), so finding it proves the memo unread
    assert run_imc("check", root=work).returncode == 0
    memo = sorted(p.name for p in (work / ".cache" / "imc").iterdir() if p.name.startswith("check-memo"))
    assert memo == ["check-memo.json"], memo
    _stale_edit(work / PRACTICE)
    assert run_imc("check", root=work).returncode == 0, "control: an untracked memo is trusted"
    marker = tmp_path / "PWNED"
    (work / OLD_MEMO).write_bytes(_payload_pickle(marker))
    _live(work / OLD_MEMO, marker)
    git(work, "add", "-A")
    git(work, "add", "-f", ".cache")
    git(work, "commit", "-q", "-m", "a cache forced in")

    clone = tmp_path / "clone"  # and a clean clone of that branch, as CI checks it out
    git(tmp_path, "clone", "-q", str(work), str(clone))
    assert (clone / OLD_MEMO).is_file() and (clone / ".cache/imc/check-memo.json").is_file()
    for root in (work, clone):
        for command in (["check"], ["build", "--site-dir", str(tmp_path / "out")]):
            run = run_imc(*command, root=root, timeout=300)
            assert run.returncode == 1, run.stdout + run.stderr
            assert not marker.exists(), "the committed pickle was unpickled"
        problems = json.loads(run_imc("check", "--format", "json", root=root).stdout)
        tracked = [p for p in problems if p["code"] == "tracked-output"]
        assert len(tracked) == 1, problems
        assert tracked[0]["path"].startswith(".cache/imc/") and tracked[0]["severity"] == "error"
        assert "git rm -r --cached .cache" in tracked[0]["hint"]
        assert any(p["path"] == PRACTICE and "ООЩ" in p["message"] for p in problems), problems
        assert not (tmp_path / "out").exists(), "a build with errors must not publish"
    assert not marker.exists()


@pytest.mark.parametrize("tracked", ["site/index.html", ".site-abc123/index.html", "pagefind/pagefind.js",
                                     "scripts/__pycache__/x.cpython-312.pyc", ".venv/bin/python"])
def test_tracked_build_output_is_an_error(tmp_path, tracked):
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    (root / tracked).parent.mkdir(parents=True, exist_ok=True)
    (root / tracked).write_text("x", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "add", "-f", tracked)
    run = run_imc("check", "--format", "json", root=root)
    assert run.returncode == 1, run.stderr
    (found,) = [p for p in json.loads(run.stdout) if p["code"] == "tracked-output"]
    assert found["path"] == tracked
    assert found["hint"].startswith("удалите из репозитория: git rm -r --cached ")
    # checking one file (as the proposal workflow does) still says it
    one = run_imc("check", "--format", "json", str(root / "docs" / "index.md"), root=root)
    assert one.returncode == 1 and [p["code"] for p in json.loads(one.stdout)] == ["tracked-output"], one.stdout
    # once removed from git (the file itself may stay, ignored), the check is clean again
    git(root, "rm", "-q", "-r", "--cached", tracked)
    assert run_imc("check", root=root).returncode == 0


def test_no_git_no_repository_nothing_to_report(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("x", encoding="utf-8")
    assert run_imc("check", root=root).returncode == 0  # not a repository
    env_path = os.environ["PATH"]
    try:  # no git program at all
        os.environ["PATH"] = str(tmp_path / "empty")
        from imc import repo_guard
        assert repo_guard.tracked_output(root) == []
    finally:
        os.environ["PATH"] = env_path


# ------------------------------------------------------------------ the memo's own format

@pytest.fixture
def memo_site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    assert run_imc("check", root=root).returncode == 0
    return root


def _load(root: Path):
    import imc.project as P
    return P.load_memo(root)


def test_memo_round_trip_is_data_only(memo_site):
    import imc.project as P
    raw = (memo_site / P.MEMO_FILE).read_bytes()
    head, _, bodies = raw.partition(b"\n")
    doc = json.loads(head)
    assert doc["format"] == "imc-check-memo" and doc["entries"]
    assert b"pickle" not in raw and not raw.startswith(b"\x80")
    memo = _load(memo_site)
    assert len(memo.items) == len(doc["entries"]) and memo.bodies and memo.semantics


def _corrupt(doc: dict, how: str) -> None:
    e = doc["entries"][0]
    if how == "type":
        e["type"] = "__import__('os')"
    elif how == "meta-field":
        e["meta"]["__class__"] = "x"
    elif how == "meta-kind":
        e["meta"]["title"] = {"$date": "2024-01-01"}
    elif how == "date":
        doc["entries"] = [x for x in doc["entries"] if "date" in x["meta"]]
        doc["entries"][0]["meta"]["date"] = "2024-13-45"
    elif how == "body-range":
        e["body"] = [0, 10 ** 12]
    elif how == "severity":
        e["problems"] = [["a", 1, 1, "m", "h", "f", "fatal", "c"]]
    elif how == "marks":
        e["marks"] = [[["title"]], [1, "1"]]
    elif how == "bool-as-int":
        e["body_line"] = True
    elif how == "version":
        doc["version"] = 999
    elif how == "code":
        doc["code"] = []


@pytest.mark.parametrize("how", ["type", "meta-field", "meta-kind", "date", "body-range", "severity",
                                 "marks", "bool-as-int", "version", "code"])
def test_an_unexpected_memo_is_ignored_not_trusted(memo_site, how):
    import imc.project as P
    path = memo_site / P.MEMO_FILE
    head, _, bodies = path.read_bytes().partition(b"\n")
    doc = json.loads(head)
    _corrupt(doc, how)
    path.write_bytes(json.dumps(doc, ensure_ascii=False).encode() + b"\n" + bodies)
    assert _load(memo_site).items == {}
    run = run_imc("check", root=memo_site)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize("raw", [b"", b"\x80\x04K\x01.", b"[" * 100000 + b"\n", b"{}\n", b"\xff\xfe\n",
                                 b'{"format": "imc-check-memo", "version": 2}\n'])
def test_garbage_memo_is_ignored(memo_site, raw):
    import imc.project as P
    (memo_site / P.MEMO_FILE).write_bytes(raw)
    assert _load(memo_site).items == {}
    run = run_imc("check", root=memo_site)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr


# ------------------------------------------------------------------ other data read from the repository

@pytest.mark.parametrize("poison", ["link", "bytes", "huge", "folder", "text"])
def test_text_cache_entry_gives_at_most_wrong_text(tmp_path, poison):
    """.cache/imc/text holds extracted attachment text by content hash: whatever lies there is
    read as text or not at all — never a link to another file, never a crash."""
    import hashlib

    from imc.extract import MAX_CHARS, extract_all
    source = tmp_path / "plan.txt"
    source.write_text("Настоящий текст вложения", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir()
    entry = cache / (hashlib.sha256(source.read_bytes()).hexdigest() + ".txt")
    secret = tmp_path / "secret"
    secret.write_text("ключ доступа", encoding="utf-8")
    if poison == "link":
        entry.symlink_to(secret)
    elif poison == "bytes":
        entry.write_bytes(b"\xff\xfe\x00 not utf-8")
    elif poison == "huge":
        entry.write_text("я" * (MAX_CHARS + 1), encoding="utf-8")
    elif poison == "folder":
        entry.mkdir()
    else:
        entry.write_text("Подменённый текст", encoding="utf-8")
    text = extract_all([source], cache, workers=1)[source]
    if poison == "text":
        assert text == "Подменённый текст"  # wrong text is the most a poisoned entry can do
    else:
        assert text == "Настоящий текст вложения"
        assert "ключ" not in text


def test_document_xml_entities_are_not_expanded(tmp_path):
    from imc.importer import parse_xml
    from lxml import etree
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "' + b"a" * 100 + b'">'
            + b'<!ENTITY b "' + b"&a;" * 100 + b'"><!ENTITY c "' + b"&b;" * 100 + b'">]><l>&c;</l>')
    small = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "expanded">]><l>&a;</l>'
    assert b"expanded</l>" in etree.tostring(etree.fromstring(small)), "lxml's default parser expands"
    assert b"expanded</l>" not in etree.tostring(parse_xml(small))
    try:  # refused (libxml2's amplification limit) or read unexpanded: never gigabytes
        assert len(etree.tostring(parse_xml(bomb))) < 2000
    except etree.XMLSyntaxError:
        pass
    secret = tmp_path / "secret.txt"
    secret.write_text("ключ доступа", encoding="utf-8")
    xxe = f'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file://{secret}">]><l>&x;</l>'.encode()
    assert "ключ".encode() not in etree.tostring(parse_xml(xxe), encoding="utf-8")
