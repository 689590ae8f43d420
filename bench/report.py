"""bench/RESULTS.md from bench/work/results-<N>.json: one section per N, targets checked."""
from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from latency import summary  # the same percentiles as the measurement (bench/ is on sys.path)

KB, MB, GB = 1024, 2**20, 2**30
TARGET_N = 10_000  # the targets are stated for 10 000 materials


def machine() -> dict:
    mem = next((int(line.split()[1]) * 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except OSError:
        chromium = "—"
    versions = {}
    for pkg in ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin", "pymdown-extensions", "playwright"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "—"
    root = Path(__file__).resolve().parents[1]
    git = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "scripts"], capture_output=True, text=True)
    commit = git.stdout.strip() + (" + uncommitted changes in scripts/" if dirty.stdout.strip() else "")
    return {"nproc": os.cpu_count(), "ram": mem, "cpu": cpu, "python": platform.python_version(), "commit": commit,
            "kernel": platform.release(), "chromium": chromium, "versions": versions}


def _mb(b: float) -> str:
    return f"{b / GB:.2f} GB" if b >= GB else f"{b / MB:.0f} MB"


def _kb(b: float) -> str:
    return f"{b / MB:.1f} MB" if b >= 10 * MB else f"{b / KB:.0f} KB"


def _verdict(ok: bool | None, n: int) -> str:
    if ok is None:
        return "—"
    word = "**met**" if ok else "**missed**"
    return word if n >= TARGET_N else word.replace("**", "") + " (target is for 10 000)"


def _span(t: dict, name: str) -> float:
    return t["spans"].get(name, [0, 0.0, 0.0, 0.0])[1]


def _phases(t: dict, wall: float) -> list[tuple[int, str, float]]:
    """(depth, label, seconds) of the imc build, nested as the calls are."""
    s = t["spans"]

    def first(name):
        return s[name][2] if name in s else 0.0

    def last(name):
        return s[name][3] if name in s else 0.0

    rows = [
        (0, "Python start, imports", first("imc check (load_project)")),
        (0, "imc check (load_project; read once, handed to the plugin)", _span(t, "imc check (load_project)")),
        (0, "mkdocs config load, plugins", first("mkdocs build (all)") - last("imc check (load_project)")),
        (0, "mkdocs build", _span(t, "mkdocs build (all)")),
        (1, "imc on_config (macros sandbox, indexer started)", _span(t, "imc on_config")),
        (2, "start the indexing process", _span(t, "pagefind: start indexing process")),
        (2, "list attachments for the indexer (text extracted there)", _span(t, "imc attachments: list files for the indexer")),
        (1, "scan docs/", _span(t, "mkdocs: scan docs/")),
        (1, "imc on_files (catalogue pages declared)", _span(t, "imc on_files (catalogue pages)")),
        (1, "navigation", _span(t, "mkdocs: navigation")),
        (1, "Markdown → HTML, all pages (_populate_page)", _span(t, "mkdocs: Markdown → HTML (per page)")),
        (2, "imc on_page_content", _span(t, "imc on_page_content")),
        (3, "sanitize (nh3)", _span(t, "imc sanitize (nh3)")),
        (3, "card_html", _span(t, "imc render.card_html")),
        (3, "after_html", _span(t, "imc render.after_html")),
        (4, "of which related()", _span(t, "imc render.related")),
        (3, "json_ld", _span(t, "imc render.json_ld")),
        (3, "hand pages to the indexing process", _span(t, "pagefind: hand page to the indexer")),
        (3, "generated pages (catalogues, sections)", _span(t, "imc generated pages HTML")),
        (4, "catalog_html", _span(t, "imc render.catalog_html")),
        (5, "of which facet_counts()", _span(t, "imc catalog.facet_counts")),
        (5, "of which _listing_items()", _span(t, "imc render._listing_items")),
        (1, "copy static files (attachments, assets)", _span(t, "mkdocs: copy static files")),
        (1, "theme template + write, all pages (_build_page)", _span(t, "mkdocs: theme template + write (per page)")),
        (2, "imc on_post_page", _span(t, "imc on_post_page")),
        (3, "add_csp", _span(t, "imc add_csp")),
        (1, "validate anchors", _span(t, "mkdocs: validate anchors")),
        (1, "imc on_post_build (open data, CMS, search)", _span(t, "imc on_post_build")),
        (2, "search: wait for the indexer (pages, attachment text) + write index", _span(t, "pagefind: wait + write index")),
        (0, "replace site/, exit", wall - last("mkdocs build (all)")),
    ]
    return rows


