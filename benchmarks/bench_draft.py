"""Benchmarks for drafting, against the local LibreTranslate-compatible test server:

(a) characters sent when re-drafting after one paragraph was edited in each of 20 episodes ×
    5 languages, against re-translating those pages whole (target: ≤ 1.05× the edited
    segments' own characters);
(b) wall time for drafting 50 episodes × 5 languages with 100 ms latency per request
    (target: ≤ 1.3 × requests × latency ÷ workers);
(c)–(e) from bench_engines.py: requests per segment for each engine family (goal for llm:
    ≤ 1 request per 10 segments), an llm's wall time against the latency bound, and how fast a
    run ends against a server that always fails or asks for a long Retry-After.

    python benchmarks/bench_draft.py [--workers 8] [--engines-only]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "tests"))
import bench_engines  # noqa: E402
from mt_server import MTServer, Script, serve_in_process  # noqa: E402
from synthetic import make_site, sentence  # noqa: E402

from translate_kit import segment_page  # noqa: E402
from translate_kit.commands.approve import approve  # noqa: E402
from translate_kit.commands.draft import DraftOptions, draft  # noqa: E402

LANGS = ("de", "es", "fr", "it", "pt")


def configure(site: Path, url: str, workers: int) -> None:
    config = site / "translate-kit.yaml"
    config.write_text(config.read_text("utf-8") + f"engine: libre\nengine_options: {{url: '{url}'}}"
                      f"\nworkers: {workers}\nmemory_threshold: 0\n", "utf-8")


def incremental(workers: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, MTServer() as server:
        site = make_site(Path(tmp) / "site", 20, ())
        configure(site, server.url, workers)
        config = site / "translate-kit.yaml"
        config.write_text(config.read_text("utf-8").replace("languages: []",
                          f"languages: [{', '.join(LANGS)}]"), "utf-8")
        draft(site, DraftOptions(), sync=True)  # first drafts
        approve(sorted(site.glob("episodes/*/[a-z][a-z]/episode.md")))
        whole = sum(len(s.text) for n in range(1, 21) for s in segment_page(
            (site / f"episodes/ep-{n}/en/episode.md").read_text("utf-8")).segments) * len(LANGS)
        rng = random.Random(11)
        edited_chars = 0
        for n in range(1, 21):
            path = site / f"episodes/ep-{n}/en/episode.md"
            page = segment_page(path.read_text("utf-8"))
            paragraph = next(s for s in page.segments if s.kind == "paragraph")
            new_text = paragraph.source + " " + sentence(rng, 8)
            path.write_text(path.read_text("utf-8").replace(paragraph.source, new_text, 1),
                            "utf-8")
            edited_chars += len(" ".join(new_text.split())) * len(LANGS)
        sent_before = sum(len(t) for t in server.script.requests)
        report = draft(site, DraftOptions(), sync=True)
        sent = sum(len(t) for t in server.script.requests) - sent_before
        modes = {o.mode for o in report.outcomes}
    return {"pages": 20 * len(LANGS), "modes": sorted(modes), "chars_sent": sent,
            "edited_segments_chars": edited_chars, "whole_pages_chars": whole,
            "sent_vs_edited": round(sent / edited_chars, 3),
            "sent_vs_whole": round(sent / whole, 3), "target_sent_vs_edited": "<= 1.05"}


def wall_time(workers: int, latency: float = 0.1) -> dict[str, object]:
    # The server runs in its own process, as a real service would: it must not share this
    # process's interpreter lock with the client being measured.
    ready: multiprocessing.Queue[str] = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve_in_process,
                                     args=(Script(latency=latency), ready), daemon=True)
    server.start()
    url = ready.get(timeout=30)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            site = make_site(Path(tmp) / "site", 50, LANGS)
            for path in site.glob("episodes/*/[a-z][a-z]/episode.md"):
                if path.parent.name != "en":
                    path.unlink()
            configure(site, url, workers)
            start = time.perf_counter()
            report = draft(site, DraftOptions(), sync=False)
            elapsed = time.perf_counter() - start
        with urllib.request.urlopen(url + "stats") as reply:
            requests = json.load(reply)["requests"]
    finally:
        server.terminate()
    ideal = requests * latency / workers
    return {"pages": len(report.outcomes), "requests": requests, "workers": workers,
            "latency_s": latency, "wall_s": round(elapsed, 2), "ideal_s": round(ideal, 2),
            "wall_vs_ideal": round(elapsed / ideal, 3), "target_wall_vs_ideal": "<= 1.3"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--engines-only", action="store_true")
    args = parser.parse_args()
    if args.engines_only:
        print(json.dumps({"engines": bench_engines.run()}, indent=2, ensure_ascii=False))
        return
    print(json.dumps({"engines": bench_engines.run(), "incremental": incremental(args.workers),
                      "latency": wall_time(args.workers)}, indent=2))


if __name__ == "__main__":
    main()
