"""Options of the imc plugin in mkdocs.yml (`plugins: - imc: {search: false}`)."""
from __future__ import annotations

from imc.check.load import CACHE_DIR
from mkdocs.config import base
from mkdocs.config import config_options as c


class ImcConfig(base.Config):
    # Search: pagefind runs inside the build so it cannot be forgotten.
    search = c.Type(bool, default=True)
    # Text of PDF/DOCX/PPTX attachments goes into the search index.
    attachments_text = c.Type(bool, default=True)
    # Characters of indexed text per search-index shard (0: the engine's default, ~700 MB of
    # pagefind memory a shard); shards are built one after another and merged by the search page.
    search_shard_chars = c.Type(int, default=0)
    # An optional search server (imc.publish.pgsearch, PostgreSQL) the search page asks instead of
    # the static index, e.g. "/api/search" on the site's own origin; empty: the static index only.
    search_api = c.Type(str, default="")
    # Where extracted attachment text is cached (by content hash).
    cache_dir = c.Type(str, default=CACHE_DIR)
    # Refuse to build when `imc check` finds errors. Only tests of the sanitiser turn it off.
    enforce_check = c.Type(bool, default=True)
