"""The dashboard's size and rendering time at 2,000 episodes × 6 languages (target: at most
1.5 MB), on a report made up in memory (tests/big_report.py).

    python benchmarks/bench_dashboard.py [--episodes 2000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from big_report import big_report

from translate_kit.dashboard import Links, Provenance, render_dashboard


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=2000)
    args = parser.parse_args()
    report, titles = big_report(args.episodes)
    start = time.perf_counter()
    page = render_dashboard(report, Links("https://github.com/OWNER/REPO/blob/main/"),
                            Provenance("2026-12-01 20:00 UTC", "0123456789ab"), titles)
    took = time.perf_counter() - start
    size = len(page.encode("utf-8"))
    print(f"{args.episodes} episodes × {len(report.languages)} languages: {size / 1e6:.2f} MB "
          f"(target ≤ 1.5 MB), rendered in {took * 1000:.0f} ms")


if __name__ == "__main__":
    main()