def _floor_phases(t: dict, wall: float) -> list[tuple[int, str, float]]:
    s = t["spans"]
    first = s.get("mkdocs build (all)", [0, 0, 0, 0])
    return [
        (0, "Python start, imports, config", first[2]),
        (0, "mkdocs build", _span(t, "mkdocs build (all)")),
        (1, "Markdown → HTML, all pages", _span(t, "mkdocs: Markdown → HTML (per page)")),
        (1, "copy static files", _span(t, "mkdocs: copy static files")),
        (1, "theme template + write, all pages", _span(t, "mkdocs: theme template + write (per page)")),
        (2, "search: collect page text", _span(t, "material search: collect page")),
        (1, "search: write search_index.json", _span(t, "material search: write index")),
        (0, "exit", wall - first[3]),
    ]


def _phase_table(rows, wall: float) -> list[str]:
    out = ["| Phase | s | % of wall |", "|---|---:|---:|"]
    for depth, label, sec in rows:
        if sec < 0.05 and depth > 0:
            continue
        pad = "\u2003" * depth + ("↳ " if depth else "")  # em spaces survive Markdown tables
        out.append(f"| {pad}{label} | {sec:.1f} | {100 * sec / wall:.0f} % |")
    return out


def _code(r: dict) -> str:
    """Which code was measured: the snapshot's commit, or the work tree's HEAD (+ edits)."""
    source = r.get("source", "work tree")
    return source.split()[1] if source.startswith("commit ") else r.get("machine", {}).get("commit", "?")


def _source(r: dict) -> str:
    source = r.get("source", "work tree")
    return source if source != "work tree" else f"the work tree (HEAD {r.get('machine', {}).get('commit', '?')})"


