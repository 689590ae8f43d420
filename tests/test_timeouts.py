"""A hanging test fails with its name, under xdist and the project's own pytest settings, instead
of eating the CI budget (pyproject.toml: timeout, timeout_method)."""
from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, run_with_deadline

HANGING = '''
import subprocess, sys, time

def test_waits_for_a_silent_child():
    # the old subpath fixture's defect: a readline on a child that never flushes
    child = subprocess.Popen([sys.executable, "-c", "import time; print('x'); time.sleep(60)"],
                             stdout=subprocess.PIPE, env={"PATH": "/usr/bin:/bin"})
    try:
        child.stdout.readline()
        time.sleep(60)
    finally:
        child.kill()

def test_quick():
    assert True
'''


def test_project_sets_a_per_test_timeout(pytestconfig):
    assert 0 < float(pytestconfig.getini("timeout")) <= 600
    assert pytestconfig.getini("timeout_method") == "signal"


def test_a_hanging_test_is_reported_by_name(tmp_path: Path):
    (tmp_path / "test_hang.py").write_text(HANGING, encoding="utf-8")
    proc = run_with_deadline([sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
                              "--rootdir", str(tmp_path), "-n", "2", "-p", "no:cacheprovider", "-q",
                              "-o", "timeout=3", str(tmp_path / "test_hang.py")],
                             "pytest с зависающим тестом", 120, cwd=tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "FAILED test_hang.py::test_waits_for_a_silent_child" in out, out
    assert "Timeout (>3.0s)" in out, out
    assert "1 failed, 1 passed" in out, out
