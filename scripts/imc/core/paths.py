"""Where a source file of docs/ ends up on the site: the one rule for URLs and output paths.

Mirrors mkdocs with `use_directory_urls: true` (index.md and README.md stand for their folder),
so the checker, the catalogue and the build agree on which file is which page.
"""
from __future__ import annotations

import posixpath


def page_url(src: str) -> str:
    """praktiki/x/index.md -> praktiki/x/ ; praktiki/f/vse-2.md -> praktiki/f/vse-2/ ;
    index.md -> "" ; a file that is not Markdown keeps its path (x/plan.pdf)."""
    if not src.endswith(".md"):
        return src
    folder, name = posixpath.split(src[:-3])
    if name in ("index", "README"):
        return folder + "/" if folder else ""
    return src[:-3] + "/"


def output_path(src: str) -> str:
    """The file the build writes for a source: praktiki/x.md -> praktiki/x/index.html."""
    url = page_url(src)
    return url + "index.html" if src.endswith(".md") else url