def section(r: dict, others: dict[int, dict]) -> list[str]:
    n = r["n"]
    f, m, c = r["floor"], r["imc"], r["check"]
    sz = r["sizes"]
    ratio = m["wall"] / f["wall"]
    pf_cpu = sum(v for k, v in m["cpu_by_comm"].items() if k.startswith("pagefind"))
    realistic = r.get("profile") == "realistic"
    out = [f"## N = {n:,}".replace(",", " ") + (" (realistic: attachments of 10–40 pages)" if realistic else ""), "",
           f"Measured {r['date']} on {_source(r)}; {r['materials']['praktiki']} practices + {r['materials']['kopilka']} products "
           f"(~{r['words_avg']:.0f} words each), {r['attachments']} DOCX/PDF attachments, on top of the demo content; "
           f"load average before the builds: floor {f['load_before']:.1f}, imc {m['load_before']:.1f}.", "",
           "| Measurement | floor: mkdocs-material + search (ru) | ours: `imc build` | target at 10 000 | met? |",
           "|---|---|---|---|---|",
           f"| Build wall time | {f['wall']:.1f} s | {m['wall']:.1f} s | ≤ 1.5 × floor | |",
           f"| ratio ours / floor | 1 | **{ratio:.2f}×** | ≤ 1.5× | {_verdict(ratio <= 1.5, n)} |",
           f"| CPU time ratio ours / floor (less sensitive to a busy machine) | 1 | {m['cpu'] / f['cpu']:.2f}× | — | |",
           f"| CPU time, whole process tree | {f['cpu']:.1f} s ({f['cpu'] / f['wall']:.2f} cores busy) | "
           f"{m['cpu']:.1f} s ({m['cpu'] / m['wall']:.2f} cores busy; pagefind {pf_cpu:.1f} s) | — | |",
           f"| Peak RSS, process tree (sum, polled) | {_mb(f['peak_tree'])} | {_mb(m['peak_tree'])} | ≤ 3 GB | "
           f"{_verdict(m['peak_tree'] <= 3 * GB, n)} |",
           f"| Peak RSS, largest single process | {_mb(f['max_process'])} | {_mb(m['max_process'])} "
           f"({', '.join(f'{k} {_mb(v)}' for k, v in sorted(m['peak_by_comm'].items(), key=lambda kv: -kv[1])[:3])}) | — | |",
           f"| `imc check` alone, no .cache/ (fresh clone) | — | {c['wall']:.1f} s (peak {_mb(c['peak_tree'])}) | ≤ 5 s | "
           f"{_verdict(c['wall'] <= 5, n)} |",
           ]
    if r.get("imc_warm"):
        w = r["imc_warm"]
        out.append(f"| Build wall time with .cache/imc kept (check results, attachment text) | — | {w['wall']:.1f} s "
                   f"(**{w['wall'] / f['wall']:.2f}×** the floor, CPU {w['cpu'] / f['cpu']:.2f}×; peak {_mb(w['peak_tree'])}) "
                   f"| ≤ 1.5 × floor | {_verdict(w['wall'] / f['wall'] <= 1.5, n)} |")
    if r.get("check_warm"):
        w = r["check_warm"]
        out.append(f"| `imc check` alone, after a build (.cache/imc warm) | — | {w['wall']:.1f} s (peak {_mb(w['peak_tree'])}) "
                   f"| ≤ 5 s | {_verdict(w['wall'] <= 5, n)} |")
    pv = r.get("preview")
    if pv:
        out.append(f"| Live preview: a saved material shown by `imc serve` (median of {len(pv['saves'])}; "
                   f"first build {pv['first_build']:.0f} s) | — | {pv['median']:.1f} s "
                   f"({', '.join(f'{x:.1f}' for x in pv['saves'])}) | ≤ 3 s at 1 000 | "
                   f"{_verdict(pv['median'] <= 3, 10000 if n == 1000 else n)} |")
    s = r.get("search")
    if s:
        q1, q2 = s["first"], s["later"]
        kinds = ", ".join(f"{k} {_kb(v)}" for k, v in sorted(q1["by_kind"].items(), key=lambda kv: -kv[1])
                          if k != "runtime")
        out += [
            f"| Cold first query «{q1['word']}»: all /pagefind/ bytes | whole search_index.json: "
            f"{_kb(sz['floor_index'])} ({_kb(sz['floor_index_gzip'])} gzip) | **{_kb(q1['total'])}** in {q1['files']} files "
            f"({q1['result']}, shown in {q1['latency']:.2f} s) | ≤ 300 KB | {_verdict(q1['total'] <= 300 * KB, n)} |",
            f"| ↳ runtime (pagefind JS, worker, ru wasm) | lunr + worker come with the theme | {_kb(q1['runtime'])} "
            f"({_kb(q1['runtime_gzip'])} if the server gzips JS) | — | |",
            f"| ↳ index data | — | **{_kb(q1['index'])}** ({kinds}) | ≤ 150 KB | "
            f"{_verdict(q1['index'] <= 150 * KB, n)} |",
            f"| Later query «{q2['word']}» | — | {_kb(q2['total'])} ({q2['result']}, {q2['latency']:.2f} s) | — | |",
        ]
        if s.get("rare"):
            q3 = s["rare"]
            kinds3 = ", ".join(f"{k} {_kb(v)}" for k, v in sorted(q3["by_kind"].items(), key=lambda kv: -kv[1])
                               if k != "runtime")
            out += [f"| Cold first query of a rarer word «{q3['word']}» (a subject): all bytes | — | **{_kb(q3['total'])}** "
                    f"({q3['result']}, {q3['latency']:.2f} s) | ≤ 300 KB | {_verdict(q3['total'] <= 300 * KB, n)} |",
                    f"| ↳ index data | — | **{_kb(q3['index'])}** ({kinds3}) | ≤ 150 KB | "
                    f"{_verdict(q3['index'] <= 150 * KB, n)} |"]
        if s.get("panel"):
            out.append(f"| Opening the facet panel after those queries (filter data, loaded only then) | — | "
                       f"{_kb(s['panel']['total'])} | — | |")
    pf_bytes, pf_files = sz["pagefind"]
    probe_ok = None
    smaller = [o for k, o in others.items()  # same material, same code, fewer materials
               if k < n and o["sizes"]["probe"] == sz["probe"] and _code(o) == _code(r)]
    growth = ""
    if smaller:
        base = max(smaller, key=lambda o: o["n"])
        diff = sz["probe_imc"] - base["sizes"]["probe_imc"]
        probe_ok = abs(diff) <= 0.01 * base["sizes"]["probe_imc"]
        growth = f"; at N={base['n']}: {base['sizes']['probe_imc'] / KB:.1f} KB ({diff:+d} B)"
    for k, e in enumerate(r.get("floor_repeats") or [], start=2):
        out.append(f"| *floor again, run {k} (load {e['load_before']:.1f})* | {e['wall']:.1f} s, CPU {e['cpu']:.0f} s "
                   f"({_mb(e['peak_tree'])}) | — | — | |")
    for k, e in enumerate(r.get("imc_repeats") or [], start=2):
        out.append(f"| *`imc build` again, run {k} (same code; load {e['load_before']:.1f})* | — | {e['wall']:.1f} s, "
                   f"CPU {e['cpu']:.0f} s ({_mb(e['peak_tree'])}) | — | |")
    if r.get("floor_repeats") or r.get("imc_repeats"):
        best_f = min([f] + (r.get("floor_repeats") or []), key=lambda x: x["wall"])
        best_m = min([m] + (r.get("imc_repeats") or []), key=lambda x: x["wall"])
        best = best_m["wall"] / best_f["wall"]
        out.append(f"| ratio ours / floor, fastest run of each | 1 | **{best:.2f}×** (CPU {best_m['cpu'] / best_f['cpu']:.2f}×) "
                   f"| ≤ 1.5× | {_verdict(best <= 1.5, n)} |")
    out += [
        f"| Search index on disk | search_index.json {_kb(sz['floor_index'])} | pagefind/ {_kb(pf_bytes)} in "
        f"{pf_files} files, {sz.get('shards', 1)} shard(s) | — | |",
        *([f"| Attachments (DOCX/PDF) on disk | {_kb(r['attachment_bytes'])} | — | — | |"] if r.get("attachment_bytes") else []),
        *([f"| Same build, whole index in one pagefind process (no shards) | — | {r['imc_one_index']['wall']:.1f} s, "
           f"peak {_mb(r['imc_one_index']['peak_tree'])} (pagefind {_mb(r['imc_one_index']['peak_by_comm'].get('pagefind', 0))}) "
           f"| — | |"] if r.get("imc_one_index") else []),
        f"| HTML of one material page ({sz['probe']}) | {sz['probe_floor'] / KB:.1f} KB | "
        f"{sz['probe_imc'] / KB:.1f} KB{growth} | constant in N | {_verdict(probe_ok, n) if probe_ok is not None else '— (needs a smaller N measured)'} |",
        f"| HTML pages built / site size | {sz['pages_floor']} / {_mb(sz['site_floor'][0])} | "
        f"{sz['pages_imc']} / {_mb(sz['site_imc'][0])} | — | |",
        "", f"### Where the time of `imc build` goes (N = {n})", "",
        *_phase_table(_phases(m["timings"], m["timings"]["wall"]), m["timings"]["wall"]),
        "", f"### Where the time of the floor goes (N = {n})", "",
        *_phase_table(_floor_phases(f["timings"], f["timings"]["wall"]), f["timings"]["wall"]), "",
    ]
    return out


