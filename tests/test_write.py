"""Writing is atomic: an interruption at any moment leaves a page as it was or complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import episode, make_site
from mt_server import MTServer

from translate_kit.commands.draft import DraftOptions, draft
from translate_kit.page import parse_page
from translate_kit.write import write_text_atomic


def test_unchanged_text_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "page.md"
    assert write_text_atomic(path, "same\r\n")
    stamp = path.stat().st_mtime_ns
    assert not write_text_atomic(path, "same\r\n")
    assert path.stat().st_mtime_ns == stamp
    assert path.read_bytes() == b"same\r\n"


def test_interrupted_replace_keeps_the_old_page(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "page.md"
    path.write_text("old text\n", "utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(path, "new text\n")
    assert path.read_text("utf-8") == "old text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]  # no temporary file left


def test_kill_9_mid_sync_leaves_whole_pages_and_a_rerun_finishes(tmp_path: Path) -> None:
    body = "## Part {n}\n\nFirst paragraph of episode {n}.\n\nSecond paragraph of episode {n}.\n"
    files = {f"episodes/{n}/en.md": episode(n, title=f"Keepers {n}",
                                            body=body.replace("{n}", str(n)))
             for n in range(1, 13)}
    with MTServer() as server:
        server.script.latency = 0.05
        site = make_site(tmp_path, files, languages=("fr",), config={
            "engine": "libre", "engine_options": {"url": server.url}, "workers": 2})
        child = subprocess.Popen([sys.executable, "-m", "translate_kit", "sync", str(site), "-q"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while len(server.script.requests) < 25 and time.monotonic() < deadline:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
        asked_first = len(server.script.requests)
        for page in site.glob("episodes/*/fr.md"):  # whatever exists is complete
            data = parse_page(page.read_text("utf-8")).data()
            assert data["translation_status"] == "machine-draft"
            ending = f"SECOND PARAGRAPH OF EPISODE {data['number']}. [fr]\n"
            assert page.read_text("utf-8").endswith(ending)
        assert not list(site.rglob(".*.tmp"))
        report = draft(site, DraftOptions(), sync=True)
        assert report.ok
        assert len(list(site.glob("episodes/*/fr.md"))) == 12
        assert child.returncode == -signal.SIGKILL  # killed mid-run, not finished
        total = 12 * 5  # segments per page sent to the engine
        assert len(server.script.requests) < asked_first + total  # the cache paid off
    lock = (site / "translate-kit.lock").read_text("utf-8")
    assert lock.count('"status":"draft"') == 12


def test_new_files_get_ordinary_permissions(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    write_text_atomic(path, "text\n")
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask
    path.chmod(0o640)
    write_text_atomic(path, "changed\n")
    assert path.stat().st_mode & 0o777 == 0o640  # an existing file keeps its mode
