"""The loaded project: registries from data/, items from docs/ — the data every layer reads.

Loading and checking it is `imc.check.load`; this module only holds what was loaded and the
questions the site asks of it (a person's name with consent, an organisation's name, …).
"""
from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imc.content import model
from imc.core.paths import page_url
from imc.core.problems import ERROR, Problem

if TYPE_CHECKING:
    from imc.check.fields import Vocabulary
    from imc.core.yamlsafe import Loaded

DOCS = "docs"
DATA = "data"
# Folders of docs/ that hold the site's own assets, not content.
ASSET_DIRS = {"assets", "stylesheets", "javascripts", "admin", "snippets"}


@dataclass
class Item:
    """One content object: a Markdown file with its metadata."""
    type: model.ContentType
    id: str
    rel: str  # docs/praktiki/x.md — relative to the project root
    src: str  # praktiki/x.md — relative to docs/ (mkdocs src_path)
    meta: dict  # values converted by the model (dates are dates)
    body: str
    body_line: int
    loaded: Loaded | None = None
    has_front_matter: bool = True

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs: praktiki/x/."""
        return page_url(self.src)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)

    def where(self, path: tuple) -> tuple[int, int]:
        return self.loaded.where(path) if self.loaded else (1, 1)


@dataclass
class Project:
    root: Path
    site: dict = field(default_factory=dict)
    vocabularies: dict[str, Vocabulary] = field(default_factory=dict)
    registries: dict[str, dict[str, dict]] = field(default_factory=dict)
    registry_rel: dict[str, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    files: set[str] = field(default_factory=set)  # every file under docs/, relative to docs/
    problems: list[Problem] = field(default_factory=list)
    generated: set[str] = field(default_factory=set)  # pages the build adds (catalogues…)
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # search: «ФГ» -> [«функциональная …»]

    @functools.cached_property  # asked for tens of thousands of times in a large bank
    def docs_dir(self) -> Path:
        return self.root / DOCS

    @functools.cached_property
    def data_dir(self) -> Path:
        return self.root / DATA

    def of_type(self, name: str) -> list[Item]:
        by_type = self.__dict__.get("_by_type")
        if by_type is None or self.__dict__.get("_by_type_n") != len(self.items):
            by_type = {}
            for i in self.items:
                by_type.setdefault(i.type.name, []).append(i)
            self.__dict__["_by_type"], self.__dict__["_by_type_n"] = by_type, len(self.items)
        return list(by_type.get(name, ()))

    def get(self, type_name: str, item_id: str) -> Item | None:
        return self._index.get((type_name, item_id))

    def item_at(self, src: str) -> Item | None:
        return self._by_src.get(src)

    def reindex(self) -> None:
        self._index = {(i.type.name, i.id): i for i in self.items}
        self._by_src = {i.src: i for i in self.items}
        self.__dict__.pop("_by_type", None)

    def vocab_title(self, vocab: str, value: str) -> str:
        v = self.vocabularies.get(vocab)
        entry = v.by_id(value) if v else None
        return str(entry["title"]) if entry else str(value)

    def person_name(self, pid: str) -> str:
        """A name only with consent; otherwise the position and organisation."""
        p = self.registries.get("people", {}).get(pid)
        if not p:
            return pid
        if p.get("consent") is True:
            return p["name"]
        org = self.registries.get("organisations", {}).get(p.get("organisation", ""), {})
        return f"{p.get('position', 'педагог')}" + (f", {org.get('short_name')}" if org else "")

    def org_name(self, oid: str, short: bool = True) -> str:
        org = self.registries.get("organisations", {}).get(oid)
        if not org:
            return oid
        return org["short_name" if short else "name"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def template_pages(self) -> list[str]:
        """Project-owned pages allowed to run macros (site.yml: template_pages)."""
        return list(self.site.get("template_pages") or [])


def attachment_list(project: Project, item: Item) -> list[dict[str, Any]]:
    """Attachments of an item with their type and size, for cards and catalog.json."""
    out = []
    lists = [item.meta.get("attachments") or []]
    for meeting in item.meta.get("meetings") or []:
        lists.append(meeting.get("materials") or [])
    for att in (a for lst in lists for a in lst):
        entry = {"title": att.get("title", ""), "url": att.get("url"), "file": None}
        if att.get("file"):
            src = posixpath.normpath(posixpath.join(posixpath.dirname(item.src), att["file"]))
            full = project.docs_dir / src
            if full.is_file():
                ext = posixpath.splitext(src)[1]
                entry.update(file=src, ext=ext[1:], size=full.stat().st_size,
                             kind=model.ATTACHMENT_TYPES.get(ext, ("Файл",))[0])
        out.append(entry)
    return out