def _ms(x: float) -> str:
    return f"{x * 1000:.0f} ms"


def latency_rows(r: dict) -> list[str]:
    """One row per measured index of a result: p50/p95 cold and warm, the commonest word cold,
    first-query bytes (queries without a filter; a page opened with a filter loads more)."""
    rows = []
    for key, label in (("latency", "as built"), ("latency_one_index", "one index (no shards)")):
        lt = r.get(key)
        if not lt:
            continue
        plain = [c["bytes"] for c in lt["cold_runs"] if not c["filters"]]
        with_filter = sorted(c["bytes"] for c in lt["cold_runs"] if c["filters"])
        n = lt["queries"]  # warm: the first warm round (queries new to the page); then repeats
        warm = summary([w["s"] for w in lt["warm_runs"][:n]])
        again = [w["s"] for w in lt["warm_runs"][n:]]
        repeat = _ms(summary(again)["p95"]) if again else "—"
        first = lt["cold_common_first"]
        shards = r["sizes"].get("shards", 1) if key == "latency" else 1
        pf = (r["imc"] if key == "latency" else r["imc_one_index"])["peak_by_comm"].get("pagefind", 0)
        rows.append(f"| {r['n']} | {r.get('profile', 'default')} | {label}: {shards} | {_ms(lt['cold']['p50'])} | "
                    f"{_ms(lt['cold']['p95'])} | {_ms(warm['p50'])} | {_ms(warm['p95'])} | {repeat} | "
                    f"{_ms(first['s'])} («{first['q']}», {first['shown']}) | "
                    f"{sorted(plain)[len(plain) // 2] / KB:.0f} / {max(plain) / KB:.0f} | "
                    f"{with_filter[len(with_filter) // 2] / KB:.0f} / {with_filter[-1] / KB:.0f} | {_mb(pf)} |")
    return rows


