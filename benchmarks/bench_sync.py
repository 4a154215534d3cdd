"""Benchmark: `sync --dry-run` on 2,000 episodes × 6 languages after one sentence was edited in
every English source (10,000 stale pages), against a cold `status` on the same site. Both are
whole processes (`python -m translate_kit …`), each with its own peak memory.

    python benchmarks/bench_sync.py [--episodes 2000] [--runs 2]

Target (issue 11): the dry run within 2× the cold status; peak memory printed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import CLI, run
from synthetic import make_site

LANGS = ("de", "es", "fr", "it", "pt")


def edit_every_source(site: Path) -> int:
    """Append a word to the first sentence of the first paragraph of every source page."""
    edited = 0
    for path in sorted(site.glob("episodes/*/en/episode.md")):
        text = path.read_text("utf-8")
        body = text.index("</div>")
        match = re.compile(r"\n\n([A-Z][^\n.]*)\.").search(text, body)
        assert match is not None
        text = text[: match.end(1)] + " indeed" + text[match.end(1):]
        path.write_text(text, "utf-8")
        edited += 1
    return edited


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp) / "site", args.episodes, LANGS)
        run([*CLI, "baseline", str(site)])
        edited = edit_every_source(site)
        cold, dry = [], []
        for _ in range(args.runs):
            shutil.rmtree(site / ".translate-kit" / "cache", ignore_errors=True)
            cold.append(run([*CLI, "status", "--format", "json", str(site)]))
            shutil.rmtree(site / ".translate-kit" / "cache", ignore_errors=True)
            dry.append(run([*CLI, "sync", "--dry-run", "--engine", "none", str(site)]))
        (status_s, status_mb, status_cpu), (dry_s, dry_mb, dry_cpu) = min(cold), min(dry)
    print(json.dumps({
        "episodes": args.episodes, "languages": 1 + len(LANGS), "stale_pages": edited * len(LANGS),
        "status_cold_s": round(status_s, 2), "status_cold_peak_mb": round(status_mb),
        "sync_dry_run_cold_s": round(dry_s, 2), "sync_dry_run_peak_mb": round(dry_mb),
        "status_cold_cpu_s": round(status_cpu, 2), "sync_dry_run_cpu_s": round(dry_cpu, 2),
        "dry_run_vs_status": round(dry_s / status_s, 2),
        "cpu_dry_run_vs_status": round(dry_cpu / status_cpu, 2), "target": "<= 2.0",
    }, indent=2))


if __name__ == "__main__":
    main()
