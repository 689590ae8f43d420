"""The work dir of one N: the project skeleton plus N synthetic materials.

bench/work/<N>/ holds mkdocs.yml, data/, overrides/, snippets/ and the whole demo docs/ of
the repository (so generated pages, registries and links are real), plus N materials in
docs/praktiki/b-NNNNN/ and docs/kopilka/b-NNNNN/, and mkdocs-floor.yml for the bare build.
It is reused while the generator and the skeleton are unchanged (.bench-stamp).
Attachment files are cached in bench/work/_attachments/ by content, shared between Ns.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from corpus import ROOT, Generator, Markov, Registries, folder_of, render_attachment, slug, training_sentences

SKELETON = ["mkdocs.yml", "data", "overrides", "snippets", "docs"]
FLOOR_SITE = "site-floor"
IMC_SITE = "site-imc"


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for base in paths:
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for p in files:
            h.update(str(p.relative_to(base.parent)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def floor_config(source: Path) -> str:
    """Plain mkdocs-material with its search (ru): same pages and Markdown extensions,
    no imc plugin, no macros, no theme overrides; a nav of a few section pages only."""
    text = (source / "mkdocs.yml").read_text(encoding="utf-8")
    lines = text.split("\n")
    start = lines.index("markdown_extensions:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i][0].isspace())
    extensions = "\n".join(lines[start:end])
    return f"""# The floor of the benchmark: a bare mkdocs build of the same Markdown (bench/run.py writes this).
site_name: ИМЦ Заречного округа
site_url: https://imc-zarechny.example/
docs_dir: docs
site_dir: {FLOOR_SITE}
use_directory_urls: true
theme:
  name: material
  language: ru
  font: false
  features: [navigation.tabs, navigation.indexes, navigation.top, navigation.footer, toc.follow]
plugins:
  - search:
      lang: ru
{extensions}
validation:
  nav: {{omitted_files: info, not_found: info, absolute_links: info}}
  links: {{not_found: info, anchors: info, absolute_links: info, unrecognized_links: info}}
nav:
  - Главная: index.md
  - О службе: [o-nas/index.md, o-nas/kontakty.md]
  - Справка: [spravka/kak-opublikovat.md, spravka/proverki.md]
"""


def probe_page(n: int) -> str:
    """The material whose page size is compared between Ns: the first practice."""
    i = next(i for i in range(1, n + 1) if folder_of(i) == "praktiki")
    return f"praktiki/{slug(i)}/index.html"


def _attachment_job(args) -> tuple[str, bytes]:
    return args[0], render_attachment(args)


def prepare(n: int, attach_share: float, work_root: Path, source: Path = ROOT, jobs: int = 2, log=print,
            realistic: bool = False) -> Path:
    """The work dir for N; `source` is the tree the skeleton and the training text come from.
    realistic: attachments of 10–40 pages (bench/work/<N>-realistic/)."""
    work = work_root / (f"{n}-realistic" if realistic else str(n))
    stamp = json.dumps({"n": n, "attach_share": attach_share, "realistic": realistic,
                        "skeleton": _digest([source / s for s in SKELETON]),
                        "generator": _digest([Path(__file__).with_name("corpus.py"), Path(__file__)])})
    stamp_file = work / ".bench-stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        log(f"N={n}: reusing {work}")
        return work
    log(f"N={n}: generating materials in {work}")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for s in SKELETON:
        src = source / s
        if src.is_dir():
            shutil.copytree(src, work / s)
        else:
            shutil.copy(src, work / s)
    gen = Generator(Registries.load(source), Markov(training_sentences(source)))
    pending: list[tuple[Path, tuple]] = []  # (cached file, render args)
    cache = work_root / "_attachments"
    cache.mkdir(parents=True, exist_ok=True)
    links: list[tuple[Path, Path]] = []
    for i in range(1, n + 1):
        m = gen.material(i, attach_share, realistic)
        target = work / "docs" / m.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(m.text, encoding="utf-8")
        for args in m.attachments:
            key = hashlib.sha256(json.dumps(args, ensure_ascii=False).encode()).hexdigest()[:24]
            cached = cache / (key + Path(args[0]).suffix)
            if not cached.exists():
                pending.append((cached, args))
            links.append((cached, work / "docs" / args[0]))
    if pending:
        log(f"N={n}: writing {len(pending)} new DOCX/PDF attachments ({len(links)} in all)")
        by_src = {args[0]: cached for cached, args in pending}
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for src, data in pool.map(_attachment_job, [a for _, a in pending], chunksize=16):
                by_src[src].write_bytes(data)
    for cached, dest in links:
        try:
            os.link(cached, dest)
        except OSError:
            shutil.copy(cached, dest)
    (work / "mkdocs-floor.yml").write_text(floor_config(source), encoding="utf-8")
    stamp_file.write_text(stamp)
    return work
