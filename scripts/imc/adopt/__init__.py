"""Adoption: a new site from the engine (`imc init`), publishing to S3-compatible storage
(`imc publish`), an nginx server block (`imc nginx`), CI for the chosen forge, a zip for
ordinary hosting.

It sits beside the CLI, above the engine's layers (see pyproject.toml's import-linter
contracts). What the rest of the engine needs of the same knowledge lives in its own layer:
the forges (editor backend, edit links) in imc.core.forges, the scan for keys in imc.check.secrets.
"""
from __future__ import annotations

from importlib import metadata
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"
# The distribution's name on the package index («imc» there is somebody else's project).
DIST = "imc-site"


def version() -> str:
    """The engine's version as installed (the wheel's metadata)."""
    try:
        return metadata.version(DIST)
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        return "0+unknown"
