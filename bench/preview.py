"""Live preview latency: `imc serve` on the benchmark site, one material saved with a new title,
the time until the served page shows it (what a methodist waits for after Ctrl+S).

    python bench/preview.py bench/work/1000 [--saves 3]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def measure_preview(work: Path, saves: int = 3, env: dict | None = None) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    material = sorted((work / "docs" / "praktiki").glob("b-*/index.md"))[0]
    url = f"http://127.0.0.1:{port}/praktiki/{material.parent.name}/"
    original = material.read_text(encoding="utf-8")
    log = open(work / "preview.log", "w")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "imc.cli", "--root", str(work), "serve",
                             "--dev-addr", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT,
                            env=env or os.environ.copy())
    out: dict = {"material": str(material.relative_to(work)), "saves": []}
    try:
        while "<h1" not in _get(url):
            if proc.poll() is not None:
                raise RuntimeError(f"imc serve stopped: see {work / 'preview.log'}")
            time.sleep(0.2)
        out["first_build"] = time.perf_counter() - start
        time.sleep(5)  # let the first search index finish, as a person reading the page would
        for n in range(saves):
            marker = f"Правка{n}"
            text = re.sub(r"^title: (.*)$", lambda m: f"title: {marker} {m.group(1)}", original, count=1, flags=re.M)
            time.sleep(1.1)
            t = time.perf_counter()
            material.write_text(text, encoding="utf-8")
            while marker not in _get(url):
                time.sleep(0.05)
            out["saves"].append(time.perf_counter() - t)
            time.sleep(4)
    finally:
        material.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    out["median"] = statistics.median(out["saves"])
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("work", type=Path)
    ap.add_argument("--saves", type=int, default=3)
    a = ap.parse_args()
    print(json.dumps(measure_preview(a.work, a.saves), ensure_ascii=False, indent=1))
