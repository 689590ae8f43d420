"""Run one build with timers wrapped around its phases; write the timings as JSON.

    python bench/timed_build.py imc   ROOT SITE_DIR OUT.json   # the real `imc build`
    python bench/timed_build.py floor CONFIG       OUT.json   # plain `mkdocs build -f CONFIG`

Nothing in the project is changed: functions are wrapped in this process only, before the
build starts, and the build then runs through the same entry point a user calls (the
`imc` CLI, or mkdocs' own CLI). A wrapper costs about a microsecond per call.
"""
from __future__ import annotations

import time

T0 = time.perf_counter()

import functools  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

# name -> [calls, total seconds, first start, last end] (times relative to T0)
SPANS: dict[str, list[float]] = {}


def _wrap(owner, attr: str, name: str) -> None:
    original = getattr(owner, attr)

    @functools.wraps(original)  # keeps mkdocs' event priorities set on the function
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            end = time.perf_counter()
            s = SPANS.setdefault(name, [0, 0.0, start - T0, 0.0])
            s[0] += 1
            s[1] += end - start
            s[3] = end - T0

    setattr(owner, attr, timed)


def wrap(target: str, name: str | None = None) -> None:
    """'module:attr' or 'module:Class.attr'."""
    module, _, path = target.partition(":")
    owner = importlib.import_module(module)
    *parents, attr = path.split(".")
    for p in parents:
        owner = getattr(owner, p)
    if not hasattr(owner, attr):  # renamed in the code under test: measure the rest
        print(f"bench: no {target} to time", file=sys.stderr)
        return
    _wrap(owner, attr, name or path)


MKDOCS = [
    ("mkdocs.commands.build:build", "mkdocs build (all)"),
    ("mkdocs.commands.build:get_files", "mkdocs: scan docs/"),
    ("mkdocs.commands.build:get_navigation", "mkdocs: navigation"),
    ("mkdocs.commands.build:_populate_page", "mkdocs: Markdown → HTML (per page)"),
    ("mkdocs.structure.files:Files.copy_static_files", "mkdocs: copy static files"),
    ("mkdocs.commands.build:_build_page", "mkdocs: theme template + write (per page)"),
    ("mkdocs.structure.pages:Page.validate_anchor_links", "mkdocs: validate anchors"),
]
IMC = [
    ("imc.publish.build:check_project", "imc check (load_project)"),
    ("imc.mkdocs_plugin.plugin:ImcPlugin.on_config", "imc on_config"),
    ("imc.mkdocs_plugin.plugin:ImcPlugin.on_files", "imc on_files (catalogue pages)"),
    ("imc.mkdocs_plugin.plugin:ImcPlugin.on_page_markdown", "imc on_page_markdown"),
    ("imc.mkdocs_plugin.plugin:ImcPlugin.on_page_content", "imc on_page_content"),
    ("imc.site.assemble:sanitize", "imc sanitize (nh3)"),
    ("imc.site.render:card_html", "imc render.card_html"),
    ("imc.site.render:after_html", "imc render.after_html"),
    ("imc.site.render:related", "imc render.related"),
    ("imc.site.assemble:generated_html", "imc generated pages HTML"),
    ("imc.site.render:catalog_html", "imc render.catalog_html"),
    ("imc.site.render:facet_counts", "imc catalog.facet_counts"),
    ("imc.site.render:json_ld", "imc render.json_ld"),
    ("imc.mkdocs_plugin.plugin:ImcPlugin.on_post_page", "imc on_post_page"),
    ("imc.site.assemble:add_csp", "imc add_csp"),
    # the index is built in child processes (imc.publish.search.IndexerProcess): timed here is what
    # the rendering process spends on it, and how long it waits for the index at the end
    ("imc.publish.search:IndexerProcess.__init__", "pagefind: start indexing process"),
    ("imc.site.assemble:attachment_jobs", "imc attachments: list files for the indexer"),
    ("imc.publish.search:IndexerProcess.add_page", "pagefind: hand page to the indexer"),
    ("imc.mkdocs_plugin.plugin:ImcPlugin.on_post_build", "imc on_post_build"),
    ("imc.publish.search:IndexerProcess.write", "pagefind: wait + write index"),
]
FLOOR = [
    ("material.plugins.search.plugin:SearchPlugin.on_page_context", "material search: collect page"),
    ("material.plugins.search.plugin:SearchPlugin.on_post_build", "material search: write index"),
]


def main(argv: list[str]) -> int:
    mode, *args = argv
    out = args[-1]
    code = 1
    try:
        for target, name in MKDOCS:
            wrap(target, name)
        if mode == "imc":
            root, site_dir = args[0], args[1]
            for target, name in IMC:
                wrap(target, name)
            shard = os.environ.get("IMC_BENCH_SHARD_CHARS")  # a comparison: other shard sizes
            if shard:
                from imc.publish import search
                search.IndexerProcess.__init__.__defaults__ = ("ru", int(shard))
            from imc.cli import main as imc_main
            code = imc_main(["--root", root, "build", "--site-dir", site_dir])
        else:
            for target, name in FLOOR:
                wrap(target, name)
            from mkdocs.__main__ import cli
            try:
                site_dir = os.environ.get("IMC_BENCH_SITE_DIR")  # a repeat run builds beside the first
                cli.main(args=["build", "-q", "-f", args[0], *(["-d", site_dir] if site_dir else [])],
                         standalone_mode=False)
                code = 0
            except SystemExit as e:
                code = int(e.code or 0)
    finally:
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({"wall": time.perf_counter() - T0, "returncode": code, "spans": SPANS,
                       "self_maxrss": me.ru_maxrss * 1024, "children_maxrss": kids.ru_maxrss * 1024,
                       "self_cpu": me.ru_utime + me.ru_stime, "children_cpu": kids.ru_utime + kids.ru_stime},
                      fh, ensure_ascii=False, indent=1)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
