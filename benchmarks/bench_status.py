"""Benchmark: `status --format json` on 2,000 episodes × 6 languages, cold and warm, against a
plain loop that loads the same files with python-frontmatter.

    python benchmarks/bench_status.py [--episodes 2000]

Each measurement runs in its own process, so peak memory (max RSS) is its own.
Targets (issue 2): cold ≤ 2× the loop, warm (nothing changed) ≤ 0.2× the loop.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import make_site

LOOP = """
import frontmatter, pathlib, resource, time
t = time.perf_counter()
n = 0
for p in sorted(pathlib.Path(SITE).rglob("*.md")):
    frontmatter.load(p); n += 1
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, n)
"""
STATUS = """
import pathlib, resource, time
from translate_kit.commands.status import status
from translate_kit.report import render_json
t = time.perf_counter()
doc = render_json(status(pathlib.Path(SITE)))
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(doc))
"""


def measure(code: str, site: Path) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", code.replace("SITE", repr(str(site)))],
                          capture_output=True, text=True, check=True)
    seconds, rss_kb, _ = done.stdout.split()
    return float(seconds), int(rss_kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    languages = ("de", "es", "fr", "it", "pt")
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", args.episodes, languages)
        pages = sum(1 for _ in site.rglob("*.md"))
        size = sum(p.stat().st_size for p in site.rglob("*.md")) / pages / 1024
        loop = min(measure(LOOP, site) for _ in range(args.runs))
        cold_runs, warm_runs = [], []
        for _ in range(args.runs):
            shutil.rmtree(site / ".translate-kit", ignore_errors=True)
            cold_runs.append(measure(STATUS, site))
            warm_runs.append(measure(STATUS, site))
        cold, warm = min(cold_runs), min(warm_runs)
    result = {
        "pages": pages, "avg_page_kb": round(size, 1),
        "frontmatter_loop_s": round(loop[0], 2), "frontmatter_loop_peak_mb": round(loop[1]),
        "status_cold_s": round(cold[0], 2), "status_cold_peak_mb": round(cold[1]),
        "status_warm_s": round(warm[0], 2), "status_warm_peak_mb": round(warm[1]),
        "cold_vs_loop": round(cold[0] / loop[0], 2), "warm_vs_loop": round(warm[0] / loop[0], 3),
        "targets": {"cold_vs_loop": "<= 2.0", "warm_vs_loop": "<= 0.2"},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
