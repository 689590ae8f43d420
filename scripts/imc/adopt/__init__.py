"""Adoption: a new site from the engine (`imc init`), publishing to S3-compatible storage
(`imc publish`), an nginx server block (`imc nginx`), CI for the chosen forge, a zip for
ordinary hosting.

Other engine modules are used only through: imc.problems (ImcError, Problem, ERROR),
imc.model (REGISTRIES), imc.text (slugify), imc.published (svg_active). Hooks the other way:
imc.cli (commands), imc.project.check_project (secret_problems), imc.cms (cms_settings,
cms_api_origin), imc.plugin (edit_uri).
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
