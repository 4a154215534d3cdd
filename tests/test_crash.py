"""Interrupted and concurrent runs: every page written is recorded, nothing is reverted, and a
second run is told who holds the site.

The killed runs are real processes (``python -m translate_kit sync``) drafting through a slow
local LibreTranslate-compatible server (tests/mt_server.py).
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from helpers import episode, make_site
from mt_server import MTServer
from typer.testing import CliRunner

from translate_kit.cli import app
from translate_kit.lock import JOURNAL, file_digest, read_lock

runner = CliRunner()
PAGES = 24
BODY = "## Part {n}\n\nFirst paragraph of episode {n}.\n\nSecond paragraph of episode {n}.\n"


def _site(tmp_path: Path, url: str, pages: int = PAGES) -> Path:
    files = {f"episodes/{n}/en.md": episode(n, title=f"Keepers {n}",
                                            body=BODY.replace("{n}", str(n)))
             for n in range(1, pages + 1)}
    return make_site(tmp_path, files, languages=("fr",), config={
        "engine": "libre", "engine_options": {"url": url}, "workers": 4})


def _sync(site: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "translate_kit", "sync", str(site), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(condition: object, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.002)


def _wait_for_first_page(site: Path, child: subprocess.Popen[bytes]) -> None:
    _wait_for(lambda: any(site.glob("episodes/*/fr.md")) or child.poll() is not None)


def _written(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): file_digest(p.read_bytes())
            for p in site.glob("episodes/*/fr.md")}


def _statuses(site: Path) -> dict[str, str]:
    result = runner.invoke(app, ["status", str(site), "--format", "json"])
    doc = json.loads(result.stdout)
    return {v["path"]: v["status"] for e in doc["episodes"] for v in e["variants"].values()
            if v["path"]}


def _reset(site: Path) -> None:
    """Back to no translations; the engine cache stays, so the next run drafts at once."""
    for page in site.glob("episodes/*/fr.md"):
        page.unlink()
    (site / "translate-kit.lock").unlink(missing_ok=True)
    (site / ".translate-kit" / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(site / ".translate-kit" / "review", ignore_errors=True)


def test_kill_9_at_random_points_of_the_write_phase_loses_no_record(tmp_path: Path) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    partial = 0
    with MTServer() as server:
        site = _site(tmp_path, server.url)
        assert runner.invoke(app, ["sync", str(site), "-q"]).exit_code == 0  # fills the cache
        for trial in range(6):
            _reset(site)
            child = _sync(site)
            _wait_for_first_page(site, child)
            time.sleep(rng.uniform(0, 0.03))
            child.send_signal(signal.SIGKILL)
            child.wait()
            written = _written(site)
            partial += 0 < len(written) < PAGES
            # Read-only commands already see every page written as the draft it is ...
            statuses = _statuses(site)
            assert all(statuses[path] == "draft" for path in written), (seed, trial, statuses)
            # ... and the next run records them in the lock file and finishes the rest.
            assert runner.invoke(app, ["sync", str(site), "-q"]).exit_code == 0
            records = read_lock(site / "translate-kit.lock")
            assert {p: r.variant_digest for p, r in records.items()
                    if p in written} == written, (seed, trial)
            assert len(records) == PAGES and set(_written(site)) == set(records)
            assert not list(site.rglob(".*.tmp")), (seed, trial)
            assert not (site / ".translate-kit" / JOURNAL).exists()
    assert partial, f"no kill landed inside the write phase (seed {seed})"


def test_ctrl_c_in_the_write_phase_records_every_page_written(tmp_path: Path) -> None:
    with MTServer() as server:
        site = _site(tmp_path, server.url)
        assert runner.invoke(app, ["sync", str(site), "-q"]).exit_code == 0
        for delay in (0.0, 0.01):
            _reset(site)
            child = _sync(site)
            _wait_for_first_page(site, child)
            time.sleep(delay)
            child.send_signal(signal.SIGINT)
            _, stderr = child.communicate(timeout=30)
            written = _written(site)
            records = read_lock(site / "translate-kit.lock")  # the lock file itself
            assert {p: r.variant_digest for p, r in records.items()} == written
            if len(written) < PAGES:
                assert child.returncode == 130 and b"interrupted" in stderr


def test_a_read_only_lock_stops_the_run_before_anything_is_sent_or_written(
        tmp_path: Path) -> None:
    with MTServer() as server:
        site = _site(tmp_path, server.url, pages=2)
        lock = site / "translate-kit.lock"
        lock.write_text("# translate-kit lock\n", "utf-8")
        lock.chmod(0o444)
        result = runner.invoke(app, ["sync", str(site), "-q"])
        assert result.exit_code == 2
        assert "translate-kit.lock: is read-only" in result.stderr
        assert server.script.requests == [] and _written(site) == {}


def test_a_second_run_exits_2_naming_the_first_and_the_first_finishes(tmp_path: Path) -> None:
    with MTServer() as server:
        server.script.latency = 0.05
        site = _site(tmp_path, server.url, pages=6)
        child = _sync(site)
        _wait_for(lambda: len(server.script.requests) > 2)
        second = runner.invoke(app, ["sync", str(site), "-q"])
        assert second.exit_code == 2, second.stderr
        assert f"pid {child.pid}, sync" in second.stderr
        assert child.wait(timeout=60) == 0
    assert len(read_lock(site / "translate-kit.lock")) == 6


def test_an_approve_during_a_sync_survives_it(tmp_path: Path) -> None:
    with MTServer() as server:
        site = _site(tmp_path, server.url, pages=1)
        assert runner.invoke(app, ["sync", str(site), "-q"]).exit_code == 0
        first = site / "episodes/1/fr.md"
        for n in range(2, 7):  # new episodes for the next sync to draft, slowly
            path = site / f"episodes/{n}/en.md"
            path.parent.mkdir()
            path.write_text(episode(n, title=f"Keepers {n}", body=BODY.replace("{n}", str(n))),
                            "utf-8")
        server.script.latency = 0.05
        child = _sync(site)
        _wait_for(lambda: len(server.script.requests) > 2)
        approved = runner.invoke(app, ["approve", str(first), "--force"])
        assert approved.exit_code == 0, approved.stderr
        assert child.poll() is None, "the sync ended before the approve: the test proves nothing"
        assert child.wait(timeout=60) == 0
    records = read_lock(site / "translate-kit.lock")
    assert records["episodes/1/fr.md"].status == "current"
    assert records["episodes/1/fr.md"].variant_digest == file_digest(first.read_bytes())
    assert sorted(p for p, r in records.items() if r.status == "draft") == [
        f"episodes/{n}/fr.md" for n in range(2, 7)]