def write_results(work: Path, target: Path) -> None:
    results = {}
    for p in sorted(work.glob("results-*.json")):
        r = json.loads(p.read_text(encoding="utf-8"))
        results[(r["n"], r.get("profile", "default"))] = r
    if not results:
        return
    latest = max(results.values(), key=lambda r: r["date"])
    mc = latest.get("machine") or machine()
    v = mc["versions"]
    out = [
        "# Benchmark: `imc build` against a bare mkdocs-material build",
        "",
        "Written by `make bench` (`bench/run.py`: N = 1 000 and 10 000; `make bench BENCH_ARGS=--quick` for",
        "N = 200; `--at-commit REV` measures a clean snapshot of a commit). Numbers are single runs on a",
        "shared 2-core machine, so read the ratios more than the seconds, and the CPU ratio when the load",
        "average was high. Synthetic Russian materials (practices and products, front matter",
        "valid under `imc check`, ~20 % with DOCX/PDF attachments) are added to the demo content.",
        "**floor** = the same Markdown built by plain mkdocs-material with its search plugin (lang ru),",
        "a nav of section pages only, no imc plugin; **ours** = the full `imc build` (check, catalogue",
        "pages, rendering, pagefind index, attachment text with a cold cache).",
        "",
        f"Machine: {mc['nproc']} cores ({mc['cpu']}), {mc['ram'] / GB:.0f} GB RAM, Linux {mc['kernel']}, "
        f"Python {mc['python']}; mkdocs {v['mkdocs']}, mkdocs-material {v['mkdocs-material']}, "
        f"pagefind {v['pagefind']} (binary {v['pagefind-bin']}), pymdown-extensions {v['pymdown-extensions']}, "
        f"{mc['chromium']} via Playwright {v['playwright']}.",
        "",
        "Targets (issue 18, at 10 000 materials): full build ≤ 1.5 × bare build; `imc check` ≤ 5 s warm;",
        "first results of the cold commonest-word query ≤ 1.0 s, warm p95 ≤ 300 ms; first query ≤ 300 KB;",
        "peak RSS ≤ 3 GB (default corpus), bounded on the realistic one; page HTML constant in N.",
        "",
        "## Search latency (headless Chromium, `bench/latency.py`)",
        "",
        "30 fixed queries: 6 commonest words, 6 rare words, 6 two-word queries, 6 abbreviations, 6 with a",
        "filter chosen. Time from submitting the query (Enter) to the result list in the document, measured",
        "in the page; typing without Enter adds the box's 250 ms pause. **cold**: each query the first",
        "after opening the search page in a fresh browser (empty cache); **warm**: all 30 again in one page,",
        "each new to that page (runtime, metadata and earlier queries' chunks loaded); **repeat**: the 30",
        "once more in the same page (answers the page has kept). Bytes: all /pagefind/ files of a cold query",
        "without a filter, page load included; the same for the 6 pages opened with a filter chosen (a",
        "catalogue's link «искать с этим фильтром»; its filter panel is open and counted after the",
        "results, so it has loaded once the counts are shown). The slowest queries are the commonest",
        "words and «РМО» (an abbreviation with synonyms: several queries of about 12 000 records each):",
        "pagefind scores every record holding a word, and searches the shards one after another in one",
        "worker.",
        "",
        "| N | corpus | index: shards | cold p50 | cold p95 | warm p50 | warm p95 | repeat p95 | cold commonest word | "
        "first query KB p50 / max | page opened with a filter, KB p50 / max | pagefind peak RSS |",
        "|---:|---|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for key in sorted(results):
        out += latency_rows(results[key])
    out.append("")
    out += ["## Summary", "",
            "| N | floor s | `imc build` s | ratio | CPU ratio | `imc check` s (cold / warm cache) | peak RSS (imc) | cold query KB "
            "(index data KB) | material page KB | measured on |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for key in sorted(results):
        r = results[key]
        n = r["n"] if key[1] == "default" else f"{r['n']} {key[1]}"
        f, m, q = r["floor"], r["imc"], (r.get("search") or {}).get("first")
        out.append(f"| {n} | {f['wall']:.1f} | {m['wall']:.1f} | {m['wall'] / f['wall']:.2f}× | "
                   f"{m['cpu'] / f['cpu']:.2f}× | {r['check']['wall']:.1f} / "
                   + (f"{r['check_warm']['wall']:.1f}" if r.get("check_warm") else "—")
                   + f" | {_mb(m['peak_tree'])} | "
                   + (f"{q['total'] / KB:.0f} ({q['index'] / KB:.0f})" if q else "—")
                   + f" | {r['sizes']['probe_imc'] / KB:.1f} | {_source(r)} |")
    out.append("")
    for key in sorted(results):
        out += section(results[key], {k[0]: v for k, v in results.items() if k[1] == key[1]})
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
