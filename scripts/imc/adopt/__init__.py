"""Adoption: a new site from the engine (`imc init`), publishing to S3-compatible storage
(`imc publish`), an nginx server block (`imc nginx`), CI for the chosen forge, a zip for
ordinary hosting.

Other engine modules are used only through: imc.problems (ImcError), imc.project
(check_project, svg_active_content), imc.model (REGISTRIES), imc.security (csp), imc.build (build).
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
