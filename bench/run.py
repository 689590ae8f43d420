#!/usr/bin/env python3
"""`make bench`: how the imc build scales, measured against a bare mkdocs-material build.

    python bench/run.py              # N = 1 000 and 10 000 (about an hour on 2 cores)
    python bench/run.py --n 1000     # one N (repeat --n for more)
    python bench/run.py --quick      # N = 200, a trial run
    python bench/run.py --n 1000 --realistic   # attachments of 10–40 pages: memory, index size

For each N, in one run and on the same generated materials (bench/work/<N>/):
  1. `imc check` alone, without .cache/ (as on a fresh clone) and again after the build;
  2. the floor: plain mkdocs-material + its search plugin (ru), nav of sections only;
  3. the full `imc build` (check, render, pagefind, attachment text; extraction cache cold),
     with its phases timed (bench/timed_build.py);
  4. sizes: pagefind index, material's search_index.json, one material page;
  5. a cold first query in headless Chromium and the bytes it downloads;
  6. search latency in headless Chromium: 30 fixed queries, cold and warm (bench/latency.py).
Raw figures go to bench/work/results-<N>[-realistic].json; bench/RESULTS.md is rewritten from every
results file present, so it shows the latest measurement of each N.
This is a benchmark, not a test: it exits 0 whether targets are met or not, and non-zero
only when a build fails.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import run, tree_size  # noqa: E402
from report import machine, write_results  # noqa: E402
from workdir import FLOOR_SITE, IMC_SITE, prepare, probe_page  # noqa: E402

WORK = HERE / "work"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def log(msg: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


def _gzip_size(path: Path) -> int:
    """Size of a file gzipped at level 6, streamed (material's index can be hundreds of MB)."""
    z = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    n = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            n += len(z.compress(chunk))
    return n + len(z.flush())


def _html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def _run_summary(r) -> dict:
    return {"wall": r.wall, "cpu": r.cpu, "peak_tree": r.peak_tree, "max_process": r.max_process,
            "peak_by_comm": r.peak_by_comm, "cpu_by_comm": r.cpu_by_comm, "returncode": r.returncode,
            "load_before": r.load_before}


def _failed(what: str, r) -> None:
    log(f"{what} failed (exit {r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-6000:]}")
    raise SystemExit(1)


def _timed_build(label: str, mode_args: list[str], timings: Path, work: Path, env: dict) -> dict:
    """One build under bench/timed_build.py: what it cost, with its phases."""
    log(label)
    r = run([sys.executable, str(HERE / "timed_build.py"), *mode_args, str(timings)], cwd=work, env=env)
    if r.returncode != 0:
        _failed(label, r)
    out = _run_summary(r)
    out["timings"] = json.loads(timings.read_text(encoding="utf-8"))
    log(f"{label}: {r.wall:.1f} s, peak {r.peak_tree / 2**20:.0f} MB")
    return out


def snapshot(rev: str) -> tuple[Path, str]:
    """A clean copy of a commit (others may be editing the work tree while the benchmark runs)."""
    root = HERE.parent
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", rev], check=True,
                            capture_output=True, text=True).stdout.strip()
    dest = WORK / f"_src-{commit}"
    if not dest.exists():
        tmp = WORK / f"_src-{commit}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(root), "archive", commit], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
        tmp.rename(dest)
    return dest, commit


def _check(n: int, work: Path, env: dict, label: str) -> dict:
    """`imc check` alone on the benchmark site: its wall time, CPU and memory."""
    log(f"N={n}: imc check{label}")
    r = run([sys.executable, "-m", "imc.cli", "--root", str(work), "check", "--errors-only"], cwd=work, env=env)
    if r.returncode != 0:
        _failed("imc check", r)
    log(f"N={n}: imc check{label} {r.wall:.1f} s")
    return _run_summary(r)


