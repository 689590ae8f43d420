"""Faults of the machine (issue 11, point 8): a killed build leaves nothing running and nothing
the next build keeps; a full disk, an unwritable folder and a taken port end in a Russian
message with what to do, exit code 1, no traceback."""
from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT, copy_site_skeleton, run_imc

FIXTURE = Path(__file__).parent / "fixtures" / "mini"


def _stat(pid: int) -> tuple[int, str, str, int] | None:
    """(ppid, state, name, start time) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1:raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2:].split()
    return int(rest[1]), rest[0], name, int(rest[19])


def _descendants(root: int) -> dict[int, tuple]:
    procs = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))) is not None:
            procs[int(entry)] = st
    out, todo = {}, [root]
    while todo:
        parent = todo.pop()
        for pid, st in procs.items():
            if st[0] == parent and pid not in out:
                out[pid] = st
                todo.append(pid)
    return out


def _alive(pid: int, st: tuple) -> bool:
    now = _stat(pid)
    return now is not None and now[3] == st[3] and now[1] not in ("Z", "X")  # a zombie has stopped


def _demo_copy(dest: Path) -> Path:
    for name in ("mkdocs.yml", "data", "overrides", "snippets", "docs"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killed_build_leaves_no_process_and_its_folder_goes_next_time(tmp_path):
    root = _demo_copy(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "build.log").open("w")
    build = subprocess.Popen([sys.executable, "-m", "imc.cli", "--root", str(root), "build"],
                             stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        # mid-build: the indexer has started pagefind, and attachment text is being extracted
        deadline = time.monotonic() + 300
        while True:
            children = _descendants(build.pid)
            names = {st[2] for st in children.values()}
            if any(n.startswith("pagefind") for n in names):
                break
            assert build.poll() is None, "the build ended before pagefind started"
            assert time.monotonic() < deadline, names
            time.sleep(0.05)
        time.sleep(0.5)
        children = _descendants(build.pid)
        assert len(children) >= 2, children  # the indexer and pagefind at least
        left = [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
        assert left, "the build writes into a .site-* folder"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        deadline = time.monotonic() + 3  # the indexer's own orphan poll waits 5 s between looks
        while (alive := {pid: st[2] for pid, st in children.items() if _alive(pid, st)}) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive, f"still running after the build was killed: {alive}"
    finally:
        if build.poll() is None:
            build.kill()
        for pid, st in _descendants(build.pid).items():
            if _alive(pid, st):
                os.kill(pid, signal.SIGKILL)
    assert [p for p in tmp_path.iterdir() if p.name.startswith(".site-")], "the killed build left its folder"
    run = run_imc("build", root=root)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")]
    assert (root / "site" / "index.html").is_file() and (root / "site" / "pagefind").is_dir()


def test_a_running_build_keeps_its_folder(tmp_path):
    """Only folders of dead builds go: another build's lock keeps its folder."""
    from imc.orphans import BuildFolder, remove_stale
    mine = BuildFolder(tmp_path)
    (mine.path / "index.html").write_text("x", encoding="utf-8")
    # another process looks (a lock is per open file: the check must come from elsewhere)
    code = "import sys; from pathlib import Path; from imc.orphans import remove_stale; " \
           "print(len(remove_stale(Path(sys.argv[1]))))"
    other = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT / "scripts")})
    assert other.stdout.strip() == "0", other.stderr
    assert (mine.path / "index.html").is_file()
    old = tmp_path / ".site-oldbuild"  # from a version without locks
    old.mkdir()
    notes = tmp_path / ".site-notes"  # not a name tempfile gives: somebody's own folder
    notes.mkdir()
    assert remove_stale(tmp_path) == [old] and not old.exists() and notes.is_dir()
    mine.release()
    assert [p.name for p in tmp_path.iterdir()] == [".site-notes"]


# ------------------------------------------------------------------ messages

@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("faults") / "site"
    shutil.copytree(FIXTURE, root)
    copy_site_skeleton(root)
    return root


def _russian_failure(run, *needles: str) -> None:
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "Traceback" not in out, out
    for needle in needles:
        assert needle in run.stderr, run.stderr


@contextmanager
def _tmpfs(path: Path, options: str):
    path.mkdir()
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if mount.returncode != 0:
        pytest.skip("no tmpfs can be mounted here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_full_disk_mapped_from_a_real_error():
    """/dev/full answers every write with ENOSPC: the real error, wherever the test runs."""
    from imc.faults import describe
    with pytest.raises(OSError) as caught:
        with open("/dev/full", "w") as fh:
            fh.write("x")
    assert caught.value.errno == errno.ENOSPC
    text = describe(caught.value, "build")
    assert text.startswith("на диске нет места: не удалось записать"), text  # a failed flush names no file
    assert "imc build --site-dir" in text


def test_full_disk_build(small_site, tmp_path):
    with _tmpfs(tmp_path / "small", "size=1m") as disk:
        run = run_imc("build", "--site-dir", str(disk / "site"), root=small_site)
        _russian_failure(run, "на диске нет места", "imc build --site-dir")
        assert not (disk / "site").exists(), "a failed build leaves no site"
        assert not [p for p in disk.iterdir() if p.name.startswith(".site-")]


def test_read_only_disk_build(small_site, tmp_path):
    with _tmpfs(tmp_path / "ro", "ro,size=1m") as disk:
        run = run_imc("build", "--site-dir", str(disk / "site"), root=small_site)
        _russian_failure(run, "нельзя записать в", "только для чтения", "imc build --site-dir")


def test_site_folder_under_a_file(small_site, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = run_imc("build", "--site-dir", str(blocker / "site"), root=small_site)
    _russian_failure(run, f"«{blocker}»", "лежит файл", "imc build --site-dir")
    run = run_imc("build", "--site-dir", str(blocker), root=small_site)
    _russian_failure(run, "на месте папки сайта", "imc build --site-dir")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_not_a_folder_mapped():
    from imc.faults import describe
    with pytest.raises(OSError) as caught:
        open("/dev/null/x", "w")
    assert caught.value.errno == errno.ENOTDIR
    assert describe(caught.value, "build").startswith("нельзя записать в «/dev/null/x»: часть этого пути — файл")


def test_taken_port(small_site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        run = run_imc("serve", "--dev-addr", f"127.0.0.1:{port}", root=small_site, timeout=120)
    _russian_failure(run, f"порт {port} уже занят", f"imc serve --dev-addr 127.0.0.1:{port + 1}")
    assert time.monotonic() - started < 30, "said at once, not after a whole build"
