"""The engine's layers hold: import-linter's contracts (pyproject.toml) over the real imports."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_layers_and_mkdocs_boundary_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "2 kept, 0 broken" in proc.stdout, proc.stdout[-2000:]


def test_every_module_is_in_a_layer():
    """A module dropped at the top of the package would escape the contracts."""
    top = sorted(p.name for p in (ROOT / "scripts" / "imc").glob("*.py"))
    assert top in (["cli.py"], ["__init__.py", "cli.py"]), top


def test_readme_picture_matches_the_tree():
    """«Как устроено» names only modules that exist, and every subpackage stands in its picture."""
    import re
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Как устроено"):]
    section = section[:section.index("\n## ", 5)]
    engine = ROOT / "scripts" / "imc"
    picture = section[section.index("```") + 3:section.index("```", section.index("```") + 3)]
    shown = {m.group(1) for m in re.finditer(r"^([a-z_]+)/", picture, re.M)}
    shown |= {m.group(2) for m in re.finditer(r"^([a-z_]+)/ \| ([a-z_]+)/", picture, re.M)}
    packages = {p.parent.name for p in engine.glob("*/__init__.py")}
    assert shown == packages, (shown ^ packages)
    named = set(re.findall(r"`?([a-z_]+(?:/[a-z_]+)*\.py)\b", section))
    assert len(named) >= 20, named
    for name in named:
        assert (ROOT / name).is_file() or (engine / name).is_file() or any(engine.rglob(name)), \
            f"README names {name}, not in the repository"
