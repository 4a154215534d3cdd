"""Engine benchmarks (run by bench_draft.py, or alone), each through real HTTP on 127.0.0.1:

(c) requests per segment drafting 10 episodes × 2 languages with each engine family (libre
    and apertium one per segment; deepl and llm in batches; goal for llm ≤ 0.1);
(d) wall time of an llm run against a server answering in 200 ms, against the latency bound
    (requests × latency ÷ workers; target ≤ 1.3×);
(e) a server that always answers 500, and one asking Retry-After: 240, with the default
    settings: how long until the run says the engine is failing and ends (goal: seconds).

    python benchmarks/bench_engines.py        (or bench_draft.py, which includes them)
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "tests"))
from deepl_server import DeepLServer  # noqa: E402
from mt_server import MTServer  # noqa: E402
from openai_server import ChatScript, ChatServer  # noqa: E402
from synthetic import make_site  # noqa: E402

from translate_kit.commands.draft import DraftOptions, draft  # noqa: E402

LANGS = ("de", "fr")


def site_for(tmp: Path, engine: str, options: dict[str, str], langs: tuple[str, ...] = LANGS,
             episodes: int = 10, extra: str = "") -> Path:
    site = make_site(tmp / "site", episodes, ())
    config = site / "translate-kit.yaml"
    opts = ", ".join(f"{k}: '{v}'" for k, v in options.items())
    text = config.read_text("utf-8").replace("languages: []", f"languages: [{', '.join(langs)}]")
    config.write_text(text + f"engine: {engine}\nengine_options: {{{opts}}}\nmemory_threshold: 0"
                      f"\n{extra}", "utf-8")
    return site


def segments(report: Any) -> int:
    return sum(bill.engine_segments for bill in report.bills)


@contextmanager
def apertium() -> Iterator[str | None]:
    import socket
    import subprocess
    import urllib.request

    binary = shutil.which("apertium-apy")
    if binary is None:
        yield None
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([binary, "-p", str(port), "/usr/share/apertium/modes"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/listPairs", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def per_segment() -> dict[str, object]:
    out: dict[str, object] = {}
    runs: list[tuple[str, Callable[[], Any]]] = [
        ("libre", lambda: MTServer()), ("deepl", lambda: DeepLServer()),
        ("llm", lambda: ChatServer())]
    for name, make in runs:
        with tempfile.TemporaryDirectory() as tmp, make() as server:
            url = {"libre": server.url, "deepl": server.url, "llm": server.url + "/v1"}[name]
            site = site_for(Path(tmp), name, {"url": url})
            os.environ["DEEPL_API_KEY"] = "test-key:fx"  # the local server's key
            report = draft(site, DraftOptions(), sync=False)
            received = len(server.script.requests) if name == "libre" else len(server.seen)
            out[name] = {"segments": segments(report), "requests_reported": report.requests,
                         "requests_received": received,
                         "requests_per_segment": round(received / segments(report), 3)}
    with apertium() as url, tempfile.TemporaryDirectory() as tmp:
        if url is not None:
            site = site_for(Path(tmp), "apertium", {"url": url}, ("es", "pt"), episodes=3)
            report = draft(site, DraftOptions(), sync=False)
            out["apertium (pt through es)"] = {
                "segments": segments(report), "requests_reported": report.requests,
                "requests_per_segment": round(report.requests / segments(report), 3)}
    out["goal_llm_requests_per_segment"] = "<= 0.1"
    return out


def llm_latency(latency: float = 0.2, workers: int = 4) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp, ChatServer(ChatScript(latency=latency)) as server:
        site = site_for(Path(tmp), "llm", {"url": server.url + "/v1", "batch": "10"},
                        episodes=20, extra=f"workers: {workers}\n")
        start = time.perf_counter()
        report = draft(site, DraftOptions(), sync=False)
        elapsed = time.perf_counter() - start
    ideal = report.requests * latency / workers
    return {"segments": segments(report), "requests": report.requests, "workers": workers,
            "latency_s": latency, "wall_s": round(elapsed, 2), "ideal_s": round(ideal, 2),
            "wall_vs_ideal": round(elapsed / ideal, 3), "target_wall_vs_ideal": "<= 1.3"}


def failing() -> dict[str, object]:
    out: dict[str, object] = {}
    for name, arrange in (("always 500", lambda s: s.script.fail_texts.add("")),
                          ("Retry-After 240", lambda s: s.script.queue.append(("429", 240)))):
        with tempfile.TemporaryDirectory() as tmp, MTServer() as server:
            arrange(server)
            site = site_for(Path(tmp), "libre", {"url": server.url}, episodes=20)
            start = time.perf_counter()
            report = draft(site, DraftOptions(), sync=False)
            out[name] = {"pages": len(report.outcomes), "segments": segments(report),
                         "requests": len(server.script.requests),
                         "wall_s": round(time.perf_counter() - start, 2),
                         "stopped": report.traffic.stopped if report.traffic else None}
    out["goal"] = "seconds, not minutes (default settings)"
    return out


def run() -> dict[str, object]:
    return {"requests_per_segment": per_segment(), "llm_latency": llm_latency(),
            "failing_engine": failing()}


def main() -> None:
    print(json.dumps(run(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
