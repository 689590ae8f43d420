"""Refresh the site template of `imc init` (scripts/imc/adopt/templates/site/) from this
repository: the theme additions and site assets are the same files as the demo's, and the
template's mkdocs.yml is this mkdocs.yml with the service's values left as @@PLACEHOLDERS@@.

    python tools/sync_site_template.py

tests/test_adopt.py::test_template_copies_are_the_repositorys fails when they differ.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from imc.adopt.init import COPIED, SITE_TEMPLATE  # noqa: E402

NAV = """
nav:
  - Главная: index.md
  - Практики: praktiki/index.md
  - Копилка: kopilka/index.md
  - РМО: rmo/index.md
  - Документы:
      - dokumenty/index.md
      - normativnaya-baza/index.md
      - attestatsiya/index.md
  - События: sobytiya/index.md
  - Новости: novosti/index.md
  - Курсы и книги:
      - kursy/index.md
      - kursy/arkhiv.md
      - knigi/index.md
      - knigi/novinki.md
  - План и итоги:
      - godovoy-tsikl.md
      - plany/index.md
      - analitika/index.md
  - О службе:
      - o-nas/index.md
      - o-nas/struktura.md
      - o-nas/ploshchadki.md
      - o-nas/statistika.md
      - o-nas/kontakty.md
  - Справка:
      - spravka/polya.md
  - Поиск: poisk.md
"""
PLACEHOLDERS = {"site_name:": "site_name: @@SITE_NAME@@", "site_description:": "site_description: @@SITE_DESCRIPTION@@",
                "site_url:": "site_url: @@SITE_URL@@"}


def mkdocs_template(text: str) -> str:
    out = []
    for line in text.split("\nnav:", 1)[0].splitlines():
        key = next((k for k in PLACEHOLDERS if line.startswith(k)), None)
        if key:
            line = PLACEHOLDERS[key]
        elif line.strip() in ("logo: assets/logo.svg", "favicon: assets/logo.svg"):
            line = line.replace("assets/logo.svg", "@@LOGO@@")
        elif line.strip() == "repo: fontawesome/brands/github":
            line = line.replace("fontawesome/brands/github", "@@REPO_ICON@@")
        out.append(line)
    return "\n".join(out) + "\n" + NAV


def main() -> int:
    for rel in (*COPIED, "data/vocabularies.yml", "docs/assets/logo.svg"):
        (SITE_TEMPLATE / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, SITE_TEMPLATE / rel)
    (SITE_TEMPLATE / "mkdocs.yml").write_text(mkdocs_template((ROOT / "mkdocs.yml").read_text(encoding="utf-8")),
                                             encoding="utf-8")
    print(f"Шаблон сайта обновлён: {SITE_TEMPLATE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
