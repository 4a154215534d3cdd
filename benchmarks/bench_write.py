"""Benchmark for writing and recording: what the lock's write-ahead journal costs, and how
fast an interrupted run is recovered.

(a) the write phase of a sync of N new pages (every answer already cached, so the run is
    discover + plan + write + record): pages per second, with each page's record journalled
    and flushed to disk before the page;
(b) one page written through the ledger (state lock, journal record flushed, page replaced);
(c) recovery after ``kill -9``: folding a journal of N records into the lock.

    python benchmarks/bench_write.py [--pages 500]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "tests"))
from helpers import episode, make_site  # noqa: E402
from mt_server import MTServer  # noqa: E402

from translate_kit.commands.draft import DraftOptions, draft  # noqa: E402
from translate_kit.lock import JOURNAL, Ledger, Record, file_digest, read_lock  # noqa: E402

BODY = "## Part {n}\n\nFirst paragraph of episode {n}.\n\nSecond paragraph of episode {n}.\n"


def write_phase(pages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, MTServer() as server:
        files = {f"episodes/{n}/en.md": episode(n, body=BODY.replace("{n}", str(n)))
                 for n in range(1, pages + 1)}
        site = make_site(Path(tmp), files, languages=("fr",), config={
            "engine": "libre", "engine_options": {"url": server.url}})
        draft(site, DraftOptions(), sync=True)  # fills the translation cache
        for page in site.glob("episodes/*/fr.md"):
            page.unlink()
        (site / "translate-kit.lock").unlink()
        shutil.rmtree(site / ".translate-kit" / "review")
        start = time.perf_counter()
        report = draft(site, DraftOptions(), sync=False)
        took = time.perf_counter() - start
        written = sum(o.action == "written" for o in report.outcomes)
        assert written == pages and len(read_lock(site / "translate-kit.lock")) == pages
        print(f"(a) sync of {pages} new pages, every answer cached (discover, plan, assemble, "
              f"write, record): {took:.2f} s, {pages / took:.0f} pages/s")


def recovery(pages: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ledger = Ledger(root, root / "translate-kit.lock", root / ".translate-kit", "bench")
        base = Record("", "fr", 0, "en.md", "src", ("p:1", "p:2", "p:3"), "draft", "",
                      "2026-01-01")
        start = time.perf_counter()
        for n in range(pages):
            text = f"page {n}\n"
            ledger.write_page(replace(base, path=f"episodes/{n}/fr.md", number=n,
                                      variant_digest=file_digest(text.encode())), text, None)
        per_page = (time.perf_counter() - start) / pages
        print(f"(b) a page written through the ledger (state lock, journal record flushed, "
              f"page flushed and replaced): {per_page * 1000:.2f} ms")
        size = (root / ".translate-kit" / JOURNAL).stat().st_size
        start = time.perf_counter()
        Ledger(root, root / "translate-kit.lock", root / ".translate-kit", "bench").recover()
        took = time.perf_counter() - start
        assert len(read_lock(root / "translate-kit.lock")) == pages
        print(f"(c) recovery of a killed run's journal ({pages} records, {size / 1024:.0f} KiB): "
              f"{took * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    write_phase(args.pages)
    recovery(args.pages)


if __name__ == "__main__":
    main()