def bench_one(n: int, args) -> dict:
    source, env = HERE.parent, ENV
    if args.at_commit:
        source, commit = snapshot(args.at_commit)
        env = {**ENV, "PYTHONPATH": str(source / "scripts")}  # imc from the snapshot, not the work tree
    work = prepare(n, args.attach_share, WORK, source=source, log=log, realistic=args.realistic)
    res: dict = {"n": n, "date": dt.datetime.now().isoformat(timespec="seconds"),
                 "profile": "realistic" if args.realistic else "default",
                 "attach_share": args.attach_share, "machine": machine(),
                 "source": f"commit {commit} (snapshot)" if args.at_commit else "work tree",
                 "materials": {"praktiki": len(list((work / "docs/praktiki").glob("b-*"))),
                               "kopilka": len(list((work / "docs/kopilka").glob("b-*")))},
                 "attachments": sum(1 for p in (work / "docs").rglob("b-*/prilozhenie-*"))}
    sample = sorted((work / "docs").glob("*/b-*/index.md"))[:200]
    res["words_avg"] = sum(len(p.read_text(encoding="utf-8").split("\n---\n", 1)[1].split())
                           for p in sample) / len(sample)
    res["attachment_bytes"] = sum(p.stat().st_size for p in (work / "docs").rglob("b-*/prilozhenie-*"))

    # 1. imc check alone, as on a fresh clone: no .cache/ (the OS file cache is warm though)
    shutil.rmtree(work / ".cache", ignore_errors=True)
    res["check"] = _check(n, work, env, "")

    # 2. the floor
    floor_cfg = str(work / "mkdocs-floor.yml")
    shutil.rmtree(work / FLOOR_SITE, ignore_errors=True)
    res["floor"] = _timed_build(f"N={n}: floor build (mkdocs-material + search)", ["floor", floor_cfg],
                                work / "timings-floor.json", work, env)

    # 3. the full imc build, extraction cache cold
    shutil.rmtree(work / IMC_SITE, ignore_errors=True)
    shutil.rmtree(work / ".cache", ignore_errors=True)
    res["imc"] = _timed_build(f"N={n}: imc build", ["imc", str(work), str(work / IMC_SITE)],
                              work / "timings-imc.json", work, env)

    # 3x. optional: the same build with the whole index in one pagefind process (no shards),
    # to compare memory and search with the sharded index in the same run
    if args.one_index:
        out_dir = work / "site-imc-one"
        shutil.rmtree(out_dir, ignore_errors=True)
        res["imc_one_index"] = _timed_build(f"N={n}: imc build, one index", ["imc", str(work), str(out_dir)],
                                            work / "timings-imc-one.json", work,
                                            {**env, "IMC_BENCH_SHARD_CHARS": str(10**12)})
        res["imc_one_index"]["pagefind"] = tree_size(out_dir / "pagefind")
        if not args.no_browser:
            from latency import measure_latency
            log(f"N={n}: search latency, one index")
            res["latency_one_index"] = measure_latency(out_dir, args.latency_rounds)
        shutil.rmtree(out_dir, ignore_errors=True)

    # 3a. imc check again, now that the build has filled .cache/imc (text of attachments)
    res["check_warm"] = _check(n, work, env, " (warm .cache/)")

    # 3b. the build again with .cache/imc kept (check results, attachment text): every build
    # after the first on one machine, and CI builds that keep the cache (deploy.yml)
    if not args.no_warm_build:
        out_dir = work / "site-imc-warm"
        res["imc_warm"] = _timed_build(f"N={n}: imc build (warm .cache/)", ["imc", str(work), str(out_dir)],
                                       work / "timings-imc-warm.json", work, env)
        shutil.rmtree(out_dir, ignore_errors=True)

    # 3c. optional: both builds again, to see how much a busy machine moves the figures
    for k in range(2, args.repeat + 1):
        out_dir = work / f"{FLOOR_SITE}-{k}"
        res.setdefault("floor_repeats", []).append(_timed_build(
            f"N={n}: floor build, run {k}", ["floor", floor_cfg], work / f"timings-floor-{k}.json", work,
            {**env, "IMC_BENCH_SITE_DIR": str(out_dir)}))
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(work / ".cache", ignore_errors=True)
        out_dir = work / f"site-imc-{k}"
        res.setdefault("imc_repeats", []).append(_timed_build(
            f"N={n}: imc build, run {k}", ["imc", str(work), str(out_dir)], work / f"timings-imc-{k}.json", work, env))
        shutil.rmtree(out_dir, ignore_errors=True)

    # 4. sizes on disk
    floor_site, imc_site = work / FLOOR_SITE, work / IMC_SITE
    index = floor_site / "search" / "search_index.json"
    probe = probe_page(n)
    res["sizes"] = {
        "pagefind": tree_size(imc_site / "pagefind"),
        "shards": 1 + len(json.loads((imc_site / "pagefind" / "imc-shards.json").read_text())["shards"])
        if (imc_site / "pagefind" / "imc-shards.json").is_file() else 1,
        "floor_index": index.stat().st_size, "floor_index_gzip": _gzip_size(index),
        "probe": probe, "probe_imc": (imc_site / probe).stat().st_size,
        "probe_floor": (floor_site / probe).stat().st_size,
        "site_imc": tree_size(imc_site), "site_floor": tree_size(floor_site),
        "pages_imc": _html_pages(imc_site), "pages_floor": _html_pages(floor_site),
    }

    # 5. the browser
    if not args.no_browser:
        log(f"N={n}: cold query «{args.query}» in headless Chromium")
        from browser import measure_search
        res["search"] = measure_search(imc_site, args.query, args.later_query)
        log(f"N={n}: first query {res['search']['first']['total'] / 1024:.0f} KB")
        log(f"N={n}: search latency, {args.latency_rounds} warm round(s) of 30 queries")
        from latency import measure_latency
        res["latency"] = measure_latency(imc_site, args.latency_rounds)
        lt = res["latency"]
        log(f"N={n}: cold p50 {lt['cold']['p50']:.2f} s p95 {lt['cold']['p95']:.2f} s; "
            f"warm p50 {lt['warm']['p50']:.2f} s p95 {lt['warm']['p95']:.2f} s")
    # 6. the live preview: a saved material, until `imc serve` shows it (the target is for 1 000)
    if n <= 1000 and not args.no_preview:
        log(f"N={n}: live preview (imc serve), {args.saves} saves")
        from preview import measure_preview
        res["preview"] = measure_preview(work, args.saves, env)
        log(f"N={n}: preview shows a save after {res['preview']['median']:.1f} s (median)")
    (WORK / f"results-{n}{'-realistic' if args.realistic else ''}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.keep_sites:
        shutil.rmtree(floor_site, ignore_errors=True)
        shutil.rmtree(imc_site, ignore_errors=True)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, action="append", help="number of materials (repeatable); default 1000 and 10000")
    ap.add_argument("--quick", action="store_true", help="N = 200 only, for a trial run")
    ap.add_argument("--attach-share", type=float, default=0.2, help="share of materials with DOCX/PDF files")
    ap.add_argument("--query", default="урок", help="a common word for the cold first query")
    ap.add_argument("--later-query", default="фотосинтез", help="a second query in the same browser")
    ap.add_argument("--no-browser", action="store_true", help="skip the headless Chromium measurement")
    ap.add_argument("--repeat", type=int, default=1, help="run both builds this many times (noise check)")
    ap.add_argument("--at-commit", metavar="REV",
                    help="measure a clean snapshot of this commit (git archive) instead of the work tree")
    ap.add_argument("--no-warm-build", action="store_true", help="skip the second imc build with .cache/ kept")
    ap.add_argument("--no-preview", action="store_true", help="skip the live preview measurement")
    ap.add_argument("--saves", type=int, default=3, help="saves measured in the live preview")
    ap.add_argument("--keep-sites", action="store_true", help="keep the built sites in bench/work/<N>/")
    ap.add_argument("--realistic", action="store_true",
                    help="a fifth of the materials with DOCX/PDF attachments of 10–40 pages")
    ap.add_argument("--one-index", action="store_true",
                    help="also build with the whole index in one pagefind process, to compare")
    ap.add_argument("--latency-rounds", type=int, default=2, help="warm rounds over the 30 latency queries")
    args = ap.parse_args(argv)
    ns = [200] if args.quick else (args.n or [1000, 10000])
    WORK.mkdir(exist_ok=True)
    started = time.perf_counter()
    for n in ns:
        bench_one(n, args)
        write_results(WORK, HERE / "RESULTS.md")
    log(f"done in {time.perf_counter() - started:.0f} s; see {HERE / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
