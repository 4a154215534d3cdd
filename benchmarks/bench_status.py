"""Benchmark: `translate-kit status --format json` on 2,000 episodes × 6 languages, cold and
warm, against a plain loop that loads the same files with python-frontmatter. Every figure is a
whole process as a pre-commit hook or CI runs it (interpreter start and imports included), each
with its own peak memory.

    python benchmarks/bench_status.py [--episodes 2000] [--runs 3]

Targets (issue 11): cold ≤ 2× the loop, warm (nothing changed) ≤ 0.2× the loop. Each run
measures the loop, a cold and a warm status one after the other; the ratios printed are the
medians of the runs' own ratios (each run's are listed too), the times the fastest runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import CLI, frontmatter_loop, run
from synthetic import make_site


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
        status = [*CLI, "status", "--format", "json", str(site)]
        # Interleaved, so that each run's three processes meet the same load on a shared
        # machine; the ratios are taken run by run.
        loops, colds, warms = [], [], []
        for _ in range(args.runs):
            loops.append(frontmatter_loop(site))
            shutil.rmtree(site / ".translate-kit", ignore_errors=True)
            colds.append(run(status))
            warms.append(run(status))
        help_s = min(run([*CLI, "--help"]) for _ in range(args.runs))
    loop, cold, warm = min(loops), min(colds), min(warms)

    def ratios(of: list[tuple[float, float, float]], i: int) -> list[float]:
        return sorted(round(x[i] / y[i], 3) for x, y in zip(of, loops, strict=True))

    print(json.dumps({
        "pages": pages, "avg_page_kb": round(size, 1), "runs": args.runs,
        "frontmatter_loop_process_s": round(loop[0], 2),
        "frontmatter_loop_peak_mb": round(loop[1]),
        "status_cold_process_s": round(cold[0], 2), "status_cold_peak_mb": round(cold[1]),
        "status_warm_process_s": round(warm[0], 2), "status_warm_peak_mb": round(warm[1]),
        "help_process_s": round(help_s[0], 2),
        "cpu_s": {"loop": round(loop[2], 2), "cold": round(cold[2], 2), "warm": round(warm[2], 2),
                  "help": round(help_s[2], 2)},
        "cold_vs_loop": round(median(ratios(colds, 0)), 2),
        "warm_vs_loop": round(median(ratios(warms, 0)), 3),
        "cpu_cold_vs_loop": round(median(ratios(colds, 2)), 2),
        "cpu_warm_vs_loop": round(median(ratios(warms, 2)), 3),
        "cold_vs_loop_each_run": ratios(colds, 0), "warm_vs_loop_each_run": ratios(warms, 0),
        "targets": {"cold_vs_loop": "<= 2.0", "warm_vs_loop": "<= 0.2"},
    }, indent=2))


if __name__ == "__main__":
    main()
