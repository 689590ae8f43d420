"""What a municipality calls its associations of teachers: «РМО», «ГМО», «ШМО»…

Set once in data/site.yml (`labels.rmo`: short, full, plural) and read by every place that
names them: the menu, page headings, listings, calendars, search facets, open data.
"""
from __future__ import annotations

from dataclasses import dataclass

from imc.content import model


@dataclass(frozen=True)
class RmoLabels:
    short: str = "РМО"
    full: str = "районное методическое объединение"
    plural: str = "Районные методические объединения"


DEFAULT = RmoLabels()


def rmo(site: dict | None) -> RmoLabels:
    """The labels of data/site.yml, each missing one from the short form or the default."""
    given = ((site or {}).get("labels") or {}).get("rmo") or {}
    short = str(given.get("short") or DEFAULT.short)
    if short == DEFAULT.short:
        full, plural = DEFAULT.full, DEFAULT.plural
    else:  # «ГМО» alone: the long forms name the short one rather than «районное …»
        full, plural = f"методическое объединение ({short})", f"Методические объединения ({short})"
    return RmoLabels(short, str(given.get("full") or full), str(given.get("plural") or plural))


def type_label(site: dict | None, ctype: model.ContentType) -> str:
    """The label of a content type as this site names it (the РМО type follows `labels`)."""
    return rmo(site).short if ctype is model.RMO else ctype.label


def type_plural(site: dict | None, ctype: model.ContentType) -> str:
    return rmo(site).plural if ctype is model.RMO else ctype.plural


def relabel(site: dict | None, text: str) -> str:
    """A title written with the default names («РМО», «Районные методические объединения»),
    as this site names them: for titles the engine or mkdocs.yml gives, never for authors' text."""
    lab = rmo(site)
    if lab == DEFAULT:
        return text
    return text.replace(DEFAULT.plural, lab.plural).replace(DEFAULT.short, lab.short)
